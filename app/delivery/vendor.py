"""plotly.js from the installed ``plotly`` package: versioned URLs, cached for a year (compressed once, by the middleware).

Plotly injects its own styles at run time (``<style>`` elements), which a strict
Content-Security-Policy refuses. It has a way out: when an element with id
``plotly.js-style-global`` and class ``no-inline-styles`` exists, it skips the
injection. So the page links a stylesheet with that id and class, and this
module serves, as that stylesheet, the very rules the bundle would inject (read
from the bundle itself, so they follow the installed version). The bundled
maplibre CSS (map traces, unused here) is skipped the same way, by an element
carrying the id the bundle checks for.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import plotly
from fastapi import APIRouter, Request, Response

from app.delivery.compression import Packed, packed_response

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
router = APIRouter(include_in_schema=False)

_STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
# for(k in rules) sel = k.replace(/^,/," ,").replace(/X/g, PLOT).replace(/Y/g, NOTIFIER), addStyleRule(sel, rules[k])
_RULES_LOOP = re.compile(r'for\((\w+) in (\w+)\)\w+=\1\.replace\(/\^,/," ,"\)\.replace\(/X/g,"([^"]+)"\)\.replace\(/Y/g,"([^"]+)"\)')


def _bundle_text() -> str:
    # Not cached: only the two cached readers below need it, once each.
    return PLOTLY_JS.read_text(encoding="utf-8")


@lru_cache
def plotly_version() -> str:
    """The plotly.js version, read from the bundle's banner (e.g. ``4.1.1``)."""
    with PLOTLY_JS.open(encoding="utf-8") as handle:
        match = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", handle.read(200))
    return match.group(1) if match else "unknown"


def plotly_path() -> str:
    """The URL path of the bundle; the version in the name makes it immutable."""
    return f"/vendor/plotly-{plotly_version()}.min.js"


def plotly_css_path() -> str:
    """The URL path of plotly's own rules as a stylesheet (see the module docstring)."""
    return f"/vendor/plotly-{plotly_version()}.css"


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal[1:-1])


@lru_cache
def plotly_css() -> str:
    """The CSS rules plotly.js would inject at run time, read from the bundle.

    Raises RuntimeError when the bundle no longer has the expected shape, so a
    plotly upgrade that changes it fails the tests instead of unstyling charts.
    """
    text = _bundle_text()
    loop = _RULES_LOOP.search(text)
    if not loop:
        raise RuntimeError("plotly.js: the style rules loop was not found")
    name, plot, notifier = loop.group(2), loop.group(3), loop.group(4)
    start = text.rfind(name + "={", 0, loop.start()) + len(name) + 2
    pairs = re.findall(rf"({_STRING}):({_STRING})[,}}]", text[start : loop.start()])
    if len(pairs) < 20:
        raise RuntimeError(f"plotly.js: only {len(pairs)} style rules found")
    rules = []
    for key, value in pairs:
        selector = re.sub(r"^,", " ,", _unquote(key)).replace("X", plot).replace("Y", notifier)
        rules.append(f"{selector}{{{_unquote(value)}}}")
    # The page's own layers (static/css/app.css) come after this one, so its rules win
    # over plotly's wherever they meet, whatever their specificity.
    return "@layer vendor {\n" + "\n".join(rules) + "\n}\n"


@lru_cache
def plotly_skip_ids() -> tuple[str, ...]:
    """Ids whose presence makes the bundle skip injecting a stylesheet of its own (maplibre's)."""
    return tuple(dict.fromkeys(re.findall(r'getElementById\("([0-9a-f]{64})"\)', _bundle_text())))


@lru_cache
def _packed(kind: str) -> Packed:
    return Packed(PLOTLY_JS.read_bytes() if kind == "js" else plotly_css().encode())


IMMUTABLE = "public, max-age=31536000, immutable"


@router.get("/vendor/plotly-{version}.min.js")
def plotly_js(version: str, request: Request) -> Response:
    """Serve the bundle, packed once per encoding (brotli: about a quarter of its 4.8 MB)."""
    if version != plotly_version():
        return Response(status_code=404)
    return packed_response(_packed("js"), request.headers, "text/javascript", IMMUTABLE)


@router.get("/vendor/plotly-{version}.css")
def plotly_stylesheet(version: str, request: Request) -> Response:
    """Serve plotly's rules as a stylesheet, so no inline style is needed."""
    if version != plotly_version():
        return Response(status_code=404)
    return packed_response(_packed("css"), request.headers, "text/css; charset=utf-8", IMMUTABLE)
