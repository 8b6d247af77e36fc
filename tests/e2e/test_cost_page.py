"""The cost lab in a real browser against a real server."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from tests.e2e.helpers import address, rendered, wait_charted, wait_rendered_after, wait_until

pytestmark = pytest.mark.e2e


def api(server_url: str, query: str) -> dict:
    with urllib.request.urlopen(f"{server_url}/api/cost?{query}") as r:
        return json.loads(r.read())


def charted(page) -> int:
    return int(page.evaluate("document.body.dataset.charted || '0'"))


def open_cost(page, url: str) -> None:
    """Open a cost-lab URL and wait until its table and both charts are drawn."""
    page.goto(url)
    wait_charted(page)


def wait_charted_after(page, before: int) -> None:
    wait_until(page, "n => Number(document.body.dataset.charted || 0) > n", before)


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(unquote(address(page))).query).items()}


def exact(page, testid: str, column: int) -> str:
    """The exact count in a table row's column (0: layer, 1: output, 2: weights, 3: biases, 4: MACs/position, 5: MACs/image)."""
    return page.get_by_test_id(testid).locator("td").nth(column).locator(".exact").inner_text()


def sweep_trace(page, n: int) -> dict:
    """A trace of the sweep chart as plotly.js holds it."""
    return page.evaluate("n => { const d = document.querySelector('[data-testid=sweep-chart]').data[n]; return { x: [...d.x], y: [...d.y] }; }", n)


def test_cost_lab_loads_clean_with_the_seeds_numbers_and_both_charts(app_page, server_url):
    open_cost(app_page, server_url + "/cost")
    assert app_page.get_by_test_id("nav-cost").get_attribute("aria-current") == "page"
    # The question's comparison, per output position: 1,048,576 vs 256·64 + 16·64·256 = 278,528.
    assert exact(app_page, "total-a", 4) == "1,048,576"
    assert exact(app_page, "total-b", 4) == "278,528"
    assert exact(app_page, "row-b-0", 2) == "16,384"
    assert "3.76× fewer multiply-adds" in app_page.get_by_test_id("verdict").inner_text()
    assert "278,528" in app_page.get_by_test_id("preset-blurb").inner_text()
    # Both charts are drawn by plotly.js, with the server's numbers.
    for chart in ("sweep-chart", "head-chart"):
        assert app_page.get_by_test_id(chart).locator("svg.main-svg").count() > 0
    data = api(server_url, "")
    assert sweep_trace(app_page, 0)["x"] == [p["width"] for p in data["sweep"]["points"]]
    assert sweep_trace(app_page, 0)["y"] == [p["macs"] for p in data["sweep"]["points"]]
    assert "break-even r = 241" in app_page.get_by_test_id("sweep-chart").inner_text()
    assert "Below r = 241 path B is cheaper" in app_page.get_by_test_id("sweep-finding").inner_text()
    assert "781× as many" in app_page.get_by_test_id("head-finding").inner_text()  # 28·28·256·1000 + 1000 vs 256·1000 + 1000


def test_plotly_comes_only_when_the_charts_come_near_and_they_draw_in_the_room_kept_for_them(app_page, server_url):
    page = app_page
    page.set_viewport_size({"width": 390, "height": 844})
    fetched = []
    listen = lambda request: fetched.append(request.url) if "/vendor/plotly-" in request.url and request.url.endswith(".js") else None  # noqa: E731
    page.on("request", listen)
    page.goto(server_url + "/cost")
    page.wait_for_load_state("load")
    # The numbers and the verdict are there at once; plotly.js (3.5 MB) is not asked for.
    assert "3.76× fewer multiply-adds" in page.get_by_test_id("verdict").inner_text()
    page.wait_for_timeout(300)
    assert fetched == [] and page.evaluate("window.Plotly === undefined")
    kept = {chart: page.get_by_test_id(chart).bounding_box()["height"] for chart in ("sweep-chart", "head-chart")}
    wait_charted(page)
    page.remove_listener("request", listen)
    assert len(fetched) == 1
    for chart, height in kept.items():
        assert page.get_by_test_id(chart).locator("svg.main-svg").count() > 0
        assert page.get_by_test_id(chart).bounding_box()["height"] == height  # drawn where room was kept: nothing moved


def test_the_charts_keep_their_legend_in_presentation_mode_and_on_a_phone(app_page, server_url):
    page = app_page
    for url, size in (("/guide/8?present=1", (1920, 1080)), ("/cost", (390, 844))):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        open_cost(page, server_url + url)
        legend = page.get_by_test_id("head-chart").locator("g.legend")
        assert legend.is_visible() and "GAP + 1×1" in legend.text_content(), url
        # Under the x axis's title, not over it.
        title = page.get_by_test_id("head-chart").locator(".xtitle").bounding_box()
        assert legend.bounding_box()["y"] >= title["y"] + title["height"], url


def test_changing_r_updates_the_table_the_chart_and_the_url(app_page, server_url):
    open_cost(app_page, server_url + "/cost")
    before = charted(app_page)
    width = app_page.get_by_test_id("width-input")
    width.fill("128")
    width.press("Enter")
    wait_charted_after(app_page, before)
    assert query(app_page)["b"] == "conv1:128,conv4:256"
    assert exact(app_page, "row-b-0", 2) == "32,768"  # 256·128
    assert exact(app_page, "total-b", 4) == f"{256 * 128 + 16 * 128 * 256:,}"
    marker = sweep_trace(app_page, 2)
    assert marker["x"] == [128] and marker["y"] == [(256 * 128 + 16 * 128 * 256) * 28 * 28]
    assert "At r = 128" in app_page.get_by_test_id("sweep-finding").inner_text()
    # Past the break-even, path B costs more than A.
    before = charted(app_page)
    width.fill("300")
    width.press("Enter")
    wait_charted_after(app_page, before)
    assert "× more multiply-adds" in app_page.get_by_test_id("verdict").inner_text()


def test_presets_show_real_networks_and_the_seeds_ratio(app_page, server_url):
    open_cost(app_page, server_url + "/cost")
    before = charted(app_page)
    app_page.get_by_test_id("preset-cost_resnet").click()
    wait_charted_after(app_page, before)
    assert exact(app_page, "total-b", 2) == "69,632"  # 256·64 + 9·64·64 + 64·256
    assert app_page.get_by_test_id("shape-c").input_value() == "256" and app_page.get_by_test_id("shape-h").input_value() == "56"
    before = charted(app_page)
    app_page.get_by_test_id("preset-cost_vgg").click()
    wait_charted_after(app_page, before)
    assert exact(app_page, "row-a-0", 2) == "102,760,448"  # 7·7·512·4096
    assert "VGG-16" in app_page.get_by_test_id("preset-blurb").inner_text()
    before = charted(app_page)
    app_page.get_by_test_id("preset-cost_seed").click()
    wait_charted_after(app_page, before)
    assert "3.76× fewer multiply-adds" in app_page.get_by_test_id("verdict").inner_text()
    assert query(app_page) == {}


def test_editing_the_chain_in_the_form_survives_reload(app_page, server_url):
    open_cost(app_page, server_url + "/cost")
    before = rendered(app_page)
    app_page.get_by_test_id("add-b").click()
    wait_rendered_after(app_page, before)
    assert query(app_page)["b"] == "conv1:64,conv4:256,conv1:256"
    before = rendered(app_page)
    app_page.get_by_test_id("b-1-kind").select_option("sep")
    wait_rendered_after(app_page, before)
    before = rendered(app_page)
    stride = app_page.get_by_test_id("b-1-stride")
    stride.fill("2")
    stride.press("Enter")
    wait_rendered_after(app_page, before)
    assert query(app_page)["b"] == "conv1:64,sep4:256:s2,conv1:256"
    assert app_page.get_by_test_id("row-b-1").locator("td").nth(1).inner_text() == "14×14×256"
    assert app_page.get_by_test_id("shape-warning").is_visible()  # A gives 28×28×256, B 14×14×256
    before = rendered(app_page)
    app_page.get_by_test_id("b-2-remove").click()
    wait_rendered_after(app_page, before)
    assert app_page.get_by_test_id("spec-b").input_value() == "conv1:64,sep4:256:s2"
    # The address is written after the frame that draws the edit; the reload reads it from there.
    assert query(app_page)["b"] == "conv1:64,sep4:256:s2"
    app_page.reload()
    wait_charted(app_page)
    assert app_page.get_by_test_id("spec-b").input_value() == "conv1:64,sep4:256:s2"
    assert app_page.get_by_test_id("b-1-kind").input_value() == "sep"
    assert exact(app_page, "row-b-1", 2) == f"{16 * 64 + 64 * 256:,}"  # depthwise 4×4 on 64 + pointwise 64 -> 256


def test_a_layer_that_does_not_fit_is_refused_and_the_last_good_chain_stays(app_page, server_url, problems):
    problems.allow("status of 422")
    open_cost(app_page, server_url + "/cost?h=3&w=3")
    before = rendered(app_page)
    spec = app_page.get_by_test_id("spec-b")
    spec.fill("conv1:64,conv5:256:valid")
    spec.press("Enter")
    wait_rendered_after(app_page, before)
    error = app_page.get_by_test_id("error").inner_text()
    assert "b[1]" in error and "does not fit a 3×3 input" in error
    # The reader's text stays, marked, so it can be fixed; the page and the URL keep the last good chain.
    assert spec.input_value() == "conv1:64,conv5:256:valid" and spec.get_attribute("aria-invalid") == "true"
    assert exact(app_page, "total-b", 2) == f"{256 * 64 + 16 * 64 * 256:,}"
    assert "b" not in query(app_page)
    spec.press("Tab")
    assert spec.input_value() == "conv1:64,conv4:256"


def test_huge_shapes_show_exact_counts_beyond_2_to_the_53(app_page, server_url):
    open_cost(app_page, server_url + "/cost?h=4096&w=4096&c=8192&a=fc:4096x4096x8192&b=conv1:8192")
    weights = (4096 * 4096 * 8192) ** 2
    assert weights > 2**64
    assert exact(app_page, "row-a-0", 2) == f"{weights:,}"
    cell = app_page.get_by_test_id("row-a-0").locator("td").nth(2).inner_text()
    assert "× 10²²" in cell  # and the short form beneath it


@pytest.mark.parametrize("path", ["/", "/lab", "/cost"])
def test_no_view_is_wider_than_a_phone(browser, server_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server_url + path)
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_every_preset_draws_without_errors_and_says_what_it_is(app_page, server_url):
    from app.web.presets import COST_PRESETS

    open_cost(app_page, server_url + "/cost")
    for preset in COST_PRESETS:
        before = charted(app_page)
        app_page.get_by_test_id(f"preset-{preset.key}").click()
        if preset.query:  # the default preset is already shown: nothing to redraw
            wait_charted_after(app_page, before)
        assert app_page.get_by_test_id("preset-blurb").is_visible(), preset.key
        assert "multiply-adds than path A" in app_page.get_by_test_id("verdict").inner_text()
        assert app_page.get_by_test_id("head-chart").locator("svg.main-svg").count() > 0


TIMINGS_FILE = Path(__file__).resolve().parents[2] / "app" / "core" / "data" / "conv_timings.json"


def first_number(text: str) -> float:
    return float(re.search(r"\d[\d,]*(?:\.\d+)?", text).group(0).replace(",", ""))


def check_timing_rows(page, timings: dict, words: dict) -> None:
    """Every case of the data file is a row with its two times, the measured speed-up and the MAC ratio (3 significant digits)."""
    for n, case in enumerate(timings["cases"]):
        row = page.get_by_test_id(f"timing-row-{n}")
        assert f"{case['h']}×{case['w']}" in row.locator("th").inner_text() and case["padding"].upper() in row.locator("th").inner_text()
        cells = row.locator("td")
        time_a, time_b = cells.nth(0).inner_text(), cells.nth(1).locator(".exact").inner_text()
        assert words["ms"] in time_a and words["ms"] in time_b
        assert first_number(time_a) == pytest.approx(case["ms"]["a"], rel=5e-3)
        assert first_number(time_b) == pytest.approx(case["ms"]["b"], rel=5e-3)
        speed, macs = cells.nth(2).inner_text(), cells.nth(3).inner_text()
        faster = case["speedup"] > 1
        assert words["faster" if faster else "slower"] in speed
        assert first_number(speed) == pytest.approx(case["speedup"] if faster else 1 / case["speedup"], rel=5e-3)
        assert first_number(macs.replace("1/", "")) == pytest.approx(case["mac_ratio"], rel=5e-3)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", {"ms": " ms", "faster": "× faster", "slower": "× slower", "here": "this example", "heading": "Measured time (PyTorch, CPU)"}),
        ("zh", {"ms": "毫秒", "faster": "速度是 A 的", "slower": "耗时是 A 的", "here": "当前示例", "heading": "实测时间（PyTorch，CPU）"}),
    ],
)
def test_the_measured_time_row_shows_the_data_files_figures(app_page, server_url, lang, words):
    timings = json.loads(TIMINGS_FILE.read_text(encoding="utf-8"))
    open_cost(app_page, f"{server_url}/cost?lang={lang}")
    panel = app_page.get_by_test_id("timing")
    assert panel.is_visible() and words["heading"] in panel.locator("h2").inner_text()
    check_timing_rows(app_page, timings, words)
    current = api(server_url, "")["measured"]["current"]
    here = app_page.get_by_test_id(f"timing-row-{current}")
    assert words["here"] in here.inner_text() and "current" in here.get_attribute("class")
    finding = app_page.get_by_test_id("timing-finding").inner_text()
    assert here.locator("td").nth(0).inner_text() in finding and here.locator("td").nth(1).locator(".exact").inner_text() in finding
    source = app_page.get_by_test_id("timing-source").inner_text()
    assert timings["date"] in source and timings["machine"]["cpu"] in source and timings["machine"]["torch"] in source


def test_the_measured_time_row_is_there_only_for_the_measured_paths(app_page, server_url):
    open_cost(app_page, server_url + "/cost")
    assert app_page.get_by_test_id("timing").is_visible()
    before = charted(app_page)
    app_page.get_by_test_id("preset-cost_resnet").click()
    wait_charted_after(app_page, before)
    assert app_page.get_by_test_id("timing").is_hidden()
    before = charted(app_page)
    app_page.get_by_test_id("preset-cost_seed").click()
    wait_charted_after(app_page, before)
    assert app_page.get_by_test_id("timing").is_visible()
