"""Every response carries the security headers: a strict CSP, nosniff, a referrer
policy, and the frame rule of its kind (embeds framable, everything else not).

The requests are built from the app's own routes, so a new route is covered
without editing this file.
"""

from __future__ import annotations

import re

import pytest
from starlette.routing import Mount

from app.main import create_app
from app.static_files import static_fingerprint
from app.vendor import plotly_version

STRICT_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
# Concrete values for path parameters, so every route answers.
PATH_VALUES = {"panel": "mixer", "number": "3", "version": plotly_version()}


def flat_routes(routes) -> list:
    """Routes, with those of included routers (FastAPI wraps them) spelled out."""
    flat = []
    for route in routes:
        included = getattr(route, "original_router", None)
        flat += flat_routes(included.routes) if included is not None else [route]
    return flat


def route_paths() -> list[str]:
    paths = []
    for route in flat_routes(create_app().routes):
        if isinstance(route, Mount) or "GET" not in (getattr(route, "methods", None) or set()):
            continue
        paths.append(re.sub(r"\{(\w+)(:\w+)?\}", lambda m: PATH_VALUES[m.group(1)], route.path))
    return paths


REQUESTS = [("GET", path, {}) for path in route_paths()] + [
    ("GET", "/embed/fc?theme=dark", {}),
    ("GET", "/embed/lab", {}),
    ("GET", "/embed/cost", {}),
    ("GET", f"/static/{static_fingerprint()}/js/urlstate.js", {}),
    ("GET", "/static/css/app.css", {}),
    ("GET", "/no-such-page", {}),  # 404
    ("POST", "/api/mixer", {}),  # 405
    ("GET", "/api/mixer?h=99", {}),  # 422
    ("GET", "/oembed?url=https://elsewhere.example/", {}),  # 404 for a foreign link
    ("HEAD", "/", {}),
    ("HEAD", "/healthz", {}),
    ("GET", "/?x=" + "1" * 40_000, {}),  # 414
]


def test_every_get_route_is_covered():
    paths = route_paths()
    assert {"/", "/lab", "/cost", "/guide", "/healthz", "/api/mixer", "/api/code", "/api/lab", "/api/cost", "/oembed", "/openapi.json"} <= set(paths)
    assert "/embed/mixer" in paths and "/guide/3" in paths


@pytest.mark.parametrize(("method", "path", "headers"), REQUESTS, ids=[f"{m} {p[:60]}" for m, p, _ in REQUESTS])
def test_every_response_carries_the_security_headers(client, method, path, headers):
    response = client.request(method, path, headers=headers, follow_redirects=False)
    assert response.status_code < 500
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no other host
    assert "unsafe" not in policy["style-src"]
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] in STRICT_REFERRER
    if path.startswith("/embed/"):
        assert policy["frame-ancestors"] == "*"
        assert "x-frame-options" not in response.headers
    else:
        assert policy["frame-ancestors"] == "'none'"
        assert response.headers["x-frame-options"] == "DENY"


def test_a_not_modified_answer_carries_them_too(client):
    etag = client.get("/api/mixer").headers["etag"]
    response = client.get("/api/mixer", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_no_page_links_to_a_route_that_loads_code_from_elsewhere(client):
    # FastAPI's Swagger UI and ReDoc come from a CDN and run inline scripts; they are off.
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    assert 'href="/openapi.json"' in client.get("/").text
