"""Embeds, oEmbed and the framing policy, over HTTP with the real app."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.delivery.security import is_embed
from app.main import create_app
from app.settings import Settings
from app.web.views import PANELS, VIEWS

BASE = "http://testserver"


def boot_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="boot">(.*?)</script>', page, re.S).group(1))


def oembed(client, url: str, **params) -> dict:
    r = client.get("/oembed", params={"url": url, "format": "json", **params})
    assert r.status_code == 200, r.text
    return r.json()


# Panel -> the sections its embed shows (and, by omission, hides).
EMBED_SECTIONS = {
    "mixer": {"mixer"},
    "fc": {"fc-twin"},
    "volume": {"mixer"},
    "lab": {"lab-slide"},
    "cost": {"results", "timing", "sweep", "head"},
    "train": {"train-models", "model-conv", "model-tied", "model-untied"},
    "table": {"table-panel"},
    "digits": {"digits-panel"},
}
FULL_PAGES = {
    "/": {"controls", "mixer", "fc-twin", "batch", "code"},
    "/lab": {"controls", "lab-fc", "lab-kernels", "lab-slide", "lab-linear", "lab-real"},
    "/cost": {"controls", "path-a", "path-b", "results", "timing", "sweep", "head", "inception"},
    "/train": {"controls", "train-models", "model-conv", "model-tied", "model-untied"},
    "/table": {"controls", "table-panel", "table-explain"},
    "/digits": {"controls", "digits-panel", "digits-explain"},
}


@pytest.mark.parametrize("panel", sorted(PANELS))
def test_an_embed_shows_its_panel_alone_with_no_site_chrome(client, panel):
    page = client.get(f"/embed/{panel}").text
    sections = set(re.findall(r'<section[^>]*data-testid="([a-z-]+)"', page))
    assert sections == EMBED_SECTIONS[panel]
    assert 'class="site-header"' not in page and 'class="site-footer"' not in page and "share-dialog" not in page
    assert 'data-testid="open-full"' in page and 'target="_blank" rel="noopener"' in page
    assert boot_of(page)["panel"] == panel
    assert sections < FULL_PAGES[VIEWS[PANELS[panel].view].path]


def test_the_volume_embed_draws_the_mixer_as_volumes_and_the_mixer_embed_as_the_readers_link_asks(client):
    def shown(page: str, testid: str) -> bool:
        tag = re.search(rf'<div[^>]*data-testid="{testid}"[^>]*>', page).group(0)
        return " hidden" not in tag

    volume = client.get("/embed/volume").text
    assert shown(volume, "volume") and not shown(volume, "stage") and 'data-testid="look-toggle"' not in volume
    mixer = client.get("/embed/mixer").text
    assert shown(mixer, "stage") and not shown(mixer, "volume")
    page = client.get("/?look=volume").text
    assert shown(page, "volume") and not shown(page, "stage") and 'value="volume" data-testid="look-volume" checked' in page
    assert shown(client.get("/?look=%3Cb%3E").text, "stage")  # anything else: the grids


def test_the_fc_embed_has_no_w_to_hover_and_its_hint_does_not_ask_for_it(client):
    def hint(page: str) -> str:
        return html.unescape(re.search(r'data-testid="fc-hint">(.*?)</p>', page).group(1))

    assert "Hover a weight in W" in hint(client.get("/").text)
    alone = hint(client.get("/embed/fc").text)
    assert " W " not in alone and "Hover the matrix to read an entry" in alone and "Tap the matrix" in alone


def test_the_full_pages_keep_every_section_and_the_site_chrome(client):
    for path, expected in FULL_PAGES.items():
        page = client.get(path).text
        assert set(re.findall(r'<section[^>]*data-testid="([a-z-]+)"', page)) == expected
        assert 'class="site-header"' in page and 'data-testid="share-open"' in page and 'data-testid="keys-dialog"' in page


def test_the_theme_comes_from_the_url_and_anything_else_is_light(client):
    assert 'data-theme="dark"' in client.get("/embed/fc?theme=dark").text
    assert 'data-theme="light"' in client.get("/embed/fc?theme=%3Cscript%3E").text
    assert 'data-theme="light"' in client.get("/").text


def test_an_unknown_panel_is_a_404_naming_the_panels(client):
    r = client.get("/embed/everything")
    assert r.status_code == 404 and ", ".join(PANELS) in r.json()["detail"]


def test_only_embeds_may_be_framed_and_by_anyone_by_default(client):
    embed = client.get("/embed/mixer").headers
    assert embed["content-security-policy"].endswith("frame-ancestors *")
    assert "x-frame-options" not in embed
    assert "unsafe-" not in embed["content-security-policy"] and embed["x-content-type-options"] == "nosniff"
    for path in ["/", "/lab", "/cost", "/guide", "/oembed?url=x", "/api/mixer", "/static/js/embed.js"]:
        headers = client.get(path).headers
        assert headers["content-security-policy"].endswith("frame-ancestors 'none'"), path
        assert headers["x-frame-options"] == "DENY", path


def test_an_allow_list_limits_who_may_frame_embeds_and_keeps_the_sites_own_preview():
    settings = Settings(frame_ancestors="https://blog.example.org  https://*.example.com")
    with TestClient(create_app(settings)) as client:
        csp = client.get("/embed/lab").headers["content-security-policy"]
        assert csp.endswith("frame-ancestors 'self' https://blog.example.org https://*.example.com")
        assert client.get("/lab").headers["content-security-policy"].endswith("frame-ancestors 'none'")


@pytest.mark.parametrize("value", ["", "javascript:alert(1)", "https://a.example.org;script-src *", "blog.example.org", "https://exa mple.org/path"])
def test_a_malformed_allow_list_is_refused_at_start_naming_the_setting(value):
    with pytest.raises(ValidationError) as error:
        Settings(frame_ancestors=value)
    assert "frame_ancestors" in str(error.value)


def test_embed_detection_ignores_the_proxys_root_path():
    assert is_embed({"path": "/onebyone/embed/mixer", "root_path": "/onebyone"})
    assert is_embed({"path": "/embed/mixer", "root_path": "/onebyone"})
    assert not is_embed({"path": "/onebyone/lab", "root_path": "/onebyone"})
    assert not is_embed({"path": "/embedded", "root_path": ""})


def test_oembed_answers_a_rich_iframe_of_the_links_example(client):
    answer = oembed(client, f"{BASE}/?h=2&w=2&cin=2&cout=1&weight=2,-1&order=chw&chapter=1&present=1&junk=1")
    assert answer["version"] == "1.0" and answer["type"] == "rich" and answer["provider_name"] == "One by One"
    assert answer["title"] == "One by One: Channel mixer" and answer["provider_url"] == f"{BASE}/"
    assert isinstance(answer["width"], int) and isinstance(answer["height"], int) and answer["width"] <= 720
    src = html.unescape(re.search(r'<iframe src="([^"]+)"', answer["html"]).group(1))
    link = urlsplit(src)
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{BASE}/embed/mixer"
    # The state carries over; page-only fields (guided path, presentation) and unknown ones do not.
    assert parse_qs(link.query) == {"h": ["2"], "w": ["2"], "cin": ["2"], "cout": ["1"], "weight": ["2,-1"], "order": ["chw"]}
    assert 'title="One by One: Channel mixer"' in answer["html"] and 'loading="lazy"' in answer["html"]


@pytest.mark.parametrize(
    ("path", "panel"),
    [("/lab?stride=2&bh=7&bw=7", "lab"), ("/cost?a=conv3:256", "cost"), ("/embed/fc?theme=dark", "fc"), ("/embed/cost", "cost"), ("", "mixer")],
)
def test_oembed_maps_each_page_to_its_panel(client, path, panel):
    answer = oembed(client, f"{BASE}{path}")
    assert f"/embed/{panel}" in answer["html"] and answer["height"] == PANELS[panel].height
    if "theme=dark" in path:
        assert "theme=dark" in answer["html"]


def test_oembed_honours_the_consumers_largest_size(client):
    answer = oembed(client, f"{BASE}/lab", maxwidth=400, maxheight=300)
    assert (answer["width"], answer["height"]) == (400, 300)
    assert 'width="400" height="300"' in answer["html"]


@pytest.mark.parametrize(
    ("params", "status", "field", "words"),
    [
        ({"url": "https://evil.example.org/?h=2"}, 404, "url", "a link to a page of this site"),
        ({"url": "javascript:alert(1)//testserver/"}, 404, "url", "a link to a page of this site"),
        ({"url": f"{BASE}/docs"}, 404, "url", "a link to a view"),
        ({"url": f"{BASE}/embed/nothing"}, 404, "url", "a link to a view"),
        ({"url": f"{BASE}/?h=99"}, 422, "url", "h must be an integer from 1 to 8"),
        ({"url": f"{BASE}/cost?a=conv3:0"}, 422, "url", "a"),
        ({"url": f"{BASE}/", "format": "xml"}, 501, "format", "format must be json"),
    ],
)
def test_oembed_refuses_what_it_cannot_embed_with_a_clear_error(client, params, status, field, words):
    r = client.get("/oembed", params=params)
    assert r.status_code == status
    problem = r.json()["detail"][0]
    assert problem["loc"] == ["query", field] and words in problem["msg"]


def test_oembed_bad_sizes_and_missing_url_are_422s_naming_the_parameter(client):
    for params, name in [({"url": f"{BASE}/", "maxwidth": "0"}, "maxwidth"), ({"url": f"{BASE}/", "maxheight": "big"}, "maxheight"), ({}, "url")]:
        r = client.get("/oembed", params=params)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", name]


def test_oembed_never_lets_link_text_into_the_html_unescaped(client):
    hostile = f'{BASE}/?"><script>alert(1)</script>=1&seed=2'
    answer = oembed(client, hostile)
    assert "<script" not in answer["html"] and "alert" not in answer["html"]
    assert answer["html"].count("<iframe") == 1


def test_every_page_has_an_oembed_discovery_link_that_answers(client):
    for path in ["/", "/lab?k=2", "/cost", "/embed/fc", "/?chapter=1&h=2"]:
        page = client.get(path).text
        href = html.unescape(re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page).group(1))
        assert href.startswith("/oembed?url=" + quote(BASE, safe=""))
        answer = client.get(href).json()
        assert answer["type"] == "rich" and "<iframe" in answer["html"]


# Found by fuzzing (schemathesis): a link within `url`'s documented 4,096 characters is ~49 KB once
# percent-encoded; the request limits refuse it with a 414 the schema did not list.
def test_a_link_too_long_once_encoded_is_a_documented_414_naming_the_address(client):
    r = client.get("/oembed", params={"url": f"{BASE}/?x=" + "\U0001f600" * 4000})
    assert r.status_code == 414
    assert r.json()["detail"][0]["field"] == "request.url"
    assert "414" in client.get("/openapi.json").json()["paths"]["/oembed"]["get"]["responses"]


# Found by fuzzing (schemathesis): a link giving a field twice embedded its last value while the
# page shows its first; it is now refused like the API refuses it.
@pytest.mark.parametrize("link", [f"{BASE}/?h=2&h=3", f"{BASE}/lab?k=2&k=3", f"{BASE}/cost?a=gap&a=conv1:8", f"{BASE}/embed/fc?seed=1&seed=2"])
def test_oembed_refuses_a_link_that_gives_a_field_twice(client, link):
    r = client.get("/oembed", params={"url": link})
    assert r.status_code == 422
    problem = r.json()["detail"][0]
    assert problem["field"] == "url" and "must be given once" in problem["msg"]
