"""Bounds on what a request may be, answered before any routing or compute.

The longest address a reader can make is a fully edited convolutionalization
lab at its largest shapes: 1,456 numbers of up to 11 characters, about 18 KB.
Anything far beyond that is not a state of One by One, so it is refused at once:

- the address (path and query) longer than ``MAX_URL_BYTES``: 414;
- a query of more than ``MAX_PARAMETERS`` fields (the lab, the largest view, has
  17 and the page adds 5 of its own): 414, counted before the query is parsed;
- a body longer than ``MAX_BODY_BYTES`` (no route reads one): 413;
- headers larger than ``MAX_HEADER_BYTES`` in total: 431;
- a Host the operator did not list in ``allowed_hosts`` (when they list any): 400.

Shapes and values inside the query are bounded by the state tables
(``app/state/spec.py``), which answer 422; together they bound the compute per request.

``RequestLimits`` enforces this in the app, under any server. The server that
``python -m app`` runs also stops reading an address the moment it passes the
limit, and headers the moment they pass theirs (``BoundedHttpToolsProtocol``),
so a megabyte-long URL or header is refused without being read whole.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from app.i18n.catalog import translate

MAX_URL_BYTES = 32 * 1024
MAX_BODY_BYTES = 16 * 1024
MAX_HEADER_BYTES = 16 * 1024
MAX_PARAMETERS = 64

# What each limit bounds: its status, the field an error names, its catalog message and its limit.
TOO_LONG = {
    "body": (413, "request.body", "limit.body", MAX_BODY_BYTES),
    "url": (414, "request.url", "limit.url", MAX_URL_BYTES),
    "parameters": (414, "request.query", "limit.parameters", MAX_PARAMETERS),
    "headers": (431, "request.headers", "limit.headers", MAX_HEADER_BYTES),
}
REASONS = {400: b"Bad Request", 408: b"Request Timeout", 413: b"Content Too Large", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}


def error_body(field: str, key: str, **params: object) -> bytes:
    """A JSON error in FastAPI's ``detail[0]`` shape, naming ``field``, said by catalog ``key``."""
    detail = [{"type": "too_long", "loc": field.split("."), "msg": translate(key, **params), "field": field}]
    return orjson.dumps({"detail": detail})


def refusal_body(limit: str, size: int) -> bytes:
    """The JSON error for a request over ``limit`` (a key of ``TOO_LONG``), naming what was too long."""
    _, field, key, most = TOO_LONG[limit]
    return error_body(field, key, size=f"{size:,}", limit=f"{most:,}")


def oversize(scope: Scope) -> tuple[str, int] | None:
    """``(limit, size)`` if the request breaks a limit, else None."""
    query = scope.get("query_string", b"")
    url_bytes = len(scope.get("raw_path") or scope["path"].encode()) + len(query)
    if url_bytes > MAX_URL_BYTES:
        return "url", url_bytes
    # Counting separators costs microseconds; parsing 8,000 empty fields costs tens of milliseconds.
    parameters = query.count(b"&") + 1 if query else 0
    if parameters > MAX_PARAMETERS:
        return "parameters", parameters
    header_bytes = 0
    for name, value in scope["headers"]:
        header_bytes += len(name) + len(value) + 4
        if name == b"content-length" and value.isdigit() and int(value) > MAX_BODY_BYTES:
            return "body", int(value)
    if header_bytes > MAX_HEADER_BYTES:
        return "headers", header_bytes
    return None


def host_of(scope: Scope) -> str:
    """The request's Host without its port, lower case ('' when there is none)."""
    host = next((value for name, value in scope["headers"] if name == b"host"), b"").decode("latin-1").strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """Whether ``host`` is one of ``allowed``: names, or ``*.example.org`` for its subdomains; ``*`` allows any."""
    for pattern in allowed:
        if pattern == "*" or host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
            return True
    return False


class RequestLimits:
    """Pure ASGI middleware: refuses oversized requests, and hosts the operator did not allow, before the app sees them."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...] = ("*",)):
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.any_host = "*" in allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = oversize(scope)
        if refused is not None:
            limit, size = refused
            await self.refuse(send, TOO_LONG[limit][0], refusal_body(limit, size))
            return
        if not self.any_host and not host_allowed(host := host_of(scope), self.allowed_hosts):
            await self.refuse(send, 400, error_body("request.host", "limit.host", host=repr(host[:80])))
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def refuse(send: Send, status: int, body: bytes) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
