"""Browser benchmark: from a weight edit to every view redrawn and painted.

Opens the mixer in Chromium, nudges cells with ArrowUp (each edit a state
never seen before, so neither the server's cache nor the HTTP cache helps),
and times, inside the page, from the key event to the first animation frame
after the page marks the new answer drawn (body[data-rendered]).

Usage: python bench/edit_latency.py BASE_URL [QUERY] ; prints `name: value` lines.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
CELLS = ["w-0-0", "w-0-1", "w-1-2", "x-0-0-0", "b-1", "w-1-0", "x-1-2-1", "b-0", "w-0-2", "x-3-3-2"]
WARM_UP = 5

ONE_EDIT = """(testid) => new Promise((resolve) => {
  const cell = document.querySelector(`[data-testid="${testid}"]`);
  cell.focus();
  const before = document.body.dataset.rendered;
  const started = performance.now();
  const observer = new MutationObserver(() => {
    if (document.body.dataset.rendered === before) return;
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - started));
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-rendered"] });
  cell.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp", bubbles: true }));
})"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    base = sys.argv[1].rstrip("/")
    query = sys.argv[2] if len(sys.argv) > 2 else ""
    edits = int(os.environ.get("BENCH_EDITS", "60"))
    executable = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/{'?' + query if query else ''}")
        page.wait_for_selector('[data-testid="w-0-0"]')
        page.wait_for_timeout(500)
        cells = [c for c in CELLS if page.locator(f'[data-testid="{c}"]').count()]
        times = [page.evaluate(ONE_EDIT, cells[k % len(cells)]) for k in range(WARM_UP + edits)][WARM_UP:]
        browser.close()
    if errors:
        print("console errors during the benchmark:", *errors, sep="\n  ", file=sys.stderr)
        return 1
    print(f"edit_latency_ms_median: {statistics.median(times):.1f}")
    print(f"edit_latency_ms_p95: {percentile(times, 0.95):.1f}")
    print(f"edit_count: {len(times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
