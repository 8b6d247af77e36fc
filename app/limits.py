"""Bounds on what a request may be, answered before any routing or compute.

The longest address a reader can make is a fully edited convolutionalization
lab at its largest shapes: 1,456 numbers of up to 11 characters, about 18 KB.
Anything far beyond that is not a state of One by One, so it is refused at once:

- the address (path and query) longer than ``MAX_URL_BYTES``: 414;
- a body longer than ``MAX_BODY_BYTES`` (no route reads one): 413;
- headers larger than ``MAX_HEADER_BYTES`` in total: 431.

Shapes and values inside the query are bounded by the state tables
(``app/state.py``), which answer 422; together they bound the compute per request.

``RequestLimits`` enforces this in the app, under any server. The server that
``python -m app`` runs also stops reading an address the moment it passes the
limit (``BoundedHttpToolsProtocol``), so a megabyte-long URL is refused without
being read whole.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from app.i18n import translate

MAX_URL_BYTES = 32 * 1024
MAX_BODY_BYTES = 16 * 1024
MAX_HEADER_BYTES = 16 * 1024

TOO_LONG = {
    413: ("request.body", "limit.body", MAX_BODY_BYTES),
    414: ("request.url", "limit.url", MAX_URL_BYTES),
    431: ("request.headers", "limit.headers", MAX_HEADER_BYTES),
}
REASONS = {413: b"Content Too Large", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}


def refusal_body(status: int, size: int) -> bytes:
    """The JSON error for a refused request, in FastAPI's ``detail[0]`` shape, naming what was too long."""
    field, key, limit = TOO_LONG[status]
    message = translate(key, size=f"{size:,}", limit=f"{limit:,}")
    detail = [{"type": "too_long", "loc": field.split("."), "msg": message, "field": field}]
    return orjson.dumps({"detail": detail})


def oversize(scope: Scope) -> tuple[int, int] | None:
    """``(status, size)`` if the request breaks a limit, else None."""
    url_bytes = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
    if url_bytes > MAX_URL_BYTES:
        return 414, url_bytes
    header_bytes = 0
    for name, value in scope["headers"]:
        header_bytes += len(name) + len(value) + 4
        if name == b"content-length" and value.isdigit() and int(value) > MAX_BODY_BYTES:
            return 413, int(value)
    if header_bytes > MAX_HEADER_BYTES:
        return 431, header_bytes
    return None


class RequestLimits:
    """Pure ASGI middleware: refuses oversized requests before the app sees them."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refused = oversize(scope) if scope["type"] == "http" else None
        if refused is None:
            await self.app(scope, receive, send)
            return
        status, size = refused
        body = refusal_body(status, size)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
