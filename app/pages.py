"""HTML pages: the shell of each view, with its boot data as inert JSON."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__
from app.i18n import DEFAULT_LANGUAGE, catalog, translate
from app.presets import PRESETS
from app.state import MIXER_FIELDS
from app.vendor import plotly_path

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals["t"] = translate

router = APIRouter(include_in_schema=False)


def boot_data(base: str) -> dict:
    """What the browser's store needs before its first API call."""
    return {
        "version": __version__,
        "base": base,
        "api": {"mixer": f"{base}/api/mixer"},
        "plotly": f"{base}{plotly_path()}",
        "fields": [f.to_json() for f in MIXER_FIELDS],
        "presets": [{"key": p.key, "query": p.query} for p in PRESETS],
        "strings": catalog(DEFAULT_LANGUAGE),
    }


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def mixer_page(request: Request) -> HTMLResponse:
    """The channel mixer and its FC twin; the query string is the example."""
    base = request.scope.get("root_path", "").rstrip("/")
    context = {"lang": DEFAULT_LANGUAGE, "base": base, "boot": boot_data(base), "version": __version__}
    return templates.TemplateResponse(request, "mixer.html", context, headers={"Cache-Control": "no-cache"})
