"""The channel mixer and its FC twin in a real browser against a real server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.helpers import (
    WALKED,
    address,
    cell_number,
    centre_on_screen,
    finish_walk,
    mixer_shown,
    open_mixer,
    rendered,
    ringed,
    type_into,
    wait_rendered_after,
    wait_until,
)

pytestmark = pytest.mark.e2e


def page_query(page) -> str:
    return urlparse(address(page)).query


def shown_outputs(page, data) -> list:
    h, w, cout = data["shape"]["h"], data["shape"]["w"], data["shape"]["cout"]
    return [[[cell_number(page, f"y-{i}-{j}-{o}") for o in range(cout)] for j in range(w)] for i in range(h)]


def plotted_matrix(page) -> list:
    """The FC matrix the canvas figure draws (None for structural zeros)."""
    return page.evaluate("document.querySelector('[data-testid=fc-plot]').fc.figure.z")


def server_matrix(data) -> list:
    rows, cols = data["fc"]["shape"]
    z = [[None] * cols for _ in range(rows)]
    e = data["fc"]["entries"]
    for r, c, v in zip(e["row"], e["col"], e["value"], strict=True):
        z[r][c] = v
    return z


def test_page_loads_clean_with_every_view_and_the_proof(app_page, server_url):
    open_mixer(app_page, server_url + "/")
    assert app_page.get_by_role("heading", name="Channel mixer").is_visible()
    assert app_page.get_by_role("heading", name="The same layer as a fully connected matrix").is_visible()
    # 4x4x3 -> 2 by default: 48 input cells, 6 weights, 2 biases, 32 output cells.
    assert app_page.locator('[data-testid^="x-"]').count() == 48
    assert app_page.locator('[data-testid^="w-"]').count() == 6
    assert app_page.locator('[data-testid^="y-"]').count() == 32
    for row in ("proof-per-pixel", "proof-batch", "proof-fc"):
        assert app_page.get_by_test_id(f"{row}-diff").inner_text() == "max |conv − this| = 0"
    assert app_page.get_by_test_id("fc-title").inner_text() == "FC matrix M: 32×48"
    assert app_page.get_by_role("img", name="FC matrix M: 32×48").is_visible()
    assert "1,568" in app_page.get_by_test_id("params-fc").inner_text()
    data = mixer_shown(server_url, "")
    assert plotted_matrix(app_page) == server_matrix(data)
    # The walk opens at its first pixel: its sums are written out, its outputs filled, the rest wait.
    assert app_page.get_by_test_id("position").inner_text() == "pixel 1 of 16"
    assert app_page.get_by_test_id("equation-0").inner_text().startswith("y[0, 0, 0] = ")
    assert app_page.locator('[data-testid^="y-"].pending').count() == 30
    assert [cell_number(app_page, f"y-0-0-{o}") for o in range(2)] == data["y"][0][0]
    finish_walk(app_page)
    assert app_page.get_by_test_id("position").inner_text() == "16 of 16 pixels done"
    assert shown_outputs(app_page, data) == data["y"]


def test_typing_a_weight_updates_outputs_and_fc_matrix_to_the_servers_numbers(app_page, server_url):
    open_mixer(app_page, server_url + f"/?{WALKED}")
    type_into(app_page, "w-1-2", "3.5")
    assert "weight=" in page_query(app_page)
    data = mixer_shown(server_url, page_query(app_page))
    assert data["weight"][1][2] == 3.5
    assert shown_outputs(app_page, data) == data["y"]
    z = plotted_matrix(app_page)
    assert z == server_matrix(data)
    # Every one of the 16 copies of W[1,2] in the block-diagonal matrix is now 3.5.
    assert sum(1 for row in z for v in row if v == 3.5) >= 16


def test_arrow_keys_nudge_a_value_and_the_output_follows(app_page, server_url):
    open_mixer(app_page, server_url + "/?h=1&w=1&cin=3&cout=2&x=1,2,3&weight=0,1,1,2,3,5&bias=8,13")
    assert cell_number(app_page, "y-0-0-1") == 36
    before = rendered(app_page)
    app_page.get_by_test_id("x-0-0-2").focus()
    app_page.keyboard.press("ArrowUp")
    wait_rendered_after(app_page, before)
    assert cell_number(app_page, "x-0-0-2") == 4
    assert cell_number(app_page, "y-0-0-0") == 14  # 0·1 + 1·2 + 1·4 + 8
    assert cell_number(app_page, "y-0-0-1") == 41  # 2·1 + 3·2 + 5·4 + 13


def test_stepping_writes_the_arithmetic_with_real_numbers(app_page, server_url):
    open_mixer(app_page, server_url + "/")
    app_page.get_by_test_id("preset-lecun_1x1").click()
    wait_until(app_page, "() => document.querySelector('[data-testid=w-1-2]').value === '5'")
    # A preset's walk opens at its first (here its only) pixel, its sums written out.
    assert app_page.get_by_test_id("position").inner_text() == "pixel 1 of 1"
    assert app_page.get_by_test_id("equation-0").inner_text() == "y[0, 0, 0] = 0·1 + 1·2 + 1·3 + 8 = 13 → ReLU → 13"
    assert app_page.get_by_test_id("equation-1").inner_text() == "y[0, 0, 1] = 2·1 + 3·2 + 5·3 + 13 = 36 → ReLU → 36"
    assert "13" in app_page.get_by_test_id("narration").inner_text()


def test_walk_through_visits_pixels_in_order_and_fills_outputs(app_page, server_url):
    open_mixer(app_page, server_url + "/?preset=x&h=2&w=2&cin=3&cout=2&act=relu&x=1,2,3,-1,0,2,2,-1,1,0,-3,-6&weight=0,1,1,2,3,5&bias=8,13")
    forward = app_page.get_by_test_id("step-forward")
    assert app_page.get_by_test_id("position").inner_text() == "pixel 1 of 4"  # pixel (0, 0)
    assert app_page.get_by_test_id("y-1-1-0").get_attribute("class").count("pending") == 1
    assert ringed(app_page) == ["x-0-0-0", "x-0-0-1", "x-0-0-2", "y-0-0-0", "y-0-0-1"]
    for _ in range(3):
        forward.click()
    assert app_page.get_by_test_id("position").inner_text() == "pixel 4 of 4"
    assert ringed(app_page) == ["x-1-1-0", "x-1-1-1", "x-1-1-2", "y-1-1-0", "y-1-1-1"]
    # The last pixel's sums are negative: ReLU writes 0.
    assert app_page.get_by_test_id("equation-0").inner_text() == "y[1, 1, 0] = 0·0 + 1·(−3) + 1·(−6) + 8 = −1 → ReLU → 0"
    assert cell_number(app_page, "y-1-1-0") == 0
    assert "step=3" in page_query(app_page)
    app_page.get_by_test_id("step-back").click()
    assert app_page.get_by_test_id("position").inner_text() == "pixel 3 of 4"
    # Stepped back over, the output shows no number again (its ink is transparent) and says it is pending.
    pending = app_page.get_by_test_id("y-1-1-0")
    assert pending.evaluate("el => getComputedStyle(el).color") == "rgba(0, 0, 0, 0)"
    assert pending.get_attribute("aria-label") == "y[1, 1, 0]: not computed yet in this walk-through"


def test_play_advances_and_pause_stops(app_page, server_url):
    open_mixer(app_page, server_url + "/")
    app_page.get_by_test_id("speed").select_option("350")
    app_page.get_by_test_id("play").click()
    wait_until(app_page, "() => /pixel [3-9] of 16/.test(document.querySelector('[data-testid=position]').textContent)")
    app_page.get_by_test_id("play").click()
    stopped_at = app_page.get_by_test_id("position").inner_text()
    app_page.wait_for_timeout(800)
    assert app_page.get_by_test_id("position").inner_text() == stopped_at


def test_play_from_a_finished_large_walk_blanks_every_later_output(app_page, server_url):
    # 8×8×8: the 504 outputs after pixel 0 go blank over a few frames, not in one; all of them do.
    open_mixer(app_page, server_url + f"/?h=8&w=8&cin=8&cout=8&{WALKED}")
    assert app_page.get_by_test_id("position").inner_text() == "64 of 64 pixels done"
    app_page.get_by_test_id("speed").select_option("1600")
    app_page.get_by_test_id("play").click()
    wait_until(app_page, "() => document.querySelectorAll('[data-testid^=y-].pending').length === 504")
    assert app_page.get_by_test_id("position").inner_text() == "pixel 1 of 64"
    first = app_page.locator("[data-testid^=y-0-0-]")
    assert first.count() == 8 and all("pending" not in (first.nth(o).get_attribute("class") or "") for o in range(8))
    assert app_page.get_by_test_id("y-7-7-7").evaluate("el => getComputedStyle(el).color") == "rgba(0, 0, 0, 0)"
    app_page.get_by_test_id("play").click()


def test_a_nudged_number_shows_even_while_its_answer_is_late(app_page, server_url):
    open_mixer(app_page, server_url + "/?h=2&w=2&cin=2&cout=2&x=1,2,3,4,5,6,7,8&weight=1,2,3,4&bias=0,1")
    held = []
    app_page.route("**/api/mixer?*", lambda route: held.append(route))
    try:
        before = rendered(app_page)
        app_page.get_by_test_id("w-0-0").focus()
        app_page.keyboard.press("ArrowUp")
        # The answer is held back: the cell says 2 all the same, and the outputs wait for it.
        wait_until(app_page, "() => document.querySelector('[data-testid=w-0-0]').value === '2'")
        # The held request reaches the route handler on Playwright's own event turn, after the input shows 2.
        for _ in range(500):
            if held:
                break
            app_page.wait_for_timeout(20)
        assert rendered(app_page) == before and cell_number(app_page, "y-0-0-0") == 5 and len(held) == 1
        held[0].continue_()
        wait_rendered_after(app_page, before)
        assert cell_number(app_page, "y-0-0-0") == 6  # 2·1 + 2·2 + 0
    finally:
        app_page.unroute("**/api/mixer?*")


def test_flatten_order_switch_redraws_the_matrix_as_w_kron_i(app_page, server_url):
    open_mixer(app_page, server_url + "/?h=2&w=2&cin=2&cout=2&weight=1,2,3,4&act=none")
    hwc = plotted_matrix(app_page)
    assert hwc[0][:4] == [1, 2, None, None]  # block diagonal: W in the corner
    before = rendered(app_page)
    app_page.get_by_test_id("order-chw").check()
    wait_rendered_after(app_page, before)
    assert "order=chw" in page_query(app_page)
    chw = plotted_matrix(app_page)
    assert chw[0] == [1, None, None, None, 2, None, None, None]  # W ⊗ I: w00 on a diagonal, then w01
    assert chw == server_matrix(mixer_shown(server_url, page_query(app_page)))
    assert "(channels first)" in app_page.get_by_test_id("proof-fc").inner_text()
    assert app_page.get_by_test_id("proof-fc-diff").inner_text() == "max |conv − this| = 0"


def test_a_shapes_layout_is_asked_for_once_and_an_edit_asks_only_for_its_answer(app_page, server_url):
    """Where the walk goes and where the FC matrix holds each weight depend on the shape alone: the
    page carries its first shape's layout, a new shape (here a new flatten order) asks for its own
    beside its answer, and edits, or a shape shown before, ask for none."""
    open_mixer(app_page, server_url + "/?h=2&w=2&cin=2&cout=2&weight=1,2,3,4&act=none")
    asked = []
    app_page.on("request", lambda request: asked.append(urlparse(request.url).path))
    type_into(app_page, "w-0-0", "5")
    for order in ("chw", "hwc", "chw"):
        before = rendered(app_page)
        app_page.get_by_test_id(f"order-{order}").check()
        wait_rendered_after(app_page, before)
    type_into(app_page, "w-0-1", "6")
    assert plotted_matrix(app_page)[0] == [5, None, None, None, 6, None, None, None]
    assert plotted_matrix(app_page) == server_matrix(mixer_shown(server_url, page_query(app_page)))
    assert (asked.count("/api/mixer"), asked.count("/api/mixer/layout")) == (5, 1)


def test_hovering_a_weight_lights_every_copy_in_the_fc_matrix(app_page, server_url):
    open_mixer(app_page, server_url + "/?h=3&w=2")
    app_page.get_by_test_id("w-1-0").hover()
    wait_until(app_page, "() => document.querySelector('[data-testid=fc-plot]').dataset.highlighted === '6'")
    cells = app_page.evaluate("document.querySelector('[data-testid=fc-plot]').fc.highlights.cells")
    data = mixer_shown(server_url, "h=3&w=2")
    fc = data["fc"]
    copies = [(r, c) for r, c in zip(fc["entries"]["row"], fc["entries"]["col"], strict=True) if (fc["row_channel"][r], fc["col_channel"][c]) == (1, 0)]
    assert sorted(tuple(c) for c in cells) == sorted(copies)
    # The weight's input channel and output channel light up in the mixer too.
    assert "lit" in app_page.get_by_test_id("x-2-1-0").get_attribute("class")
    assert "lit" in app_page.get_by_test_id("y-0-0-1").get_attribute("class")
    assert "lit" not in app_page.get_by_test_id("y-0-0-0").get_attribute("class")


def test_the_walk_throughs_pixel_lights_its_rows_of_m_and_its_entries_of_x_in_the_fc_twin(app_page, server_url):
    # Channels first, so the pixel's entries are spread along x: pixel 2 of 4 reads x[2], x[6].
    open_mixer(app_page, server_url + "/?h=2&w=2&cin=2&cout=3&order=chw&step=2")
    data = mixer_shown(server_url, "h=2&w=2&cin=2&cout=3&order=chw")
    marks = app_page.evaluate("document.querySelector('[data-testid=fc-plot]').fc.highlights")
    assert sorted(marks["strip"]) == [c for c, p in enumerate(data["fc"]["col_pixel"]) if p == 2] == [2, 6]
    assert sorted(marks["rows"]) == [r for r, p in enumerate(data["fc"]["row_pixel"]) if p == 2] == [2, 6, 10]
    assert marks["cells"] == []


def test_dragging_a_number_keeps_every_colour_scale_until_it_is_let_go(app_page, server_url):
    page = app_page
    open_mixer(page, server_url + "/")
    colour = "t => getComputedStyle(document.querySelector(`[data-testid=${t}]`)).backgroundColor"
    assert cell_number(page, "x-0-0-0") == 2 and cell_number(page, "x-0-3-0") == 4  # 4 is the largest |x|: its cell the deepest
    deepest, output = page.evaluate(colour, "x-0-3-0"), page.evaluate(colour, "y-1-0-0")
    x, y = centre_on_screen(page.get_by_test_id("x-0-0-0"))
    before = rendered(page)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - 48, steps=12)  # 8 px a step: 2 -> 8, twice the old largest
    wait_until(page, "() => document.querySelector('[data-testid=x-0-0-0]').value === '8'")
    wait_rendered_after(page, before)
    # Mid-drag the scales hold: the other cells keep their colours, the outputs theirs.
    assert page.evaluate(colour, "x-0-3-0") == deepest and page.evaluate(colour, "y-1-0-0") == output
    page.mouse.up()
    # Let go, the answer is drawn on its own scales: 4 is now half of the largest.
    wait_until(page, "([t, c]) => getComputedStyle(document.querySelector(`[data-testid=${t}]`)).backgroundColor !== c", ["x-0-3-0", deepest])
    assert cell_number(page, "x-0-0-0") == 8


def test_hovering_a_row_of_the_fc_matrix_lights_its_output_pixel(app_page, server_url):
    open_mixer(app_page, server_url + "/?h=2&w=2&cin=2&cout=3")
    # Row 7 in channels-last order is pixel 2 = (1, 0), output channel 1. Put the mouse on M[7, 4].
    app_page.get_by_test_id("fc-plot").scroll_into_view_if_needed()
    x, y = app_page.evaluate("([row, col]) => document.querySelector('[data-testid=fc-plot]').fc.cellCenter(row, col)", [7, 4])
    app_page.mouse.move(x, y)
    wait_until(app_page, "() => document.querySelector('[data-testid=y-1-0-1]').classList.contains('lit')")
    assert "lit" not in app_page.get_by_test_id("y-1-0-0").get_attribute("class")
    assert app_page.get_by_test_id("fc-readout").inner_text().startswith("M[7, 4] =")
    assert "y[1, 0, 1] ← x[1, 0, 0]" in app_page.get_by_test_id("fc-readout").inner_text()


def test_presets_load_their_examples(app_page, server_url):
    open_mixer(app_page, server_url + "/")
    app_page.get_by_test_id("preset-seed_2x2").click()
    wait_until(app_page, "() => document.querySelectorAll('[data-testid^=y-]').length === 4")
    assert app_page.get_by_test_id("fc-title").inner_text() == "FC matrix M: 4×8"
    finish_walk(app_page)
    assert [cell_number(app_page, f"y-{i}-{j}-0") for i in range(2) for j in range(2)] == [-3, -2, -1, 0]
    app_page.get_by_test_id("preset-lecun_2x2").click()
    wait_until(app_page, "() => document.querySelectorAll('[data-testid^=y-]').length === 8")
    assert [cell_number(app_page, f"w-1-{c}") for c in range(3)] == [2, 3, 5]
    finish_walk(app_page)
    assert cell_number(app_page, "y-0-0-1") == 36
    assert "equal" in app_page.get_by_test_id("params-ratio").inner_text() or "×" in app_page.get_by_test_id("params-ratio").inner_text()


def test_edited_state_survives_a_reload(app_page, server_url):
    open_mixer(app_page, server_url + "/?seed=12")
    type_into(app_page, "b-0", "-7.25")
    before = rendered(app_page)
    app_page.get_by_test_id("shape-cout-plus").click()
    wait_rendered_after(app_page, before)
    finish_walk(app_page)  # a finished walk is in the link too
    outputs = [cell_number(app_page, f"y-0-{j}-0") for j in range(4)]
    query = parse_qs(page_query(app_page))
    assert query["cout"] == ["3"] and query["bias"][0].startswith("-7.25,") and query["step"] == ["16"]
    # The JSON twin of the page is the API answer for the same example (the step is the page's own).
    json_href = app_page.get_by_test_id("json-link").get_attribute("href")
    assert parse_qs(urlparse(json_href).query) == {k: v for k, v in query.items() if k != "step"}
    assert mixer_shown(server_url, urlparse(json_href).query)["bias"][0] == -7.25
    app_page.reload()
    open_mixer(app_page, address(app_page))
    assert cell_number(app_page, "b-0") == -7.25
    assert cell_number(app_page, "b-2") == 0  # the new channel starts at 0
    assert [cell_number(app_page, f"y-0-{j}-0") for j in range(4)] == outputs


def test_a_bad_url_shows_which_field_and_falls_back(app_page, server_url, problems):
    problems.allow("status of 422")
    open_mixer(app_page, server_url + "/?h=99&cin=2&step=<b>x</b>")
    banner = app_page.get_by_test_id("error")
    assert banner.is_visible()
    assert "h must be an integer from 1 to 8, got 99" in banner.inner_text()
    assert app_page.locator('[data-testid^="x-"]').count() == 4 * 4 * 2  # default h, the valid cin kept
    assert page_query(app_page) == "cin=2"  # the bad step is dropped too, never echoed


def test_an_out_of_range_edit_is_refused_and_the_last_example_kept(app_page, server_url, problems):
    problems.allow("status of 422")
    open_mixer(app_page, server_url + "/")
    original = cell_number(app_page, "w-0-0")
    type_into(app_page, "w-0-0", "5000", wait=False)
    banner = app_page.get_by_test_id("error")
    banner.wait_for(state="visible")
    assert "weight[0] must be a number from -1000 to 1000" in banner.inner_text()
    wait_until(app_page, "v => document.querySelector('[data-testid=w-0-0]').value === v", f"{original:g}".replace("-", "\u2212"))
    assert "weight=" not in page_query(app_page)


def test_dragging_a_cell_up_nudges_its_value(app_page, server_url):
    open_mixer(app_page, server_url + "/?h=1&w=1&cin=3&cout=2&x=1,2,3&weight=0,1,1,2,3,5&bias=8,13")
    before = rendered(app_page)
    app_page.get_by_test_id("w-0-0").scroll_into_view_if_needed()
    box = app_page.get_by_test_id("w-0-0").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    app_page.mouse.move(x, y)
    app_page.mouse.down()
    app_page.mouse.move(x, y - 24, steps=6)  # 8 px per step: +3
    app_page.mouse.up()
    wait_rendered_after(app_page, before)
    wait_until(app_page, "() => document.querySelector('[data-testid=w-0-0]').value === '3'")
    # The drag sent +1, +2 and +3 in turn; the last answer is the one that stays.
    wait_until(app_page, "() => document.querySelector('[data-testid=y-0-0-0]').textContent === '16'")  # 3·1 + 1·2 + 1·3 + 8
    assert "weight=3," in page_query(app_page)


def test_activation_switch_shows_negative_outputs_without_relu(app_page, server_url):
    open_mixer(app_page, server_url + f"/?h=2&w=2&x=1,2,3,-1,0,2,2,-1,1,0,-3,-6&weight=0,1,1,2,3,5&bias=8,13&{WALKED}")
    assert cell_number(app_page, "y-1-1-1") == 0
    before = rendered(app_page)
    app_page.get_by_test_id("act-select").select_option("none")
    wait_rendered_after(app_page, before)
    assert cell_number(app_page, "y-1-1-1") == -26  # 2·0 + 3·(−3) + 5·(−6) + 13
    assert "act=none" in page_query(app_page)


def test_random_draws_a_new_seed_and_reset_returns_to_the_default(app_page, server_url):
    open_mixer(app_page, server_url + "/?h=3&seed=5")
    before = rendered(app_page)
    app_page.get_by_test_id("random-button").click()
    wait_rendered_after(app_page, before)
    seed = parse_qs(page_query(app_page)).get("seed", ["1"])[0]
    assert app_page.get_by_test_id("seed-input").input_value() == seed
    finish_walk(app_page)
    data = mixer_shown(server_url, page_query(app_page))
    assert shown_outputs(app_page, data) == data["y"]
    before = rendered(app_page)
    app_page.get_by_test_id("reset-button").click()
    wait_rendered_after(app_page, before)
    assert page_query(app_page) == ""
    assert app_page.locator('[data-testid^="x-"]').count() == 48


def test_the_sentence_about_relu_is_there_only_with_relu(app_page, server_url):
    open_mixer(app_page, f"{server_url}/?act=none")
    assert app_page.get_by_test_id("prose-act").is_hidden()
    before = rendered(app_page)
    app_page.get_by_test_id("act-select").select_option("relu")
    wait_rendered_after(app_page, before)
    assert app_page.get_by_test_id("prose-act").is_visible()


def test_the_skip_link_names_no_other_view(app_page, server_url):
    for path in ("/", "/lab", "/cost", "/guide"):
        app_page.goto(f"{server_url}{path}")
        skip = app_page.locator(".skip-link")
        assert skip.text_content() == "Skip to the main content" and skip.get_attribute("href") == "#main"
        assert app_page.locator("#main").count() == 1


def test_the_tied_count_says_positions_not_non_zeros_when_a_weight_is_zero(app_page, server_url):
    """LeCun's W = [[0,1,1],[2,3,5]] on one pixel: 6 positions tied to W, though only 5 hold a non-zero."""
    open_mixer(app_page, f"{server_url}/?h=1&w=1&cin=3&cout=2&weight=0,1,1,2,3,5&bias=8,13&x=1,2,3")
    said = app_page.get_by_test_id("params-tied").inner_text()
    assert "6 positions tied to W" in said and "non-zero" not in said


def batch_outputs(page) -> list:
    """The numbers of the batch view's Y table, row by row."""
    rows = page.get_by_test_id("batch-y").locator("tbody tr").evaluate_all("(trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((c) => c.textContent))")
    return [[float(text.replace("\u2212", "-")) for text in row] for row in rows]


def test_a_view_off_the_screen_draws_an_edit_after_the_views_on_it(app_page, server_url):
    open_mixer(app_page, server_url + "/")
    # Scrolled so that the batch tables start just below the bottom edge, the walk's arithmetic above it.
    app_page.evaluate("() => window.scrollBy(0, document.querySelector('[data-testid=batch]').getBoundingClientRect().top - innerHeight - 10)")
    assert app_page.evaluate(
        """() => {
      const batch = document.querySelector('[data-testid=batch]').getBoundingClientRect();
      const equation = document.querySelector('[data-testid=equation-0]').getBoundingClientRect();
      return batch.top > innerHeight && equation.top >= 0 && equation.bottom <= innerHeight;
    }"""
    )
    # What the walk's arithmetic and the batch's Y table say once the views on the screen have drawn the edit.
    app_page.evaluate(
        """() => {
      const before = document.body.dataset.shown;
      new MutationObserver((_, observer) => {
        if (document.body.dataset.shown === before) return;
        observer.disconnect();
        window.__atShown = {
          equation: document.querySelector('[data-testid="equation-0"]').textContent,
          y: document.querySelector('[data-testid="batch-y"] tbody').textContent,
        };
      }).observe(document.body, { attributes: true, attributeFilter: ["data-shown"] });
    }"""
    )
    before = rendered(app_page)
    old = {"equation": app_page.get_by_test_id("equation-0").text_content(), "y": app_page.get_by_test_id("batch-y").locator("tbody").text_content()}
    app_page.evaluate("document.querySelector('[data-testid=b-0]').focus({ preventScroll: true })")
    app_page.keyboard.press("ArrowUp")
    wait_rendered_after(app_page, before)
    data = mixer_shown(server_url, page_query(app_page))
    assert data["bias"][0] == 2
    seen = app_page.evaluate("window.__atShown")
    # The mixer had the answer in that frame; the batch below still showed the last one...
    assert seen["equation"] == app_page.get_by_test_id("equation-0").text_content() != old["equation"]
    assert seen["y"] == old["y"] != app_page.get_by_test_id("batch-y").locator("tbody").text_content()
    # ...and drew it as soon as the page was idle, before anyone scrolled to it.
    assert batch_outputs(app_page) == data["batch"]["out"]
    # Scrolled to and edited again, it draws with the others.
    app_page.get_by_test_id("batch").scroll_into_view_if_needed()
    before = rendered(app_page)
    app_page.get_by_test_id("b-0").focus()
    app_page.keyboard.press("ArrowUp")
    wait_rendered_after(app_page, before)
    assert batch_outputs(app_page) == mixer_shown(server_url, page_query(app_page))["batch"]["out"]


# The default example's matrix (small cells, numbered axes) and a 2×2×2 one's (large cells with their
# numbers written in them, every row and column named, the column names slanted under the matrix).
# The edits: a weight's copies; one input, its strip entry and its pixel's outputs; a bias, its column
# and its outputs; and, nudging a number to the largest of its kind, a colour scale that moves.
@pytest.mark.parametrize(
    ("query", "edits"),
    [
        ("", (("w-1-2", "ArrowUp"), ("x-0-1-1", "ArrowDown"), ("b-0", "ArrowUp"), ("w-1-2", "ArrowDown"), ("x-2-3-0", "9.5"))),
        ("?h=2&w=2&cin=2&cout=2", (("w-1-0", "ArrowUp"), ("x-1-0-1", "ArrowDown"), ("b-1", "ArrowUp"), ("w-0-1", "7.25"))),
    ],
)
def test_an_edit_redraws_the_fc_matrix_to_the_pixel_as_drawing_it_whole_does(app_page, server_url, query, edits):
    open_mixer(app_page, server_url + "/" + query)
    matrix = "document.querySelector('[data-testid=fc-plot] canvas:not(.fc-overlay)')"
    drawn = app_page.evaluate(f"{matrix}.toDataURL()")
    for testid, key in edits:
        if key.startswith("Arrow"):
            before = rendered(app_page)
            app_page.get_by_test_id(testid).focus()
            app_page.keyboard.press(key)
            wait_rendered_after(app_page, before)
        else:
            type_into(app_page, testid, key)
        edited = app_page.evaluate(f"{matrix}.toDataURL()")
        assert edited != drawn, f"the edit of {testid} left the matrix as it was"
        # A change of theme or room draws the whole figure afresh.
        app_page.evaluate("window.dispatchEvent(new Event('onebyone:layout'))")
        drawn = app_page.evaluate(f"{matrix}.toDataURL()")
        assert edited == drawn, f"after the edit of {testid}, the matrix differs from its whole drawing"


def test_the_address_keeps_up_with_a_slider_dragged_back_and_forth(browser_type, browser_type_launch_args, server_url):
    # Dragged to and fro across an 8×8 walk, the slider asks for hundreds of steps in a second or
    # two. Browsers refuse that many changes of address (Chromium ignores replaceState past 200 in
    # 10 s, Safari throws): the address must still end at the step the reader let go on. Playwright
    # turns Chromium's guard off by default; this browser has it, as readers' browsers do.
    browser = browser_type.launch(**browser_type_launch_args, ignore_default_args=["--disable-ipc-flooding-protection"])
    try:
        page = browser.new_page()
        open_mixer(page, server_url + "/?h=8&w=8&cin=2&cout=2")
        page.get_by_test_id("scrub").evaluate("""el => {
          for (let sweep = 0; sweep < 4; sweep += 1) {
            for (let s = 0; s < 64; s += 1) {
              el.value = String(sweep % 2 ? 63 - s : s);
              el.dispatchEvent(new Event("input", { bubbles: true }));
            }
          }
          el.value = "17";
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }""")
        assert page.get_by_test_id("position").inner_text() == "pixel 18 of 64"
        assert parse_qs(urlparse(address(page)).query)["step"] == ["17"]
    finally:
        browser.close()
