"""How bytes leave the server: fingerprinted assets cached for a year, brotli or gzip
as the client accepts, and API answers a shared cache can keep."""

from __future__ import annotations

import gzip
import posixpath
import re

import brotli
import pytest

from app.delivery.compression import choose_encoding
from app.delivery.static_files import module_graph, static_fingerprint
from app.delivery.vendor import plotly_path

IMMUTABLE = "public, max-age=31536000, immutable"


def assets_of(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/(?:static|vendor)/[^"]+)"', page)


@pytest.mark.parametrize("path", ["/", "/lab", "/cost", "/guide", "/embed/mixer"])
def test_every_asset_a_page_links_is_fingerprinted_and_cached_for_a_year(client, path):
    assets = assets_of(client.get(path).text)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    for asset in assets:
        assert asset.startswith(f"/static/{static_fingerprint()}/") or asset.startswith("/vendor/plotly-"), asset
        r = client.get(asset)
        assert r.status_code == 200 and r.headers["cache-control"] == IMMUTABLE, asset


def test_a_module_imported_by_relative_path_shares_the_fingerprint(client):
    r = client.get(f"/static/{static_fingerprint()}/js/views/transport.js")
    assert r.status_code == 200 and r.headers["cache-control"] == IMMUTABLE
    assert client.get("/static/js/views/transport.js").headers["cache-control"] == "no-cache"  # old links revalidate
    assert client.get("/static/000000000000/js/store.js").status_code == 404


ENTRIES = [("/", "mixer_main"), ("/lab", "lab_main"), ("/cost", "cost_main"), ("/guide", "guide_main"), ("/embed/fc", "mixer_main")]


@pytest.mark.parametrize(("path", "entry"), ENTRIES)
def test_a_page_preloads_every_module_its_entry_imports(client, path, entry):
    """Every module fetched at once: without the preloads, each import level waits for the one above."""
    page = client.get(path).text
    preloaded = re.findall(rf'<link rel="modulepreload" href="/static/{static_fingerprint()}/([^"]+)">', page)
    assert f'src="/static/{static_fingerprint()}/js/{entry}.js"' in page
    # Walk the imports here by hand, independently of module_graph: what the browser would fetch.
    wanted, pending = set(), [f"js/{entry}.js"]
    while pending:
        module = pending.pop()
        text = client.get(f"/static/{static_fingerprint()}/{module}").text
        for target in re.findall(r'^(?:import|export)[^;]*?from "(\.[^"]+)";', text, re.MULTILINE):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(module), target))
            if resolved not in wanted:
                wanted.add(resolved)
                pending.append(resolved)
    assert sorted(preloaded) == sorted(wanted) and len(preloaded) == len(set(preloaded))
    if entry == "mixer_main":
        assert "js/views/fc_twin.js" in preloaded and "js/export/svg.js" in preloaded


def test_the_module_graph_leaves_dynamic_imports_on_demand(tmp_path):
    (tmp_path / "js" / "views").mkdir(parents=True)
    (tmp_path / "js" / "main.js").write_text('import { a } from "./views/a.js";\nexport { b } from "./b.js";\nconst c = () => import("./c.js");\n')
    (tmp_path / "js" / "views" / "a.js").write_text('import {\n  x,\n  y,\n} from "../b.js";\nimport "./side.js";\n')
    (tmp_path / "js" / "b.js").write_text("export const b = 1;\n")
    (tmp_path / "js" / "views" / "side.js").write_text("// import nothing from here\n")
    assert module_graph("js/main.js", tmp_path) == ("js/views/a.js", "js/b.js", "js/views/side.js")


def test_the_fingerprint_changes_when_any_file_changes(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    first = static_fingerprint(tmp_path)
    (tmp_path / "js" / "a.js").write_text("export const a = 2;\n")
    static_fingerprint.cache_clear()
    assert static_fingerprint(tmp_path) != first and re.fullmatch(r"[0-9a-f]{12}", first)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("br, gzip", "br"),
        ("gzip, deflate, br;q=0", "gzip"),
        ("gzip", "gzip"),
        ("identity", None),
        ("", None),
        ("*", "br"),
        ("br;q=0.5, gzip;q=1", "br"),
        ("br;q=x", None),
    ],
)
def test_the_encoding_follows_accept_encoding(accept, expected):
    assert choose_encoding(accept) == expected


@pytest.mark.parametrize(
    "path",
    ["/", "/lab?k=2", f"/static/{static_fingerprint()}/js/store.js", f"/static/{static_fingerprint()}/css/app.css", "/api/mixer?h=8&w=8", "/api/cost"],
)
def test_html_js_css_and_json_arrive_compressed_and_unchanged(client, path):
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        r = client.get(path, headers={"Accept-Encoding": encoding})
        assert r.headers["content-encoding"] == encoding and "accept-encoding" in r.headers["vary"].lower()
        raw = client.stream("GET", path, headers={"Accept-Encoding": encoding})
        with raw as response:
            packed = b"".join(response.iter_raw())
        assert len(packed) < len(plain.content) and decode(packed) == plain.content


def test_plotly_js_goes_out_as_brotli_about_a_quarter_of_its_size(client):
    with client.stream("GET", plotly_path(), headers={"Accept-Encoding": "br"}) as response:
        packed = b"".join(response.iter_raw())
        assert response.headers["content-encoding"] == "br" and response.headers["cache-control"] == IMMUTABLE
    assert len(packed) < 1_300_000 and brotli.decompress(packed).startswith(b"/**")


def test_tiny_answers_and_304s_are_left_alone(client):
    assert "content-encoding" not in client.get("/healthz", headers={"Accept-Encoding": "br"}).headers
    first = client.get("/api/mixer?seed=5", headers={"Accept-Encoding": "br"})
    again = client.get("/api/mixer?seed=5", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and "content-encoding" not in again.headers
    assert first.headers["cache-control"] == "public, max-age=86400"


def test_a_range_request_never_stands_for_the_whole_file(client):
    """Scripts and styles are sent whole, whatever the Range header says: the first bytes of a
    file can never be kept, or sent, as the file."""
    path = f"/static/{static_fingerprint()}/js/store.js"
    whole = client.get(path, headers={"Accept-Encoding": "identity"}).content
    assert len(whole) > 1501
    for plain_or_fingerprinted in ("/static/js/store.js", path):
        for encoding in ("identity", "br", "gzip"):
            part = client.get(plain_or_fingerprinted, headers={"Accept-Encoding": encoding, "Range": "bytes=0-1500"})
            assert part.status_code == 200 and part.content == whole and "content-range" not in part.headers
    for encoding in ("br", "gzip"):
        again = client.get(path, headers={"Accept-Encoding": encoding})
        assert again.status_code == 200 and again.headers["content-encoding"] == encoding and again.content == whole
        # A compressed body's ETag is weak: If-Range with it gets the whole file, never identity bytes.
        assert again.headers["etag"].startswith("W/")
        resumed = client.get(path, headers={"Accept-Encoding": encoding, "Range": "bytes=100-", "If-Range": again.headers["etag"]})
        assert resumed.status_code == 200 and resumed.content == whole
        # ...and it still revalidates.
        assert client.get(path, headers={"Accept-Encoding": encoding, "If-None-Match": again.headers["etag"]}).status_code == 304
