"""The views, declared once: each one's page path, template, entry module, API route and
its endpoint (the state spec and the answers), presets and embeddable panels. Pages, embeds, the guided path, oEmbed
and the tests all read this table."""

from __future__ import annotations

from dataclasses import dataclass

from app.api.compute import Endpoint
from app.api.cost import COST_ENDPOINT
from app.api.digits import DIGITS_ENDPOINT
from app.api.lab import LAB_ENDPOINT
from app.api.mixer import LAYOUT_ENDPOINT, MIXER_ENDPOINT
from app.api.table import TABLE_ENDPOINT
from app.api.train import TRAIN_ENDPOINT
from app.i18n.catalog import translate
from app.state.spec import Spec
from app.web.presets import COST_PRESETS, DIGITS_PRESETS, LAB_PRESETS, PRESETS, TABLE_PRESETS, TRAIN_PRESETS, Preset


@dataclass(frozen=True)
class Panel:
    """One embeddable panel: its URL key (``/embed/{key}``), its view, and its height in px for its
    default example in a 700px column (``height``) and a 400px one (``narrow_height``), in whichever
    of its languages is tallest: a host that strips scripts shows the iframe at the height it is
    given. Measured in Chromium, and checked by tests/e2e/test_embed_framing.py."""

    key: str
    view: str
    height: int
    narrow_height: int

    def height_at(self, width: int) -> int:
        """The height for a column ``width`` px wide: between the two measured widths a straight line
        (a little over the content, whose text wraps unevenly), below 400px in proportion."""
        if width >= 700:
            return self.height
        if width >= 400:
            return round(self.height + (700 - width) / 300 * (self.narrow_height - self.height)) + 40
        return round(self.narrow_height * 400 / width) + 40

    def title(self, language: str = "en") -> str:
        """``One by One: Channel mixer``, for the iframe's title and oEmbed."""
        return translate("embed.title", language, panel=translate(f"panel.{self.key}", language))


@dataclass(frozen=True)
class Layout:
    """The part of a view's answers that their shape alone decides, answered apart (``api``) and kept
    by the browser per shape: the page carries the first with its first answer."""

    api: str
    endpoint: Endpoint


@dataclass(frozen=True)
class View:
    """One view of the product. Its first panel is what a link to the page embeds."""

    key: str
    path: str
    template: str
    entry: str  # the page's ES module, under static/
    api: str
    endpoint: Endpoint  # answers ``api``; its page carries the first answer (pages.first_answer)
    presets: tuple[Preset, ...]
    panels: tuple[Panel, ...]
    layout: Layout | None = None

    @property
    def spec(self) -> Spec:
        """The view's state: the fields its URL and its API share."""
        return self.endpoint.spec


VIEWS: dict[str, View] = {
    v.key: v
    for v in (
        View(
            "mixer", "/", "mixer.html", "js/mixer_main.js", "/api/mixer", MIXER_ENDPOINT, PRESETS,
            (Panel("mixer", "mixer", 1140, 1140), Panel("fc", "mixer", 1350, 1520), Panel("volume", "mixer", 1150, 1390)),
            Layout("/api/mixer/layout", LAYOUT_ENDPOINT),
        ),
        View("lab", "/lab", "lab.html", "js/lab_main.js", "/api/lab", LAB_ENDPOINT, LAB_PRESETS, (Panel("lab", "lab", 1420, 2100),)),
        View("cost", "/cost", "cost.html", "js/cost_main.js", "/api/cost", COST_ENDPOINT, COST_PRESETS, (Panel("cost", "cost", 2890, 3810),)),
        View("train", "/train", "train.html", "js/train_main.js", "/api/train", TRAIN_ENDPOINT, TRAIN_PRESETS, (Panel("train", "train", 2410, 2430),)),
        View("table", "/table", "table.html", "js/table_main.js", "/api/table", TABLE_ENDPOINT, TABLE_PRESETS, (Panel("table", "table", 1400, 1720),)),
        View("digits", "/digits", "digits.html", "js/digits_main.js", "/api/digits", DIGITS_ENDPOINT, DIGITS_PRESETS, (Panel("digits", "digits", 1440, 1720),)),
    )
}

PANELS: dict[str, Panel] = {p.key: p for view in VIEWS.values() for p in view.panels}

# The guided path's contents has no example of its own.
GUIDE_ENTRY = "js/guide_main.js"
