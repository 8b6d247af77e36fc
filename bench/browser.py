"""Browser benchmarks of One by One, in Chromium against a running server.

- Edit latency: nudge cells with ArrowUp (each edit a state never seen before, so
  neither the server's cache nor the HTTP cache helps) and time, inside the page,
  from the key event to the first animation frame after every view shows the new
  example: the views drawing the answer (body[data-rendered]) and the Code panel,
  which fetches its script alongside (its data-loaded).
- Playback: long tasks (over 50 ms) while the largest example's animation plays.
- First load: bytes on the wire (compressed) and requests, cold cache, until the
  example is drawn; for the mixer and for the cost lab (the one view with plotly.js).
- Time to interactive: cold load to the example drawn with its first cell focusable.

Usage: python bench/browser.py BASE_URL ; prints `name: value` lines.
Settings: BENCH_EDITS (120 edits per size).
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
LARGEST = "h=8&w=8&cin=8&cout=8"
PLAYBACK_SECONDS = 10

# Resolves to [ms until every view drawing the answer has painted, ms until the Code panel
# (which fetches its script once the answer is in) shows the new script].
ONE_EDIT = """(testid) => new Promise((resolve) => {
  const cell = document.querySelector(`[data-testid="${testid}"]`);
  const code = document.querySelector('[data-testid="code"]');
  cell.focus();
  const before = document.body.dataset.rendered;
  const codeBefore = code ? code.dataset.loaded : null;
  const started = performance.now();
  let drawn = null;
  let scripted = code ? null : 0;
  const finish = () => { if (drawn !== null && scripted !== null) resolve([drawn, scripted]); };
  const observer = new MutationObserver(() => {
    if (drawn === null && document.body.dataset.rendered !== before) {
      requestAnimationFrame(() => { drawn = performance.now() - started; finish(); });
    }
    if (scripted === null && code && code.dataset.loaded !== codeBefore) {
      requestAnimationFrame(() => { scripted = performance.now() - started; finish(); });
    }
  });
  observer.observe(document.body, { attributes: true, subtree: true, attributeFilter: ["data-rendered", "data-loaded"] });
  cell.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp", bubbles: true }));
})"""

# Installed before any page script: records long tasks and the moment the example is first drawn.
OBSERVE = """
window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
  .observe({ type: "longtask", buffered: true });
new MutationObserver((_, observer) => {
  if (!document.body || !document.body.dataset.rendered) return;
  const cell = document.querySelector('[data-testid="w-0-0"]');
  if (cell && cell.tabIndex >= 0) { window.__interactiveAt = performance.now(); observer.disconnect(); }
}).observe(document, { attributes: true, subtree: true, childList: true });
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Session:
    """One Chromium; every measurement gets a fresh context (a cold cache) and fails on console errors."""

    def __init__(self, playwright, base: str):
        executable = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
        self.browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        self.base = base
        self.errors: list[str] = []

    def page(self):
        context = self.browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.add_init_script(OBSERVE)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def edit_latency(self, query: str, edits: int) -> tuple[list[float], list[float]]:
        page = self.page()
        page.goto(f"{self.base}/{'?' + query if query else ''}")
        page.wait_for_selector('[data-testid="w-0-0"]')
        page.wait_for_timeout(500)
        cells = [c for c in CELLS if page.locator(f'[data-testid="{c}"]').count()]
        times = [page.evaluate(ONE_EDIT, cells[k % len(cells)]) for k in range(WARM_UP + edits)][WARM_UP:]
        page.context.close()
        return [max(drawn, scripted) for drawn, scripted in times], [scripted for _, scripted in times]

    def playback_long_tasks(self) -> list[float]:
        page = self.page()
        page.goto(f"{self.base}/?{LARGEST}")
        page.wait_for_selector('[data-testid="w-0-0"]')
        page.select_option('[data-testid="speed"]', "350")
        page.click('[data-testid="step-back"]')  # from the first pixel
        assert page.evaluate('() => PerformanceObserver.supportedEntryTypes.includes("longtask")'), "no long-task timing in this browser"
        page.evaluate("() => { window.__longTasks = []; }")
        page.click('[data-testid="play"]')
        page.wait_for_timeout(PLAYBACK_SECONDS * 1000)
        tasks = page.evaluate("() => window.__longTasks")
        page.context.close()
        return tasks

    def first_load(self, path: str) -> tuple[int, int, bool, float]:
        """Bytes on the wire, requests, whether plotly.js came, time to interactive (ms)."""
        page = self.page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        sizes: dict[str, int] = {}
        urls: dict[str, str] = {}
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
        page.goto(self.base + path)
        page.wait_for_function("() => Number(document.body.dataset.rendered || 0) > 0")
        page.wait_for_load_state("networkidle")
        interactive = page.evaluate("() => window.__interactiveAt ?? null")
        page.context.close()
        plotly = any("/vendor/plotly" in url for url in urls.values())
        return sum(sizes.values()), len(sizes), plotly, interactive


def main() -> int:
    base = sys.argv[1].rstrip("/")
    edits = int(os.environ.get("BENCH_EDITS", "120"))
    with sync_playwright() as playwright:
        session = Session(playwright, base)
        default, default_code = session.edit_latency("", edits)
        largest, _ = session.edit_latency(LARGEST, edits)
        long_tasks = session.playback_long_tasks()
        mixer_bytes, mixer_requests, plotly_on_mixer, _ = session.first_load("/")
        cost_bytes, _, _, _ = session.first_load("/cost")
        interactive = [session.first_load("/")[3] for _ in range(5)]
        session.browser.close()
    if session.errors:
        print("console errors during the benchmark:", *session.errors, sep="\n  ", file=sys.stderr)
        return 1
    print(f"edit_latency_ms_median: {statistics.median(default):.1f}")
    print(f"edit_latency_ms_p95: {percentile(default, 0.95):.1f}")
    print(f"edit_count: {len(default)}")
    print(f"edit_to_code_ms_median: {statistics.median(default_code):.1f}")
    print(f"edit_latency_max_ms_median: {statistics.median(largest):.1f}")
    print(f"edit_latency_max_ms_p95: {percentile(largest, 0.95):.1f}")
    print(f"long_tasks_over_50ms: {sum(1 for t in long_tasks if t > 50)}")
    print(f"long_task_max_ms: {max(long_tasks, default=0.0):.1f}")
    print(f"first_load_bytes: {mixer_bytes}")
    print(f"first_load_requests: {mixer_requests}")
    print(f"first_load_bytes_cost: {cost_bytes}")
    print(f"plotly_on_mixer: {int(plotly_on_mixer)}")
    print(f"time_to_interactive_ms: {statistics.median(interactive):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
