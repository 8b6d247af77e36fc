"""Every figure panel downloads as PNG and SVG, drawn from the server's answer."""

from __future__ import annotations

import json
import math
import re
import struct
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from tests.e2e.helpers import MINUS, address, mixer_shown, open_mixer, type_into, wait_charted, wait_until

pytestmark = pytest.mark.e2e

SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NUMBER = re.compile(rf"{MINUS}?\d+(\.\d+)?")
EDITED = "h=2&w=2&cin=2&cout=1&x=1,5,2,6,3,7,4,8&weight=2,-1&bias=0&act=none"


def api(server_url: str, view: str, query: str = "") -> dict:
    with urllib.request.urlopen(f"{server_url}/api/{view}?{query}") as r:
        return json.load(r)


def num(value: float) -> str:
    """format.js num(): at most 3 decimals, a true minus sign, no "-0"."""
    rounded = math.floor(value * 1000 + 0.5) / 1000
    text = str(int(rounded)) if rounded == int(rounded) else repr(rounded)
    return "0" if text == "-0" else text.replace("-", MINUS)


def count(value: int) -> str:
    """format.js count(): thousands separators."""
    return f"{value:,}"


def open_view(page, url: str) -> None:
    """Open a page and wait until its export buttons have an answer to export (and the charts are drawn)."""
    page.goto(url)
    wait_until(page, "() => document.querySelectorAll('.export[data-ready]').length === document.querySelectorAll('.export').length")
    if "/cost" in url:
        wait_charted(page)


def download(page, panel: str, fmt: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_test_id(f"export-{panel}-{fmt}").click()
    d = info.value
    assert d.failure() is None
    with open(d.path(), "rb") as f:
        return d.suggested_filename, f.read()


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def parse_svg(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    return root


def texts(element: ET.Element) -> list[str]:
    return [t.text for t in element.iter(f"{SVG_NS}text") if t.text]


def numbers_in(root: ET.Element, group_id: str) -> list[str]:
    """The numbers a group of the figure shows, in drawing order (labels such as "c0" left out)."""
    group = root.find(f".//{SVG_NS}g[@id='{group_id}']")
    assert group is not None, f"no group {group_id}"
    return [s for s in texts(group) if NUMBER.fullmatch(s)]


def by_channel(values: list, channels: int) -> list[str]:
    """An (H, W, C) array as the figure draws it: channel by channel, row by row."""
    return [num(px[c]) for c in range(channels) for line in values for px in line]


def no_style_attributes(root: ET.Element) -> None:
    assert not [e.tag for e in root.iter() if "style" in e.attrib], "SVGs use presentation attributes only"


# panel, page, file name of the default example (without extension)
PANELS = [
    ("mixer", "/", "one-by-one-mixer-4x4x3-to-2-relu"),
    ("fc-twin", "/", "one-by-one-fc-matrix-32x48-hwc-from-4x4x3-to-2"),
    ("lab-kernels", "/lab", "one-by-one-kernels-4-of-3x3x2"),
    ("lab-slide", "/lab", "one-by-one-score-map-6x6x2-to-4x4x3"),
    ("results", "/cost", "one-by-one-cost-table-28x28x256"),
    ("sweep", "/cost", "one-by-one-width-sweep-28x28x256-break-even-241"),
    ("head", "/cost", "one-by-one-head-params-256-channels-to-1000"),
    ("digits", "/digits", "one-by-one-digits-33-positions-stride-1"),
]


@pytest.mark.parametrize(("panel", "path", "name"), PANELS, ids=[p[0] for p in PANELS])
def test_each_panel_downloads_a_png_and_an_svg(app_page, server_url, panel, path, name):
    open_view(app_page, server_url + path)
    filename, png = download(app_page, panel, "png")
    assert filename == f"{name}.png"
    width, height = png_size(png)
    assert 200 < width <= 8192 and 200 < height <= 8192
    filename, svg = download(app_page, panel, "svg")
    assert filename == f"{name}.svg"
    root = parse_svg(svg)
    assert texts(root), "the SVG has text"


def test_mixer_svg_shows_the_numbers_of_the_page(app_page, server_url):
    open_view(app_page, server_url + "/")
    data = mixer_shown(server_url, "")
    _, svg = download(app_page, "mixer", "svg")
    root = parse_svg(svg)
    no_style_attributes(root)
    assert numbers_in(root, "input-x") == by_channel(data["x"], 3)
    assert numbers_in(root, "weights-and-bias") == [num(v) for v in [*sum(data["weight"], []), *data["bias"]]]
    assert numbers_in(root, "output-y") == by_channel(data["y"], 2)
    assert "A 1×1 convolution: 4×4×3 → 4×4×2" in texts(root)
    # PNG is the same drawing at 2x: the SVG's size doubled.
    _, png = download(app_page, "mixer", "png")
    assert png_size(png) == (2 * int(root.get("width")), 2 * int(root.get("height")))


def test_an_edited_example_exports_its_own_numbers(app_page, server_url):
    open_view(app_page, f"{server_url}/?{EDITED}")
    filename, svg = download(app_page, "mixer", "svg")
    assert filename == "one-by-one-mixer-2x2x2-to-1.svg"
    root = parse_svg(svg)
    # y = 2·x0 − x1 at each pixel: (1, 5) → −3, (2, 6) → −2, (3, 7) → −1, (4, 8) → 0.
    assert numbers_in(root, "output-y") == [f"{MINUS}3", f"{MINUS}2", f"{MINUS}1", "0"]
    assert numbers_in(root, "input-x") == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert "At every pixel: y = W·x + b" in texts(root)
    filename, svg = download(app_page, "fc-twin", "svg")
    assert filename == "one-by-one-fc-matrix-4x8-hwc-from-2x2x2-to-1.svg"
    root = parse_svg(svg)
    assert numbers_in(root, "y") == [f"{MINUS}3", f"{MINUS}2", f"{MINUS}1", "0"]
    assert numbers_in(root, "matrix") == ["2", f"{MINUS}1"] * 4  # W copied once per pixel


def test_an_edit_on_the_page_is_in_the_next_export(app_page, server_url):
    open_mixer(app_page, server_url + "/")
    type_into(app_page, "b-0", "2.5")
    query = address(app_page).split("?", 1)[1]
    data = mixer_shown(server_url, query)
    _, svg = download(app_page, "mixer", "svg")
    root = parse_svg(svg)
    assert num(2.5) in numbers_in(root, "weights-and-bias")
    assert numbers_in(root, "output-y") == by_channel(data["y"], 2)


def test_fc_svg_holds_every_copy_of_w_and_the_output_vector(app_page, server_url):
    open_view(app_page, server_url + "/?order=chw")
    data = mixer_shown(server_url, "order=chw")
    filename, svg = download(app_page, "fc-twin", "svg")
    assert filename == "one-by-one-fc-matrix-32x48-chw-from-4x4x3-to-2.svg"
    root = parse_svg(svg)
    no_style_attributes(root)
    assert numbers_in(root, "matrix") == [num(v) for v in data["fc"]["entries"]["value"]]
    assert numbers_in(root, "x") == [num(v) for v in data["fc"]["x_flat"]]
    assert numbers_in(root, "y") == [num(v) for v in data["fc"]["out"]]
    assert "FC matrix M: 32×48" in texts(root)


def test_lab_svgs_show_the_kernels_and_the_score_map(app_page, server_url):
    open_view(app_page, server_url + "/lab")
    data = api(server_url, "lab")
    c = data["shape"]["c"]
    _, svg = download(app_page, "lab-kernels", "svg")
    root = parse_svg(svg)
    no_style_attributes(root)
    assert numbers_in(root, "kernels") == [n for kernel in data["kernels"] for n in by_channel(kernel, c)]
    _, svg = download(app_page, "lab-slide", "svg")
    root = parse_svg(svg)
    assert numbers_in(root, "input") == by_channel(data["x"], c)
    assert numbers_in(root, "score-map") == by_channel(data["conv_map"], len(data["conv_map"][0][0]))


def test_a_pitfall_is_named_in_the_file_and_drawn(app_page, server_url):
    open_view(app_page, server_url + "/lab?pitfall=same")
    data = api(server_url, "lab", "pitfall=same")
    rows, cols = data["conv_map_shape"]
    filename, svg = download(app_page, "lab-slide", "svg")
    assert filename == f"one-by-one-score-map-6x6x2-to-{rows}x{cols}x3-same.svg"
    root = parse_svg(svg)
    dashed = [r for r in root.iter(f"{SVG_NS}rect") if r.get("stroke-dasharray")]
    assert dashed, "SAME's zero ring and the outputs that match no crop are dashed"
    assert any("SAME padding instead of VALID" in s for s in texts(root))


def test_the_digits_svg_holds_the_strips_ink_counts_and_what_each_window_reads(app_page, server_url):
    open_view(app_page, server_url + "/digits?stride=8")
    data = api(server_url, "digits", "stride=8")
    _, svg = download(app_page, "digits", "svg")
    root = parse_svg(svg)
    no_style_attributes(root)
    assert numbers_in(root, "strip") == [str(n) for line in data["strip"] for n in line if n]  # empty cells carry no number
    assert texts(root.find(f".//{SVG_NS}g[@id='map']")) == ["3", "1", "4", "1", "5"]


def test_cost_table_svg_has_the_exact_counts(app_page, server_url):
    open_view(app_page, server_url + "/cost")
    data = api(server_url, "cost")
    _, svg = download(app_page, "results", "svg")
    root = parse_svg(svg)
    no_style_attributes(root)
    shown = texts(root.find(f".//{SVG_NS}g[@id='table']"))
    for path in ("a", "b"):
        totals = data["paths"][path]["totals"]
        assert count(totals["macs"]) in shown and count(totals["weights"]) in shown
        for layer in data["paths"][path]["layers"]:
            assert count(layer["macs"]) in shown
    assert "Parameters and multiply-adds" in texts(root)


def test_plotly_svgs_carry_the_panel_title(app_page, server_url):
    open_view(app_page, server_url + "/cost")
    _, svg = download(app_page, "sweep", "svg")
    assert "Where does the bottleneck stop paying?" in texts(parse_svg(svg))
    _, svg = download(app_page, "head", "svg")
    assert any(s.startswith("Classifier head with 1,000 outputs") for s in texts(parse_svg(svg)))


def test_buttons_are_named_and_work_from_the_keyboard(app_page, server_url):
    open_view(app_page, server_url + "/")
    button = app_page.get_by_role("button", name="Download the channel mixer as PNG")
    assert button.is_visible()
    assert app_page.get_by_role("group", name="Download the FC matrix").is_visible()
    button.focus()
    with app_page.expect_download() as info:
        app_page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".png")
    svg_button = app_page.get_by_role("button", name="Download the channel mixer as SVG")
    svg_button.focus()
    with app_page.expect_download() as info:
        app_page.keyboard.press("Space")
    assert info.value.suggested_filename.endswith(".svg")


@pytest.mark.parametrize("language", ["zh", "ko"])
@pytest.mark.parametrize(("path", "panel"), [("/cost", "results"), ("/lab", "lab-slide"), ("/", "fc-twin")])
def test_chinese_and_korean_figures_keep_every_word_inside_the_picture(app_page, server_url, language, path, panel):
    """CJK characters are a whole em wide and Chinese has no spaces to wrap at: measured in
    Chromium, no line of the exported SVG runs past its right edge."""
    open_view(app_page, f"{server_url}{path}?lang={language}")
    _, data = download(app_page, panel, "svg")
    svg = data.decode("utf-8")
    app_page.set_content(f"<!doctype html><body>{svg[svg.index('<svg'):]}</body>")
    width, overflow = app_page.evaluate("""() => {
      const svg = document.querySelector('svg');
      const width = svg.viewBox.baseVal.width;
      const over = [...svg.querySelectorAll('text')].filter(t => { const b = t.getBBox(); return b.x + b.width > width + 1; });
      return [width, over.map(t => t.textContent)];
    }""")
    assert width > 0 and not overflow, overflow
