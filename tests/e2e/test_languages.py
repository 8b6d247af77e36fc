"""Languages in the browser: the switch keeps the example, every view and embed speaks
the language after its scripts have drawn, errors too, and CJK text has a local font."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.web.guide import CHAPTERS, chapter_href
from app.web.views import PANELS
from app.web.views import VIEWS as REGISTRY
from tests.e2e.helpers import address, assert_accessible, open_mixer, rendered, type_into, wait_rendered_after, wait_settled, wait_until

CATALOGS = {code: json.loads((Path(__file__).resolve().parents[2] / "app" / "i18n" / "strings" / f"{code}.json").read_text()) for code in ("en", "zh", "ko")}
TAGS = {"en": "en", "zh": "zh-Hans", "ko": "ko"}
SCRIPT = {"zh": re.compile(r"[\u4e00-\u9fff]"), "ko": re.compile(r"[\uac00-\ud7af]")}

# Runs of three or more English words: what an untranslated label or sentence looks like.
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ '-]+[A-Za-z]{2,}){2,}\b")
# Names and code that stay as they are in every language.
KEPT = ("One by One", "PyTorch", "NumPy", "nn.Linear", "nn.Conv2d")

# Every view after its first answer is drawn, plus the guide and the embeds.
VIEWS = [view.path for view in REGISTRY.values()] + ["/guide", chapter_href("", CHAPTERS[0])] + [f"/embed/{key}" for key in PANELS]

# Text the reader sees once the scripts have run, minus code listings and the
# language switch (each language's name is written in that language).
READER_TEXT = """() => {
  const clone = document.body.cloneNode(true);
  for (const skip of clone.querySelectorAll('script, template, pre, code, [data-testid=languages], [hidden], dialog:not([open])')) skip.remove();
  return clone.innerText;
}"""


def english_left(text: str) -> list[str]:
    runs = [run for run in ENGLISH_RUN.findall(text) if not any(kept in run or run in kept for kept in KEPT)]
    return [run for run in runs if not re.fullmatch(r"(?:[a-z_]+\[\d+\]|[A-Z]{2,}.*)", run)]


# Longer or shorter words change the layout, and the language tags must stay valid: axe-core
# reads each view (and one embed) in each language too.
AXE_CHECKED = {view.path for view in REGISTRY.values()} | {"/guide", "/embed/fc"}


@pytest.mark.parametrize("language", ["zh", "ko"])
@pytest.mark.parametrize("path", VIEWS)
def test_every_view_speaks_the_language_after_its_scripts_have_drawn(app_page, server_url, problems, path, language):
    page = app_page
    page.goto(f"{server_url}{path}{'&' if '?' in path else '?'}lang={language}")
    wait_settled(page)
    assert page.evaluate("document.documentElement.lang") == TAGS[language]
    text = page.evaluate(READER_TEXT)
    assert len(SCRIPT[language].findall(text)) > 40, text[:400]
    assert not english_left(text), english_left(text)
    if path in AXE_CHECKED:
        assert_accessible(page, f"{path} in {language}")
    problems.assert_clean()


def test_the_switch_keeps_the_edited_example_and_the_walk_through(app_page, server_url, problems):
    page = app_page
    open_mixer(page, f"{server_url}/?h=2&w=2&cin=2&cout=1")
    type_into(page, "w-0-1", "7")
    page.get_by_test_id("step-forward").click()
    page.get_by_test_id("lang-zh").click()
    page.wait_for_url(re.compile(r"lang=zh"))
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert ",7" in address(page) and "step=" in address(page)
    assert page.get_by_test_id("w-0-1").input_value() == "7"
    assert page.get_by_test_id("lang-zh").get_attribute("aria-current") == "true"
    assert page.get_by_test_id("nav-lab").inner_text() == CATALOGS["zh"]["nav.lab"]
    # The language stays as the reader moves on: the next page, then an edit there.
    page.get_by_test_id("nav-lab").click()
    page.wait_for_url(re.compile(r"/lab\?lang=zh"))
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    problems.assert_clean()


def test_a_refused_value_is_explained_in_the_pages_language(app_page, server_url, problems):
    problems.allow("422")
    page = app_page
    page.goto(f"{server_url}/?lang=ko&h=99")
    banner = page.get_by_test_id("error")
    banner.wait_for(state="visible")
    text = banner.inner_text()
    assert SCRIPT["ko"].search(text) and "h" in text and "99" in text
    assert "must be" not in text
    # An edit refused after a good answer: the message and "kept the last valid value", both in Korean.
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0 && !!document.querySelector('[data-testid=w-0-0]')")
    type_into(page, "w-0-0", "5000", wait=False)
    wait_until(page, "t => document.querySelector('[data-testid=error-message]').textContent.includes(t)", CATALOGS["ko"]["error.reverted"])
    message = page.get_by_test_id("error-message").inner_text()
    assert "1000" in message and "must be" not in message and SCRIPT["ko"].search(message)
    problems.assert_clean()


def test_the_browser_language_is_used_when_the_link_names_none(browser, server_url):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    open_mixer(page, server_url + "/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.get_by_test_id("nav-mixer").inner_text() == CATALOGS["zh"]["nav.mixer"]
    assert "lang=" not in address(page)  # not pinned: whoever opens a copied link gets their own language
    context.close()


def test_the_embed_snippet_pins_the_language_of_the_page(app_page, server_url, problems):
    page = app_page
    open_mixer(page, f"{server_url}/?lang=ko&h=2")
    page.get_by_test_id("share-open").click()
    snippet = page.get_by_test_id("share-snippet").input_value()
    assert "lang=ko" in snippet and f'title="{CATALOGS["ko"]["embed.title"].format(panel=CATALOGS["ko"]["panel.mixer"])}"' in snippet
    preview = page.frame_locator('[data-testid="share-preview"]')
    expect(preview.locator("html")).to_have_attribute("lang", "ko")  # once the preview's page has replaced about:blank
    problems.assert_clean()


@pytest.mark.parametrize("language", ["zh", "ko"])
def test_chinese_and_korean_text_is_drawn_by_a_cjk_font_on_this_machine(app_page, server_url, language):
    """No empty boxes: Chromium reports which installed font drew the heading's glyphs (none is downloaded)."""
    page = app_page
    page.goto(f"{server_url}/guide?lang={language}")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
    cdp.detach()
    cjk = [f for f in fonts if "CJK" in f["familyName"] or "Han Sans" in f["familyName"]]
    assert cjk and sum(f["glyphCount"] for f in cjk) >= 2, fonts


def test_an_edit_keeps_the_language_in_the_address(app_page, server_url):
    page = app_page
    open_mixer(page, f"{server_url}/?lang=zh")
    before = rendered(page)
    page.get_by_test_id("w-0-0").focus()
    page.keyboard.press("ArrowUp")
    wait_rendered_after(page, before)
    assert "lang=zh" in address(page) and "weight=" in address(page)


@pytest.mark.parametrize(("language", "expected"), [("en", "1.05M"), ("zh", "105万"), ("ko", "105만")])
def test_large_counts_are_shortened_as_each_language_writes_them(app_page, server_url, language, expected):
    """The seed's 1,048,576 multiply-adds per position: millions in English, ten-thousands (万, 만) in Chinese and Korean."""
    page = app_page
    page.goto(f"{server_url}/cost?lang={language}")
    wait_settled(page)
    shorts = page.eval_on_selector_all("[data-testid=cost-table] .short", "els => els.map(e => e.textContent)")
    assert expected in shorts, shorts


@pytest.mark.parametrize(("language", "ticks"), [("en", ["0", "200M", "400M", "1B"]), ("zh", ["0", "2亿", "4亿", "10亿"]), ("ko", ["0", "2억", "4억", "10억"])])
def test_the_charts_count_axes_speak_the_language(app_page, server_url, language, ticks):
    """Plotly's own tick labels are English SI suffixes; ours follow the page: 2亿 is 200M."""
    page = app_page
    page.goto(f"{server_url}/cost?lang={language}")
    wait_settled(page)
    wait_until(page, "() => document.querySelectorAll('[data-testid=sweep-chart] .ytick text').length > 2")
    labels = page.eval_on_selector_all("[data-testid=sweep-chart] .ytick text", "els => els.map(e => e.textContent)")
    assert all(tick in labels for tick in ticks), labels


def test_chinese_table_headers_are_not_split_between_characters(app_page, server_url):
    # Over a narrow column of numbers, "参数量" had become "参数" over "量".
    app_page.set_viewport_size({"width": 1366, "height": 900})
    app_page.goto(f"{server_url}/lab?lang=zh")
    wait_settled(app_page)
    lines = app_page.evaluate("""() => [...document.querySelectorAll('table.facts thead th')].map((th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return [th.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
    })""")
    assert len(lines) >= 8, lines
    assert all(count == 1 for _, count in lines), [text for text, count in lines if count != 1]


# The native readers' review, in the browser: the header's row, the punctuation of text the scripts
# put together, the proof's words for the flatten order, particles on their noun's line, and the
# cost chart's toolbar clear of the break-even label.

BOX = "sel => { const r = document.querySelector(sel).getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; }"


@pytest.mark.parametrize("language", ["zh", "ko"])
@pytest.mark.parametrize("path", ["/", "/lab", "/cost"])
def test_a_wide_header_is_two_rows_with_share_present_and_keys_beside_the_tagline(app_page, server_url, path, language):
    """At 1440 px the tools once wrapped onto a row of their own in Chinese and Korean: two rows, whatever the language."""
    page = app_page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{server_url}{path}?lang={language}")
    brand, views = page.evaluate(BOX, ".brand"), page.evaluate(BOX, ".views")
    tagline, languages, tools = page.evaluate(BOX, ".tagline"), page.evaluate(BOX, ".languages"), page.evaluate(BOX, ".site-tools")
    middle = lambda box: (box["top"] + box["bottom"]) / 2  # noqa: E731
    assert views["bottom"] <= brand["bottom"] + 3 and views["left"] > brand["right"], (brand, views)  # the views, one row beside the brand
    for box in (languages, tools):  # the languages and the tools: one row, right of the tagline
        assert abs(middle(box) - middle(tagline)) <= 6 and box["left"] > tagline["right"], (tagline, box)
    assert page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height") < 110
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440


def test_text_the_scripts_assemble_in_chinese_has_chinese_punctuation(app_page, server_url):
    from tests.api.test_i18n import ascii_separators_in_prose

    page = app_page
    page.goto(f"{server_url}/lab?lang=zh")
    wait_settled(page)
    # The real networks' FC layers and maps, a list per cell: "4096 个 7×7 卷积核；4096 个 1×1 卷积核；…".
    cells = page.eval_on_selector_all("[data-testid=real-heads] tbody td", "tds => tds.map((td) => td.textContent)")
    lists = [cell for cell in cells if "卷积核" in cell or "→" in cell]
    assert any("；" in cell for cell in lists) and not [cell for cell in lists if ascii_separators_in_prose(cell)], lists
    extra = page.get_by_test_id("lab-proof-extra").inner_text()
    assert extra == CATALOGS["zh"]["lab.proof.extra"] + "：0", extra
    # A layer with options, "1×1 卷积 → 64，步幅 2", and the sweep's two sentences with no space between.
    page.goto(f"{server_url}/cost?lang=zh&b=conv1:64:s2,conv3:256:valid:g2")
    wait_settled(page)
    labels = page.eval_on_selector_all("[data-testid=table-b] tr td:nth-of-type(1)", "tds => tds.map((td) => td.textContent)")
    assert "1×1 卷积 → 64，步幅 2" in labels and "3×3 卷积 → 256，无填充，2 组" in labels, labels
    finding = page.get_by_test_id("sweep-finding").inner_text()
    assert "。当" in finding and not ascii_separators_in_prose(finding), finding
    for text in [*labels, page.get_by_test_id("verdict").inner_text(), page.locator("[data-testid=sweep-chart] .annotation").first.text_content()]:
        assert not ascii_separators_in_prose(text), text


@pytest.mark.parametrize(("language", "hwc", "chw"), [("zh", "（通道在后）", "（通道在前）"), ("ko", "(채널 마지막)", "(채널 먼저)")])
def test_the_proof_names_the_flatten_order_in_the_readers_language(app_page, server_url, language, hwc, chw):
    page = app_page
    open_mixer(page, f"{server_url}/?lang={language}")
    row = page.get_by_test_id("proof-fc").inner_text()
    assert hwc in row and "hwc" not in row, row
    before = rendered(page)
    page.get_by_test_id("order-chw").check()
    wait_rendered_after(page, before)
    row = page.get_by_test_id("proof-fc").inner_text()
    assert chw in row and "chw" not in row, row


# For each width of its paragraph, whether the last character of `before` and the first of `particle`
# fall on different lines (their boxes' tops differ). Word joiners in the text are looked through.
PARTICLE_BREAKS = """([before, particle]) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = [];
    let plain = "";
    for (let n = 0; n < node.data.length; n += 1) if (node.data[n] !== "\\u2060") { at.push(n); plain += node.data[n]; }
    const k = plain.indexOf(before + particle);
    if (k < 0 || !node.parentElement.getClientRects().length) continue;
    const box = (n) => { const r = document.createRange(); r.setStart(node, n); r.setEnd(node, n + 1); return r.getClientRects()[0]; };
    const last = at[k + before.length - 1], first = at[k + before.length];
    const block = node.parentElement.closest("p, li, div");
    const split = () => Math.abs(box(last).top - box(first).top) > 2;
    const natural = split();
    const saved = block.getAttribute("style");
    const broken = [];
    for (let width = 160; width <= 380; width += 1) {
      block.style.cssText = `width: ${width}px; max-width: none`;
      if (split()) broken.push(width);
    }
    if (saved === null) block.removeAttribute("style"); else block.setAttribute("style", saved);
    return { natural, broken };
  }
  return null;
}"""


@pytest.mark.parametrize(
    ("path", "before", "particle"),
    [
        ("/?h=4&w=4&cin=3&cout=2", "Wᵀ(3×2)", "를"),  # the batch panel's prose, written by the page's script
        ("/?h=4&w=4&cin=3&cout=2", "|차이|", "를"),  # the code panel's prose, from the template
        ("/?chapter=1", "[2, −1]", "입니다"),
        ("/?chapter=1", "합성곱(컨볼루션)", "은"),
        ("/?chapter=4", "가중합", "입니다"),  # Korean wraps between words, not between syllables
    ],
)
def test_a_korean_particle_stays_on_its_nouns_line_on_a_phone(app_page, server_url, path, before, particle):
    """At 390×844, and at every width of the paragraph from 160 to 380 px: the particle never starts a line."""
    page = app_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server_url}{path}&lang=ko")
    wait_settled(page)
    found = page.evaluate(PARTICLE_BREAKS, [before, particle])
    assert found is not None, f"{before}{particle} is not on the page"
    assert not found["natural"] and not found["broken"], found


RECT = "(el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


@pytest.mark.parametrize("language", ["en", "zh", "ko"])
def test_the_charts_toolbar_leaves_the_break_even_label_readable_on_a_phone(app_page, server_url, language):
    page = app_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server_url}/cost?lang={language}")
    wait_settled(page)
    chart = page.get_by_test_id("sweep-chart")
    chart.scroll_into_view_if_needed()
    chart.hover()  # plotly shows its toolbar under the pointer
    mark = CATALOGS[language]["cost.sweep.break_even_mark"].split("{")[0].strip()
    annotations = "[...document.querySelectorAll('[data-testid=sweep-chart] .annotation')]"
    label = page.evaluate(f"mark => ({RECT})({annotations}.find((a) => a.textContent.includes(mark)))", mark)
    toolbar = page.evaluate(f"() => ({RECT})(document.querySelector('[data-testid=sweep-chart] .modebar'))")
    assert toolbar[2] > toolbar[0] and label[2] > label[0], (toolbar, label)
    apart = label[2] <= toolbar[0] or toolbar[2] <= label[0] or label[3] <= toolbar[1] or toolbar[3] <= label[1]
    assert apart, f"the toolbar {toolbar} covers the break-even label {label}"
