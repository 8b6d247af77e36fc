"""Small helpers for reading the page as a reader sees it."""

from __future__ import annotations

import time

MINUS = "\u2212"


def cell_number(page, testid: str) -> float:
    """The number a cell shows (an input's value or a div's text)."""
    locator = page.get_by_test_id(testid)
    tag = locator.evaluate("el => el.tagName")
    text = locator.input_value() if tag == "INPUT" else locator.inner_text()
    return float(text.replace(MINUS, "-"))


def rendered(page) -> int:
    """How many server answers the page has drawn (body[data-rendered])."""
    return int(page.evaluate("document.body.dataset.rendered || '0'"))


def wait_until(page, expression: str, arg=None, timeout: float = 10.0) -> None:
    """Poll a JS expression until it is truthy.

    Playwright's ``wait_for_function`` evals its predicate inside the page, which
    the app's CSP (no 'unsafe-eval') rightly forbids; ``evaluate`` goes through
    the DevTools protocol, which CSP does not govern.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        time.sleep(0.02)


def wait_rendered_after(page, before: int) -> None:
    """Wait until the page has drawn an answer newer than ``before``."""
    wait_until(page, "n => Number(document.body.dataset.rendered || 0) > n", before)


def open_mixer(page, url: str) -> None:
    """Open a mixer URL and wait for its first answer to be drawn."""
    page.goto(url)
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0 && !!document.querySelector('[data-testid=y-0-0-0]')")


def type_into(page, testid: str, text: str, *, wait: bool = True) -> None:
    """Type a value into a cell as a reader does (click, type, Enter); by default wait for the redraw."""
    before = rendered(page)
    cell = page.get_by_test_id(testid)
    cell.click()
    cell.fill(text)
    cell.press("Enter")
    if wait:
        wait_rendered_after(page, before)


# Done once the first answer is drawn, and the charts where the page has some (the guide has no example).
SETTLED = """() => {
  const boot = JSON.parse(document.getElementById('boot').textContent);
  if (boot.view === 'guide') return document.readyState === 'complete';
  const drawn = Number(document.body.dataset.rendered || 0) > 0;
  const charts = document.querySelector('[data-testid=sweep-chart]') ? Number(document.body.dataset.charted || 0) > 0 : true;
  return drawn && charts;
}"""


def wait_settled(page) -> None:
    """Wait until any page (view, embed, guide) has drawn its first answer and its charts."""
    wait_until(page, SETTLED)
