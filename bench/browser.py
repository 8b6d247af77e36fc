"""Browser benchmarks of One by One, in Chromium against a running server.

- Edit latency: in a 1440×900 window (the Code panel below the fold, so it is not
  fetched; bench/README.md), and again in a 1440×3600 one where every view, the Code
  panel's script included, is on screen and redrawn: press ArrowUp in a number cell
  (a real key press, through the DevTools protocol, 100 ms after the cell took the focus; and
  40 edits pressed one frame after it, as edit_after_focus) and time, inside the page, from the key event's timestamp to
  the end of the first frame after every view on the screen has drawn the server's
  answer (body[data-shown] changes only then; views off the screen draw after that frame). Every edit is a state never seen
  before: a random value typed during the warm-up makes the run's states new to
  the server's cache, and each edit raises the sum of the numbers by 1.
- The floor under an edit, after each edit on the same page: a key press that fetches
  `/healthz` and waits for the end of the next frame.
- Playback: long tasks (over 50 ms) while the largest example's animation walks
  through all its pixels at the fastest speed.
- Digits: strokes on the digits strip (real mouse drags, a new drawing each), timed from
  the pen's lifting to the end of the frame showing the score map for that drawing, and
  the long tasks meanwhile.
- First load: bytes on the wire (compressed, headers included) and requests, cold
  cache, until the example is drawn and the network is idle; for the mixer and for
  the cost lab (whose charts fetch plotly.js when they come near the screen, so not here).
- Time to interactive: navigation start to the end of the frame where the example
  is drawn and its first cell editable, cold cache, median of 5 fresh contexts.

Usage: python bench/browser.py BASE_URL ; prints `name: value` lines on stdout.
Settings: BENCH_EDITS (120 edits per size), BENCH_STROKES (40 strokes). Exits 1 on any console error.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
# Weights, inputs and biases, so each view's in-place update gets exercised.
CELLS = ["w-0-0", "w-0-1", "w-1-2", "x-0-0-0", "b-1", "w-1-0", "x-1-2-1", "b-0", "w-0-2", "x-3-3-2"]
WARM_UP = 5
# A reader's key press comes well after the focus reached the cell (a hand goes from Tab or the
# mouse to an arrow key), and the floor is measured on a settled page: so is an edit, SETTLE_MS
# after its cell took the focus. A focus move has work of its own that runs after its frame: the
# views' highlights off the screen, and in Chromium ~20 ms of CPU on the browser's thread
# pool (autofill reading the page's inputs, in a trace). Edits pressed one frame after the focus
# moved meet that work; they are measured too, as edit_after_focus.
SETTLE_MS = 100
AFTER_FOCUS_EDITS = 40
LARGEST = "h=8&w=8&cin=8&cout=8"
WINDOW = {"width": 1440, "height": 900}
EVERYTHING_ON_SCREEN = {"width": 1440, "height": 3600}
INTERACTIVE_LOADS = 5
TIMEOUT_S = 30

# Calls `then` at the end of the next frame: its animation-frame callbacks run first, then
# a message task, which runs once that frame's style, layout, paint and commit are done
# (timing the callback alone would stop the clock before the frame is drawn).
FRAME_END = """
window.__afterNextFrame = (then) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = then;
  channel.port2.postMessage(null);
});
"""

# Installed before any page script: long tasks, and the moment the example is first
# drawn with its first cell editable (ms since navigation start).
OBSERVE = (
    FRAME_END
    + """
window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
  .observe({ type: "longtask", buffered: true });
new MutationObserver((_, observer) => {
  if (!document.body || Number(document.body.dataset.rendered || 0) < 1) return;
  const cell = document.querySelector('[data-testid="w-0-0"]');
  if (!cell || cell.tabIndex < 0 || cell.disabled || cell.readOnly) return;
  observer.disconnect();
  window.__afterNextFrame(() => { window.__interactiveAt = performance.now(); });
}).observe(document, { attributes: true, subtree: true, childList: true });
"""
)

# Focus a cell and let the page settle from it outside the timing: `settle` ms, then the end of
# the next frame (with `settle` 0, only that frame). Then wait for the next key press there and
# resolve window.__edit with ms from that key event to the end of the frame showing the answer.
ARM_EDIT = """([testid, settle]) => new Promise((armed) => {
  const cell = document.querySelector(`[data-testid="${testid}"]`);
  if (document.activeElement !== cell) cell.focus();
  if (settle > 0) setTimeout(() => window.__afterNextFrame(armed), settle);
  else window.__afterNextFrame(armed);
  const before = document.body.dataset.shown;
  window.__edit = new Promise((resolve, reject) => {
    let pressedAt = null;
    const timeout = setTimeout(() => reject(new Error(`no answer drawn for an edit of ${testid}`)), 10000);
    const observer = new MutationObserver(() => {
      if (pressedAt === null || document.body.dataset.shown === before) return;
      observer.disconnect();
      const error = document.querySelector('[data-testid="error"]');
      if (error && !error.hidden) reject(new Error(`the edit of ${testid} was not answered: ${error.textContent.trim()}`));
      window.__afterNextFrame(() => { clearTimeout(timeout); resolve(performance.now() - pressedAt); });
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-shown"] });
    cell.addEventListener("keydown", (event) => { pressedAt = event.timeStamp; }, { once: true, capture: true });
  });
})"""


# The floor under an edit, measured on the same page between its edits: a key press that asks
# the server for /healthz (no work, not cached) and waits for the end of the next frame. It is
# armed on a settled page, the edit's address written and 50 ms gone by, so that no work
# left over from the edit (the address, the tab's icon) is counted in the floor.
ARM_BASELINE = """() => new Promise((armed) => {
  document.activeElement?.blur();
  const settled = () => ("addressPending" in document.body.dataset ? setTimeout(settled, 5) : setTimeout(() => window.__afterNextFrame(armed), 50));
  settled();
  window.__edit = new Promise((resolve) => {
    document.addEventListener("keydown", (event) => {
      const pressedAt = event.timeStamp;
      fetch("/healthz", { cache: "no-store" })
        .then((response) => response.text())
        .then(() => window.__afterNextFrame(() => resolve(performance.now() - pressedAt)));
    }, { once: true, capture: true });
  });
})"""


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def wait_until(page, expression: str, timeout: float = TIMEOUT_S) -> None:
    """Poll a JS expression through the DevTools protocol (the app's CSP forbids eval in the page)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for: {expression}")
        time.sleep(0.02)


def rendered(page) -> int:
    """How many answers the page has drawn (body[data-rendered])."""
    return int(page.evaluate("() => Number(document.body.dataset.rendered || 0)"))


class Session:
    """One Chromium; every measurement gets a fresh context (a cold cache) and records console errors."""

    def __init__(self, playwright, base: str):
        executable = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
        self.browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        self.base = base
        self.errors: list[str] = []

    def page(self, viewport: dict = WINDOW):
        context = self.browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_S * 1000)
        page.add_init_script(OBSERVE)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def open_drawn(self, query: str, viewport: dict = WINDOW):
        page = self.page(viewport)
        page.goto(f"{self.base}/{'?' + query if query else ''}")
        wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0 && !!document.querySelector('[data-testid=\"y-0-0-0\"]')")
        return page

    def edit_latency(self, query: str, edits: int, viewport: dict = WINDOW, baseline: list[float] | None = None, settle_ms: int = SETTLE_MS) -> list[float]:
        """Times of ``edits`` edits, each armed ``settle_ms`` after its cell took the focus; with ``baseline``,
        a bare request's time after each edit is appended to it."""
        page = self.open_drawn(query, viewport)
        code_on_screen = page.evaluate("() => document.querySelector('[data-testid=\"code\"]').getBoundingClientRect().top < innerHeight")
        if code_on_screen != (viewport == EVERYTHING_ON_SCREEN):
            raise RuntimeError(f"the Code panel is {'' if code_on_screen else 'not '}on screen at {viewport}")
        # A value no earlier run has used: from here on, every state is new to the server.
        before = rendered(page)
        page.fill('[data-testid="b-1"]', f"{random.uniform(-9, 9):.4f}")
        page.press('[data-testid="b-1"]', "Enter")
        wait_until(page, f"() => Number(document.body.dataset.rendered || 0) > {before}")
        times = []
        for k in range(WARM_UP + edits):
            page.evaluate(ARM_EDIT, [CELLS[k % len(CELLS)], settle_ms])
            page.keyboard.press("ArrowUp")
            times.append(page.evaluate("() => window.__edit"))
            if baseline is not None:
                page.evaluate(ARM_BASELINE)
                page.keyboard.press("Shift")
                if k >= WARM_UP:
                    baseline.append(page.evaluate("() => window.__edit"))
        page.context.close()
        return times[WARM_UP:]

    def playback_long_tasks(self) -> list[float]:
        """Long tasks while Play walks the largest example through every pixel at the fastest speed."""
        page = self.open_drawn(LARGEST)
        if not page.evaluate('() => PerformanceObserver.supportedEntryTypes.includes("longtask")'):
            raise RuntimeError("no long-task timing in this browser")
        fastest = page.evaluate("""() => [...document.querySelectorAll('[data-testid="speed"] option')]
            .map((o) => o.value).sort((a, b) => Number(a) - Number(b))[0]""")
        page.select_option('[data-testid="speed"]', fastest)
        total = page.evaluate("() => Number(document.querySelector('[data-testid=\"scrub\"]').max)")
        page.evaluate("() => { window.__longTasks = []; }")
        playing = "() => document.querySelector('[data-testid=\"play\"]').getAttribute('aria-pressed') === 'true'"
        page.click('[data-testid="play"]')  # from "all done", Play starts at the first pixel
        wait_until(page, playing)
        wait_until(page, f"() => !({playing})()", timeout=total * int(fastest) / 1000 + TIMEOUT_S)
        done = page.evaluate("() => Number(document.querySelector('[data-testid=\"scrub\"]').value)")
        if done != total:
            raise RuntimeError(f"the walk stopped at step {done} of {total}")
        tasks = page.evaluate("() => window.__longTasks")
        page.context.close()
        return tasks

    def digits_strokes(self, strokes: int) -> tuple[list[float], list[float]]:
        """Pen-up to map-drawn times of ``strokes`` short strokes on an empty strip, and the long tasks meanwhile."""
        page = self.page()
        page.goto(f"{self.base}/digits")
        wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
        before = rendered(page)
        page.click('[data-testid="preset-digits_blank"]')
        wait_until(page, f"() => Number(document.body.dataset.rendered || 0) > {before}")
        page.evaluate(ARM_STROKES)
        page.evaluate("() => { window.__longTasks = []; }")
        box = page.locator('[data-testid="digits-canvas"]').bounding_box()
        unit = box["width"] / 160
        for k in range(strokes):
            column = 6 + (k * 7) % 148  # a new place each time, so every drawing is new to the server
            page.mouse.move(box["x"] + column * unit, box["y"] + 4 * unit)
            page.mouse.down()
            for row in range(4, 29, 3):  # a pen moving down, a move every 3 points
                page.mouse.move(box["x"] + (column + row / 8) * unit, box["y"] + row * unit)
            page.mouse.up()
            wait_until(page, f"() => window.__strokes.length > {k}")
        times, tasks = page.evaluate("() => window.__strokes"), page.evaluate("() => window.__longTasks")
        page.context.close()
        return times, tasks

    def first_load(self, path: str) -> tuple[int, int, bool, float]:
        """Bytes on the wire, requests, whether plotly.js came, and ms from navigation to interactive."""
        page = self.page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        sizes: dict[str, int] = {}
        urls: dict[str, str] = {}
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
        page.goto(self.base + path)
        wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
        page.wait_for_load_state("networkidle")
        interactive = page.evaluate("() => window.__interactiveAt ?? null")
        page.context.close()
        plotly = any("/vendor/plotly" in url for url in urls.values())
        return sum(sizes.values()), len(urls), plotly, interactive


# Times each stroke on the digits strip: from the pen's lifting (pointerup) to the end of the
# frame that shows the map for that drawing (the address holds the drawing last sent once
# its answer is drawn).
ARM_STROKES = """() => {
  const canvas = document.querySelector('[data-testid="digits-canvas"]');
  window.__strokes = [];
  canvas.addEventListener("pointerup", (event) => {
    const liftedAt = event.timeStamp;
    const check = () => {
      if (new URLSearchParams(location.search).get("ink") === canvas.dataset.sent) {
        window.__afterNextFrame(() => window.__strokes.push(performance.now() - liftedAt));
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  });
}"""


def main() -> int:
    base = sys.argv[1].rstrip("/")
    edits = int(os.environ.get("BENCH_EDITS", "120"))
    with sync_playwright() as playwright:
        session = Session(playwright, base)
        baseline: list[float] = []
        default = session.edit_latency("", edits, baseline=baseline)
        everything = session.edit_latency("", edits, EVERYTHING_ON_SCREEN)
        largest = session.edit_latency(LARGEST, edits)
        after_focus = session.edit_latency("", AFTER_FOCUS_EDITS, settle_ms=0)
        long_tasks = session.playback_long_tasks()
        strokes, stroke_tasks = session.digits_strokes(int(os.environ.get("BENCH_STROKES", "40")))
        mixer_bytes, mixer_requests, plotly_on_mixer, _ = session.first_load("/")
        cost_bytes, _, _, _ = session.first_load("/cost")
        interactive = [session.first_load("/")[3] for _ in range(INTERACTIVE_LOADS)]
        session.browser.close()
    if session.errors:
        print("console errors during the benchmark:", *session.errors, sep="\n  ", file=sys.stderr)
        return 1
    if None in interactive:
        print("the mixer never became interactive on a cold load", file=sys.stderr)
        return 1
    print(f"edit_latency_ms_median: {statistics.median(default):.1f}")
    print(f"edit_latency_ms_p95: {percentile(default, 0.95):.1f}")
    print(f"edit_count: {len(default)}")
    print(f"edit_baseline_ms_median: {statistics.median(baseline):.1f}")
    print(f"edit_baseline_ms_p95: {percentile(baseline, 0.95):.1f}")
    print(f"edit_over_baseline_ms_median: {statistics.median(default) - statistics.median(baseline):.1f}")
    print(f"edit_over_baseline_ms_p95: {percentile(default, 0.95) - percentile(baseline, 0.95):.1f}")
    print(f"edit_after_focus_ms_median: {statistics.median(after_focus):.1f}")
    print(f"edit_after_focus_ms_p95: {percentile(after_focus, 0.95):.1f}")
    print(f"edit_latency_all_views_ms_median: {statistics.median(everything):.1f}")
    print(f"edit_latency_all_views_ms_p95: {percentile(everything, 0.95):.1f}")
    print(f"edit_latency_max_ms_median: {statistics.median(largest):.1f}")
    print(f"edit_latency_max_ms_p95: {percentile(largest, 0.95):.1f}")
    print(f"long_tasks_over_50ms: {sum(1 for t in long_tasks if t > 50)}")
    print(f"long_task_max_ms: {max(long_tasks, default=0.0):.1f}")
    print(f"digits_stroke_to_map_ms_median: {statistics.median(strokes):.1f}")
    print(f"digits_stroke_to_map_ms_p95: {percentile(strokes, 0.95):.1f}")
    print(f"digits_long_tasks_over_50ms: {sum(1 for t in stroke_tasks if t > 50)}")
    print(f"first_load_bytes: {mixer_bytes}")
    print(f"first_load_requests: {mixer_requests}")
    print(f"first_load_bytes_cost: {cost_bytes}")
    print(f"plotly_on_mixer: {int(plotly_on_mixer)}")
    print(f"time_to_interactive_ms: {statistics.median(interactive):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
