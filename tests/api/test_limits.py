"""Oversized requests are refused at once, naming what was too long; the longest
address a reader can make is still served."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.delivery.limits import MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_PARAMETERS, MAX_URL_BYTES
from app.main import create_app
from app.settings import Settings
from app.state.spec import LAB_MAX_CHANNELS, LAB_MAX_FILTERS, LAB_MAX_INPUT, LAB_MAX_KERNEL, MAX_ABS_VALUE

# The widest number the page writes into a link from an edit: six decimals (static/js/views/cells.js rounds as it commits).
WIDEST_NUMBER = f"-{MAX_ABS_VALUE - 0.000001:.6f}"


def numbers(count: int) -> str:
    return ",".join([WIDEST_NUMBER] * count)


def longest_lab_query() -> str:
    """Every list of the convolutionalization lab given, at its largest shapes, with the widest numbers."""
    k = h = w = LAB_MAX_KERNEL
    c, filters, side = LAB_MAX_CHANNELS, LAB_MAX_FILTERS, LAB_MAX_INPUT
    fields = {
        "h": h,
        "w": w,
        "c": c,
        "k": filters,
        "k2": filters,
        "bh": side,
        "bw": side,
        "x": numbers(side * side * c),
        "fc1": numbers(filters * k * w * c),
        "b1": numbers(filters),
        "fc2": numbers(filters * filters),
        "b2": numbers(filters),
    }
    return "&".join(f"{name}={value}" for name, value in fields.items())


def test_the_longest_address_a_reader_can_make_is_served(client):
    query = longest_lab_query()
    assert MAX_URL_BYTES / 2 < len(query) < MAX_URL_BYTES  # a real margin, not a coincidence
    for path in ("/api/lab", "/lab", "/embed/lab"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, response.text[:300]
    assert client.get(f"/api/lab?{query}").json()["max_abs_diff"] < 1e-6 * MAX_ABS_VALUE**2


@pytest.mark.parametrize("path", ["/api/mixer", "/", "/embed/mixer", "/oembed", "/static/css/app.css", "/no-such-page"])
def test_an_address_over_the_limit_is_refused_with_414_naming_the_limit(client, path):
    response = client.get(f"{path}?x={'1' * MAX_URL_BYTES}")
    assert response.status_code == 414
    detail = response.json()["detail"][0]
    assert detail["field"] == "request.url"
    assert f"{MAX_URL_BYTES + len(path) + 2:,} bytes" in detail["msg"] and f"{MAX_URL_BYTES:,} bytes" in detail["msg"]
    assert "script-src 'self';" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(client):
    response = client.post("/api/mixer", content=b"0" * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413
    assert response.json()["detail"][0]["field"] == "request.body"
    assert f"{MAX_BODY_BYTES:,}" in response.json()["detail"][0]["msg"]
    # A small body on a GET-only route is the router's business: 405, not a limit.
    assert client.post("/api/mixer", content=b"{}").status_code == 405


def test_headers_over_the_limit_are_refused_with_431(client):
    response = client.get("/api/mixer", headers={"x-padding": "a" * MAX_HEADER_BYTES})
    assert response.status_code == 431
    assert response.json()["detail"][0]["field"] == "request.headers"
    # Ordinary headers, cookies included, are far below it.
    assert client.get("/api/mixer", headers={"cookie": "a=" + "b" * 4000}).status_code == 200


def test_a_query_of_too_many_fields_is_refused_before_it_is_parsed(client):
    """8,000 empty fields fit in the address limit; parsing them would cost tens of milliseconds."""
    for path in ("/api/mixer", "/", "/api/cost"):
        response = client.get(f"{path}?seed=1" + "&" * 8_000)
        assert response.status_code == 414
        detail = response.json()["detail"][0]
        assert detail["field"] == "request.query" and f"{MAX_PARAMETERS}" in detail["msg"] and "8,001" in detail["msg"]
        assert response.headers["x-content-type-options"] == "nosniff"
    # The most a view's link carries (every lab field, every view field) is far below it.
    every_field = "&stride=1&act=relu&order=hwc&pitfall=none&seed=1&step=1&chapter=1&present=1&theme=dark&lang=en"
    assert client.get("/lab?" + longest_lab_query() + every_field).status_code == 200


def test_hosts_are_checked_only_when_the_operator_lists_them():
    settings = Settings(allowed_hosts="onebyone.example.org, *.example.com")
    with TestClient(create_app(settings)) as listed:
        refused = listed.get("/api/mixer", headers={"Host": "evil.example.net"})
        assert refused.status_code == 400
        assert refused.json()["detail"][0]["field"] == "request.host" and "evil.example.net" in refused.json()["detail"][0]["msg"]
        assert "default-src 'self'" in refused.headers["content-security-policy"]
        for host in ("onebyone.example.org", "onebyone.example.org:8443", "docs.example.com"):
            assert listed.get("/healthz", headers={"Host": host}).status_code == 200, host
        # Checked, the oEmbed answer (which names the host) may be kept by a shared cache.
        answer = listed.get("/oembed", params={"url": "http://onebyone.example.org/"}, headers={"Host": "onebyone.example.org"})
        assert answer.status_code == 200 and answer.headers["cache-control"] == "public, max-age=86400"
        assert answer.json()["provider_url"] == "http://onebyone.example.org/"


def test_with_any_host_allowed_nothing_that_names_the_host_is_cached(client):
    answer = client.get("/oembed", params={"url": "http://evil.example.net/"}, headers={"Host": "evil.example.net"})
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    page = client.get("/", headers={"Host": "evil.example.net"})
    assert page.headers["cache-control"] == "no-cache" and "etag" not in page.headers  # revalidated every use, with no validator to match


@pytest.mark.parametrize("value", ["", "exa mple.org", "https://example.org", "example.org/path"])
def test_a_malformed_host_list_is_refused_at_start(value):
    with pytest.raises(ValueError, match="allowed_hosts"):
        Settings(allowed_hosts=value)
