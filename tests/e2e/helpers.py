"""Small helpers for reading the page as a reader sees it."""

from __future__ import annotations

import json
import time
import urllib.request
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from app.state.spec import MAX_STEP
from tests.mixer_layout import shown

MINUS = "\u2212"
# The mixer's walk opens at its first pixel; a link past its last pixel (the store keeps it at the
# last) opens with every output computed, as a finished walk's link does.
WALKED = f"step={MAX_STEP}"
BLOCKING = {"serious", "critical"}  # the axe-core impacts that fail a test
AXE = Axe()


def cell_number(page, testid: str) -> float:
    """The number a cell shows (an input's value or a div's text).

    A div's text is read whole (``textContent``): a grid off the screen is not rendered until it comes
    near (content-visibility), and the browser's rendered text (``innerText``) of it is empty meanwhile.
    """
    locator = page.get_by_test_id(testid)
    tag = locator.evaluate("el => el.tagName")
    text = locator.input_value() if tag == "INPUT" else locator.text_content()
    return float(text.replace(MINUS, "-"))


def address(page) -> str:
    """The page's URL once the store has written it (it does so after the frame that draws a change)."""
    wait_until(page, "() => !document.body.hasAttribute('data-address-pending')")
    return page.url


def server_answer(page, server_url: str, api: str) -> dict:
    """What the server computes for the example in the page's URL (``api``: e.g. "/api/mixer")."""
    with urllib.request.urlopen(f"{server_url}{api}?{urlsplit(address(page)).query}") as response:
        return json.load(response)


def mixer_shown(server_url: str, query: str) -> dict:
    """What the mixer page shows for the API query ``query``: the server's answer, its numbers put
    where the layout of its shape says (tests/mixer_layout.py)."""

    def get(path: str) -> dict:
        with urllib.request.urlopen(f"{server_url}{path}") as response:
            return json.load(response)

    return shown(get, query)


def rendered(page) -> int:
    """How many server answers the page has drawn (body[data-rendered])."""
    return int(page.evaluate("document.body.dataset.rendered || '0'"))


# Polls inside the page, so a wait costs one round trip, not one every few milliseconds.
# The expression is spliced into the function's source: the DevTools protocol compiles it,
# which the app's CSP (no 'unsafe-eval') does not govern, while wait_for_function's eval it forbids.
POLL = """async ([arg, timeout]) => {
  const check = (a) => { const v = (%s); return typeof v === "function" ? v(a) : v; };
  const end = performance.now() + timeout;
  for (;;) {
    const value = await check(arg);
    if (value) return true;
    if (performance.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}"""


def wait_until(page, expression: str, arg=None, timeout: float = 10.0) -> None:
    """Wait until a JS expression (or function of ``arg``) is truthy, polling inside the page.

    A navigation while it waits (a reload, a link) destroys the page's context; the wait
    then starts again in the new document until the time is up.
    """
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        try:
            if page.evaluate(POLL % expression, [arg, max(left, 0) * 1000]):
                return
        except Exception as error:  # the context went away with a navigation: try again in the new one
            if "context was destroyed" not in str(error) and "navigat" not in str(error).lower():
                raise
            time.sleep(0.02)
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")


def centre_on_screen(locator) -> tuple[float, float]:
    """Scroll ``locator`` into view and give its centre (viewport px) once it is drawn there.

    A grid far off the screen is drawn only in the frame after it comes near (content-visibility):
    until then a pointer at its place reaches the grid's card, not the cell, as the first frame
    a reader could never click in.
    """
    locator.scroll_into_view_if_needed()
    wait_until(locator.page, "el => el.checkVisibility({ contentVisibilityAuto: true })", locator.element_handle())
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def wait_rendered_after(page, before: int) -> None:
    """Wait until the page has drawn an answer newer than ``before``."""
    wait_until(page, "n => Number(document.body.dataset.rendered || 0) > n", before)


def open_mixer(page, url: str) -> None:
    """Open a mixer URL and wait for its first answer to be drawn."""
    page.goto(url)
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0 && !!document.querySelector('[data-testid=y-0-0-0]')")


def finish_walk(page) -> None:
    """Move the walk-through past its last step, as a reader dragging its slider to the end does."""
    page.get_by_test_id("scrub").evaluate("el => { el.value = el.max; el.dispatchEvent(new Event('input', { bubbles: true })); }")


# The cells under the mixer's visible walk rings, once the rings have stopped sliding: a ring is
# drawn over its cell, so the two boxes coincide.
RINGED = """() => {
  const rings = [...document.querySelectorAll('.walk-ring')].filter((ring) => !ring.hidden);
  if (rings.some((ring) => ring.getAnimations().length)) return null;
  return rings.map((ring) => {
    const at = ring.getBoundingClientRect();
    const cell = [...ring.parentElement.querySelectorAll('[data-testid]')].find((c) => {
      const box = c.getBoundingClientRect();
      return Math.abs(box.x - at.x) < 0.5 && Math.abs(box.y - at.y) < 0.5 && Math.abs(box.width - at.width) < 0.5;
    });
    return cell ? cell.dataset.testid : 'between cells';
  }).sort();
}"""


def ringed(page) -> list[str]:
    """The cells the walk-through's rings sit on (none once every pixel is done)."""
    wait_until(page, RINGED)
    return page.evaluate(RINGED)


def type_into(page, testid: str, text: str, *, wait: bool = True) -> None:
    """Type a value into a cell as a reader does (click, type, Enter); by default wait for the redraw."""
    before = rendered(page)
    cell = page.get_by_test_id(testid)
    cell.click()
    cell.fill(text)
    cell.press("Enter")
    if wait:
        wait_rendered_after(page, before)


# Done once the first answer is drawn (the guide has no example).
SETTLED = """() => {
  const boot = JSON.parse(document.getElementById('boot').textContent);
  if (boot.view === 'guide') return document.readyState === 'complete';
  return Number(document.body.dataset.rendered || 0) > 0;
}"""


def wait_settled(page) -> None:
    """Wait until any page (view, embed, guide) has drawn its first answer and, if it has charts, them too."""
    wait_until(page, SETTLED)
    if page.locator("[data-testid=sweep-chart]").count():
        wait_charted(page)


def wait_charted(page) -> None:
    """Wait until the cost lab's charts are drawn, where they are shown at all (a chapter presented
    alone may hide them). plotly.js is fetched when a chart comes near the screen, so the page is
    scrolled to the charts as a reader would, then back where it was."""
    if page.evaluate("document.querySelector('[data-testid=head-chart]').offsetParent === null"):
        return
    where = page.evaluate("window.scrollY")
    page.evaluate("document.querySelector('[data-testid=head-chart]').scrollIntoView({ block: 'center' })")
    wait_until(page, "() => Number(document.body.dataset.charted || 0) > 0", timeout=20)
    page.evaluate("y => window.scrollTo(0, y)", where)


def blocking_violations(page, within: list[str] | None = None) -> list[str]:
    """One line per serious or critical violation: rule id, impact, help and the elements it found;
    in the whole page, or only inside the elements the selectors ``within`` name."""
    context = {"include": [[selector] for selector in within]} if within else None
    results = AXE.run(page, context=context).response
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        shown = ", ".join(targets[:8]) + (f" and {len(targets) - 8} more" if len(targets) > 8 else "")
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {shown}")
    return lines


def assert_accessible(page, where: str, within: list[str] | None = None) -> None:
    found = blocking_violations(page, within)
    assert not found, f"axe-core on {where}:\n  " + "\n  ".join(found)
