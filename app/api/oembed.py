"""GET /oembed: the iframe for a link to any view, so blog platforms embed a pasted link."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from app.api.errors import error_response
from app.api.responses import json_bytes
from app.api.schema import ERROR_SCHEMA, REQUEST_LIMIT_DOCS, json_doc, object_with
from app.web.embed import OEmbedError, oembed

router = APIRouter(tags=["embed"], responses=REQUEST_LIMIT_DOCS)


@router.get(
    "/oembed",
    summary="oEmbed for a link to a view or an embed",
    responses={
        200: json_doc(
            'An oEmbed 1.0 "rich" answer whose `html` is an `<iframe>` of the panel with the link\'s state.',
            object_with(
                version="string", type="string", title="string", provider_name="string", provider_url="string", html="string", width="integer", height="integer"
            ),
        ),
        404: json_doc("`url` is not a page of this site that can be embedded.", ERROR_SCHEMA),
        422: json_doc("A parameter is malformed, or the link's state is out of range; `detail[0].msg` says which.", ERROR_SCHEMA),
        501: json_doc("`format` other than json.", ERROR_SCHEMA),
    },
)
async def oembed_endpoint(
    request: Request,
    url: str = Query(..., max_length=4096, description="A link to a page of this site, e.g. https://host/?h=2&w=2."),
    format: str = Query("json", max_length=16, description="Only json is offered."),  # noqa: A002 (oEmbed's name)
    maxwidth: int | None = Query(None, ge=1, le=10_000, description="Largest width the consumer can show, in px."),
    maxheight: int | None = Query(None, ge=1, le=10_000, description="Largest height the consumer can show, in px."),
) -> Response:
    """Validate the link like the page would, then answer with an iframe of its panel."""
    if format != "json":
        return error_response(501, "format", f"format must be json, got {format[:16]!r}")
    try:
        answer = oembed(url, str(request.base_url), maxwidth, maxheight)
    except OEmbedError as error:
        return error_response(error.status, error.field, str(error))
    # The answer names this site by the request's Host: a shared cache may keep it only when the
    # operator has listed the hosts (ONEBYONE_ALLOWED_HOSTS); else a forged Host would be kept for everyone.
    cache_control = "public, max-age=86400" if request.app.state.hosts_checked else "no-store"
    return Response(json_bytes(answer), media_type="application/json", headers={"Cache-Control": cache_control})
