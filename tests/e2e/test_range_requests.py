"""A Range request cannot break the site for the readers after it: in Chromium, after
partial requests for every script and style a page loads, the page works and every
static body arrives whole."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from app.delivery.static_files import STATIC_DIR, module_graph, static_fingerprint
from tests.e2e.conftest import running_server
from tests.e2e.helpers import open_mixer


@pytest.fixture(scope="module")
def own_server():
    """A server of its own: were a partial body kept, it would poison this one only."""
    with running_server() as url:
        yield url


def static_files_of_the_mixer() -> list[str]:
    return ["js/mixer_main.js", *module_graph("js/mixer_main.js"), "css/app.css"]


def test_after_range_requests_the_page_works_and_every_static_body_is_whole(page, own_server):
    for name in static_files_of_the_mixer():
        for path in (f"/static/{name}", f"/static/{static_fingerprint()}/{name}"):
            for encoding in ("br", "gzip"):
                request = urllib.request.Request(f"{own_server}{path}", headers={"Accept-Encoding": encoding, "Range": "bytes=0-1500"})
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert response.status == 200  # sent whole: a range of a script is never kept
    sizes: dict[str, int] = {}

    def measure(response):
        if "/static/" in response.url:
            sizes[response.url.split(f"/static/{static_fingerprint()}/", 1)[-1]] = len(response.body())

    page.on("response", measure)
    open_mixer(page, f"{own_server}/")
    assert page.get_by_test_id("proof").inner_text().strip() != ""
    for name in static_files_of_the_mixer():
        assert sizes.get(name) == len((Path(STATIC_DIR) / name).read_bytes()), name
