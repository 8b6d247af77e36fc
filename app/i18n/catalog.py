"""Reader-visible strings come from a catalog per language, never from code.

Each language is one flat JSON file in ``app/i18n/strings/`` (key -> text with ``{name}``
placeholders): the templates read it through :func:`translate`, and the page hands
the same file to the browser, so the JavaScript shows the same words. A test keeps
every catalog complete (same keys, same placeholders as English).

A page's language comes from the URL (``lang=``), so a shared link or an embed keeps
it; else from the browser's ``Accept-Language``; else from the operator's default.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STRINGS_DIR = Path(__file__).parent / "strings"
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """One language the product speaks: its URL code, its BCP 47 tag for ``<html lang>``, its own name."""

    code: str
    tag: str
    name: str


LANGUAGES = {
    "en": Language("en", "en", "English"),
    "zh": Language("zh", "zh-Hans", "简体中文"),
    "ko": Language("ko", "ko", "한국어"),
}

# One entry of Accept-Language: a range and an optional weight, e.g. "zh-CN;q=0.8".
_ACCEPT_ENTRY = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([01](?:\.\d{0,3})?))?\s*$")


@dataclass(frozen=True)
class Message:
    """A sentence to say in the reader's language: a catalog key and its parameters.

    Parameters may be Messages themselves (a range inside an error). The API sends the
    English text and this structure (``to_json``); the page says it from its own catalog.
    """

    key: str
    params: dict[str, object]

    def text(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The sentence in ``language``."""
        return translate(self.key, language, **self.params)

    def to_json(self) -> dict:
        """``{"key": ..., "params": {...}}``, nested Messages included."""
        return {"key": self.key, "params": {k: v.to_json() if isinstance(v, Message) else v for k, v in self.params.items()}}


def message(key: str, **params: object) -> Message:
    """``Message(key, params)``, as call sites read best."""
    return Message(key, params)


@lru_cache
def catalog(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The flat key -> text mapping of one language."""
    if language not in LANGUAGES:
        raise KeyError(f"no catalog for language {language!r}")
    return json.loads((STRINGS_DIR / f"{language}.json").read_text(encoding="utf-8"))


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text of ``key`` in ``language``, with ``{name}`` placeholders filled from ``params``.

    A missing key raises KeyError: tests walk the templates and the code so that none is.
    """
    text = catalog(language)[key]
    if not params:
        return text
    return text.format(**{k: v.text(language) if isinstance(v, Message) else v for k, v in params.items()})


# A Korean particle or ending written straight after a formula, a number or a bracket
# ("Wᵀ(3×2)를", "|차이|를"): browsers may break the line between the two. A word joiner
# (U+2060, invisible) keeps them together; static/js/i18n.js does the same for the page's
# scripts. An opening bracket needs none (no line breaks after it). Text that leaves the
# page as it is (the code panel's scripts) does without.
PARTICLE_AFTER_SYMBOL = re.compile(r"([^\s\u2060([{\u1100-\u11ff\u3130-\u318f\uac00-\ud7af])(?=[\uac00-\ud7af])")
WORD_JOINER = "\u2060"


def keep_particles(text: str) -> str:
    """``text`` with a word joiner between a symbol and the Hangul syllable that follows it."""
    return PARTICLE_AFTER_SYMBOL.sub(r"\1" + WORD_JOINER, text)


def translator(language: str):
    """``t(key, **params)`` bound to one language, as templates call it: the text as it is
    shown, Korean particles kept on their formula's line."""

    def t(key: str, **params: object) -> str:
        text = translate(key, language, **params)
        return keep_particles(text) if language == "ko" else text

    return t


def from_accept_language(header: str | None) -> str | None:
    """The best of our languages for an ``Accept-Language`` header, or None.

    Ranges match by their primary subtag (``zh-TW`` and ``zh-Hant`` read Simplified
    Chinese rather than nothing); ``q=0`` refuses; ``*`` takes no side. Ties keep the
    header's order. Malformed entries are skipped, never an error.
    """
    if not header:
        return None
    ranked = []
    for position, entry in enumerate(header[:512].split(",")):
        match = _ACCEPT_ENTRY.match(entry)
        if not match:
            continue
        primary = match.group(1).split("-")[0].lower()
        weight = float(match.group(2)) if match.group(2) else 1.0
        if primary in LANGUAGES and weight > 0:
            ranked.append((-weight, position, primary))
    return min(ranked)[2] if ranked else None


def choose_language(requested: str | None, accept_language: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The page's language: ``lang=`` from the URL if we speak it, else the browser's, else ``default``."""
    if requested in LANGUAGES:
        return requested
    return from_accept_language(accept_language) or default
