"""What a screen reader gets: each step of a walk-through said politely with the server's
numbers (and not a flood during fast playback), the FC matrix and the cost charts as
tables with the real numbers, and meaning that never rests on colour alone."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.e2e.helpers import MINUS, mixer_shown, wait_settled, wait_until

pytestmark = pytest.mark.e2e

LECUN_2X2 = "h=2&w=2&cin=3&cout=2&act=relu&x=1,2,3,-1,0,2,2,-1,1,0,-3,-6&weight=0,1,1,2,3,5&bias=8,13"

# Every text the live region takes, with when (ms), from the moment this is installed.
RECORD_NARRATION = """testid => {
  const region = document.querySelector(`[data-testid=${testid}]`);
  window.said = [];
  const start = performance.now();
  new MutationObserver(() => window.said.push([performance.now() - start, region.textContent]))
    .observe(region, { childList: true, characterData: true, subtree: true });
}"""


def api(server_url: str, path: str, query: str) -> dict:
    with urllib.request.urlopen(f"{server_url}{path}?{query}") as r:
        return json.load(r)


def plain(text: str) -> str:
    """Numbers as Python writes them: no thousands separators, an ASCII minus."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", text).replace(MINUS, "-")


def number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def table_rows(page, testid: str) -> list[list[str]]:
    """The body of the table in box `testid`: each row's header and cells, as read."""
    return page.evaluate("t => [...document.querySelectorAll(`[data-testid=${t}] tbody tr`)].map(tr => [...tr.cells].map(c => c.textContent))", testid)


def test_each_step_of_the_mixer_is_said_with_the_servers_outputs(app_page, server_url):
    page = app_page
    data = mixer_shown(server_url, LECUN_2X2)
    page.goto(f"{server_url}/?{LECUN_2X2}")
    wait_settled(page)
    region = page.get_by_test_id("narration")
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("aria-atomic") == "true"
    assert region.inner_text() == ""  # opening on the first pixel says nothing: its sums are on the screen
    page.locator("body").press("ArrowRight")  # the page's key for a step: to pixel 2, then back to 1
    page.keyboard.press("ArrowLeft")
    for p in range(4):
        if p:
            page.keyboard.press("ArrowRight")
        i, j = data["steps"]["i"][p], data["steps"]["j"][p]
        wait_until(page, "t => document.querySelector('[data-testid=narration]').textContent.startsWith(t)", f"Pixel ({i}, {j}).")
        said = plain(region.text_content())
        for o, out in enumerate(data["steps"]["out"][p]):
            pre = data["steps"]["pre"][p][o]
            # The line ends with the server's pre-activation sum and its output after ReLU, said with "×" not "·".
            assert f"y[{i}, {j}, {o}] = " in said and f"= {number(pre)} → ReLU → {number(out)}." in said, said
        assert "·" not in said
    page.keyboard.press("ArrowRight")
    wait_until(page, "() => document.querySelector('[data-testid=narration]').textContent === '4 of 4 pixels done'")


def test_fast_playback_is_said_at_a_pace_a_listener_can_follow(app_page, server_url):
    page = app_page
    query = "h=3&w=3&cin=2&cout=1&act=none&seed=5"
    page.goto(f"{server_url}/?{query}")
    wait_settled(page)
    data = mixer_shown(server_url, query)
    page.get_by_test_id("speed").select_option("350")
    page.evaluate(RECORD_NARRATION, "narration")
    page.get_by_test_id("play").click()
    wait_until(page, "() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false'", timeout=20)
    wait_until(page, "() => window.said.length > 0 && window.said.at(-1)[1] === '9 of 9 pixels done'")
    said = page.evaluate("window.said")
    # Nine pixels in about 3 s: the first is said at once, then one sentence per 3 s at most, then the end.
    assert 2 <= len(said) <= 4, said
    while_playing = [at for at, text in said if text.startswith("Pixel")]
    assert all(b - a >= 2900 for a, b in zip(while_playing, while_playing[1:], strict=False)), said
    # What is said is always a real pixel with the server's output for it.
    for _, text in said[:-1]:
        i, j = map(int, re.match(r"Pixel \((\d+), (\d+)\)", text).groups())
        p = i * 3 + j
        assert plain(text).endswith(f"= {number(data['steps']['out'][p][0])}."), text


def test_each_step_of_the_lab_is_said_with_the_fc_heads_and_the_maps_numbers(app_page, server_url):
    page = app_page
    data = api(server_url, "/api/lab", "")
    page.goto(f"{server_url}/lab")
    wait_settled(page)
    region = page.get_by_test_id("lab-narration")
    assert region.get_attribute("aria-live") == "polite"
    assert page.get_by_test_id("slide-readout").get_attribute("aria-live") is None  # hovers are not announced
    page.get_by_test_id("step-forward").click()
    page.get_by_test_id("step-forward").click()
    wait_until(page, "() => document.querySelector('[data-testid=lab-narration]').textContent.startsWith('Position (0, 1)')")
    said = plain(region.text_content())
    fc = ", ".join(number(v) for v in data["crop_map"][0][1])
    conv = ", ".join(number(v) for v in data["conv_map"][0][1])
    assert f"gives [{fc}]" in said and f"holds [{conv}]" in said, said


def test_the_fc_matrix_has_a_table_with_every_entry(app_page, server_url):
    page = app_page
    query = "h=2&w=2&cin=3&cout=2&seed=3"
    data = mixer_shown(server_url, query)
    page.goto(f"{server_url}/?{query}")
    wait_settled(page)
    assert not page.get_by_test_id("fc-table").is_visible()
    page.get_by_test_id("fc-table-toggle").click()
    assert page.get_by_test_id("fc-table-toggle").inner_text() == "Hide the table"
    assert page.get_by_role("region", name=re.compile(r"^The FC matrix M \(8×12\) as numbers")).is_visible()
    rows = table_rows(page, "fc-table")
    fc = data["fc"]
    matrix = [["0"] * 12 for _ in range(8)]
    for r, c, v in zip(fc["entries"]["row"], fc["entries"]["col"], fc["entries"]["value"], strict=True):
        matrix[r][c] = number(v)
    assert [plain(v) for v in rows[0][1:13]] == [number(v) for v in fc["x_flat"]]
    for r in range(8):
        assert rows[r + 1][0].startswith("y[")
        assert [plain(v) for v in rows[r + 1][1:]] == [*matrix[r], number(fc["bias"][r]), number(fc["out"][r])]
    # An edit redraws the open table with the server's new numbers.
    page.get_by_test_id("b-1").fill("100")
    page.get_by_test_id("b-1").press("Enter")
    row = fc["row_channel"].index(1) + 1  # the first output of channel 1, below the x row
    wait_until(page, "r => document.querySelectorAll('[data-testid=fc-table] tbody tr')[r].cells[13].textContent === '100'", row)


def test_a_large_fc_matrix_is_a_table_of_its_non_zero_entries_row_by_row(app_page, server_url):
    page = app_page
    query = "h=8&w=8&cin=8&cout=8&seed=1"
    data = mixer_shown(server_url, query)
    page.goto(f"{server_url}/?{query}")
    wait_settled(page)
    page.get_by_test_id("fc-table-toggle").click()
    rows = table_rows(page, "fc-table")
    assert len(rows) == 512
    fc = data["fc"]
    for r in (0, 200, 511):
        assert rows[r][1].count(" · x[") == 8  # the 8 copies of W's row; every other entry is 0
        assert [plain(v) for v in rows[r][2:]] == [number(fc["bias"][r]), number(fc["out"][r])]


def test_the_cost_charts_have_tables_with_every_point(app_page, server_url):
    page = app_page
    data = api(server_url, "/api/cost", "")
    page.goto(f"{server_url}/cost")
    wait_settled(page)
    for name in ("sweep", "head"):
        chart = page.get_by_test_id(f"{name}-chart")
        # A figure named by its finding; plotly's drawing itself is hidden from screen readers.
        assert chart.get_attribute("role") == "figure"
        assert chart.get_attribute("aria-label") == page.get_by_test_id(f"{name}-finding").inner_text()
        hidden = "n => [...document.querySelectorAll(`[data-testid=${n}-chart] svg.main-svg`)].map(s => s.getAttribute('aria-hidden'))"
        assert set(page.evaluate(hidden, name)) == {"true"}
        page.get_by_test_id(f"{name}-table-toggle").click()
    sweep = data["sweep"]
    expected = [[str(p["width"]), str(p["macs"]), str(sweep["budget"])] for p in sweep["points"]]
    assert [[plain(v) for v in row] for row in table_rows(page, "sweep-table")] == expected
    head = data["head"]["points"]
    assert [[plain(v) for v in row] for row in table_rows(page, "head-table")] == [[str(p["side"]), str(p["fc"]), str(p["gap_1x1"])] for p in head]


def test_colour_is_never_the_only_carrier_of_meaning(app_page, server_url):
    page = app_page
    page.goto(f"{server_url}/?{LECUN_2X2}&step=1")
    wait_settled(page)
    # The proof says equal in words and with a mark.
    row = page.get_by_test_id("proof-fc").inner_text()
    assert "equal" in row and "✓" in row
    # The current pixel (its ring) and the lit cells differ by outline, not hue alone; the pending ones hold no number.
    styles = page.evaluate("""() => Object.fromEntries(Object.entries({
      current: '.walk-ring:not([hidden])', lit: '[data-testid^=w-].lit', pending: '[data-testid^=y-].pending',
    }).map(([k, selector]) => {
      const cell = document.querySelector(selector);
      return [k, { shadow: getComputedStyle(cell).boxShadow, ink: getComputedStyle(cell).color }];
    }))""")
    assert styles["current"]["shadow"] != "none" and styles["lit"]["shadow"] != "none"
    assert styles["pending"]["ink"] == "rgba(0, 0, 0, 0)" and styles["pending"]["shadow"] == "none"
    # A contrast theme drops shadows: the ring and the lit cells are outlined there instead.
    page.emulate_media(forced_colors="active")
    outlines = page.evaluate("""() => ['.walk-ring:not([hidden])', '[data-testid^=w-].lit'].map((selector) => {
      const style = getComputedStyle(document.querySelector(selector));
      return [style.boxShadow, style.outlineStyle, parseFloat(style.outlineWidth)];
    })""")
    assert all(shadow == "none" and style == "solid" and width >= 2 for shadow, style, width in outlines), outlines
    page.emulate_media(forced_colors="none")
    assert page.get_by_test_id("y-1-1-0").get_attribute("aria-label") == "y[1, 1, 0]: not computed yet in this walk-through"
    # The lab's wrong outputs carry a ✗ and say so; its outputs from zero padding are dashed and say so.
    page.goto(f"{server_url}/lab?pitfall=order")
    wait_settled(page)
    wrong = page.locator(".cell.wrong").first
    assert wrong.evaluate("el => getComputedStyle(el, '::after').content") == '"✗"'
    assert wrong.get_attribute("aria-label").endswith("differs from the FC head on its crop")
    page.goto(f"{server_url}/lab?pitfall=same")
    wait_settled(page)
    padded = page.locator(".cell.no-crop").first
    assert padded.evaluate("el => getComputedStyle(el).borderTopStyle") == "dashed"
    assert padded.get_attribute("aria-label").endswith("read zero padding: matches no crop")
