"""Crafted links over HTTP: every payload of ``tests/hostile.py`` in every URL field of
every page, embed, API endpoint and oEmbed's ``url``.

What they prove: never a 5xx; a page is the same inert shell whatever its query says
(no payload as markup, no handler attribute, no inline script but JSON data, no
script from elsewhere, no ``javascript:`` link); the API refuses with JSON naming
the field; oEmbed answers an error or an iframe of our own embed, nothing more.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import anyio
import httpx
import pytest

from app.web import pages
from app.web.guide import CHAPTERS, chapter_href
from app.web.views import PANELS
from tests.hostile import (
    API,
    CHAPTER_PAGES,
    EXECUTABLE_FRAGMENTS,
    GUIDE_SHORT_LINKS,
    NAMED_PAYLOADS,
    PAGES,
    PAYLOAD_IDS,
    PAYLOADS,
    STATE_FIELDS,
    VIEW_FIELDS,
)

PAGE_OK = (200, 422, 414)  # 414: the address is over the limit (app/delivery/limits.py)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background")
OUR_HOST = "testserver"


class Markup(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script, self._text = dict(attrs), []

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)


def parse(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def is_ours(url: str) -> bool:
    """A path on this site (not ``//elsewhere``), or an absolute http(s) URL on our host."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url.startswith("/") and not url.startswith(("//", "/\\"))
    return parts.scheme in ("http", "https") and parts.netloc == OUR_HOST


def assert_inert(html: str, payloads: list[str]) -> None:
    """No payload became markup: no on* attribute, no script URL, no inline code, no foreign script."""
    markup = parse(html)
    for tag, attrs in markup.tags:
        assert tag not in ("base", "object", "embed", "frame"), (tag, attrs)
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, (tag, attrs)
        for name in URL_ATTRIBUTES:
            value = "".join((attrs.get(name) or "").split()).lower()  # browsers ignore blanks in a scheme
            assert not value.startswith(("javascript:", "vbscript:", "data:text")), (tag, name, attrs[name])
        if tag == "meta":
            assert (attrs.get("http-equiv") or "").lower() != "refresh", attrs
    for attrs, text in markup.scripts:
        if attrs.get("src") is not None:
            assert is_ours(attrs["src"]) and not text.strip(), (attrs, text[:80])
        else:  # the boot data: inert JSON, never code
            assert attrs.get("type") == "application/json", attrs
            json.loads(text)
    for payload in payloads:
        if any(ch in payload for ch in "<>\"'"):
            assert payload not in html, payload[:60]
    for fragment in EXECUTABLE_FRAGMENTS:
        assert fragment not in html, fragment


def fetch_all(client, urls: list[str], method: str = "GET") -> list[httpx.Response]:
    """Send each address to the app as a raw HTTP client would: the path as given, the query's bytes
    unchanged (control characters, raw UTF-8, any length), all on one event loop (a few times faster
    than the test client, which also refuses addresses past 64 KiB and control characters)."""

    async def one(url: str) -> httpx.Response:
        path, _, query = url.partition("?")
        messages: list[dict] = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            messages.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "server": (OUR_HOST, 80),
            "client": ("127.0.0.1", 50000),
            "root_path": "",
            "path": unquote(path),
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "headers": [(b"host", OUR_HOST.encode())],
        }
        await client.app(scope, receive, send)
        start = next(m for m in messages if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        return httpx.Response(start["status"], headers=start["headers"], content=body)

    async def run() -> list[httpx.Response]:
        return [await one(url) for url in urls]

    return anyio.run(run)


def with_query(path: str, query: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{query}"


# Two places a query reaches the HTML: the oEmbed discovery link carries the page's own address,
# percent-encoded, and the first answer (a state the view accepted) its canonical query and JSON, and
# so does the mixer's layout for that state's shape.
OEMBED_LINK = re.compile(r'(<link rel="alternate" type="application/json\+oembed" href=")([^"]*)(")')
ENCODED_URL = re.compile(r"[A-Za-z0-9%._~/?=&;:,-]*")
FIRST_ANSWER = re.compile(r'\n  <script type="application/json" id="answer(?:-layout)?" data-query="([^"]*)">([^<]*)</script>')
CANONICAL_QUERY = re.compile(r"[A-Za-z0-9_=&;.,:-]*")  # "&" as &amp;; a list's numbers; a cost chain's layers


def without_oembed_link(html: str) -> str:
    """The page with its oEmbed link's address blanked and its first answer taken out, once the address
    is seen to be only encoded URL characters, and the answer a canonical query and JSON with no markup."""
    for _, href, _ in OEMBED_LINK.findall(html):
        assert ENCODED_URL.fullmatch(href), href[:200]
    for query, body in FIRST_ANSWER.findall(html):
        assert CANONICAL_QUERY.fullmatch(query), query[:200]
        json.loads(body)
    return FIRST_ANSWER.sub("", OEMBED_LINK.sub(r"\1\3", html))


@cache
def harmless(client, path: str) -> str:
    """The page with a harmless query, checked inert element by element, with its oEmbed address blanked."""
    (response,) = fetch_all(client, [with_query(path, "unused=1")])
    assert response.status_code == 200
    assert_inert(response.text, [])
    return without_oembed_link(response.text)


def assert_same_shell(client, path: str, response: httpx.Response, payload: str, name: str) -> None:
    """A hostile page answers 200 with exactly the harmless page (but for the encoded oEmbed address),
    or 414/422 as JSON; either way no payload markup in the body."""
    assert response.status_code in PAGE_OK, (name, response.status_code)
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/json", name
        return
    assert response.headers["content-type"].startswith("text/html"), name
    body = response.text
    if any(ch in payload for ch in "<>\"'"):
        assert payload not in body, name
    assert not [fragment for fragment in EXECUTABLE_FRAGMENTS if fragment in body], name
    assert without_oembed_link(body) == harmless(client, path), name


def encoded(payload: str) -> str:
    """The payload as a browser sends a typed value: every special character percent-encoded."""
    return quote(payload, safe="")


def raw(payload: str) -> str:
    """The payload as raw bytes in the query (a crafted request need not encode ``<`` or quotes),
    only what would end the value (``&``, ``#``) or change its meaning (``%``, ``+``, space) encoded."""
    return payload.replace("%", "%25").replace("&", "%26").replace("#", "%23").replace("+", "%2B").replace(" ", "+")


ALL_PAGES = {**PAGES, **CHAPTER_PAGES}
PAGE_CASES = [(path, field) for path, fields in ALL_PAGES.items() for field in fields]


def test_every_page_route_is_attacked():
    """A new page route in app/web/pages.py fails here until tests/hostile.py gives it its fields."""
    attacked = {path.split("?")[0] for path in ALL_PAGES}
    for route in pages.router.routes:
        if route.path == "/embed/{panel}":
            assert {f"/embed/{key}" for key in PANELS} <= attacked
        elif route.path == "/guide/{number}":
            assert len(GUIDE_SHORT_LINKS) > 1
        else:
            assert route.path in attacked, route.path
    assert {"chapter", "present", "theme", "step"} <= set(VIEW_FIELDS)


@pytest.mark.parametrize(("path", "field"), PAGE_CASES, ids=[f"{p} {f}" for p, f in PAGE_CASES])
def test_a_page_is_the_same_inert_shell_whatever_a_field_says(client, path, field):
    """Each payload in one field, percent-encoded and as raw bytes: the harmless page unchanged (or 414 past the address limit)."""
    cases = [(name, payload, form(payload)) for name, payload in NAMED_PAYLOADS for form in (encoded, raw)]
    responses = fetch_all(client, [with_query(path, f"{field}={value}") for _, _, value in cases])
    for (name, payload, _), response in zip(cases, responses, strict=True):
        assert_same_shell(client, path, response, payload, name)


@pytest.mark.parametrize("path", list(ALL_PAGES))
def test_every_field_at_once_raw_bytes_and_payloads_as_names_are_inert(client, path):
    """All fields hostile at once (the form a real attack link takes), the payload as raw bytes in the query,
    and as a query name: the harmless page unchanged, and inert when parsed element by element."""
    urls, cases = [], []
    for name, payload in NAMED_PAYLOADS:
        value = encoded(payload)
        everywhere = "&".join(f"{field}={value}" for field in ALL_PAGES[path])
        for query in (everywhere, everywhere.replace(value, raw(payload)), f"{value}=1", f"{raw(payload)}=1"):
            urls.append(with_query(path, query))
            cases.append((name, payload))
    for (name, payload), response in zip(cases, fetch_all(client, urls), strict=True):
        assert_same_shell(client, path, response, payload, name)
        if response.status_code == 200:
            assert_inert(response.text, [payload])


@pytest.mark.parametrize("link", GUIDE_SHORT_LINKS)
def test_a_chapter_short_link_redirects_to_our_own_page_only(client, link):
    """/guide/n with hostile fields: a 307 to exactly the chapter's own page, none of the payload carried over."""
    chapter = CHAPTERS[int(link.rsplit("/", 1)[1]) - 1]
    urls = [f"{link}?" + "&".join(f"{field}={quote(payload, safe='')}" for field in VIEW_FIELDS) for payload in PAYLOADS]
    for name, response in zip(PAYLOAD_IDS, fetch_all(client, urls), strict=True):
        assert response.status_code in (307, 414), (name, response.status_code)
        if response.status_code == 307:
            assert response.headers["location"] == chapter_href("", chapter), (name, response.headers["location"])


@pytest.mark.parametrize("prefix", ["/embed/", "/guide/"])
def test_a_payload_in_the_path_is_refused_as_json(client, prefix):
    """/embed/<payload> and /guide/<payload>: 404 or 422 (414 if too long), as JSON, never as a page."""
    urls = [prefix + quote(payload, safe="") for payload in PAYLOADS]
    for name, response in zip(PAYLOAD_IDS, fetch_all(client, urls), strict=True):
        assert response.status_code in (404, 414, 422), (name, response.status_code)
        assert response.headers["content-type"] == "application/json", name


API_CASES = [(api, field) for view, apis in API.items() for api in apis for field in STATE_FIELDS[view]]


@pytest.mark.parametrize(("api", "field"), API_CASES, ids=[f"{a} {f}" for a, f in API_CASES])
def test_the_api_refuses_every_payload_as_json_naming_the_field(client, api, field):
    """422 with ``detail[0]`` naming the field (414 past the address limit), always application/json."""
    urls = [f"{api}?{field}={quote(payload, safe='')}" for payload in PAYLOADS]
    for name, response in zip(PAYLOAD_IDS, fetch_all(client, urls), strict=True):
        assert response.status_code in (414, 422), (name, response.status_code, response.text[:200])
        assert response.headers["content-type"] == "application/json", name
        first = response.json()["detail"][0]
        if response.status_code == 422:
            assert first["field"] == field and first["loc"] == ["query", field], (name, first)
        else:
            assert first["field"] == "request.url", (name, first)


def oembed_links(payload: str) -> list[str]:
    """The payload as oEmbed's url: bare, as a path, raw in a query, and in every field of every embeddable page."""
    value = quote(payload, safe="")
    links = [payload, f"http://{OUR_HOST}/embed/{value}", f"http://{OUR_HOST}/?theme={payload}", f"https://{OUR_HOST}/lab?x={payload}"]
    for path, fields in PAGES.items():
        if path != "/guide":
            links += [f"http://{OUR_HOST}{path}?{field}={value}" for field in fields]
    return links


IFRAME_ATTRIBUTES = {"src", "title", "width", "height", "loading", "style"}


def assert_inert_snippet(snippet: str, payload: str) -> None:
    """The oEmbed html: exactly one iframe, our attributes only, its src an embed on our host."""
    markup = parse(snippet)
    assert [tag for tag, _ in markup.tags] == ["iframe"], snippet[:200]
    attrs = markup.tags[0][1]
    assert set(attrs) == IFRAME_ATTRIBUTES, attrs
    assert attrs["width"].isdigit() and attrs["height"].isdigit() and attrs["loading"] == "lazy", attrs
    assert attrs["style"] == "border:0;max-width:100%", attrs
    src = urlsplit(attrs["src"])
    assert src.scheme in ("http", "https") and src.netloc == OUR_HOST, attrs["src"]
    panel = PANELS[src.path.removeprefix("/embed/")]
    assert attrs["title"] == panel.title()
    assert {key for key, _ in parse_qsl(src.query)} <= set(STATE_FIELDS[panel.view]) | {"theme"}, src.query
    if any(ch in payload for ch in "<>\"'"):
        assert payload not in snippet
    assert snippet.count("<") == 2 and snippet.endswith("></iframe>"), snippet


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_oembed_answers_an_error_or_an_inert_iframe_of_our_own_embed(client, payload):
    """Every link form: 200 with a clean iframe, or 404/422 naming url (414 past the limit), as JSON."""
    links = oembed_links(payload)
    for link, response in zip(links, fetch_all(client, ["/oembed?" + urlencode({"url": link, "format": "json"}) for link in links]), strict=True):
        assert response.status_code in (200, 404, 414, 422), (link[:80], response.status_code)
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        if response.status_code == 200:
            assert_inert_snippet(body["html"], payload)
        elif response.status_code != 414:
            assert body["detail"][0]["field"] == "url", body


@pytest.mark.parametrize("parameter", ["format", "maxwidth", "maxheight"])
def test_oembed_refuses_a_payload_in_its_other_parameters_as_json(client, parameter):
    """format, maxwidth and maxheight: 422 or 501 naming the parameter, never echoed as HTML."""
    urls = ["/oembed?" + urlencode({"url": f"http://{OUR_HOST}/", parameter: payload}) for payload in PAYLOADS]
    for name, response in zip(PAYLOAD_IDS, fetch_all(client, urls), strict=True):
        assert response.status_code in (414, 422, 501), (name, response.status_code)
        assert response.headers["content-type"] == "application/json"
        if response.status_code != 414:
            assert response.json()["detail"][0]["field"] == parameter, name
