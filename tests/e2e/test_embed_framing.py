"""Embeds in another site's page: framed from another origin, sized by postMessage; the site itself refuses to be framed."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.web.views import PANELS

from .conftest import free_port
from .helpers import wait_until

# The host page a blogger would write: our snippet and the one-line script from README.
HOST_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>A blog post</title></head>
<body>
<h1>A post about 1x1 convolutions</h1>
<iframe id="embed" src="{app}/embed/mixer?h=2&w=2&cin=2&cout=1" width="720" height="200" title="embed" style="border:0"></iframe>
<iframe id="site" src="{app}/" width="720" height="200" title="site"></iframe>
{host_script}
</body></html>"""

README = Path(__file__).resolve().parents[2] / "docs" / "using.md"


def readme_host_script(origin: str) -> str:
    """The one-line host script exactly as docs/using.md documents it, for our server's origin."""
    line = next(line for line in README.read_text().splitlines() if line.startswith("<script>addEventListener"))
    return line.replace("https://onebyone.example.org", origin)


@pytest.fixture(scope="module")
def host_url(server_url):
    """Another origin (another port on 127.0.0.1) serving the host page."""
    body = HOST_PAGE.format(app=server_url, host_script=readme_host_script(server_url)).encode()

    class Host(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Host)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def only_from(page, *origins: str) -> list[str]:
    """Refuse the page any request to a host but ``origins``; the list the refused URLs go to."""
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(tuple(origin + "/" for origin in origins)):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return outside


@pytest.fixture
def host_page(page, server_url, host_url):
    """The host page, failing on requests to any host but the two local origins."""
    outside, console = only_from(page, server_url, host_url), []
    page.on("console", lambda m: console.append(m.text))
    page.goto(f"{host_url}/")
    yield page, console
    assert not outside, f"requests to other hosts: {outside}"


def embed_frame(page):
    return next(f for f in page.frames if "/embed/" in f.url)


def test_another_site_frames_an_embed_and_its_iframe_fits_the_panel(host_page):
    page, _ = host_page
    wait_until(page, "() => Number(document.getElementById('embed').height) > 200")
    frame = embed_frame(page)
    assert frame.locator('[data-testid="mixer"]').is_visible()
    wait_until(frame, "() => !!document.querySelector('[data-testid=y-0-0-0]')")  # the first answer, drawn
    assert frame.locator('[data-testid="y-0-0-0"]').count() == 1
    content = frame.evaluate("Math.ceil(document.querySelector('[data-testid=embed-root]').getBoundingClientRect().height)")
    wait_until(page, "h => Number(document.getElementById('embed').height) === h", content)
    # No site chrome inside the frame, and the way back to the full view keeps the example.
    assert frame.locator(".site-header").count() == 0
    assert frame.locator('[data-testid="open-full"]').get_attribute("href").endswith("/?h=2&w=2&cin=2&cout=1")


def test_the_host_iframe_follows_a_shape_change(host_page, server_url):
    page, _ = host_page
    wait_until(page, "() => Number(document.getElementById('embed').height) > 200")
    small = int(page.evaluate("document.getElementById('embed').height"))
    page.evaluate("url => { document.getElementById('embed').src = url; }", f"{server_url}/embed/mixer?h=6&w=6&cin=4&cout=3")
    wait_until(page, "h => Number(document.getElementById('embed').height) > h + 150", small)
    frame = embed_frame(page)
    frame.wait_for_url(re.compile(r"h=6"))
    frame.wait_for_load_state("load")
    wait_until(frame, "() => !!document.querySelector('[data-testid=y-5-5-2]')")
    content = frame.evaluate("Math.ceil(document.querySelector('[data-testid=embed-root]').getBoundingClientRect().height)")
    wait_until(page, "h => Number(document.getElementById('embed').height) === h", content)


def test_another_site_cannot_frame_the_main_page(host_page, server_url):
    page, console = host_page
    wait_until(page, "() => Number(document.getElementById('embed').height) > 200")
    site = next(f for f in page.frames if f.url.rstrip("/") in (server_url, "chrome-error://chromewebdata") and f != page.main_frame and "/embed/" not in f.url)
    # The browser replaces a refused frame with an error page: none of our page is in it.
    wait_until(page, "() => true")
    assert site.locator('[data-testid="mixer"]').count() == 0
    assert any("frame-ancestors 'none'" in text for text in console), console


@pytest.mark.parametrize("panel", sorted(PANELS))
def test_every_embed_draws_clean_and_dark_with_no_outside_request(app_page, server_url, panel):
    page = app_page
    page.goto(f"{server_url}/embed/{panel}?theme=dark")
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(29, 28, 38)"  # the dark paper
    assert page.locator("header, footer, [data-testid=controls]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


PAGES = ["/", "/lab", "/cost", "/guide", "/guide/1", "/guide/5", "/guide/6", "/?present=1&chapter=2", "/embed/mixer", "/embed/fc", "/embed/lab", "/embed/cost"]


def test_no_page_asks_any_other_host_for_anything(app_page, server_url):
    page = app_page
    seen = []
    listen = lambda r: seen.append(r.url)  # noqa: E731
    page.on("request", listen)
    for path in PAGES:
        page.goto(f"{server_url}{path}")
        page.wait_for_load_state("networkidle")
    page.remove_listener("request", listen)
    assert seen and all(url.startswith(server_url + "/") for url in seen), [u for u in seen if not u.startswith(server_url)]


# A blog post's 700px column on another origin, with the iframe that /oembed gives for a link to the
# panel, with or without the host page's script (WordPress.com, Substack and Medium strip scripts).
COLUMN_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>A blog post</title>
<style>body {{ margin: 0; }} .column {{ width: 700px; margin: 0 auto; }}</style></head>
<body><div class="column"><h1>A post about 1x1 convolutions</h1><p>Some words first.</p>
{iframe}
<p>Some words after.</p></div>
{host_script}
</body></html>"""


@pytest.fixture(scope="module")
def column_host(server_url):
    """Another origin whose pages the test writes: path -> HTML."""
    pages: dict[str, bytes] = {}

    class Host(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Host)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", pages
    server.shutdown()


@pytest.mark.parametrize("script", [False, True], ids=["no-host-script", "host-script"])
@pytest.mark.parametrize("panel", sorted(PANELS))
def test_an_embed_in_a_700px_blog_column_shows_whole_with_or_without_the_host_script(page, server_url, column_host, panel, script):
    host_url, pages = column_host
    outside = only_from(page, server_url, host_url)
    page.set_viewport_size({"width": 1000, "height": 900})
    iframe = page.request.get(f"{server_url}/oembed", params={"url": f"{server_url}/embed/{panel}", "maxwidth": "700"}).json()["html"]
    declared = int(re.search(r'height="(\d+)"', iframe).group(1))
    pages[f"/{panel}/{script}"] = COLUMN_PAGE.format(iframe=iframe, host_script=readme_host_script(server_url) if script else "").encode()
    page.goto(f"{host_url}/{panel}/{script}")
    wait_until(page, "() => !!document.querySelector('iframe').contentWindow")
    frame = page.frame_locator("iframe")
    frame.locator('[data-testid="embed-root"]').wait_for()
    frame = next(f for f in page.frames if f"/embed/{panel}" in f.url)
    wait_until(frame, "() => Number(document.body.dataset.rendered || 0) > 0")
    content = frame.evaluate("Math.ceil(document.querySelector('[data-testid=embed-root]').getBoundingClientRect().height)")
    if script:
        # The host follows the embed's height as soon as it loads, with no scrolling to it.
        wait_until(page, "h => Number(document.querySelector('iframe').height) === h", content)
    else:
        assert declared >= content, f"the iframe is {declared}px tall for {content}px of panel"
        assert declared <= content + 120, f"the iframe leaves {declared - content}px empty"
    shown = frame.evaluate("""() => ({
      scrolls: document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1,
      width: innerWidth,
      hidden: [...document.querySelectorAll('.table-scroll')]
        .filter((s) => s.checkVisibility() && s.scrollWidth > s.clientWidth + 1)
        .map((s) => s.dataset.testid || s.firstElementChild?.dataset.testid),
    })""")
    assert shown["width"] == 700
    assert not shown["scrolls"], "the panel scrolls inside its iframe"
    assert shown["hidden"] == [], f"tables wider than the column: {shown['hidden']}"
    assert not outside, f"requests to other hosts: {outside}"
