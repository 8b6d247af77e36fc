"""Crafted links: every payload in every state field of every page, embed and API
endpoint, and in oEmbed's url. Never a 5xx, never the payload as markup."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest

from tests.hostile import API, EMBEDS, FIELDS, MARKUP, PAYLOADS

PAGES = {**{path: fields for path, fields in FIELDS.items()}, **{embed: FIELDS[view] for embed, view in EMBEDS.items()}}
PAGE_CASES = [(path, field) for path, fields in PAGES.items() for field in fields]


class Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def assert_inert(html: str) -> None:
    """No payload as markup: no event-handler attribute, no inline script that is not JSON data,
    no javascript: link, no script from elsewhere."""
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:text")), (tag, attrs)
        if tag == "script":
            assert attrs.get("type") == "application/json" or attrs.get("src", "").startswith("/"), attrs
    for payload in MARKUP:
        assert payload not in html


@pytest.mark.parametrize(("path", "field"), PAGE_CASES, ids=[f"{p} {f}" for p, f in PAGE_CASES])
def test_pages_never_echo_a_payload_as_markup(client, path, field):
    for payload in PAYLOADS:
        response = client.get(f"{path}?{field}={quote(payload, safe='')}")
        assert response.status_code in (200, 414), (payload[:40], response.status_code)
        if response.status_code == 200:
            assert response.headers["content-type"].startswith("text/html")
            assert_inert(response.text)


API_CASES = [(api, field) for view, api in API.items() for field in FIELDS[view] if field not in ("step", "chapter", "present", "theme", "lang")]


@pytest.mark.parametrize(("api", "field"), API_CASES, ids=[f"{a} {f}" for a, f in API_CASES])
def test_the_api_refuses_every_payload_naming_the_field(client, api, field):
    for payload in PAYLOADS:
        response = client.get(f"{api}?{field}={quote(payload, safe='')}")
        assert response.status_code in (414, 422), (payload[:40], response.status_code, response.text[:200])
        assert response.headers["content-type"] == "application/json"
        if response.status_code == 422:
            assert response.json()["detail"][0]["field"] == field


def test_code_endpoint_refuses_them_too(client):
    for payload in PAYLOADS:
        response = client.get(f"/api/code?weight={quote(payload, safe='')}")
        assert response.status_code in (414, 422) and response.headers["content-type"] == "application/json"


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_oembed_url_payloads_give_an_error_or_an_inert_iframe(client, payload):
    for url in (payload, f"http://testserver/?x={quote(payload, safe='')}", f"http://testserver/?theme={payload}", f"http://testserver/embed/{payload}"):
        response = client.get("/oembed", params={"url": url, "format": "json"})
        assert response.status_code in (200, 404, 414, 422), (url[:60], response.status_code)
        assert response.headers["content-type"] == "application/json"
        if response.status_code != 200:
            assert response.json()["detail"][0]["field"] == "url"
            continue
        snippet = response.json()["html"]
        parser = Elements()
        parser.feed(snippet)
        assert [tag for tag, _ in parser.tags] == ["iframe"], snippet[:200]
        attrs = parser.tags[0][1]
        assert set(attrs) <= {"src", "width", "height", "title", "style", "loading", "frameborder", "allow", "referrerpolicy", "sandbox", "class"}, attrs
        src = urlsplit(attrs["src"])
        assert (src.scheme, src.netloc) == ("http", "testserver") and src.path.startswith("/embed/")
        for markup in MARKUP:
            assert markup not in snippet
