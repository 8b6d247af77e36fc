"""Panels that can be embedded alone, and the oEmbed answer for a link to one.

A panel shows one part of a view; its URL is ``/embed/{panel}`` with the same
query as the view's page, so a page link, an embed and an API call mean the
same thing.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import MultiDict

from app.i18n.catalog import DEFAULT_LANGUAGE, translate
from app.state.spec import VIEW_FIELD, StateError, parse_query, view_value
from app.web.views import PANELS, VIEWS, Panel

THEMES = VIEW_FIELD["theme"].choices
EMBED_WIDTH = 720  # px; the iframe is fluid below this


class OEmbedError(Exception):
    """The link cannot be embedded: ``status`` (404, 422 or 501) and a message naming the field."""

    def __init__(self, status: int, field: str, message: str):
        super().__init__(message)
        self.status = status
        self.field = field


def embed_query(query: Mapping[str, str], view: str) -> dict[str, str]:
    """The query of an embed of ``view``: its state fields (validated), the theme and the language, nothing else.

    Raises ``StateError`` naming the first bad state field.
    """
    spec = VIEWS[view].spec
    parse_query(query, spec)
    kept = {f.name: query[f.name] for f in spec.fields if query.get(f.name)}
    for name in ("theme", "lang"):
        value = view_value(query, name)
        if value != VIEW_FIELD[name].default:
            kept[name] = value
    return kept


def embed_src(base_url: str, panel: Panel, query: Mapping[str, str]) -> str:
    """The absolute URL of an embed; lists and layer chains keep their readable commas and colons."""
    encoded = urlencode(query, safe=",:")
    return f"{base_url.rstrip('/')}/embed/{panel.key}" + (f"?{encoded}" if encoded else "")


def panel_for_path(path: str) -> Panel | None:
    """The panel a page or embed path shows (``path`` without the root path), or None."""
    if path.startswith("/embed/"):
        return PANELS.get(path.removeprefix("/embed/"))
    for view in VIEWS.values():
        if path.rstrip("/") == view.path.rstrip("/"):
            return view.panels[0]
    return None


def oembed(url: str, base_url: str, maxwidth: int | None = None, maxheight: int | None = None) -> dict:
    """The oEmbed "rich" answer for a link to one of our pages (https://oembed.com, section 2.3).

    ``base_url`` is this site's address with its root path, e.g. ``https://example.org/onebyone/``.
    """
    link, site = urlsplit(url[:4096]), urlsplit(base_url)
    root = site.path.rstrip("/")
    if link.scheme not in ("http", "https") or link.netloc.lower() != site.netloc.lower() or not link.path.startswith(root):
        raise OEmbedError(404, "url", f"url must be a link to a page of this site ({base_url}), got {url[:80]!r}")
    panel = panel_for_path(link.path[len(root) :] or "/")
    if panel is None:
        raise OEmbedError(404, "url", f"url must be a link to a view (/, /lab, /cost) or an embed (/embed/...), got {link.path[:80]!r}")
    try:
        # A MultiDict keeps a field given twice, which parse_query refuses as the API does.
        query = embed_query(MultiDict(parse_qsl(link.query)), panel.view)
    except StateError as error:
        raise OEmbedError(422, "url", f"url: {error}") from None
    width = min(maxwidth or EMBED_WIDTH, EMBED_WIDTH)
    height = min(maxheight or 10_000, panel.height_at(width))
    src = embed_src(base_url, panel, query)
    # The link's language, if it names one: the iframe and its title speak it.
    title = panel.title(query.get("lang", DEFAULT_LANGUAGE))
    snippet = (
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" width="{width}" height="{height}" '
        'loading="lazy" style="border:0;max-width:100%"></iframe>'
    )
    return {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": translate("site.title", query.get("lang", DEFAULT_LANGUAGE)),
        "provider_url": base_url,
        "html": snippet,
        "width": width,
        "height": height,
        "cache_age": 86400,
    }
