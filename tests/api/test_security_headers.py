"""Every response carries the security headers: a strict CSP, nosniff, a strict referrer
policy, and the frame rule of its kind (embeds framable by the configured sites,
everything else by none).

The requests are built from the app's own routes (every method of every route, a
file of every mount), so a new route is covered without editing this file; the
answers the routes do not list (404, 405, 304, 413, 414, 422, 431, 500, HEAD,
compressed) are added by hand.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount

from app.delivery.static_files import static_fingerprint
from app.delivery.vendor import plotly_css_path, plotly_path, plotly_version
from app.main import create_app
from app.settings import Settings

STRICT_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_SCRIPT_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*", "http:", "https:", "data:", "blob:", "filesystem:"}
# Concrete values for path parameters, so every route answers.
PATH_VALUES = {"panel": "mixer", "number": "3", "version": plotly_version()}
STATIC_FILE = "js/urlstate.js"


def flat_routes(routes, prefix: str = "") -> list[tuple[str, object]]:
    """(path prefix, route) pairs, with the routes of included routers (FastAPI wraps them) spelled out."""
    flat = []
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            flat += flat_routes(included.routes, prefix + route.include_context.prefix)
        else:
            flat.append((prefix, route))
    return flat


def route_requests() -> list[tuple[str, str]]:
    """(method, path) for every method of every route of the app, and one real file of every mount."""
    requests = []
    for prefix, route in flat_routes(create_app().routes):
        path = prefix + re.sub(r"\{(\w+)(:\w+)?\}", lambda m: PATH_VALUES[m.group(1)], route.path)
        if isinstance(route, Mount):
            requests.append(("GET", f"{path}/{STATIC_FILE}"))
        else:
            requests += [(method, path) for method in sorted(route.methods)]
    return requests


ROUTES = route_requests()
EXTRA = [
    ("GET", "/embed/fc?theme=dark"),
    ("GET", "/embed/lab"),
    ("GET", "/embed/cost"),
    ("GET", "/embed/no-such-panel"),  # 404 under /embed/: an embed's rule
    ("GET", "/guide/1?present=1"),  # 307
    ("GET", "/guide/99"),  # 404
    ("GET", "/guide/x"),  # 422
    ("GET", "/static/css/app.css"),
    ("GET", "/static/favicon.svg"),
    ("GET", "/static/no-such-file.js"),  # 404 from a mount
    ("GET", f"/static/{static_fingerprint()}/css/app.css"),
    ("GET", "/vendor/plotly-0.0.0.min.js"),  # 404 from the vendor route
    ("GET", "/no-such-page"),  # 404
    ("POST", "/api/mixer"),  # 405
    ("DELETE", "/"),  # 405
    ("OPTIONS", "/oembed"),  # 405
    ("GET", "/api/mixer?h=99"),  # 422
    ("GET", "/api/cost?a=<script>"),  # 422
    ("GET", "/oembed?url=https://elsewhere.example/"),  # 404 for a foreign link
    ("GET", "/oembed?url=http://testserver/&format=xml"),  # 501, the one 5xx on purpose (oEmbed says so)
    ("GET", "/oembed"),  # 422: url missing
    ("HEAD", "/"),
    ("HEAD", "/embed/mixer"),
    ("HEAD", "/healthz"),
    ("GET", "/?x=" + "1" * 40_000),  # 414
    ("GET", "/embed/mixer?x=" + "1" * 40_000),  # 414 for an embed
]
REQUESTS = ROUTES + EXTRA


def policy_of(response) -> dict[str, list[str]]:
    """The one Content-Security-Policy header as directive -> sources, refusing a directive given twice."""
    headers = response.headers.get_list("content-security-policy")
    assert len(headers) == 1, headers
    policy: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in headers[0].split(";"))):
        name, *sources = part.split()
        assert name not in policy, f"{name} given twice (browsers obey the first)"
        policy[name] = sources
    return policy


def assert_security_headers(response, path: str, embed_ancestors: list[str] | None = None) -> None:
    """The headers every response must carry; ``embed_ancestors`` is what an embed's frame-ancestors must be."""
    policy = policy_of(response)
    assert policy["default-src"] == ["'self'"]
    script = policy["script-src"]
    assert script and not UNSAFE_SCRIPT_SOURCES & set(script), script
    assert all(s == "'self'" or s.startswith(("'sha256-", "'sha384-", "'sha512-", "'nonce-")) for s in script), f"a host in script-src: {script}"
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(policy.get("style-src", [])), policy.get("style-src")
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] in (["'self'"], ["'none'"])
    assert response.headers.get_list("x-content-type-options") == ["nosniff"]
    assert response.headers["referrer-policy"] in STRICT_REFERRER
    if path.startswith("/embed/"):
        assert policy["frame-ancestors"] == (embed_ancestors or ["*"]), policy["frame-ancestors"]
        assert "x-frame-options" not in response.headers
    else:
        assert policy["frame-ancestors"] == ["'none'"], policy["frame-ancestors"]
        assert response.headers.get_list("x-frame-options") == ["DENY"]


def test_every_route_is_requested():
    """The enumeration sees the app's routes (FastAPI's wrapping of included routers has changed before)."""
    paths = {path for _, path in ROUTES}
    expected = {"/", "/lab", "/cost", "/guide", "/guide/3", "/embed/mixer", "/healthz", "/api/mixer", "/api/code", "/api/lab", "/api/cost", "/oembed"}
    assert expected | {"/openapi.json", plotly_path(), plotly_css_path(), f"/static/{static_fingerprint()}/{STATIC_FILE}", f"/static/{STATIC_FILE}"} <= paths
    assert ("HEAD", "/") in ROUTES


@pytest.mark.parametrize(("method", "path"), REQUESTS, ids=[f"{m} {p[:60]}" for m, p in REQUESTS])
def test_every_response_carries_the_security_headers(client, method, path):
    """Each route, each error and each special answer: CSP, nosniff, referrer policy, the frame rule of its kind."""
    response = client.request(method, path, follow_redirects=False)
    assert response.status_code < 500 or (response.status_code == 501 and path.startswith("/oembed")), response.text[:200]
    assert_security_headers(response, path)


NOT_MODIFIED = ["/api/mixer", "/api/code", "/api/lab", "/api/cost", "/static/css/app.css", f"/static/{static_fingerprint()}/css/app.css"]


@pytest.mark.parametrize("path", NOT_MODIFIED)
def test_a_not_modified_answer_carries_them_too(client, path):
    """304 answers to If-None-Match (API and static files) are built apart from the 200: they carry the headers too."""
    etag = client.get(path).headers["etag"]
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert_security_headers(response, path)


@pytest.mark.parametrize("encoding", ["gzip", "br", "identity"])
@pytest.mark.parametrize("path", ["/", "/embed/mixer", plotly_path(), "/api/mixer"])
def test_a_compressed_answer_carries_them_too(client, path, encoding):
    """The compression middleware rewrites headers; the security ones survive every encoding."""
    response = client.get(path, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert_security_headers(response, path)


@pytest.mark.parametrize(
    ("headers", "content", "status"),
    [({"Content-Length": "100000"}, None, 413), ({"X-Padding": "x" * 20_000}, None, 431), ({}, b"x" * 20_000, 413)],
    ids=["413-declared", "431", "413-body"],
)
def test_a_refused_request_carries_them_too(client, headers, content, status):
    """Refusals answered before routing (app/delivery/limits.py) still pass through the security headers."""
    response = client.request("POST" if content else "GET", "/api/mixer", headers=headers, content=content)
    assert response.status_code == status
    assert_security_headers(response, "/api/mixer")


@pytest.mark.parametrize("path", ["/boom", "/embed/mixer/boom"])
def test_a_crash_carries_them_too(path):
    """A 500 from an unexpected exception is answered outside the app's middleware by Starlette;
    the security middleware answers it itself so that it carries the headers too."""
    app = create_app()

    @app.get(path)
    def boom():
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as crashing:
        response = crashing.get(path)
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/plain")
    assert_security_headers(response, path)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("*", ["*"]), ("https://blog.example.org", ["'self'", "https://blog.example.org"]), ("'self'", ["'self'"])],
)
def test_embeds_are_framed_by_the_configured_sites_only(setting, expected):
    """frame_ancestors (settings) governs the embeds, plus the site itself (the Share preview); every other page stays 'none'."""
    with TestClient(create_app(Settings(frame_ancestors=setting))) as configured:
        for path in ("/embed/mixer", "/embed/cost", "/", "/api/mixer", "/guide"):
            assert_security_headers(configured.get(path), path, expected)


def test_no_route_loads_code_from_elsewhere(client):
    """FastAPI's Swagger UI and ReDoc come from a CDN and run inline scripts: they are off; the schema is linked instead."""
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    assert client.get("/docs/oauth2-redirect").status_code == 404
    assert 'href="/openapi.json"' in client.get("/").text
