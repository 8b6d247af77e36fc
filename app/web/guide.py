"""The guided path: the ideas of the brief, in order, one chapter each.

A chapter is a view, a prepared example (a URL state) and a few sentences from
the catalog (``guide.{n}.title`` and ``guide.{n}.prose``). Its URL is the view's
URL with ``chapter=n`` added, so a lecturer's link reopens exactly that step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from app.state.spec import MAX_CHAPTERS, view_value
from app.web.presets import COST_PRESETS, PRESETS, TABLE_PRESETS, Preset
from app.web.views import VIEWS


def _preset(presets: tuple[Preset, ...], key: str) -> dict[str, str]:
    return dict(next(p.query for p in presets if p.key == key))


@dataclass(frozen=True)
class Chapter:
    """One idea: ``number`` (1-based), the ``view`` that shows it, its example, the panel to look at."""

    number: int
    view: str
    query: dict[str, str]
    focus: str  # data-testid of the panel the chapter is about
    # Fields the chapter asks the reader to change without touching the numbers its text states (the
    # digits strip's ink). A change to any other field of the example makes the chapter bar say that
    # the text speaks of the prepared example, and offer it back.
    free: tuple[str, ...] = ()


CHAPTERS: tuple[Chapter, ...] = (
    # 1. The same small FC layer at every pixel (seed 000's 2 channels of 2×2 -> 1).
    Chapter(1, "mixer", _preset(PRESETS, "seed_2x2"), "mixer"),
    # 2. The whole layer as one FC matrix, channels first: W ⊗ I.
    Chapter(2, "mixer", {"order": "chw"}, "fc-twin"),
    # 3. LeCun: an FC layer 3 -> 2 is a 1×1 conv with two 1×1×3 filters.
    Chapter(3, "mixer", _preset(PRESETS, "lecun_1x1"), "mixer"),
    # 4. Cross-channel mixing and reduction: 8 channels -> 2, every output reads every input; drawn as
    #    volumes, each filter a 1×1×8 stick, the column at the centre pixel.
    Chapter(4, "mixer", {"h": "3", "w": "3", "cin": "8", "cout": "2", "act": "none", "seed": "4", "look": "volume", "step": "4"}, "mixer"),
    # 5. Cost: 256 -> 1×1 64 -> 4×4 256 against a direct 4×4 conv (seed 001).
    Chapter(5, "cost", _preset(COST_PRESETS, "cost_seed"), "results"),
    # 6. Convolutionalization: an FC head slid over a larger input.
    Chapter(6, "lab", {}, "lab-slide"),
    # 7. A 1×1 conv + ReLU: a nonlinearity per pixel (the last pixel goes negative).
    Chapter(7, "mixer", _preset(PRESETS, "lecun_2x2") | {"step": "3"}, "mixer"),
    # 8. Why 1×1 over FC: VGG-16's fc6 against global average pooling + 1×1.
    Chapter(8, "cost", _preset(COST_PRESETS, "cost_vgg") | {"classes": "4096"}, "head"),
    # 9. The weights learn the same way: the conv, its tied FC twin and an untied FC, trained.
    Chapter(9, "train", {}, "train-models"),
    # 10. Full and partial connection tables: LeNet-5's C3 (60 of 96 connections, 1,516 parameters).
    Chapter(10, "table", _preset(TABLE_PRESETS, "table_lenet"), "table-panel"),
    # 11. A trained digit classifier's FC head read as convolutions and slid over a strip the reader draws on.
    Chapter(11, "digits", {}, "digits-panel", free=("ink",)),
)

assert len(CHAPTERS) == MAX_CHAPTERS, "the chapter field's bound (app/state/spec.py) is the number of chapters"


def chapter_href(base: str, chapter: Chapter, present: bool = False, language: str | None = None) -> str:
    """The chapter's page URL under ``base`` (the root path), e.g. ``/?h=2&...&chapter=1``; ``language`` adds ``lang=``."""
    query = chapter.query | {"chapter": str(chapter.number)} | ({"present": "1"} if present else {}) | ({"lang": language} if language else {})
    return f"{base}{VIEWS[chapter.view].path}?{urlencode(query, safe=',:')}"


def example_query(chapter: Chapter) -> str:
    """The API query of the chapter's example, spelled as the page writes it (its canonical query)."""
    endpoint = VIEWS[chapter.view].endpoint
    return endpoint.canonical(endpoint.key_of(chapter.query)).decode()


def chapter_of(query: Mapping[str, str], view: str) -> Chapter | None:
    """The chapter named by ``chapter=`` if it belongs to ``view``; None for anything else."""
    number = view_value(query, "chapter")
    if number is None:
        return None
    chapter = CHAPTERS[number - 1]
    return chapter if chapter.view == view else None


def neighbours(chapter: Chapter) -> tuple[Chapter | None, Chapter | None]:
    """The chapters before and after ``chapter`` (None at either end)."""
    n = chapter.number
    return (CHAPTERS[n - 2] if n > 1 else None, CHAPTERS[n] if n < len(CHAPTERS) else None)
