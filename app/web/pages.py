"""HTML pages: the shell of each view, its embeds and the guided path, with boot data as inert JSON."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from app import __version__
from app.core.inception import inception_module
from app.core.real_shapes import real_heads
from app.delivery.static_files import module_graph, static_prefix
from app.delivery.vendor import plotly_css_path, plotly_path, plotly_skip_ids
from app.i18n.catalog import LANGUAGES, catalog, choose_language, translator
from app.state.spec import VIEW_FIELD, view_value
from app.web.guide import CHAPTERS, chapter_href, chapter_of, example_query, neighbours
from app.web.views import GUIDE_ENTRY, PANELS, VIEWS

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals["module_graph"] = module_graph

router = APIRouter(include_in_schema=False)


def page_language(request: Request) -> str:
    """``lang=`` from the URL, else the browser's Accept-Language, else the operator's default."""
    return choose_language(request.query_params.get("lang"), request.headers.get("accept-language"), request.app.state.default_language)


def language_links(language: str) -> list[dict]:
    """The language switch. Each link is relative and names only its language: the page's
    script adds the example as it is at the click (edits live in the address bar), and the
    server never echoes the reader's query into the page."""
    return [{"code": code, "tag": spoken.tag, "name": spoken.name, "href": f"?lang={code}", "current": code == language} for code, spoken in LANGUAGES.items()]


def url_language(request: Request) -> str | None:
    """The language the URL asks for (``lang=``), if we speak it: links to our other pages keep it."""
    return view_value(request.query_params, "lang")


def keeping_language(href: str, language: str | None) -> str:
    """``href`` with ``lang=`` added when the reader chose a language in the URL."""
    if language is None:
        return href
    return f"{href}{'&' if '?' in href else '?'}lang={language}"


def boot_data(view: str, base: str, language: str, panel: str | None = None) -> dict:
    """What the browser's store needs before its first API call."""
    shown = VIEWS[view]
    return (
        {
            "version": __version__,
            "view": view,
            "panel": panel,
            "path": shown.path,
            "base": base,
            "api": f"{base}{shown.api}",
            "fields": shown.spec.to_json(),
            "presets": [{"key": p.key, "query": p.query} for p in shown.presets],
            "panels": [{"key": p.key, "height": p.height} for p in shown.panels],
            "lang": language,
            "strings": catalog(language),
        }
        | ({"layout": {"apiUrl": f"{base}{shown.layout.api}", "fields": [f.name for f in shown.layout.endpoint.spec.fields]}} if shown.layout else {})
        | ({"real_heads": real_heads()} if view == "lab" else {})
        | ({"plotly": f"{base}{plotly_path()}"} if view == "cost" else {})
    )


def first_answer(request: Request, view: str) -> dict | None:
    """The view's answer for the state in the page's URL, so that the page draws it before its first
    paint: nothing moves while an API round trip is in flight. Its API query (the script uses the
    answer only for that query) and its JSON; for a view with a layout, the layout's too."""
    shown = VIEWS[view]
    first = shown.endpoint.first(request)
    if first is None:
        return None
    query, body = first
    answer = {"query": query, "json": inert_json(body)}
    if shown.layout:
        layout_query, layout_body = shown.layout.endpoint.first(request)  # its fields were just read without a fault
        answer["layout"] = {"query": layout_query, "json": inert_json(layout_body)}
    return answer


def inert_json(body: bytes) -> Markup:
    """JSON for a ``<script type="application/json">`` element: ``<`` escaped (as Jinja's ``tojson``
    does), so no text in it can end the element."""
    return Markup(body.decode().replace("<", "\\u003c"))


def chapter_context(request: Request, view: str, base: str, present: bool) -> dict | None:
    """The chapter bar of a guided-path page, or None off the path."""
    chapter = chapter_of(request.query_params, view)
    if chapter is None:
        return None
    before, after = neighbours(chapter)
    language = url_language(request)
    return {
        "number": chapter.number,
        "total": len(CHAPTERS),
        "focus": chapter.focus,
        "example": example_query(chapter),
        "free": ",".join(chapter.free),
        "href": chapter_href(base, chapter, present, language),
        "prev": chapter_href(base, before, present, language) if before else None,
        "next": chapter_href(base, after, present, language) if after else None,
    }


# The header's links: the guided path, then every view in the registry's order.
NAV = (("guide", "/guide"), *((v.key, v.path) for v in VIEWS.values()))


def shell_context(request: Request, view: str, panel: str | None = None) -> dict:
    """What every page's shell needs: where it lives, its theme and mode, its assets."""
    base = request.scope.get("root_path", "").rstrip("/")
    language = page_language(request)
    return {
        "language": language,
        "lang": LANGUAGES[language].tag,
        "t": translator(language),
        "languages": language_links(language),
        "keep_lang": lambda href: keeping_language(href, url_language(request)),
        "base": base,
        "static": static_prefix(base),
        "view": view,
        "nav": NAV,
        "spec": VIEWS[view].spec if view in VIEWS else None,
        "entry": VIEWS[view].entry if view in VIEWS else GUIDE_ENTRY,
        "panel": panel,
        # Light until the script applies the reader's or the system's choice (before the first paint).
        "theme": view_value(request.query_params, "theme") or "light",
        "look": "volume" if panel == "volume" else view_value(request.query_params, "look"),
        "view_field": VIEW_FIELD.get,
        "present": view_value(request.query_params, "present") == 1 and panel is None,
        "chapter": None,
        "oembed": None,
        "version": __version__,
    }


def page(request: Request, template: str, context: dict) -> HTMLResponse:
    """The page; pages are never cached without a check (their assets are), and their words follow Accept-Language."""
    headers = {"Cache-Control": "no-cache", "Content-Language": context["lang"], "Vary": "Accept-Language"}
    return templates.TemplateResponse(request, template, context, headers=headers)


def render(request: Request, view: str, panel: str | None = None) -> HTMLResponse:
    """A view's HTML shell (or one panel of it, for embeds); its state is the query string, read by the browser."""
    context = shell_context(request, view, panel)
    base = context["base"]
    context |= {
        "chapter": None if panel else chapter_context(request, view, base, context["present"]),
        "oembed": f"{base}/oembed?url={quote(str(request.url), safe='')}&format=json",
        "boot": boot_data(view, base, context["language"], panel),
        "answer": first_answer(request, view),
        "plotly": {"css": f"{base}{plotly_css_path()}", "skip_ids": plotly_skip_ids()},
        "inception": inception_module() if view == "cost" and not panel else None,
    }
    return page(request, VIEWS[view].template, context)


def view_page(view: str) -> Callable[[Request], Awaitable[HTMLResponse]]:
    """The route of one view's page: its HTML shell; the query string is the example, read by the browser."""

    async def page_route(request: Request) -> HTMLResponse:
        return render(request, view)

    page_route.__name__ = f"{view}_page"
    return page_route


# One page per view of the registry (app/web/views.py), at the view's path.
for _view in VIEWS.values():
    router.add_api_route(_view.path, view_page(_view.key), methods=["GET", "HEAD"], response_class=HTMLResponse)


@router.api_route("/embed/{panel}", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def embed_page(request: Request, panel: str) -> HTMLResponse:
    """One panel with no site chrome, for an ``<iframe>``; the only pages other sites may frame."""
    if panel not in PANELS:
        raise HTTPException(404, f"no embeddable panel {panel[:40]!r}; the panels are {', '.join(PANELS)}")
    return render(request, PANELS[panel].view, panel)


@router.api_route("/guide", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def guide_page(request: Request) -> HTMLResponse:
    """The guided path's table of contents: one chapter per idea."""
    context = shell_context(request, "guide")
    base = context["base"]
    context["chapters"] = [{"number": c.number, "view": c.view, "href": chapter_href(base, c, context["present"], url_language(request))} for c in CHAPTERS]
    context["boot"] = {"version": __version__, "view": "guide", "base": base, "lang": context["language"], "strings": catalog(context["language"])}
    return page(request, "guide.html", context)


@router.get("/guide/{number}")
async def guide_chapter(request: Request, number: int) -> RedirectResponse:
    """``/guide/3`` (or ``/guide/3?present=1``): a short link to chapter 3, for slides and handouts."""
    if not 1 <= number <= len(CHAPTERS):
        raise HTTPException(404, f"chapter must be from 1 to {len(CHAPTERS)}, got {number}")
    base = request.scope.get("root_path", "").rstrip("/")
    present = view_value(request.query_params, "present") == 1
    return RedirectResponse(chapter_href(base, CHAPTERS[number - 1], present, url_language(request)), status_code=307)
