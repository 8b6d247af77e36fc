"""The first paint: every view and embed comes with its answer in the page and draws it before
the browser paints, so nothing on the screen moves afterwards (no layout shift, the figure
Lighthouse weighs a quarter of its score with) and no API round trip stands between the link
and its numbers. On a phone and on a laptop."""

from __future__ import annotations

import pytest

from app.web.views import PANELS, VIEWS

from .helpers import rendered, ringed, wait_until

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
    # The walk opens at its first pixel: it is ringed, and its outputs are the only ones filled in.
    assert page.get_by_test_id("position").inner_text() == "pixel 1 of 16"
    assert ringed(page) == ["x-0-0-0", "x-0-0-1", "x-0-0-2", "y-0-0-0", "y-0-0-1"]
    assert page.locator("[data-testid^=y-]:not(.pending)").count() == 2


def test_a_phones_first_screen_is_the_layer_with_its_play_and_the_settings_folded(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server_url + "/")
        wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
        fold = page.get_by_test_id("controls-fold")
        assert fold.get_attribute("aria-expanded") == "false" and not page.get_by_test_id("presets").is_visible()
        # Play, then x, W and y: the first cell of each starts on the first screen.
        top = lambda testid: page.get_by_test_id(testid).bounding_box()["y"]  # noqa: E731
        assert top("play") + page.get_by_test_id("play").bounding_box()["height"] <= 844
        assert all(top("play") < top(testid) < 844 for testid in ("x-0-0-0", "w-0-0", "y-0-0-0"))
        # A tap unfolds the settings, in place.
        fold.tap()
        assert fold.get_attribute("aria-expanded") == "true" and page.get_by_test_id("preset-seed_2x2").is_visible()
    finally:
        context.close()
