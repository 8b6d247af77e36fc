"""The first paint: every view and embed comes with its answer in the page and draws it before
the browser paints, so nothing on the screen moves afterwards (no layout shift, the figure
Lighthouse weighs a quarter of its score with) and no API round trip stands between the link
and its numbers. On a phone and on a laptop."""

from __future__ import annotations

import pytest

from app.web.views import PANELS, VIEWS

from .helpers import rendered, wait_until

PAGES = {
    **{view.key: view.path for view in VIEWS.values()},
    **{f"embed-{key}": f"/embed/{key}" for key in PANELS},
    "mixer-8x8x8-at-a-step": "/?h=8&w=8&cin=8&cout=8&step=5",
    "lab-presented": "/lab?present=1",
    "digits-chinese": "/digits?lang=zh",
}
SIZES = {"phone": (390, 844), "laptop": (1280, 720)}

# Every layout shift since the page began (buffered), summed as Lighthouse's CLS does within a session.
SHIFTED = """() => new Promise((resolve) => {
  const entries = [];
  new PerformanceObserver((list) => entries.push(...list.getEntries())).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(entries.filter((e) => !e.hadRecentInput).map((e) => ({
    value: e.value,
    moved: e.sources.map((s) => s.node?.dataset?.testid || s.node?.className || s.node?.nodeName || "?"),
  }))), 300);
})"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_the_first_paint_shows_the_answer_and_nothing_moves_after_it(app_page, server_url, name, size):
    page = app_page
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    asked = []
    listen = lambda request: asked.append(request.url) if "/api/" in request.url else None  # noqa: E731
    page.on("request", listen)
    page.goto(server_url + PAGES[name])
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
    page.wait_for_load_state("load")
    shifts = page.evaluate(SHIFTED)
    page.remove_listener("request", listen)
    assert rendered(page) == 1
    assert asked == [], "the page's own answer was not used"
    assert sum(s["value"] for s in shifts) < 0.01, shifts


def test_a_laptops_first_screen_has_play_above_the_layer_it_walks(app_page, server_url):
    page = app_page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server_url + "/")
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
    box = lambda testid: page.get_by_test_id(testid).bounding_box()  # noqa: E731
    play = box("play")
    assert play["y"] + play["height"] <= 900
    # Under it, the first rows of x, all of W and b, and the first rows of y, on the same screen.
    for testid in ("x-1-3-0", "w-1-2", "b-1", "y-1-3-0"):
        cell = box(testid)
        assert play["y"] < cell["y"] and cell["y"] + cell["height"] <= 900, testid
