"""The digits view in a real browser: a digit drawn stroke by stroke with the mouse is read by
the map, which shows the server's answer for the drawing in the URL; the drawing survives a
reload; the map's positions outline their windows; the keyboard and the eraser draw too."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.helpers import address, rendered, server_answer, wait_rendered_after, wait_settled, wait_until

pytestmark = pytest.mark.e2e

WINNERS = "() => [...document.querySelectorAll('[data-testid^=map-winner-]')].map((th) => th.textContent)"


def digits_answer(page, server_url: str) -> dict:
    return server_answer(page, server_url, "/api/digits")


def open_blank(page, server_url: str, path: str = "/digits") -> None:
    page.goto(server_url + path)
    wait_settled(page)
    before = rendered(page)
    page.get_by_test_id("preset-digits_blank").click()
    wait_rendered_after(page, before)


def draw(page, strokes: list[list[tuple[float, float]]]) -> None:
    """Draw with the mouse through real pointer events: each stroke a list of (row, column) in points (32×160)."""
    box = page.get_by_test_id("digits-canvas").bounding_box()
    unit = box["width"] / 160
    before = rendered(page)
    for stroke in strokes:
        (r, c), rest = stroke[0], stroke[1:]
        page.mouse.move(box["x"] + c * unit, box["y"] + r * unit)
        page.mouse.down()
        for r, c in rest:
            page.mouse.move(box["x"] + c * unit, box["y"] + r * unit, steps=3)
        page.mouse.up()
    wait_rendered_after(page, before)
    # Drawn once the answer for the last drawing sent is: the address then holds that drawing.
    wait_until(page, "() => new URLSearchParams(location.search).get('ink') === document.querySelector('[data-testid=digits-canvas]').dataset.sent")


def seven(first_column: float) -> list[list[tuple[float, float]]]:
    """A 7 about 20 points wide and 26 tall: its bar, then its stem down to the left."""
    bar = [(5, first_column + k) for k in range(0, 21, 2)]
    stem = [(5 + k, first_column + 20 - k * 0.55) for k in range(0, 25, 2)]
    return [bar + stem]


def test_a_seven_drawn_stroke_by_stroke_is_read_where_the_window_sits_on_it(app_page, server_url):
    page = app_page
    open_blank(page, server_url)
    assert set(page.evaluate(WINNERS)) == {"·"}
    draw(page, seven(first_column=66))  # ink cells 16 to 22
    wait_until(page, "() => new URLSearchParams(location.search).has('ink')")
    answer = digits_answer(page, server_url)
    shown = page.evaluate(WINNERS)
    assert shown == ["·" if k == 10 else str(k) for k in answer["winners"]]  # the page shows the server's map
    assert "7" in shown[14:19], shown  # the windows on the 7 read it
    assert shown[:8] == ["·"] * 8 and shown[-6:] == ["·"] * 6  # empty paper far from it does not
    # The ink counts the network read: inked points per 4×4 block, the stroke's cells only.
    strip = answer["strip"]
    assert sum(map(sum, strip)) > 60 and all(strip[i][j] == 0 for i in range(8) for j in range(0, 15))
    # The proof: the FC head on every window and the convolutions agree.
    assert page.get_by_test_id("digits-proof-row").get_attribute("class") == "proof-ok"
    assert "33 passes" in page.get_by_test_id("digits-cost").inner_text() and "158,400" in page.get_by_test_id("digits-cost").inner_text()

    # The drawing is in the URL: a reload shows it and reads it the same.
    query = parse_qs(urlsplit(address(page)).query)
    page.reload()
    wait_settled(page)
    assert parse_qs(urlsplit(address(page)).query)["ink"] == query["ink"]
    assert page.evaluate(WINNERS) == shown


def test_a_map_position_outlines_its_window_and_the_arrows_move_it(app_page, server_url):
    page = app_page
    page.goto(server_url + "/digits")
    wait_settled(page)
    heading = page.get_by_test_id("readout-heading")
    assert "0 to 7" in heading.inner_text()
    page.get_by_test_id("map-winner-8").hover()
    wait_until(page, "() => document.querySelector('[data-testid=readout-heading]').textContent.includes('8 to 15')")
    # The readout: the FC head on the window and the conv map, the same 11 scores; the 1 wins.
    answer = digits_answer(page, server_url)
    row = page.get_by_test_id("score-1").locator("td").all_inner_texts()
    assert row[0] == row[1] and float(row[0].replace("\u2212", "-")) == pytest.approx(answer["scores"][8][1], abs=1e-3)
    assert "reads 1" in page.get_by_test_id("readout-verdict").inner_text()
    # Click to choose, then the arrow keys walk the map.
    page.get_by_test_id("map-winner-8").click()
    page.mouse.move(0, 0)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_until(page, "() => document.activeElement.dataset.testid === 'map-winner-10'")
    assert "10 to 17" in heading.inner_text()
    page.keyboard.press("End")
    wait_until(page, "() => document.querySelector('[data-testid=readout-heading]').textContent.includes('32 to 39')")


def test_the_keyboard_inks_and_clears_whole_cells_and_the_eraser_takes_ink_off(app_page, server_url):
    page = app_page
    open_blank(page, server_url)
    canvas = page.get_by_test_id("digits-canvas")
    canvas.focus()
    for key in ["ArrowRight", "ArrowRight", "ArrowDown"]:  # the cursor starts at cell (0, 0)
        page.keyboard.press(key)
    before = rendered(page)
    page.keyboard.press("Space")
    wait_rendered_after(page, before)
    strip = digits_answer(page, server_url)["strip"]
    assert strip[1][2] == 16 and sum(map(sum, strip)) == 16
    assert "1 of them inked" in canvas.get_attribute("aria-label")
    before = rendered(page)
    page.keyboard.press("Delete")
    wait_rendered_after(page, before)
    assert sum(map(sum, digits_answer(page, server_url)["strip"])) == 0

    # A stroke, then the eraser over it: no ink left where it passed.
    draw(page, [[(10, 20), (10, 60)]])
    assert sum(digits_answer(page, server_url)["strip"][2]) > 0
    page.get_by_test_id("pen-erase").check()
    draw(page, [[(10, 16), (10, 64)]])
    assert sum(map(sum, digits_answer(page, server_url)["strip"])) == 0


def test_the_embed_draws_and_keeps_its_drawing_in_its_own_url(app_page, server_url):
    page = app_page
    page.goto(server_url + "/embed/digits")
    wait_settled(page)
    assert page.locator(".site-header").count() == 0
    before = rendered(page)
    page.get_by_test_id("clear-drawing").click()
    wait_rendered_after(page, before)
    assert set(page.evaluate(WINNERS)) == {"·"} and "ink=" in address(page)
    draw(page, seven(first_column=66))
    assert "7" in page.evaluate(WINNERS)
