"""Languages: every catalog complete, the page's language from the URL, the browser or the
operator, links that keep it, and errors the page can say in it."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.i18n.catalog import LANGUAGES, PARTICLE_AFTER_SYMBOL, catalog, choose_language, from_accept_language, keep_particles
from app.main import create_app
from app.settings import Settings
from app.web.guide import CHAPTERS
from app.web.views import PANELS, VIEWS

PLACEHOLDER = re.compile(r"\{(\w+)\}")
OTHERS = [code for code in LANGUAGES if code != "en"]
PAGES = [view.path for view in VIEWS.values()] + ["/guide"] + [f"/embed/{key}" for key in PANELS] + ["/?chapter=2&h=1&w=1"]


def boot_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="boot">(.*?)</script>', page, re.S).group(1))


def visible_text(page: str) -> str:
    """The words a reader sees before any script runs: tags, scripts and styles removed."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("language", OTHERS)
def test_every_catalog_has_every_english_key_with_the_same_placeholders(language):
    english, other = catalog("en"), catalog(language)
    assert list(other) == list(english), f"missing: {sorted(set(english) - set(other))}; extra: {sorted(set(other) - set(english))}"
    wrong = {key: text for key, text in other.items() if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(english[key]))}
    assert not wrong, f"placeholders differ from English in: {wrong}"
    assert all(text.strip() == text and text for text in other.values()), "an empty value or stray spaces"


@pytest.mark.parametrize("language", OTHERS)
def test_a_catalog_is_translated_not_copied(language):
    """Values equal to English are only names, code and notation (no sentence left in English)."""
    english, other = catalog("en"), catalog(language)
    same = [key for key, text in other.items() if text == english[key] and re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", text)]
    assert not same, f"left in English: {same}"
    script = r"[\u4e00-\u9fff]" if language == "zh" else r"[\uac00-\ud7af]"
    assert sum(bool(re.search(script, text)) for text in other.values()) > 0.8 * len(other)


@pytest.mark.parametrize(
    ("requested", "accept", "default", "expected"),
    [
        ("zh", "ko-KR,ko;q=0.9", "en", "zh"),  # the URL wins
        ("xx", "ko-KR,ko;q=0.9", "en", "ko"),  # a language we do not speak: the browser's
        (None, "en-US,en;q=0.9,zh-CN;q=0.8", "ko", "en"),
        (None, "fr-FR,zh-TW;q=0.8,ko;q=0.7", "en", "zh"),  # Traditional Chinese readers get Simplified, not nothing
        (None, "ko;q=0.5,zh;q=0.6", "en", "zh"),  # weights, not order
        (None, "zh;q=0,ko;q=0.1", "en", "ko"),  # q=0 refuses
        (None, "zh-Hans-CN", "en", "zh"),
        (None, "*", "ko", "ko"),
        (None, "fr, de;q=0.9", "zh", "zh"),  # nothing we speak: the operator's default
        (None, "ko;q=abc, ;;, zh-;q=1", "en", "en"),  # malformed entries skipped, never an error
        (None, None, "en", "en"),
    ],
)
def test_the_language_comes_from_the_url_then_the_browser_then_the_operator(requested, accept, default, expected):
    assert choose_language(requested, accept, default) == expected


def test_a_very_long_accept_language_is_read_in_bounded_time():
    assert from_accept_language("xx;q=0.1," * 100_000 + "ko") is None  # read up to 512 characters only


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_page_speaks_the_language_its_link_names(client, path, language):
    r = client.get(path + ("&" if "?" in path else "?") + f"lang={language}", headers={"Accept-Language": "fr"})
    assert r.status_code == 200
    tag = LANGUAGES[language].tag
    assert f'<html lang="{tag}"' in r.text and r.headers["content-language"] == tag
    assert "Accept-Language" in r.headers["vary"]
    boot = boot_of(r.text)
    assert boot["lang"] == language and boot["strings"] == catalog(language)
    assert catalog(language)["site.title"] in re.search(r"<title>(.*?)</title>", r.text).group(1)
    text = visible_text(r.text)
    if language != "en":
        # No English sentence of the catalog reached the reader untranslated.
        leaked = [v for k, v in catalog("en").items() if len(v) > 14 and v != catalog(language)[k] and v in text]
        assert not leaked, leaked


def test_the_browser_language_applies_when_the_link_names_none(client):
    r = client.get("/lab", headers={"Accept-Language": "ko-KR,ko;q=0.9,en-US;q=0.8"})
    assert '<html lang="ko"' in r.text and boot_of(r.text)["lang"] == "ko"
    assert catalog("ko")["nav.lab"] in visible_text(r.text)


def test_the_operator_chooses_the_language_of_last_resort():
    with TestClient(create_app(Settings(default_language="zh"))) as client:
        assert '<html lang="zh-Hans"' in client.get("/").text
        assert '<html lang="en"' in client.get("/", headers={"Accept-Language": "en"}).text


def test_the_switch_names_each_language_in_itself_and_marks_the_current_one(client):
    page = client.get("/cost?lang=ko").text
    switch = r'<a href="\?lang=(\w+)" lang="([\w-]+)" hreflang="[\w-]+" data-lang="\w+" data-testid="lang-\w+"( aria-current="true")?>([^<]+)</a>'
    links = re.findall(switch, page)
    assert [(code, tag, bool(current), name) for code, tag, current, name in links] == [
        ("en", "en", False, "English"),
        ("zh", "zh-Hans", False, "简体中文"),
        ("ko", "ko", True, "한국어"),
    ]


def test_links_to_other_pages_keep_a_language_chosen_in_the_url(client):
    page = client.get("/?lang=zh&chapter=1").text
    for href in ("/guide?lang=zh", "/lab?lang=zh", "/cost?lang=zh", "/?lang=zh"):
        assert f'href="{href}"' in page
    assert 'href="/?order=chw&amp;chapter=2&amp;lang=zh" data-testid="chapter-next"' in page
    guide = client.get("/guide?lang=ko").text
    chapters = re.findall(r'href="([^"]*)" data-testid="guide-chapter-\d+"', guide)
    assert len(chapters) == len(CHAPTERS) and all(href.endswith("&amp;lang=ko") for href in chapters)
    assert client.get("/guide/3?lang=ko", follow_redirects=False).headers["location"].endswith("&chapter=3&lang=ko")
    # Chosen by the browser only: the links stay bare, so whoever follows them gets their own.
    assert 'href="/lab"' in client.get("/", headers={"Accept-Language": "ko"}).text


def test_oembed_keeps_the_links_language_in_the_iframe_and_its_title(client):
    answer = client.get("/oembed", params={"url": "http://testserver/lab?k=2&lang=zh"}).json()
    assert "/embed/lab?k=2&amp;lang=zh" in answer["html"]
    assert answer["title"] == catalog("zh")["embed.title"].format(panel=catalog("zh")["panel.lab"])
    assert f'title="{answer["title"]}"' in answer["html"] and answer["provider_name"] == catalog("zh")["site.title"]
    english = client.get("/oembed", params={"url": "http://testserver/lab?k=2"}).json()
    assert "lang=" not in english["html"] and english["title"] == "One by One: Convolutionalization lab"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/mixer?h=99", "h"),
        ("/api/mixer?act=tanh", "act"),
        ("/api/mixer?h=1&w=1&x=1,2", "x"),
        ("/api/mixer?h=1&w=1&x=1,2,abc", "x"),
        ("/api/mixer?h=2&h=3", "h"),
        ("/api/lab?bh=1", "bh"),
        ("/api/cost?a=conv3", "a"),
        ("/api/cost?a=conv3:64:q", "a"),
        ("/api/cost?a=conv99999:3", "a"),
        ("/api/cost?a=fc:1x2", "a"),
        ("/api/cost?a=" + ",".join(["gap"] * 9), "a"),
        ("/api/cost?h=2&w=2&a=conv3:64:valid", "a"),
        ("/api/cost?a=conv3:64:g5", "a"),
        ("/api/table?table=groups&cin=6&cout=16&g=4", "g"),
        ("/api/table?table=depthwise&cin=4&cout=5", "cout"),
        ("/api/table?cin=5", "cin"),
        ("/api/table?table=full&cin=3&cout=2&o=2", "o"),
        ("/api/table?h=3", "h"),
    ],
)
def test_a_refused_state_comes_with_words_every_catalog_can_say(client, path, field):
    problem = client.get(path).json()["detail"][0]
    assert problem["field"] == field and problem["key"] in catalog("en")

    def say(words: dict, language: str) -> str:
        params = {k: say(v, language) if isinstance(v, dict) else v for k, v in words["params"].items()}
        return catalog(language)[words["key"]].format(**params)

    assert say(problem, "en") == problem["msg"]  # the same words as the English message
    for language in OTHERS:
        said = say(problem, language)
        assert said != problem["msg"] and field in said


def test_the_browser_is_told_the_languages_the_server_speaks(client):
    """The page keeps lang= in its address only for a language in its boot data's lang field."""
    lang = next(f for f in boot_of(client.get("/").text)["fields"] if f["name"] == "lang")
    assert lang["choices"] == list(LANGUAGES) and lang["view"] and lang["kept"]


@pytest.mark.parametrize("language", OTHERS)
@pytest.mark.parametrize(
    "key",
    [f"guide.{c.number}.{part}" for c in CHAPTERS for part in ("title", "prose")]
    + ["guide.intro"]
    + [k for k in catalog("en") if k.startswith("cost.timing.")],
)
def test_the_guided_paths_numbers_carry_over_to_every_language(key, language):
    """tests/api/test_guide_pages.py checks the English prose's numbers against the API; a translation quotes
    the same ones (single digits aside, which a sentence may spell out or say once less often). So do the
    measured-time panel's explanations (256 -> 64 channels, 4,096 multiply-adds, 3.2 MB)."""

    def numbers(text: str) -> set[str]:
        found = (n.replace(",", "").replace("\u2212", "-") for n in re.findall(r"[\u2212-]?\d[\d,.]*\d|[\u2212-]\d", text))
        return {n for n in found if len(n) > 1}

    assert numbers(catalog(language)[key]) == numbers(catalog("en")[key])


# Native readers' review: one word for each term, the punctuation of the language, and texts that say
# what the English says. Each test names the words a reader saw and what they read now.

CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # CJK punctuation, ideographs, full-width forms
CHINESE_TERMS = [
    # (English words, the Chinese term they are given, words the Chinese text no longer uses)
    (r"(?<!\{)\bfilters?\b(?!\})", "卷积核", ["滤波器"]),  # a word, not the {filters} placeholder
    (r"\bbreak-even\b", "临界点", ["盈亏平衡点"]),
    (r"\b(?:FC|dense) heads?\b", "全连接头", ["FC 头", "FC头", "全连接分类头"]),
    (r"\bstride-32 backbone\b", "步幅为 32 的主干网络", ["stride-32"]),
    (r"\b[Cc]lassifier (?:head )?with \{k\} outputs\b", "有 {k} 个输出的分类器", ["输出为 {k} 个的"]),
    (r"\bcut depth\b", "减少通道数（降维）", ["减少深度"]),
]


@pytest.mark.parametrize(("english", "term", "retired"), CHINESE_TERMS)
def test_chinese_names_each_term_one_way(english, term, retired):
    english_text, chinese = catalog("en"), catalog("zh")
    keys = [key for key, text in english_text.items() if re.search(english, text)]
    assert keys, f"no English text says {english}"
    assert not [key for key in keys if term not in chinese[key]], f"{term} missing"
    assert not {key: word for key, text in chinese.items() for word in retired if word in text}


def ascii_separators_in_prose(text: str) -> list[str]:
    """ASCII ``;``, ``,`` and ``:`` that separate words of Chinese text: next to a CJK character or a
    placeholder (where words go in), outside the brackets of a formula ("x[{i}, {j}, :]", "max(0, ·)",
    "(H, W, C_in)") and not inside a number ("1,000"). A ``;`` is never Chinese punctuation."""
    found, depth = [], 0
    for n, ch in enumerate(text):
        depth += ch in "([" and 1 or ch in ")]" and -1 or 0
        if ch not in ";,:" or (depth > 0 and ch != ";"):
            continue
        before, after = text[:n].rstrip()[-1:], text[n + 1 :].lstrip()[:1]
        if ch == ";" or any(re.match(f"[{CJK}{{}}]", side) for side in (before, after)):
            found.append(text[max(0, n - 8) : n + 8])
    return found


def test_the_separator_check_tells_chinese_punctuation_from_formulas():
    assert ascii_separators_in_prose("4096 个 7×7 卷积核; 4096 个 1×1 卷积核") and ascii_separators_in_prose("{list}, {item}")
    assert ascii_separators_in_prose("输入为 28×28×256: 逐层统计") and ascii_separators_in_prose("3×3 卷积 → 64, 步幅 2")
    assert not ascii_separators_in_prose("像素 ({i}, {j})：其通道列为 x[{i}, {j}, :]，共 1,048,576 次，max(0, ·)")


def test_chinese_text_uses_chinese_punctuation_between_words():
    chinese = catalog("zh")
    wrong = {key: found for key, text in chinese.items() if not key.startswith("script.") and (found := ascii_separators_in_prose(text))}
    assert not wrong, wrong
    # The words the page's scripts join (lists, a label and its value, an aside) come from the catalog too.
    assert [chinese[key] for key in ("text.list", "text.list_strong", "text.labelled", "text.aside")] == [
        "{list}，{item}",
        "{list}；{item}",
        "{label}：{value}",
        "{text}（{aside}）",
    ]


@pytest.mark.parametrize("language", OTHERS)
def test_a_flatten_order_in_brackets_never_lands_inside_brackets(language):
    """The order's name carries its own brackets ("通道在后（H·W·C）"): the text around it has none left open."""
    words = catalog(language)
    orders = [words["lab.order.hwc"], words["lab.order.chw"]]
    texts = [text for key, text in words.items() if "{order}" in text and not key.startswith("script.")]
    assert texts
    for text in texts:
        for order in orders:
            filled, depth, deepest = text.replace("{order}", order), 0, 0
            for ch in filled:
                depth += ch in "(（" and 1 or ch in ")）" and -1 or 0
                deepest = max(deepest, depth)
            assert deepest <= 1, filled


@pytest.mark.parametrize(
    ("language", "hwc", "chw"),
    [("en", "channels last", "channels first"), ("zh", "通道在后", "通道在前"), ("ko", "채널 마지막", "채널 먼저")],
)
def test_the_proof_names_the_flatten_order_in_words(language, hwc, chw):
    assert (catalog(language)["proof.order.hwc"], catalog(language)["proof.order.chw"]) == (hwc, chw)


def test_korean_names_each_term_one_way():
    english, korean = catalog("en"), catalog("ko")
    adds = [key for key, text in english.items() if re.search(r"multiply-adds?", text)]
    assert adds and all("곱셈-누산" in korean[key] for key in adds)
    assert all("곱셈-누산(MAC)" in korean[key] for key in ("cost.results.heading", "cost.results.note", "guide.5.prose"))
    assert all("분기점" in korean[key] for key, text in english.items() if "break-even" in text)
    # A view of the app is a 화면; 보기 stays only where it means "show" (표로 보기: show as a table).
    views = [key for key, text in english.items() if re.search(r"\b[Vv]iews?\b", text)]
    assert views and all("화면" in korean[key] and "보기" not in korean[key] for key in views)
    retired = {key: word for key, text in korean.items() for word in ("곱셈-덧셈", "손익분기") if word in text}
    assert not retired, retired


def test_korean_spells_out_convolution_and_fully_connected_layer_once():
    """At first use, on every page (the tagline) and where the guided path starts (chapter 1, which a
    lecture shows without the tagline): the native word beside the usual one; after that, the short form."""
    korean = catalog("ko")
    long_forms = ("합성곱(컨볼루션)", "완전 연결 층(완전히 연결된 레이어)")
    for key in ("site.tagline", "guide.1.prose"):
        text = korean[key]
        for long_form in long_forms:
            short_form = long_form.split("(")[0]
            assert text.index(short_form) == text.index(long_form), (key, long_form)
    elsewhere = [key for key, text in korean.items() if key not in ("site.tagline", "guide.1.prose") and any(f in text for f in long_forms)]
    assert not elsewhere, elsewhere


def test_korean_chapter_4_says_one_map_per_filter_each_from_all_input_maps():
    text = catalog("ko")["guide.4.prose"]
    assert "맵 n₁·n₂개를 만드는 것이 아닙니다" in text and "모든 입력 맵의 가중합" in text
    assert "맵 256·64개가 아니라 맵 64개" in text and "입력 맵 256개 전체의 가중합" in text


def test_korean_pages_keep_a_particle_on_its_formulas_line_and_other_pages_have_no_joiner(client):
    """A word joiner (U+2060) between a formula and its particle: "|차이|를", "Wᵀ(3×2)를"."""
    assert keep_particles("X(16×3)에 Wᵀ(3×2)를 곱하고, 최대 |차이|를 출력") == "X(16×3)\u2060에 Wᵀ(3×2)\u2060를 곱하고, 최대 |\u2060차이|\u2060를 출력"
    assert keep_particles(keep_particles("[2, −1]입니다")) == "[2, −1]\u2060입니다"  # once only
    assert keep_particles("가중합입니다 (H·W·C)") == "가중합입니다 (H·W·C)"  # Hangul after Hangul or a space: nothing to join
    # The page's scripts join the same way (static/js/i18n.js).
    script = (Path(__file__).resolve().parents[2] / "static" / "js" / "i18n.js").read_text(encoding="utf-8")
    assert f"const PARTICLE_AFTER_SYMBOL = /{PARTICLE_AFTER_SYMBOL.pattern}/g;" in script
    korean = client.get("/?h=4&w=4&cin=3&cout=2&lang=ko").text
    assert "차이|\u2060를" in korean  # the code panel's prose, from the template
    assert "합성곱(컨볼루션)\u2060은" in korean
    for language in ("en", "zh"):
        assert "\u2060" not in client.get(f"/?lang={language}").text
    # The catalog the page's scripts read is the plain one; they add the joiners as they write (i18n.js).
    assert "\u2060" not in json.dumps(boot_of(korean)["strings"], ensure_ascii=False)
    # The code panel's scripts are copied and run: no invisible characters in them.
    code = client.get("/api/code?lang=ko&act=none").json()
    assert "\u2060" not in code["numpy"] + code["pytorch"]
