"""Phones and touch: every view, chapter and embed at 390×844 in Playwright's mobile
emulation (device scale 3, touch, a phone's user agent). Nothing is wider than the
screen, every control is big enough for a finger, a tap edits a number and the
server's answer is drawn, and taps and swipes step the walk-through."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from app.i18n.catalog import translate
from app.web.guide import CHAPTERS, chapter_href
from app.web.views import PANELS, VIEWS

from .helpers import MINUS, WALKED, address, cell_number, centre_on_screen, rendered, server_answer, wait_charted, wait_rendered_after, wait_until

WIDTH, HEIGHT = 390, 844
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
pytestmark = pytest.mark.browser_context_args(
    viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=3, is_mobile=True, has_touch=True, user_agent=IPHONE
)
MIN_TARGET = 40  # px, each way

MIXER_BIG = "/?h=8&w=8&cin=8&cout=8"
PAGE_OF = {key: view.path for key, view in VIEWS.items()} | {"guide": "/guide"}
# A chapter is its view with its bar and card: the first chapter of each view checks them.
FIRST_CHAPTERS = [c for c in CHAPTERS if c.number == min(d.number for d in CHAPTERS if d.view == c.view)]
LAB_BIG = "/lab?h=5&w=5&c=4&k=8&k2=8&bh=12&bw=12&pitfall=same"
PAGES = {
    **PAGE_OF,
    "mixer-8x8x8": MIXER_BIG,
    "lab-12x12-same": LAB_BIG,
    "mixer-present": "/?present=1",
    **{f"chapter-{c.number}": chapter_href("", c) for c in FIRST_CHAPTERS},
    **{f"chapter-{c.number}-present": chapter_href("", c, present=True) for c in FIRST_CHAPTERS},
    **{f"embed-{key}": f"/embed/{key}" for key in PANELS},
    "embed-mixer-8x8x8": "/embed/mixer" + MIXER_BIG[1:],
    # Chinese and Korean words are shorter or longer than English ones: every view again in each.
    **{f"{view}-{language}": f"{path}?lang={language}" for view, path in PAGE_OF.items() for language in ("zh", "ko")},
}


def open_page(page, url: str) -> None:
    """Open a page and wait until it shows its example (and, in the cost lab, its charts)."""
    page.goto(url)
    path = urlsplit(url).path
    if path.endswith("/guide"):
        return
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
    if path.endswith("/cost"):
        wait_charted(page)


# Every visible control: its box, the box of whatever clips it sideways (a grid or table
# that scrolls inside its own box), and how big a finger's target it is. A radio's target
# is its label; links inside sentences keep their line (WCAG 2.5.8's inline exception).
CONTROLS = """() => {
  const clipper = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return p;
    }
    return null;
  };
  const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width, height: r.height }; };
  const out = [];
  for (const el of document.querySelectorAll("button, a[href], input, select, textarea, [role=button]")) {
    if (el.closest("dialog:not([open]), .visually-hidden, .skip-link")) continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
    if (el.matches(".site-footer a, .prose a, .help a")) continue;
    const target = el.matches("input[type=radio], input[type=checkbox]") ? el.closest("label") || el : el;
    const clip = clipper(el);
    out.push({ name: el.dataset.testid || `${el.tagName.toLowerCase()} ${(el.textContent || el.value || "").trim().slice(0, 30)}`,
               box: box(el), target: box(target), clip: clip ? box(clip) : null });
  }
  return out;
}"""


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_fits_a_phone_with_targets_a_finger_can_hit(app_page, server_url, url):
    page = app_page
    open_page(page, server_url + url)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, "the page scrolls sideways"
    # One column: every panel as wide as the page's main part (none squeezed beside another).
    widths = page.evaluate("""() => { const main = document.querySelector('main');
      const shown = [...main.children].filter(el => el.matches('.panel') && el.getClientRects().length);
      return [main.clientWidth, shown.map(el => el.getBoundingClientRect().width)]; }""")
    main_width, panels = widths
    assert all(width >= main_width - 40 for width in panels), f"a panel narrower than the screen: {panels} in {main_width}"
    controls = page.evaluate(CONTROLS)
    assert controls
    for control in controls:
        outer = control["clip"] or control["box"]
        assert outer["left"] >= -0.5 and outer["right"] <= WIDTH + 0.5, f"{control['name']} is cut off: {outer}"
        target = control["target"]
        assert min(target["width"], target["height"]) >= MIN_TARGET - 0.5, f"{control['name']} is too small for a finger: {target}"


def test_a_grid_wider_than_the_screen_scrolls_in_its_own_box_with_a_fading_edge(app_page, server_url):
    page = app_page
    open_page(page, server_url + MIXER_BIG)  # W is 8 columns and a bias: wider than 390px
    weights = page.locator('[data-testid="mixer"] .weights')
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert weights.evaluate("el => el.scrollWidth > el.clientWidth"), "W should overflow its box on a phone"
    # The right edge fades while more is hidden there; once scrolled to the end, the left one does.
    fades = "el => [getComputedStyle(el).getPropertyValue('--cue-start'), getComputedStyle(el).getPropertyValue('--cue-end')].map(parseFloat)"
    start, end = weights.evaluate(fades)
    assert start == 0 and end > 10
    weights.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    wait_until(page, "() => parseFloat(getComputedStyle(document.querySelector('[data-testid=mixer] .weights')).getPropertyValue('--cue-start')) > 10")
    assert weights.evaluate(fades)[1] == 0
    # The channels of x sit in one row that scrolls sideways too; a row that fits (two 2×2 channels) has no fade at all.
    inputs = page.locator('[data-testid="input-grids"]')
    assert inputs.evaluate("el => el.scrollWidth > el.clientWidth")
    open_page(page, server_url + "/?h=2&w=2&cin=2&cout=1")
    assert inputs.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert inputs.evaluate(fades) == [0, 0]


def tap_and_type(page, testid: str, text: str) -> None:
    """Tap a number cell, type on the on-screen keyboard, press its Enter; wait for the redraw."""
    before = rendered(page)
    cell = page.get_by_test_id(testid)
    cell.scroll_into_view_if_needed()
    cell.tap()
    assert cell.evaluate("el => el === document.activeElement"), "a tap should focus the cell for typing"
    assert cell.get_attribute("inputmode") == "decimal"
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    wait_rendered_after(page, before)


@pytest.mark.parametrize("path", ["/", "/embed/mixer"])
def test_a_tap_edits_an_input_and_the_servers_outputs_are_drawn(app_page, server_url, path):
    page = app_page
    open_page(page, server_url + path + f"?h=2&w=2&cin=2&cout=1&x=1,2,3,4,5,6,7,8&weight=2,-1&bias=0&act=none&{WALKED}")
    assert cell_number(page, "y-0-0-0") == 0  # 2·1 − 2
    tap_and_type(page, "x-0-0-0", "9")
    assert cell_number(page, "x-0-0-0") == 9
    answer = server_answer(page, server_url, "/api/mixer")
    assert answer["x"][0][0][0] == 9
    for i in range(2):
        for j in range(2):
            assert cell_number(page, f"y-{i}-{j}-0") == answer["y"][i][j][0]
    assert cell_number(page, "y-0-0-0") == 16  # 2·9 − 2


# Where the ± key's bar is, and which of the focused cell's neighbours (across, down, up,
# diagonally: a reader's next tap) are hidden under it, by what a finger at their centre would hit.
SIGN_BAR = """() => {
  const focused = document.activeElement;
  const bar = document.querySelector("[data-testid=sign-bar]").getBoundingClientRect();
  const f = focused.getBoundingClientRect();
  const covered = [];
  for (const cell of document.querySelectorAll(".cell.editable")) {
    const r = cell.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (Math.abs(x - (f.left + f.width / 2)) > 1.5 * f.width || Math.abs(y - (f.top + f.height / 2)) > 1.5 * f.height) continue;
    if (x < 0 || x > innerWidth) continue;  // scrolled aside in its own grid box
    if (document.elementFromPoint(x, y) !== cell) covered.push(cell.dataset.testid);
  }
  return { top: bar.top, bottom: bar.bottom, left: bar.left, right: bar.right, covered,
           cellBottom: focused.getBoundingClientRect().bottom, viewportBottom: visualViewport.offsetTop + visualViewport.height };
}"""


def assert_sign_bar_clear(page) -> dict:
    """The ± key's bar lies along the bottom of the visual viewport, below the focused cell, over none of its neighbours."""
    bar = page.evaluate(SIGN_BAR)
    assert abs(bar["bottom"] - bar["viewportBottom"]) < 1 and bar["left"] == 0 and abs(bar["right"] - WIDTH) < 1, f"docked at the bottom: {bar}"
    assert bar["bottom"] - bar["top"] < 80, f"a small bar: {bar}"
    assert bar["cellBottom"] <= bar["top"], f"the focused cell is above the bar: {bar}"
    assert bar["covered"] == [], f"the bar covers the cells around the focused one: {bar}"
    return bar


def test_the_sign_key_makes_a_number_negative_without_closing_the_keyboard(app_page, server_url):
    page = app_page
    open_page(page, server_url + "/?h=2&w=2&cin=2&cout=1&x=1,2,3,4,5,6,7,8&weight=2,-1&bias=0&act=none")
    key = page.get_by_test_id("sign-key")
    assert not key.is_visible()
    cell = page.get_by_test_id("w-0-0")
    cell.scroll_into_view_if_needed()
    cell.tap()
    assert key.is_visible()
    box = key.bounding_box()
    assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET
    assert 0 <= box["x"] and box["x"] + box["width"] <= WIDTH
    assert_sign_bar_clear(page)
    assert page.get_by_test_id("sign-bar").inner_text().startswith("W[0, 0]"), "the bar names the number its key changes"
    before = rendered(page)
    key.tap()
    wait_rendered_after(page, before)
    assert page.get_by_test_id("w-0-0").input_value() == f"{MINUS}2"
    assert cell.evaluate("el => el === document.activeElement"), "the cell keeps the focus (and the keyboard stays up)"
    assert server_answer(page, server_url, "/api/mixer")["weight"] == [[-2, -1]]
    assert cell_number(page, "y-0-0-0") == -4  # −2·1 − 2
    # Typed and not yet committed: the sign flips what is typed.
    before = rendered(page)
    page.keyboard.type("3")
    key.tap()
    wait_rendered_after(page, before)
    assert cell_number(page, "w-0-0") == -3
    # A tap on the bar beside the key keeps the focus too.
    bar = page.get_by_test_id("sign-bar").bounding_box()
    page.touchscreen.tap(bar["x"] + 10, bar["y"] + bar["height"] / 2)
    assert cell.evaluate("el => el === document.activeElement")
    page.get_by_test_id("mixer").locator("h2").tap()  # the focus moves on: the key goes
    assert not key.is_visible()


def test_the_sign_key_stays_above_the_keyboard_and_below_the_focused_cell(app_page, server_url):
    page = app_page
    open_page(page, server_url + MIXER_BIG)
    # A cell at the very bottom of the screen, where the bar comes: the page moves it above the bar.
    cell = page.get_by_test_id("x-7-0-1")
    cell.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().bottom - innerHeight + 2)")
    assert abs(cell.bounding_box()["y"] + cell.bounding_box()["height"] - (HEIGHT - 2)) < 2
    x, y = centre_on_screen(cell)
    page.touchscreen.tap(x, y)
    assert cell.evaluate("el => el === document.activeElement")
    assert_sign_bar_clear(page)
    # The on-screen keyboard takes the lower part of the screen: the bar rides on top of it and the cell stays in sight.
    page.set_viewport_size({"width": WIDTH, "height": 500})
    wait_until(page, "() => Math.abs(document.querySelector('[data-testid=sign-bar]').getBoundingClientRect().bottom - 500) < 1")
    bar = assert_sign_bar_clear(page)
    assert bar["cellBottom"] > 0
    assert cell.evaluate("el => el === document.activeElement")


def drag_finger(page, start: tuple[float, float], end: tuple[float, float], moves: int = 8):
    """A finger put down at `start` and moved to `end`, still down; returns the function that lifts it."""
    cdp = page.context.new_cdp_session(page)
    (x0, y0), (x1, y1) = start, end
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for k in range(1, moves + 1):
        point = {"x": x0 + (x1 - x0) * k / moves, "y": y0 + (y1 - y0) * k / moves}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})

    def lift() -> None:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        cdp.detach()

    return lift


def background(page, testid: str) -> str:
    return page.get_by_test_id(testid).evaluate("el => getComputedStyle(el).backgroundColor")


def test_a_finger_dragged_up_or_down_on_a_number_changes_it_and_the_page_stays(app_page, server_url):
    page = app_page
    open_page(page, server_url + "/?h=2&w=2&cin=2&cout=1&x=1,2,3,4,5,6,7,8&weight=2,-1&bias=0&act=none&step=1")
    cell = page.get_by_test_id("w-0-0")
    x, y = centre_on_screen(cell)
    scrolled = page.evaluate("scrollY")
    pale = background(page, "w-0-1")
    # 40 px up is 5 steps of 8 px; the colours keep their scale while the finger is down.
    before = rendered(page)
    lift = drag_finger(page, (x, y), (x, y - 40))
    wait_rendered_after(page, before)
    wait_until(page, "() => document.querySelector('[data-testid=\"w-0-0\"]').value === '7'")
    assert page.evaluate("scrollY") == scrolled, "a drag on a number must not scroll the page"
    assert background(page, "w-0-1") == pale, "the colour scale is held during the drag"
    lift()
    wait_until(page, "c => getComputedStyle(document.querySelector('[data-testid=\"w-0-1\"]')).backgroundColor !== c", pale)
    assert server_answer(page, server_url, "/api/mixer")["weight"] == [[7, -1]]
    assert cell_number(page, "y-0-0-0") == 5  # 7·1 − 2, drawn: the walk-through is at its second pixel
    assert not cell.evaluate("el => el === document.activeElement"), "a drag is not a tap: no keyboard"
    assert not page.get_by_test_id("sign-key").is_visible()
    # Down is smaller.
    before = rendered(page)
    swipe(page, (x, y), (x, y + 24))
    wait_rendered_after(page, before)
    assert cell_number(page, "w-0-0") == 4
    assert page.evaluate("scrollY") == scrolled
    # The same drag that starts off the numbers scrolls the page.
    hx, hy = centre_on_screen(page.get_by_test_id("arithmetic"))
    assert page.evaluate("([x, y]) => !document.elementFromPoint(x, y).closest('.cell')", [hx, hy])
    scrolled = page.evaluate("scrollY")
    swipe(page, (hx, hy), (hx, hy - 150))
    wait_until(page, "y => scrollY > y + 100", scrolled)
    assert cell_number(page, "w-0-0") == 4
    # A sideways swipe that starts on a number of a grid that fits steps the walk-through and leaves the number be.
    at, _ = player_texts("mixer", 4)
    page.get_by_test_id("step-forward").tap()
    wait_position(page, at(3))
    x, y = centre_on_screen(page.get_by_test_id("x-0-0-0"))
    swipe(page, (x + 50, y), (x - 50, y))
    wait_position(page, at(4))
    assert cell_number(page, "x-0-0-0") == 1 and cell_number(page, "w-0-0") == 4


def test_a_finger_dragged_on_a_number_of_a_grid_wider_than_the_screen(app_page, server_url):
    page = app_page
    open_page(page, server_url + MIXER_BIG)
    weights = page.locator('[data-testid="mixer"] .weights')
    cell = page.get_by_test_id("w-0-1")
    start = cell_number(page, "w-0-1")
    x, y = centre_on_screen(cell)
    scrolled = page.evaluate("scrollY")
    before = rendered(page)
    swipe(page, (x, y), (x, y - 16))
    wait_rendered_after(page, before)
    assert cell_number(page, "w-0-1") == start + 2
    assert page.evaluate("scrollY") == scrolled
    assert weights.evaluate("el => el.scrollLeft") == 0
    # Sideways from the same number: the grid scrolls, the number stays.
    swipe(page, (x + 60, y), (x - 60, y))
    wait_until(page, "() => document.querySelector('[data-testid=mixer] .weights').scrollLeft > 0")
    assert cell_number(page, "w-0-1") == start + 2


@pytest.mark.parametrize("path", ["/lab", "/embed/lab"])
def test_a_tap_edits_the_labs_input_and_the_score_map_is_redrawn(app_page, server_url, path):
    page = app_page
    open_page(page, server_url + path)
    tap_and_type(page, "bx-0-0-0", "-7")
    answer = server_answer(page, server_url, "/api/lab")
    assert answer["x"][0][0][0] == -7
    rows, cols = answer["conv_map_shape"]
    for i in range(rows):
        for j in range(cols):
            assert cell_number(page, f"map-{i}-{j}-0") == pytest.approx(answer["conv_map"][i][j][0])


def test_a_tap_edits_a_layer_of_the_cost_lab(app_page, server_url):
    page = app_page
    open_page(page, server_url + "/cost")
    before = rendered(page)
    field = page.get_by_test_id("a-0-filters")
    field.scroll_into_view_if_needed()
    field.tap()
    assert field.evaluate("el => el === document.activeElement")
    field.fill("128")
    field.press("Enter")
    wait_rendered_after(page, before)
    assert "a=conv4:128" in address(page)
    weights = page.get_by_test_id("row-a-0").locator("td").nth(2).locator(".exact").inner_text()
    assert weights == f"{16 * 256 * 128:,}"


def test_a_tap_on_the_embedded_cost_panels_width_redraws_it(app_page, server_url):
    page = app_page
    open_page(page, server_url + "/embed/cost")
    before = rendered(page)
    field = page.get_by_test_id("width-input")
    field.scroll_into_view_if_needed()
    field.tap()
    field.fill("32")
    field.press("Enter")
    wait_rendered_after(page, before)
    assert "b=conv1:32" in address(page)


def test_a_tap_switches_the_embedded_fc_twins_flatten_order(app_page, server_url):
    page = app_page
    open_page(page, server_url + "/embed/fc")
    assert "(channels last)" in page.get_by_test_id("proof-fc").inner_text()
    before = rendered(page)
    page.get_by_test_id("order-chw").locator("xpath=..").tap()  # the label, a finger-sized target
    wait_rendered_after(page, before)
    assert "(channels first)" in page.get_by_test_id("proof-fc").inner_text()


def test_a_tap_on_the_fc_matrix_reads_an_entry(app_page, server_url):
    page = app_page
    open_page(page, server_url + "/?h=2&w=2&cin=2&cout=1&x=1,2,3,4,5,6,7,8&weight=2,-1&bias=0&act=none&order=hwc")
    plot = page.get_by_test_id("fc-plot")
    plot.scroll_into_view_if_needed()
    x, y = plot.evaluate("el => el.fc.cellCenter(0, 1)")
    page.touchscreen.tap(x, y)
    wait_until(page, "() => document.querySelector('[data-testid=fc-readout]').textContent.startsWith('M[0, 1] = ')")
    assert page.get_by_test_id("fc-readout").inner_text().startswith(f"M[0, 1] = {MINUS}1")


def position(page) -> str:
    return page.get_by_test_id("position").inner_text()


def wait_position(page, text: str) -> None:
    wait_until(page, "t => document.querySelector('[data-testid=position]').textContent === t", text)


def swipe(page, start: tuple[float, float], end: tuple[float, float], moves: int = 8) -> None:
    """A finger's drag from `start` to `end` (viewport px), through the browser's real touch input, then lifted."""
    drag_finger(page, start, end, moves)()


def swipe_across(page, locator, direction: int) -> None:
    """Swipe sideways inside `locator`'s box, through its middle: +1 to the right, -1 to the left."""
    x, y = centre_on_screen(locator)
    reach = min(80, locator.bounding_box()["width"] * 0.4)
    swipe(page, (x - direction * reach, y), (x + direction * reach, y))


def player_texts(kind: str, total: int):
    """The walk-through's position line at step n (1-based), and when every step is done."""
    if kind == "mixer":
        return lambda n: translate("player.position", n=n, total=total), translate("player.done", total=total)
    return lambda n: translate("lab.slide.position", n=n, total=total), translate("lab.slide.done", total=total)


@pytest.mark.parametrize(
    ("kind", "path", "area"),
    [
        ("mixer", f"/?h=2&w=2&cin=2&cout=1&{WALKED}", "mixer"),
        ("mixer", f"/embed/mixer?h=2&w=2&cin=2&cout=1&{WALKED}", "mixer"),
        ("lab", "/lab?bh=4&bw=4", "lab-slide"),
        ("lab", "/embed/lab?bh=4&bw=4", "lab-slide"),
    ],
    ids=["mixer", "embed-mixer", "lab", "embed-lab"],
)
def test_taps_and_sideways_swipes_step_the_walk_through(app_page, server_url, kind, path, area):
    page = app_page
    open_page(page, server_url + path)
    at, done = player_texts(kind, 4)
    assert position(page) == done
    back, forward = page.get_by_test_id("step-back"), page.get_by_test_id("step-forward")
    back.tap()
    wait_position(page, at(4))
    back.tap()
    wait_position(page, at(3))
    forward.tap()
    wait_position(page, at(4))

    # A swipe to the right goes back, to the left forward: over the input grid (a box that
    # fits, so it passes the swipe on) and over the walk-through's text.
    swipe_across(page, page.get_by_test_id("input-grids" if kind == "mixer" else "big-grids"), +1)
    wait_position(page, at(3))
    text = page.get_by_test_id("arithmetic" if kind == "mixer" else "slide-readout")
    swipe_across(page, text, -1)
    wait_position(page, at(4))

    # Vertical drags and short wobbles are not swipes: the next swipe moves exactly one step.
    x, y = centre_on_screen(page.get_by_test_id(area).locator("h2"))
    swipe(page, (x, y + 200), (x, y))
    swipe(page, (x, y), (x + 20, y + 4))
    swipe_across(page, text, -1)
    wait_position(page, done)


def test_a_swipe_over_a_grid_wider_than_the_screen_scrolls_the_grid_not_the_step(app_page, server_url):
    page = app_page
    open_page(page, server_url + MIXER_BIG + "&step=5")
    at, _ = player_texts("mixer", 64)
    assert position(page) == at(6)
    swipe_across(page, page.locator('[data-testid="mixer"] .weights'), -1)
    wait_until(page, "() => document.querySelector('[data-testid=mixer] .weights').scrollLeft > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.get_by_test_id("step-forward").tap()  # had the swipe stepped, this would say 8
    wait_position(page, at(7))


def test_the_guide_and_the_chapters_are_walked_by_tapping(app_page, server_url):
    page = app_page
    open_page(page, server_url + "/guide")
    page.get_by_test_id("guide-chapter-1").tap()
    page.wait_for_url("**chapter=1*")
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
    page.get_by_test_id("chapter-next").tap()
    page.wait_for_url("**chapter=2*")
    page.get_by_test_id("chapter-prev").tap()
    page.wait_for_url("**chapter=1*")


@pytest.mark.parametrize("opener", ["share-open", "keys-open"])
def test_the_dialogs_fit_the_screen(app_page, server_url, opener):
    page = app_page
    open_page(page, server_url + "/")
    page.get_by_test_id(opener).tap()
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT
    assert dialog.evaluate("el => el.scrollWidth <= el.clientWidth"), "the dialog scrolls sideways"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    close = dialog.locator("[data-close]").last
    close.scroll_into_view_if_needed()
    close.tap()
    assert page.locator("dialog[open]").count() == 0


def test_the_error_banner_fits_and_is_dismissed_by_a_tap(app_page, server_url, problems):
    page = app_page
    problems.allow("422")
    page.goto(server_url + "/?h=2&w=2&cin=2&cout=1&x=1,2,3")
    banner = page.get_by_test_id("error")
    banner.wait_for()
    box = banner.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    dismiss = page.get_by_test_id("error-dismiss")
    assert dismiss.bounding_box()["height"] >= MIN_TARGET
    dismiss.tap()
    banner.wait_for(state="hidden")


def test_presentation_mode_by_tap_still_fits(app_page, server_url):
    page = app_page
    open_page(page, server_url + chapter_href("", CHAPTERS[0]))
    page.get_by_test_id("present-toggle").tap()
    wait_until(page, "() => document.documentElement.classList.contains('present')")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    # The walk-through sits under the grids on a phone, not in a one-word-wide column beside them.
    mixer = page.get_by_test_id("mixer").bounding_box()
    player = page.get_by_test_id("player").bounding_box()
    assert player["width"] >= mixer["width"] * 0.8


def test_a_finger_draws_on_the_digits_strip_and_the_page_does_not_scroll(app_page, server_url):
    page = app_page
    open_page(page, server_url + "/digits")
    before = rendered(page)
    page.get_by_test_id("preset-digits_blank").tap()
    wait_rendered_after(page, before)
    canvas = page.get_by_test_id("digits-canvas")
    canvas.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    box = canvas.bounding_box()
    unit = box["width"] / 160
    before = rendered(page)
    # A vertical stroke (a 1) down the middle of the strip's third digit: a drag that would scroll the page elsewhere.
    swipe(page, (box["x"] + 84 * unit, box["y"] + 3 * unit), (box["x"] + 84 * unit, box["y"] + 29 * unit), moves=16)
    wait_rendered_after(page, before)
    wait_until(page, "() => new URLSearchParams(location.search).get('ink') === document.querySelector('[data-testid=digits-canvas]').dataset.sent")
    assert page.evaluate("window.scrollY") == scrolled, "the stroke scrolled the page"
    strip = server_answer(page, server_url, "/api/digits")["strip"]
    inked = {j for row in strip for j, count in enumerate(row) if count}
    assert inked and inked <= {20, 21, 22}, inked  # the ink cells under the finger, and only those
