"""The keyboard alone: Tab reaches every control of every page with a visible focus ring
(3:1 against what surrounds it, in both themes), the number grids move with the arrow
keys while ↑/↓ still nudge, the output grids are one Tab stop each, and the tables,
dialogs and walk-through answer to keys."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.e2e.helpers import WALKED, address, cell_number, rendered, wait_rendered_after, wait_settled, wait_until

pytestmark = pytest.mark.e2e

SMALL_MIXER = "/?h=2&w=2&cin=2&cout=2&x=1,2,3,4,5,6,7,8&weight=1,2,3,4&bias=0,1"

# Every element the Tab key should stop at, numbered in data-kb: enabled, shown, not taken
# out of the order; of a radio group only the checked radio (the arrows move within it).
MARK_CONTROLS = """() => {
  const candidates = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')];
  const groups = new Set();
  const stops = candidates.filter((el) => {
    if (el.disabled || el.tabIndex < 0 || !el.checkVisibility({ visibilityProperty: true })) return false;
    if (el.type !== 'radio') return true;
    const checked = document.querySelector(`input[type=radio][name="${el.name}"]:checked`);
    if (groups.has(el.name) || (checked && checked !== el)) return false;
    groups.add(el.name);
    return true;
  });
  stops.forEach((el, k) => { el.dataset.kb = String(k); });
  return stops.map((el) => el.dataset.testid || el.id || el.outerHTML.slice(0, 80));
}"""

# The focused element and its ring: outline, and the colour behind it (the nearest ancestor with a background).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  let behind = 'rgb(255, 255, 255)';
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour.startsWith('rgb(')) { behind = colour; break; }  // opaque: rgba() is see-through
  }
  let opacity = 1;
  for (let node = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
  return { kb: el.dataset.kb ?? null, name: el.dataset.testid || el.id || el.tagName, style: style.outlineStyle,
           width: parseFloat(style.outlineWidth), colour: style.outlineColor, behind, opacity, ring: el.matches(':focus-visible') };
}"""


def luminance(rgb: str) -> float:
    channels = [int(float(v)) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def active_testid(page) -> str | None:
    return page.evaluate("document.activeElement?.dataset.testid ?? null")


def tab_to(page, testid: str, limit: int = 200) -> None:
    """Press Tab until the element `testid` has the focus (the keyboard's way there)."""
    for _ in range(limit):
        if active_testid(page) == testid:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {testid}")


def api(server_url: str, path: str, query: str) -> dict:
    with urllib.request.urlopen(f"{server_url}{path}?{query}") as r:
        return json.load(r)


FOCUS_PAGES = [SMALL_MIXER, "/lab?k2=0&k=2", "/cost", "/guide", "/embed/fc?h=2&w=2", "/embed/cost"]


# Reaching every control is the same in both themes; the ring's contrast is not. Every page
# in the light theme, and in the dark one the views, whose controls the guide and embeds reuse.
@pytest.mark.parametrize(("path", "theme"), [(path, "light") for path in FOCUS_PAGES] + [(path, "dark") for path in FOCUS_PAGES[:3]])
def test_tab_reaches_every_control_with_a_visible_focus_ring(app_page, server_url, path, theme):
    page = app_page
    page.goto(f"{server_url}{path}{'&' if '?' in path else '?'}theme={theme}")
    wait_settled(page)
    controls = page.evaluate(MARK_CONTROLS)
    reached: dict[str, dict] = {}
    for _ in range(len(controls) + 40):
        page.keyboard.press("Tab")
        now = focused(page)
        if now and now["opacity"] < 0.9:
            page.wait_for_timeout(400)  # plotly.js fades its download button in (0.3 s) when it takes the focus
            now = focused(page)
        if now is None or now["kb"] is None:
            continue
        if now["kb"] in reached:
            break  # round the page once
        reached[now["kb"]] = now
    missed = [name for k, name in enumerate(controls) if str(k) not in reached]
    assert not missed, f"Tab never reaches: {missed}"
    for ring in reached.values():
        where = f"{ring['name']} ({theme})"
        assert ring["ring"] and ring["style"] != "none" and ring["width"] >= 2, f"no focus ring on {where}: {ring}"
        assert ring["opacity"] > 0.9, f"{where} takes the focus while (nearly) invisible"
        assert contrast(ring["colour"], ring["behind"]) >= 3, f"focus ring of {where}: {ring['colour']} on {ring['behind']}"


def test_the_mixers_grids_move_with_arrows_while_up_and_down_still_nudge(app_page, server_url):
    page = app_page
    page.goto(f"{server_url}{SMALL_MIXER}&{WALKED}")
    wait_settled(page)
    tab_to(page, "x-0-0-0")
    page.keyboard.press("ArrowRight")  # the whole number is selected on arrival: → leaves it
    assert active_testid(page) == "x-0-1-0"
    page.keyboard.press("Alt+ArrowDown")
    assert active_testid(page) == "x-1-1-0"
    page.keyboard.press("ArrowLeft")
    assert active_testid(page) == "x-1-0-0"
    # ↑ nudges, as it always has: x[1, 0, 0] 5 → 6, and y[1, 0, 0] = 1·6 + 2·6 + 0 = 18 from the server.
    before = rendered(page)
    page.keyboard.press("ArrowUp")
    wait_rendered_after(page, before)
    assert active_testid(page) == "x-1-0-0" and cell_number(page, "x-1-0-0") == 6
    assert cell_number(page, "y-1-0-0") == 18
    # While typing, ← and → move the caret inside the number; past its end → leaves for the neighbour.
    page.keyboard.press("Escape")  # select the whole number again, to type over it
    page.keyboard.type("12")
    page.keyboard.press("ArrowLeft")
    assert active_testid(page) == "x-1-0-0"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # the caret is at the end: → leaves, and the typed 12 is kept
    assert active_testid(page) == "x-1-1-0"
    wait_until(page, "() => document.querySelector('[data-testid=x-1-0-0]').value === '12'")
    page.keyboard.press("Alt+ArrowUp")
    assert active_testid(page) == "x-0-1-0"
    # W and b are one grid: the bias column sits a gap away and Alt+→ crosses it.
    tab_to(page, "w-0-1")
    page.keyboard.press("Alt+ArrowRight")
    assert active_testid(page) == "b-0"
    page.keyboard.press("Alt+ArrowDown")
    assert active_testid(page) == "b-1"
    page.keyboard.press("Alt+ArrowLeft")
    assert active_testid(page) == "w-1-1"


def test_an_output_grid_is_one_tab_stop_walked_with_plain_arrows(app_page, server_url):
    page = app_page
    page.goto(server_url + SMALL_MIXER)
    wait_settled(page)
    tab_to(page, "y-0-0-0")
    assert page.get_by_test_id("y-0-0-0").get_attribute("aria-label").startswith("y[0, 0, 0] = ")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert active_testid(page) == "y-1-1-0"
    # The focused output lights what it reads, as a hover does: its pixel's inputs and W's row.
    assert page.get_by_test_id("x-1-1-0").evaluate("el => el.classList.contains('lit')")
    assert page.get_by_test_id("w-0-1").evaluate("el => el.classList.contains('lit')")
    # At the grid's edge the arrows stay in the grid: the page's → would have stepped the walk-through.
    page.keyboard.press("ArrowRight")
    assert active_testid(page) == "y-1-1-0" and "step=" not in address(page)
    # Tab leaves the grid for the next one (channel 1), entering it at the cell it left off at next time.
    page.keyboard.press("Tab")
    assert active_testid(page) == "y-0-0-1"
    page.keyboard.press("Shift+Tab")
    assert active_testid(page) == "y-1-1-0"


def test_the_labs_grids_move_with_arrows_and_a_focused_map_cell_outlines_its_crop(app_page, server_url):
    page = app_page
    page.goto(server_url + "/lab?k2=0&k=2")
    wait_settled(page)
    tab_to(page, "fc1-0-0")
    columns = page.locator('[data-testid^="fc1-0-"]').count()
    for _ in range(columns - 1):
        page.keyboard.press("Alt+ArrowRight")
    assert active_testid(page) == f"fc1-0-{columns - 1}"
    page.keyboard.press("Alt+ArrowRight")
    assert active_testid(page) == "b1-0"
    tab_to(page, "bx-0-0-0")
    page.keyboard.press("Alt+ArrowDown")
    assert active_testid(page) == "bx-1-0-0"
    tab_to(page, "map-0-0-0")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    assert active_testid(page) == "map-1-1-0"
    # The window sits on the crop rows 1-3, columns 1-3 of the 6×6 input.
    window = page.evaluate("[...document.querySelectorAll('[data-testid^=bx-].window')].map(el => el.dataset.testid)")
    assert {"bx-1-1-0", "bx-3-3-0"} <= set(window) and "bx-0-0-0" not in window
    assert page.get_by_test_id("slide-readout").inner_text().startswith("Position (1, 1)")


def test_the_walk_through_the_tables_and_the_dialogs_answer_to_keys(app_page, server_url):
    page = app_page
    page.goto(server_url + SMALL_MIXER)
    wait_settled(page)
    assert page.get_by_test_id("position").inner_text() == "pixel 1 of 4"
    tab_to(page, "step-forward")
    page.keyboard.press("Enter")
    assert page.get_by_test_id("position").inner_text() == "pixel 2 of 4"
    page.keyboard.press("Space")
    assert page.get_by_test_id("position").inner_text() == "pixel 3 of 4"
    # "Show as a table" opens with Enter and closes with Space, and says which it is.
    tab_to(page, "fc-table-toggle")
    page.keyboard.press("Enter")
    assert page.get_by_test_id("fc-table").is_visible()
    assert page.get_by_test_id("fc-table-toggle").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert not page.get_by_test_id("fc-table").is_visible()
    # The Share dialog opens from the keyboard, keeps the focus inside and closes with Esc.
    tab_to(page, "share-open")
    page.keyboard.press("Enter")
    wait_until(page, "() => document.querySelector('[data-testid=share-dialog]').open")
    for _ in range(5):  # up to the preview: Esc in the framed embed is the embed's own
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('[data-testid=share-dialog]').contains(document.activeElement)")
    page.keyboard.press("Escape")
    wait_until(page, "() => !document.querySelector('[data-testid=share-dialog]').open")
    assert active_testid(page) == "share-open"


def test_the_cost_labs_width_and_chart_tables_answer_to_keys(app_page, server_url):
    page = app_page
    page.goto(server_url + "/cost")
    wait_settled(page)
    tab_to(page, "width-range")
    width = int(page.get_by_test_id("width-range").input_value())
    charted = int(page.evaluate("document.body.dataset.charted"))
    page.keyboard.press("ArrowRight")
    wait_until(page, "n => Number(document.body.dataset.charted) > n", charted)
    assert int(page.get_by_test_id("width-range").input_value()) > width
    tab_to(page, "sweep-table-toggle")
    page.keyboard.press("Enter")
    assert page.get_by_test_id("sweep-table").locator("tbody tr").count() > 10
