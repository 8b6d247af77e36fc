"""The lecture hall: the guided path walked with the keyboard alone, presentation mode, the keys, reduced motion, Share."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from app.i18n.catalog import translate
from app.state.spec import DIGITS
from app.web.guide import CHAPTERS
from app.web.views import VIEWS

from .helpers import address, type_into, wait_charted, wait_until

SCREENSHOTS = Path(os.environ.get("ONEBYONE_SCREENSHOTS", "/tmp/onebyone-screenshots"))


def chapter_number(page) -> int:
    return int(page.get_by_test_id("chapter").get_attribute("data-number"))


def wait_drawn(page) -> None:
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")


def position(page) -> str:
    return page.get_by_test_id("position").inner_text()


def test_a_keyboard_alone_walks_every_chapter_in_order(app_page, server_url):
    page = app_page
    page.goto(f"{server_url}/guide")
    page.keyboard.press("PageDown")  # what a presenter clicker sends
    for number in range(1, len(CHAPTERS) + 1):
        page.wait_for_url(re.compile(rf"chapter={number}\b"))
        wait_drawn(page)
        assert chapter_number(page) == number
        assert page.get_by_test_id("chapter-title").inner_text() == translate(f"guide.{number}.title")
        # The example shown is the one the chapter's text speaks of.
        expect(page.get_by_test_id("chapter-changed")).to_be_hidden()
        view = CHAPTERS[number - 1].view
        assert urlsplit(address(page)).path == VIEWS[view].path
        if view in ("mixer", "lab", "train"):
            before = position(page)
            # A walk that opens at its first step goes forward and back; a finished one back and forward.
            there, back = ("ArrowRight", "ArrowLeft") if page.get_by_test_id("step-back").is_disabled() else ("ArrowLeft", "ArrowRight")
            page.keyboard.press(there)
            wait_until(page, "p => document.querySelector('[data-testid=position]').textContent !== p", before)
            page.keyboard.press(back)
            wait_until(page, "p => document.querySelector('[data-testid=position]').textContent === p", before)
            page.keyboard.press(" ")
            wait_until(page, "() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'true'")
            page.keyboard.press(" ")
            wait_until(page, "() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false'")
        if number > 1:
            page.keyboard.press("PageUp")
            page.wait_for_url(re.compile(rf"chapter={number - 1}\b"))
            wait_drawn(page)
            page.keyboard.press("PageDown")
            page.wait_for_url(re.compile(rf"chapter={number}\b"))
            wait_drawn(page)
        page.keyboard.press("PageDown")
    page.wait_for_url(re.compile(r"/guide$"))


def test_a_chapter_says_when_its_text_no_longer_matches_the_example_and_gives_it_back(app_page, server_url):
    page = app_page
    notice = page.get_by_test_id("chapter-changed")
    page.goto(f"{server_url}/guide/1")
    wait_drawn(page)
    assert "W = [2, −1]" in page.get_by_test_id("chapter-prose").inner_text()
    expect(notice).to_be_hidden()
    type_into(page, "w-0-1", "3")  # W = [2, 3] now
    expect(notice).to_be_visible()
    assert notice.inner_text().startswith(translate("guide.changed"))
    type_into(page, "w-0-1", "-1")  # back to the text's numbers by hand
    expect(notice).to_be_hidden()
    type_into(page, "w-0-1", "3")
    page.get_by_test_id("chapter-restore").click()
    page.wait_for_url(re.compile(r"weight=2,-1\b"))
    wait_drawn(page)
    assert page.get_by_test_id("w-0-1").input_value() == "−1" and chapter_number(page) == 1
    expect(notice).to_be_hidden()
    # A hand-made link to a chapter with another example is told at once.
    page.goto(f"{server_url}/?chapter=3&seed=5")
    wait_drawn(page)
    expect(notice).to_be_visible()
    # The digits chapter asks for drawing: a drawing of one's own is its example still; another stride is not.
    ink = DIGITS.field("ink").default
    other_ink = ("B" if ink[0] == "A" else "A") + ink[1:]
    page.goto(f"{server_url}/digits?chapter=11&ink={other_ink}")
    wait_drawn(page)
    assert parse_qs(urlsplit(address(page)).query)["ink"] == [other_ink]
    expect(notice).to_be_hidden()
    page.goto(f"{server_url}/digits?chapter=11&stride=2")
    wait_drawn(page)
    expect(notice).to_be_visible()


def test_a_clicker_changes_chapter_as_soon_as_a_page_is_there_and_stays_presenting_after_the_last(app_page, server_url):
    page = app_page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server_url}/guide/1?present=1")
    for number in range(1, len(CHAPTERS) + 1):
        # Not waiting for the example, the charts or plotly.js: a clicker does not.
        page.wait_for_url(re.compile(rf"chapter={number}\b"), wait_until="commit")
        page.wait_for_load_state("domcontentloaded")
        page.keyboard.press("PageDown")
    page.wait_for_url(re.compile(r"/guide\?present=1$"))
    assert page.evaluate("document.documentElement.classList.contains('present')")
    assert page.evaluate("window.scrollY") == 0


def test_keys_stay_out_of_the_way_while_typing(app_page, server_url):
    page = app_page
    page.goto(f"{server_url}/guide/1")
    wait_drawn(page)
    page.get_by_test_id("seed-input").focus()
    page.keyboard.press("p")
    page.keyboard.press("ArrowRight")
    assert "present" not in page.evaluate("document.documentElement.className")
    assert "step" not in address(page)


def test_presentation_mode_is_large_minimal_kept_in_the_url_and_along_the_path(app_page, server_url):
    page = app_page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server_url}/guide/1")
    wait_drawn(page)
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.keyboard.press("p")
    wait_until(page, "() => document.documentElement.classList.contains('present')")
    assert parse_qs(urlsplit(address(page)).query)["present"] == ["1"]
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= normal * 1.3
    for hidden in ("controls",):
        assert not page.get_by_test_id(hidden).is_visible()
    assert page.get_by_test_id("mixer").is_visible() and not page.get_by_test_id("fc-twin").is_visible()
    assert page.get_by_test_id("present-toggle").get_attribute("aria-pressed") == "true"
    looks = "() => { const b = document.querySelector('[data-testid=present-toggle]'); return getComputedStyle(b).backgroundColor; }"
    pressed = page.evaluate(looks)
    assert pressed == page.evaluate("() => getComputedStyle(document.querySelector('.views a[aria-current=page]')).backgroundColor")  # the accent, as pressed
    page.keyboard.press("ArrowRight")  # from the first pixel, where the chapter opens, to the second
    wait_until(page, "() => new URLSearchParams(location.search).get('step') === '1'")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "present-chapter-1-1920x1080.png"))
    # The mode follows the reader along the path, and a reload keeps it.
    page.keyboard.press("PageDown")
    page.wait_for_url(re.compile(r"chapter=2\b"))
    assert "present=1" in address(page) and page.evaluate("document.documentElement.classList.contains('present')")
    page.reload()
    wait_drawn(page)
    assert page.evaluate("document.documentElement.classList.contains('present')")
    page.keyboard.press("p")
    wait_until(page, "() => !document.documentElement.classList.contains('present')")
    assert "present" not in address(page)
    assert page.get_by_test_id("controls").is_visible()


# What a presented chapter must show on one screen, measured in the page: the document, the
# chapter's column and its panel's column neither scroll nor spill, and (on a 1920px screen) no
# visible text, the SVG figures' scaled text and the FC matrix's labels included, is under 20px.
FIT = """(minText) => {
  const over = (el) => el ? [el.scrollHeight - el.clientHeight, el.scrollWidth - el.clientWidth] : [0, 0];
  const root = document.documentElement;
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !el || el.closest(".visually-hidden")) continue;
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) { const m = el.getScreenCTM(); size *= Math.hypot(m.a, m.b); }
    if (size < minText - 0.01) small.push(`${walker.currentNode.textContent.trim().slice(0, 24)} (${size.toFixed(1)}px)`);
  }
  const plot = document.querySelector('[data-testid="fc-plot"]');
  if (plot?.fc && plot.checkVisibility() && plot.fc.labelSize < minText) small.push(`FC matrix labels (${plot.fc.labelSize}px)`);
  return {
    document: [root.scrollHeight - innerHeight, root.scrollWidth - innerWidth],
    chapter: over(document.querySelector('[data-testid="chapter"]')),
    panel: over(document.querySelector("main")),
    // Inner scrollers (a wide table, a row of grids) must not hide anything either.
    scrollers: [...document.querySelectorAll("main *")].filter((el) => {
      const style = getComputedStyle(el);
      return /auto|scroll/.test(style.overflowX + style.overflowY) && el.checkVisibility() && Math.max(...over(el)) > 1;
    }).map((el) => el.dataset.testid || el.className),
    focusShown: document.querySelector(".panel.focus")?.checkVisibility() ?? false,
    small: [...new Set(small)].slice(0, 6),
  };
}"""

PROJECTORS = ((1920, 1080), (1280, 720))


def assert_one_screen(page, width: int, moment: str = "") -> dict:
    """FIT's checks a slide must pass at ``width``: the page, the panel and its scrollers hold still, and
    on a 1920px screen no text is under 20px. ``moment`` names the state in a failure. Returns the figures."""
    fit = page.evaluate(FIT, 20 if width >= 1920 else 0)
    said = f"{moment}: " if moment else ""
    assert fit["document"][0] <= 0 and fit["document"][1] <= 0, f"{said}the page scrolls: {fit['document']}"
    assert fit["panel"][0] <= 1 and fit["panel"][1] <= 1, f"{said}the panel does not fit the screen: {fit['panel']}"
    assert fit["scrollers"] == [], f"{said}parts of the panel scroll: {fit['scrollers']}"
    assert fit["small"] == [], f"{said}text under 20px: {fit['small']}"
    return fit


def open_presented(page, server_url: str, number: int, size: tuple[int, int]) -> None:
    """Chapter ``number`` in presentation mode on a ``size`` screen, drawn."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{server_url}/guide/{number}?present=1")
    wait_drawn(page)


@pytest.mark.parametrize(
    ("number", "size"),
    [pytest.param(c.number, size, id=f"chapter-{c.number}-{size[0]}x{size[1]}") for c in CHAPTERS for size in PROJECTORS],
)
def test_a_presented_chapter_is_one_screen_with_type_readable_from_the_back(app_page, server_url, number, size):
    page = app_page
    width, height = size
    open_presented(page, server_url, number, size)
    if CHAPTERS[number - 1].view == "cost":
        wait_charted(page)
    fit = assert_one_screen(page, width)
    assert fit["focusShown"], "the chapter's panel is shown"
    assert fit["chapter"][0] <= 1 and fit["chapter"][1] <= 1, f"the chapter's text does not fit its column: {fit['chapter']}"
    # The header is one row: the views and the tools beside the brand.
    assert page.locator(".site-header").bounding_box()["height"] <= 0.06 * height
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"present-chapter-{number}-{width}x{height}.png"))


# The lab's chapter tells the lecturer to try the conversion mistakes: each one, chosen on the slide,
# keeps it on one screen (SAME's ring makes the input 8×8 and the map 6×6).
LAB_CHAPTER = next(c.number for c in CHAPTERS if c.view == "lab")


@pytest.mark.parametrize(
    ("pitfall", "size"),
    [pytest.param(pitfall, size, id=f"{pitfall}-{size[0]}x{size[1]}") for pitfall in ("none", "order", "same", "bias") for size in PROJECTORS],
)
def test_each_conversion_mistake_chosen_on_the_lab_slide_stays_one_screen(app_page, server_url, pitfall, size):
    page = app_page
    width, height = size
    open_presented(page, server_url, LAB_CHAPTER, size)
    page.get_by_test_id(f"pitfall-{pitfall}").check()
    wait_until(page, "(v) => (new URLSearchParams(location.search).get('pitfall') || 'none') === v", pitfall)
    wait_until(page, "(v) => document.querySelector('[data-testid=pitfall-why]').textContent !== '' || v === 'none'", pitfall)
    page.mouse.move(0, 0)  # the slide as the room sees it, not the readout of a cell the pointer rests on
    # As chosen, then with the walk at its first position, its readout written out.
    for moment in ("chosen", "walking"):
        if moment == "walking":
            page.get_by_test_id("step-forward").click()
            wait_until(page, "() => !document.querySelector('[data-testid=slide-readout]').classList.contains('idle')")
            page.mouse.move(0, 0)
        assert_one_screen(page, width, moment)
    # Nothing runs past the panel's edge either (the check's verdict did).
    spill = page.evaluate("""() => {
      const edge = document.querySelector('.panel.focus').getBoundingClientRect().right + 1;
      return [...document.querySelectorAll('.panel.focus *')]
        .filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > edge).map((e) => e.className || e.tagName);
    }""")
    assert spill == [], f"past the panel's right edge: {spill}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"present-lab-pitfall-{pitfall}-{width}x{height}.png"))


def test_a_first_visit_is_offered_the_guided_path_until_the_reader_has_opened_it(app_page, server_url):
    page = app_page
    page.goto(f"{server_url}/")
    wait_drawn(page)
    offer = page.get_by_test_id("first-visit")
    expect(offer).to_be_visible()
    assert offer.bounding_box()["y"] + offer.bounding_box()["height"] < 200  # in the header, on the first screen
    page.goto(f"{server_url}/lab")
    wait_drawn(page)
    assert page.get_by_test_id("first-visit").count() == 0  # the channel mixer's only: the page a newcomer lands on
    page.goto(f"{server_url}/?lang=ko")
    wait_drawn(page)
    page.get_by_test_id("first-visit").click()
    page.wait_for_url(re.compile(r"chapter=1\b"))
    assert "lang=ko" in address(page) and chapter_number(page) == 1
    page.goto(f"{server_url}/")
    wait_drawn(page)
    expect(page.get_by_test_id("first-visit")).to_be_hidden()


def test_question_mark_lists_the_keys_and_escape_closes_it(app_page, server_url):
    page = app_page
    page.goto(f"{server_url}/lab")
    wait_drawn(page)
    page.keyboard.press("?")
    dialog = page.get_by_test_id("keys-dialog")
    assert dialog.is_visible()
    text = dialog.inner_text()
    for key in ("PageUp", "PageDown", "Space", "f", "p", "?", "Esc"):
        assert key in text
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.get_by_test_id("keys-open").focus()
    page.keyboard.press("Enter")
    assert dialog.is_visible()
    page.keyboard.press("?")
    assert not dialog.is_visible()


def test_f_asks_for_full_screen(app_page, server_url):
    page = app_page
    page.goto(f"{server_url}/")
    wait_drawn(page)
    page.keyboard.press("f")
    # Headless browsers may refuse; then the page says so instead of failing silently.
    wait_until(page, "() => !!document.fullscreenElement || !document.querySelector('[data-testid=toast]').hidden")
    if page.evaluate("!!document.fullscreenElement"):
        page.keyboard.press("f")
        wait_until(page, "() => !document.fullscreenElement")


@pytest.mark.parametrize(("motion", "duration"), [("no-preference", "0.15s"), ("reduce", "0s")])
def test_reduced_motion_turns_tweens_into_steps(app_page, server_url, motion, duration):
    page = app_page
    page.emulate_media(reduced_motion=motion)
    page.goto(f"{server_url}/?step=1")
    wait_drawn(page)
    assert page.evaluate("getComputedStyle(document.querySelector('.walk-ring')).transitionDuration").split(",")[0] == duration


def test_share_gives_the_link_and_an_iframe_of_the_chosen_panel_and_theme(app_page, server_url):
    page = app_page
    page.goto(f"{server_url}/?h=2&w=2&cin=2&cout=1&chapter=1")
    wait_drawn(page)
    type_into(page, "w-0-1", "7")
    page.get_by_test_id("share-open").click()
    dialog = page.get_by_test_id("share-dialog")
    assert dialog.is_visible()
    link = page.get_by_test_id("share-link").input_value()
    assert link == address(page) and "weight=" in link and ",7" in link
    snippet = page.get_by_test_id("share-snippet").input_value()
    src = re.search(r'<iframe src="([^"]+)"', snippet).group(1).replace("&amp;", "&")
    assert src.startswith(f"{server_url}/embed/mixer?") and ",7" in src and "chapter" not in src
    page.get_by_test_id("share-panel-fc").check()
    page.get_by_test_id("share-theme-dark").check()
    snippet = page.get_by_test_id("share-snippet").input_value()
    assert f"{server_url}/embed/fc?" in snippet and "theme=dark" in snippet and 'title="One by One: FC twin"' in snippet
    assert f'e.origin==="{server_url}"' in page.get_by_test_id("share-host").input_value()
    # The preview is the embed itself, framed by the site (allowed for embeds only).
    preview = page.frame_locator('[data-testid="share-preview"]')
    expect(preview.locator('[data-testid="fc-twin"]')).to_be_visible()
    expect(preview.locator("html")).to_have_attribute("data-theme", "dark")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


def test_the_share_snippet_is_as_tall_as_its_embed_in_a_700px_column(app_page, server_url):
    """A host that strips scripts shows the iframe at the snippet's height: measured for this very example."""
    page = app_page
    query = "h=6&w=6&cin=4&cout=3&seed=3"
    page.goto(f"{server_url}/?{query}")
    wait_drawn(page)
    page.get_by_test_id("share-open").click()
    snippet = page.get_by_test_id("share-snippet")
    expect(snippet).to_have_attribute("data-measured", "true")
    declared = int(re.search(r'height="(\d+)"', snippet.input_value()).group(1))
    src = re.search(r'src="([^"]+)"', snippet.input_value()).group(1).replace("&amp;", "&")
    page.set_viewport_size({"width": 700, "height": 800})
    page.goto(src)
    wait_drawn(page)
    content = page.evaluate("Math.ceil(document.querySelector('[data-testid=embed-root]').getBoundingClientRect().height)")
    assert declared == content, (declared, content)
    assert content > 1400  # six rows of grids: far taller than the default example's 1,110px


def test_share_offers_the_pages_own_theme_first(app_page, server_url):
    # A reader on the dark page shares a dark embed unless they choose otherwise.
    app_page.goto(f"{server_url}/?theme=dark")
    wait_drawn(app_page)
    app_page.get_by_test_id("share-open").click()
    assert app_page.get_by_test_id("share-theme-dark").is_checked()
    assert "theme=dark" in app_page.get_by_test_id("share-snippet").input_value()
    app_page.get_by_test_id("share-theme-light").check()
    # Named even when light: an embed that names none follows its reader's system.
    assert "theme=light" in app_page.get_by_test_id("share-snippet").input_value()


def test_the_theme_follows_the_system_until_the_reader_picks_one_and_a_link_that_names_one_wins(browser, server_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    theme = "document.documentElement.dataset.theme"
    paper = "getComputedStyle(document.body).backgroundColor"
    toggle = page.get_by_test_id("theme-toggle")
    page.goto(f"{server_url}/")
    wait_drawn(page)
    light_paper = "rgb(244, 243, 248)"
    assert page.evaluate(theme) == "dark" and page.evaluate(paper) != light_paper and toggle.get_attribute("aria-pressed") == "true"
    page.emulate_media(color_scheme="light")  # the system changes while the page is open
    wait_until(page, "() => document.documentElement.dataset.theme === 'light'")
    assert toggle.get_attribute("aria-pressed") == "false"
    page.emulate_media(color_scheme="dark")
    wait_until(page, "() => document.documentElement.dataset.theme === 'dark'")
    # The reader's choice beats the system's, on every page, after a reload too; the link stays as it was.
    toggle.click()
    assert page.evaluate(theme) == "light" and page.evaluate(paper) == light_paper
    page.reload()
    wait_drawn(page)
    assert page.evaluate(theme) == "light" and "theme=" not in address(page)
    page.goto(f"{server_url}/guide")
    assert page.evaluate(theme) == "light"
    # A link that names its theme wins over both, and the toggle rewrites it.
    page.goto(f"{server_url}/?theme=dark")
    wait_drawn(page)
    assert page.evaluate(theme) == "dark"
    toggle.click()
    assert page.evaluate(theme) == "light" and "theme=light" in address(page)
    context.close()
