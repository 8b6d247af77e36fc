"""The convolutionalization lab in a real browser against a real server."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.helpers import address, cell_number, rendered, type_into, wait_rendered_after, wait_until

pytestmark = pytest.mark.e2e


def api(server_url: str, query: str) -> dict:
    with urllib.request.urlopen(f"{server_url}/api/lab?{query}") as r:
        return json.load(r)


def open_lab(page, url: str) -> None:
    page.goto(url)
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0 && !!document.querySelector('[data-testid=map-0-0-0]')")


def query_of(page) -> str:
    return urlparse(address(page)).query


def window_cells(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('[data-testid^=bx-].window')].map(e => e.dataset.testid)")


def shown_map(page, data) -> list:
    rows, cols = data["conv_map_shape"]
    k = len(data["conv_map"][0][0])
    return [[[cell_number(page, f"map-{i}-{j}-{m}") for m in range(k)] for j in range(cols)] for i in range(rows)]


def test_lab_loads_clean_with_kernels_map_and_proof(app_page, server_url):
    open_lab(app_page, server_url + "/lab")
    assert app_page.get_by_role("heading", name="Slide the converted head over a larger input").is_visible()
    assert app_page.get_by_test_id("nav-lab").get_attribute("aria-current") == "page"
    data = api(server_url, "")
    assert shown_map(app_page, data) == data["conv_map"]
    assert app_page.locator('.cell[data-testid^="kernel-"]').count() == 4 * 3 * 3 * 2
    assert cell_number(app_page, "kernel-2-1-0-1") == data["kernels"][2][1][0][1]
    assert app_page.get_by_test_id("lab-proof-diff-diff").inner_text() == "max |conv − this| = 0"
    assert app_page.get_by_test_id("lab-proof-extra").inner_text().endswith(": 0")
    real = app_page.get_by_test_id("real-heads").inner_text()
    assert "123,642,856" in real  # VGG-16 fc6-fc8
    assert "384×384 → 12×12 → 6×6" in real


def test_stepping_moves_the_window_and_fills_the_map(app_page, server_url):
    open_lab(app_page, server_url + "/lab")
    forward = app_page.get_by_test_id("step-forward")
    forward.click()  # position (0, 0): rows 0-2, columns 0-2
    cells = window_cells(app_page)
    assert len(cells) == 3 * 3 * 2 and "bx-0-0-0" in cells and "bx-2-2-1" in cells
    assert "pending" in app_page.get_by_test_id("map-0-1-0").get_attribute("class")
    forward.click()  # position (0, 1): the window moves one column right
    cells = window_cells(app_page)
    assert "bx-0-0-0" not in cells and "bx-0-3-0" in cells
    assert "pending" not in app_page.get_by_test_id("map-0-1-0").get_attribute("class")
    assert app_page.get_by_test_id("position").inner_text() == "position 2 of 16"
    assert "step=1" in query_of(app_page)
    data = api(server_url, "")
    # The FC panel shows the head on the crop under the window.
    assert [cell_number(app_page, f"head-{m}") for m in range(3)] == data["crop_map"][0][1]


def test_hovering_an_output_cell_outlines_its_crop_and_shows_the_fc_output(app_page, server_url):
    open_lab(app_page, server_url + "/lab?stride=2&bh=7&bw=7")
    app_page.get_by_test_id("map-2-1-0").hover()  # rows 4-6, columns 2-4
    wait_until(app_page, "() => document.querySelector('[data-testid=bx-4-2-0]').classList.contains('window')")
    cells = window_cells(app_page)
    assert len(cells) == 9 * 2 and "bx-6-4-1" in cells and "bx-3-2-0" not in cells
    data = api(server_url, "stride=2&bh=7&bw=7")
    fc = ", ".join(f"{v:g}".replace("-", "\u2212") for v in data["crop_map"][2][1])
    assert f"rows 4–6, columns 2–4 gives [{fc}]" in app_page.get_by_test_id("slide-readout").inner_text()


@pytest.mark.parametrize("pitfall", ["order", "same", "bias"])
def test_a_pitfall_switch_changes_the_difference_from_zero(app_page, server_url, pitfall):
    open_lab(app_page, server_url + "/lab?seed=3")
    assert app_page.get_by_test_id("lab-proof-diff-diff").inner_text() == "max |conv − this| = 0"
    before = rendered(app_page)
    app_page.get_by_test_id(f"pitfall-{pitfall}").check()
    wait_rendered_after(app_page, before)
    data = api(server_url, query_of(app_page))
    assert data["max_abs_diff"] > 0
    assert app_page.get_by_test_id("lab-proof-diff-diff").inner_text() != "max |conv − this| = 0"
    assert "failing" in app_page.get_by_test_id("lab-proof").get_attribute("class")
    assert app_page.locator(".cell.wrong, .cell.no-crop").count() > 0
    assert app_page.get_by_test_id("kernels-warning").is_visible() == (pitfall == "order")
    if pitfall == "same":
        assert app_page.locator('[data-testid^="map-"][data-testid$="-0"]').count() == 36  # 6×6 instead of 4×4
        assert app_page.get_by_test_id("lab-proof-extra").inner_text().endswith(": 20")


def test_the_caption_says_where_same_puts_its_zeros(app_page, server_url):
    """A ring only when every side gets the same: an even kernel pads after, not before, and a 1×1 kernel not at all."""
    open_lab(app_page, server_url + "/lab?pitfall=same&h=2&w=2")
    assert app_page.locator('[data-testid^="bpad-"]').count() == (7 * 7 - 6 * 6) * 2
    assert app_page.get_by_test_id("big-caption").inner_text() == "6×6, 2 channels, with SAME's zeros (dashed): 0 above, 1 below, 0 left, 1 right"
    open_lab(app_page, server_url + "/lab?pitfall=same&h=1&w=1")
    assert app_page.locator('[data-testid^="bpad-"]').count() == 0
    assert app_page.get_by_test_id("big-caption").inner_text() == "6×6, 2 channels: here SAME adds no zeros, the same as VALID"


def test_same_padding_draws_its_ring_of_zeros_and_the_corner_window_reads_it(app_page, server_url):
    open_lab(app_page, server_url + "/lab?pitfall=same")
    assert app_page.locator('[data-testid^="bpad-"]').count() == (8 * 8 - 6 * 6) * 2
    assert "ring of zeros" in app_page.get_by_test_id("big-caption").inner_text()
    app_page.get_by_test_id("map-0-0-0").hover()  # reads rows −1..1, columns −1..1 of the padded input
    wait_until(app_page, "() => document.querySelector('[data-testid=\"bpad--1--1-0\"]').classList.contains('window')")
    assert sorted(window_cells(app_page)) == sorted(f"bx-{i}-{j}-{c}" for i in (0, 1) for j in (0, 1) for c in (0, 1))
    readout = app_page.get_by_test_id("slide-readout").inner_text()
    assert "rows \u22121–1, columns \u22121–1 of the zero-padded input" in readout
    app_page.get_by_test_id("step-forward").click()  # done -> restart at position 1
    app_page.get_by_test_id("scrub").fill("36")
    assert app_page.get_by_test_id("position").inner_text() == "36 of 36 positions done"


def test_editing_fc1_updates_the_kernels_and_map_and_survives_reload(app_page, server_url):
    open_lab(app_page, server_url + "/lab?k2=0&k=2")
    type_into(app_page, "fc1-1-4", "2.5")  # k=1, flat index 4 in H·W·C order = (0, 2, 0)
    assert cell_number(app_page, "kernel-1-0-2-0") == 2.5
    data = api(server_url, query_of(app_page))
    assert shown_map(app_page, data) == data["conv_map"]
    assert data["max_abs_diff"] == 0
    query = parse_qs(query_of(app_page))
    app_page.reload()
    open_lab(app_page, address(app_page))
    assert parse_qs(query_of(app_page)) == query
    assert cell_number(app_page, "fc1-1-4") == 2.5
    assert shown_map(app_page, data) == data["conv_map"]


def test_navigation_between_views(app_page, server_url):
    open_lab(app_page, server_url + "/lab")
    app_page.get_by_test_id("nav-mixer").click()
    wait_until(app_page, "() => !!document.querySelector('[data-testid=y-0-0-0]')")
    assert app_page.get_by_test_id("nav-mixer").get_attribute("aria-current") == "page"


def test_a_kernel_larger_than_the_input_is_refused_with_a_clear_error(app_page, server_url, problems):
    problems.allow("status of 422")
    open_lab(app_page, server_url + "/lab?h=5&bh=3")
    assert "bh must be at least h = 5" in app_page.get_by_test_id("error").inner_text()


@pytest.mark.parametrize(
    ("query", "says", "never"),
    [
        ("pitfall=same", "moves down 1 and right 1", "keep their places"),
        ("pitfall=same&h=2&w=2", "only below and to the right", "moves down"),
        ("pitfall=same&h=1&w=1", "adds no zeros", "moves down"),
        ("pitfall=order", "wrong pixels", "changes nothing"),
        ("pitfall=order&h=1&w=1", "with a 1×1 kernel both orders list them alike", "wrong pixels"),
        ("pitfall=order&c=1", "with one channel both orders list them alike", "wrong pixels"),
    ],
)
def test_the_pitfalls_explanation_says_what_the_numbers_show(app_page, server_url, query, says, never):
    open_lab(app_page, f"{server_url}/lab?{query}")
    data = api(server_url, query)
    why = app_page.get_by_test_id("pitfall-why").inner_text()
    assert says in why and never not in why, why
    # The text's claim against the server's proof: "changes nothing" and "adds no zeros" only where the maps agree.
    harmless = "changes nothing" in why or "adds no zeros" in why
    assert harmless == (data["max_abs_diff"] == 0 and data["extra_outputs"] == 0), (why, data["max_abs_diff"], data["extra_outputs"])


def test_after_a_walk_the_readout_says_how_to_read_a_cell(app_page, server_url):
    open_lab(app_page, f"{server_url}/lab?step=36")
    readout = app_page.get_by_test_id("slide-readout")
    wait_until(app_page, "() => document.querySelector('[data-testid=slide-readout]').textContent !== ''")
    assert readout.inner_text().startswith("Point at or focus a cell of the conv map")
    app_page.get_by_test_id("map-1-1-0").hover()
    assert readout.inner_text().startswith("Position (1, 1)")
