"""HTML pages: the shell of each view, with its boot data as inert JSON."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__
from app.core.real_shapes import real_heads
from app.i18n import DEFAULT_LANGUAGE, catalog, translate
from app.presets import COST_PRESETS, LAB_PRESETS, PRESETS
from app.state import COST, LAB, MIXER
from app.vendor import plotly_css_path, plotly_path, plotly_skip_ids

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals["t"] = translate

router = APIRouter(include_in_schema=False)


VIEWS = {
    # view key: (template, API path, state spec, presets)
    "mixer": ("mixer.html", "/api/mixer", MIXER, PRESETS),
    "lab": ("lab.html", "/api/lab", LAB, LAB_PRESETS),
    "cost": ("cost.html", "/api/cost", COST, COST_PRESETS),
}


def boot_data(view: str, base: str) -> dict:
    """What the browser's store needs before its first API call."""
    _, api, spec, presets = VIEWS[view]
    return {
        "version": __version__,
        "view": view,
        "base": base,
        "api": f"{base}{api}",
        "fields": [f.to_json() for f in spec.fields],
        "presets": [{"key": p.key, "query": p.query} for p in presets],
        "strings": catalog(DEFAULT_LANGUAGE),
    } | ({"real_heads": real_heads()} if view == "lab" else {})


def render(request: Request, view: str) -> HTMLResponse:
    """A view's HTML shell; its state arrives in the query string and is read by the browser."""
    base = request.scope.get("root_path", "").rstrip("/")
    context = {"lang": DEFAULT_LANGUAGE, "base": base, "view": view, "boot": boot_data(view, base), "version": __version__}
    context["plotly"] = {"js": f"{base}{plotly_path()}", "css": f"{base}{plotly_css_path()}", "skip_ids": plotly_skip_ids()}
    return templates.TemplateResponse(request, VIEWS[view][0], context, headers={"Cache-Control": "no-cache"})


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def mixer_page(request: Request) -> HTMLResponse:
    """The channel mixer and its FC twin; the query string is the example."""
    return render(request, "mixer")


@router.api_route("/lab", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def lab_page(request: Request) -> HTMLResponse:
    """The convolutionalization lab; the query string is the example."""
    return render(request, "lab")


@router.api_route("/cost", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def cost_page(request: Request) -> HTMLResponse:
    """The cost lab: parameters and multiply-adds of two chains; the query string is the comparison."""
    return render(request, "cost")
