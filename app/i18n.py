"""Reader-visible strings come from a catalog per language, never from code."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

STRINGS_DIR = Path(__file__).parent / "strings"
DEFAULT_LANGUAGE = "en"


@lru_cache
def catalog(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The flat key -> text mapping of one language."""
    return json.loads((STRINGS_DIR / f"{language}.json").read_text(encoding="utf-8"))


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text of ``key``, with ``{name}`` placeholders filled from ``params``.

    A missing key raises KeyError: a test walks the templates so that none is.
    """
    text = catalog(language)[key]
    return text.format(**params) if params else text
