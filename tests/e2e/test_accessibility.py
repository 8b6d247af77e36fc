"""axe-core on every page a reader can open: each view, the guide and its chapters, every
embed, in the light and the dark theme, and in the states that add markup (the mixer in
the middle of its walk-through, an error banner, the lab's pitfalls, the dialogs). Each view
in Chinese and Korean is checked where test_languages reads its words.
Serious and critical violations fail; the message names each rule, its impact and the
elements it found."""

from __future__ import annotations

import pytest

from app.web.guide import CHAPTERS, chapter_href
from app.web.views import PANELS, VIEWS
from tests.e2e.helpers import assert_accessible, blocking_violations, wait_settled, wait_until

pytestmark = pytest.mark.e2e

THEMES = ["light", "dark"]
FIRST_OF_EACH_VIEW = {min(c.number for c in CHAPTERS if c.view == view) for view in {c.view for c in CHAPTERS}}

VIEW_PAGES = [view.path for view in VIEWS.values()] + ["/guide"]
PAGES = (
    VIEW_PAGES
    # A chapter adds its bar and card to its view: one chapter of each view (1, 5, 6, 9) is enough.
    + [chapter_href("", chapter) for chapter in CHAPTERS if chapter.number in FIRST_OF_EACH_VIEW]
    + [f"/embed/{key}" for key in PANELS]
    # States with markup of their own: every lab pitfall (wrong and missing outputs), mid-slide.
    + ["/lab?pitfall=order", "/lab?pitfall=same&step=3", "/lab?pitfall=bias", "/embed/lab?pitfall=same&step=5"]
    # The mixer drawn as volumes, mid-walk: the column, its values and the filters' lines.
    + ["/?look=volume&step=5"]
)


def with_theme(path: str, theme: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}theme={theme}" if theme != "light" else path


def theme_cases(paths: list[str], dark: set[str]) -> list[tuple[str, str]]:
    """Every path in the light theme; in the dark one, the paths in ``dark``. The dark theme
    changes colours only, so one page of each kind of markup checks its contrast: a chapter or
    an embed is its view's markup again with the same colours."""
    return [(path, "light") for path in paths] + [(path, "dark") for path in paths if path in dark]


# In the dark theme: each view with the most it draws (the lab mid-slide with a pitfall), the
# guide, one chapter (its bar and card) and one embed (its footer); their states and dialogs below.
DARK = {"/", "/?look=volume&step=5", "/lab?pitfall=same&step=3", "/cost", "/guide", chapter_href("", CHAPTERS[0]), "/embed/fc", *VIEW_PAGES}


@pytest.mark.parametrize(("path", "theme"), theme_cases(PAGES, DARK))
def test_no_serious_or_critical_violations(app_page, server_url, path, theme):
    page = app_page
    page.goto(server_url + with_theme(path, theme))
    wait_settled(page)
    assert_accessible(page, f"{path} ({theme})")


@pytest.mark.parametrize("theme", THEMES)
def test_the_mixer_in_the_middle_of_its_walk_through(app_page, server_url, theme):
    page = app_page
    page.goto(server_url + with_theme("/", theme))
    wait_settled(page)
    for _ in range(2):  # from the first pixel, where the walk opens, to the third
        page.get_by_test_id("step-forward").click()
    wait_until(page, "() => document.querySelector('[data-testid=position]').textContent.includes('3')")
    # Pending outputs, the current pixel, the arithmetic and the FC matrix's row band are all on screen.
    assert page.locator(".cell.pending").count() > 0 and page.locator(".walk-ring:not([hidden])").count() > 0
    page.get_by_test_id("w-0-0").hover()  # highlighted copies of a weight too
    assert_accessible(page, f"the mixer at pixel 3 ({theme})")


@pytest.mark.parametrize(("path", "theme"), theme_cases(["/?h=99", "/lab?k=99", "/cost?b=conv9:nine", "/embed/mixer?cin=0"], {"/?h=99"}))
def test_an_error_banner(app_page, server_url, problems, path, theme):
    page = app_page
    problems.allow("422")  # the browser logs the refused request
    page.goto(server_url + with_theme(path, theme))
    wait_until(page, "() => !document.querySelector('[data-testid=error]').hidden")
    assert_accessible(page, f"{path} as its error banner appears ({theme})")
    wait_settled(page)  # the page drops the bad field and draws the example without it, the banner still up
    assert page.get_by_test_id("error").is_visible()
    assert_accessible(page, f"{path} with its error banner ({theme})")


# The two dialogs share their frame and colours: each in one theme.
@pytest.mark.parametrize(("dialog", "theme"), [("keys", "light"), ("share", "dark")])
def test_the_dialogs(app_page, server_url, dialog, theme):
    page = app_page
    page.goto(server_url + with_theme("/", theme))
    wait_settled(page)
    page.get_by_test_id(f"{dialog}-open").click()
    wait_until(page, "d => document.querySelector(`[data-testid=${d}-dialog]`).open", dialog)
    assert_accessible(page, f"the {dialog} dialog ({theme})")


@pytest.mark.parametrize("theme", THEMES)
def test_presentation_mode(app_page, server_url, theme):
    page = app_page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(server_url + with_theme(chapter_href("", CHAPTERS[0], present=True), theme))
    wait_settled(page)
    page.get_by_test_id("step-forward").click()
    assert_accessible(page, f"presentation mode ({theme})")


# Each table in one theme: the FC table's two forms (every entry at 4×4, the tied entries only at 8×8) alternate.
# The pages around them are checked above: axe reads the opened tables and
# their buttons alone (at 8×8, thousands of cells).
@pytest.mark.parametrize(
    ("path", "tables", "theme"),
    [("/", ["fc-table"], "dark"), ("/?h=8&w=8&cin=8&cout=8", ["fc-table"], "light"), ("/cost", ["sweep-table", "head-table"], "dark")],
)
def test_the_figures_tables_open(app_page, server_url, path, tables, theme):
    page = app_page
    page.goto(server_url + with_theme(path, theme))
    wait_settled(page)
    for table in tables:
        page.get_by_test_id(f"{table}-toggle").click()
        assert page.get_by_test_id(table).locator("table").is_visible()
    assert_accessible(page, f"{path} with its tables open ({theme})", within=[f"[data-testid^={table}]" for table in tables])


def test_the_check_names_the_rule_its_impact_and_the_elements(app_page, server_url):
    """The check itself: a nameless image planted in the page fails it, and the message says where."""
    page = app_page
    page.goto(server_url + "/guide")
    wait_settled(page)
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<div role=img id=planted>x</div>')")
    found = blocking_violations(page)
    assert any(line.startswith("role-img-alt (serious): ") and line.endswith("-> #planted") for line in found), found


TARGETS = """() => [...document.querySelectorAll('input[type=radio], input[type=checkbox]')]
  .filter((input) => input.closest('label')?.offsetParent)
  .map((input) => { const box = input.closest('label').getBoundingClientRect(); return [input.name, box.width, box.height]; })"""


@pytest.mark.parametrize("path", ["/", "/lab", "/digits", "/?share=1"])
def test_every_radio_and_check_box_is_a_40px_target_with_a_mouse_too(app_page, server_url, path):
    page = app_page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server_url + path.replace("?share=1", ""))
    wait_settled(page)
    if "share" in path:
        page.get_by_test_id("share-open").click()  # the Share dialog's panel and theme choices
    targets = page.evaluate(TARGETS)
    assert targets, path
    small = [t for t in targets if t[1] < 40 or t[2] < 40]
    assert small == [], small
