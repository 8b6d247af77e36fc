"""Languages: every catalog complete, the page's language from the URL, the browser or the
operator, links that keep it, and errors the page can say in it."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from app.i18n.catalog import LANGUAGES, catalog, choose_language, from_accept_language
from app.main import create_app
from app.settings import Settings

PLACEHOLDER = re.compile(r"\{(\w+)\}")
OTHERS = [code for code in LANGUAGES if code != "en"]
PAGES = ["/", "/lab", "/cost", "/guide", "/embed/mixer", "/embed/fc", "/embed/lab", "/embed/cost", "/?chapter=2&h=1&w=1"]


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
    chapters = re.findall(r'href="([^"]*)" data-testid="guide-chapter-\d"', guide)
    assert len(chapters) == 8 and all(href.endswith("&amp;lang=ko") for href in chapters)
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
    [f"guide.{n}.{part}" for n in range(1, 9) for part in ("title", "prose")] + ["guide.intro"] + [k for k in catalog("en") if k.startswith("cost.timing.")],
)
def test_the_guided_paths_numbers_carry_over_to_every_language(key, language):
    """tests/api/test_guide_pages.py checks the English prose's numbers against the API; a translation quotes
    the same ones (single digits aside, which a sentence may spell out or say once less often). So do the
    measured-time panel's explanations (256 -> 64 channels, 4,096 multiply-adds, 3.2 MB)."""

    def numbers(text: str) -> set[str]:
        found = (n.replace(",", "").replace("\u2212", "-") for n in re.findall(r"[\u2212-]?\d[\d,.]*\d|[\u2212-]\d", text))
        return {n for n in found if len(n) > 1}

    assert numbers(catalog(language)[key]) == numbers(catalog("en")[key])
