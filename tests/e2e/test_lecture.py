"""The lecture hall: the guided path walked with the keyboard alone, presentation mode, the keys, reduced motion, Share."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from app.i18n.catalog import translate
from app.web.guide import CHAPTERS
from app.web.views import VIEWS

from .helpers import address, type_into, wait_until

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
        view = CHAPTERS[number - 1].view
        assert urlsplit(address(page)).path == VIEWS[view].path
        if view in ("mixer", "lab", "train"):
            before = position(page)
            page.keyboard.press("ArrowLeft")
            wait_until(page, "p => document.querySelector('[data-testid=position]').textContent !== p", before)
            page.keyboard.press("ArrowRight")
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
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
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


def test_presentation_mode_fits_a_1280x720_projector(app_page, server_url):
    page = app_page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server_url}/guide/3?present=1")
    wait_drawn(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # LeCun's whole layer (input, W, b, output) is on screen without scrolling.
    box = page.get_by_test_id("output-grids").bounding_box()
    assert box["y"] + box["height"] <= 720
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "present-chapter-3-1280x720.png"))


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
    assert page.evaluate("getComputedStyle(document.querySelector('.cell.current')).transitionDuration").split(",")[0] == duration


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
