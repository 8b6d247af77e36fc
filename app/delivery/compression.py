"""Compression of every response: brotli where the client accepts it, else gzip.

Bodies served many times (static files, vendored plotly.js, API answers) are
``Packed``: kept in memory with an ETag of their bytes and their compressed
copies, one per encoding, made on first use. That is the one place a compressed
body is kept; the lecture hall's repeated link and every page's scripts pay for
compression once. A packed body is always sent whole (a Range header is ignored,
which HTTP allows), and a compressed copy's ETag is weak, so no client can pair
it with bytes of another representation.

Everything else (pages, errors) is compressed on its way out by ``Compression``
and never kept; a partial answer (206) is left as the server made it.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache

import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
MINIMUM_SIZE = 1024
LARGE = 256 * 1024  # above this, a slower brotli level pays for itself (and the result is cached)


@lru_cache(maxsize=256)
def choose_encoding(accept_encoding: str) -> str | None:
    """``br`` or ``gzip`` if the client accepts it (q > 0), brotli first; None for neither.

    Browsers send a handful of spellings, asked about several times per answer: they are remembered.
    """
    offered: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip().lower()] = quality
    for encoding in ("br", "gzip"):
        if offered.get(encoding, offered.get("*", 0.0)) > 0:
            return encoding
    return None


# Answers computed per request (API JSON, pages) are compressed on the hot path: a
# 5 KB mixer answer takes 82 µs at brotli 5 and 23 µs at 1, for 1.4 KB instead of
# 1.0 KB; at 300 connections that is a sixth of the server's time per answer.
# Static files are compressed once per process and kept, so they get the smaller output.
FAST = {"br": 1, "gzip": 1}
THOROUGH = {"br": 5, "gzip": 6}
THOROUGH_LARGE = {"br": 9, "gzip": 6}
DYNAMIC = ("application/json", "text/html")


def compress(body: bytes, encoding: str, fast: bool = False) -> bytes:
    """The body in ``encoding`` (deterministic: no timestamps); ``fast`` for bodies made per request."""
    levels = FAST if fast else THOROUGH_LARGE if len(body) > LARGE else THOROUGH
    if encoding == "br":
        return brotli.compress(body, quality=levels["br"])
    return gzip.compress(body, compresslevel=levels["gzip"], mtime=0)


class Packed:
    """A body kept in memory with a strong ETag of its bytes and its compressed copies, made on first use.

    ``fast``: compress at the hot-path levels (answers computed per request), else the thorough ones.
    """

    __slots__ = ("body", "encoded", "etag", "fast")

    def __init__(self, body: bytes, fast: bool = False):
        self.body = body
        self.fast = fast
        self.etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        self.encoded: dict[str, bytes] = {}

    def encoding_for(self, accept_encoding: str) -> str | None:
        """The encoding this body goes out in to a client that accepts ``accept_encoding`` (None: identity)."""
        return choose_encoding(accept_encoding) if len(self.body) >= MINIMUM_SIZE else None

    def body_for(self, accept_encoding: str) -> tuple[bytes, str | None]:
        """The body to send to a client that accepts ``accept_encoding``, and its encoding (None for identity)."""
        encoding = self.encoding_for(accept_encoding)
        if encoding is None:
            return self.body, None
        packed = self.encoded.get(encoding)
        if packed is None:
            packed = self.encoded[encoding] = compress(self.body, encoding, self.fast)
        return packed, encoding

    def weight(self) -> int:
        """Bytes it holds, counting room for its compressed copies (each well under half the body)."""
        return len(self.body) + len(self.body) // 2 + 256


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether If-None-Match names ``etag`` (weak comparison: ``W/"x"`` matches ``"x"``)."""
    if not if_none_match:
        return False
    return any(tag.strip() == "*" or tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def packed_response(packed: Packed, request_headers: Headers, media_type: str, cache_control: str) -> Response:
    """``packed`` for this client: 304 if it has it, else whole, in the encoding it accepts."""
    accept = request_headers.get("accept-encoding", "")
    encoding = packed.encoding_for(accept)
    headers = {"Cache-Control": cache_control, "Vary": "Accept-Encoding", "ETag": packed.etag if encoding is None else "W/" + packed.etag}
    if etag_matches(request_headers.get("if-none-match"), packed.etag):
        return Response(status_code=304, headers=headers)
    body, encoding = packed.body_for(accept)
    if encoding is not None:
        headers["Content-Encoding"] = encoding
    return Response(body, media_type=media_type, headers=headers)


class Compression:
    """Pure ASGI middleware: buffers a response not packed already, then compresses it if that is worth it."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        encoding = choose_encoding(Headers(scope=scope).get("accept-encoding", ""))
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self.finish(start, b"".join(chunks), encoding, scope["method"], send)
            else:
                await send(message)

        await self.app(scope, receive, capture)

    async def finish(self, start: Message, body: bytes, encoding: str | None, method: str, send: Send) -> None:
        headers = MutableHeaders(raw=start["headers"])
        status = start["status"]
        worth = (
            status >= 200
            and status not in (204, 206, 304)
            and "content-range" not in headers
            and method != "HEAD"
            and "content-encoding" not in headers
            and headers.get("content-type", "").startswith(COMPRESSIBLE)
            and len(body) >= MINIMUM_SIZE
        )
        if worth:
            headers.add_vary_header("Accept-Encoding")
            if encoding is not None:
                body = compress(body, encoding, fast=headers.get("content-type", "").startswith(DYNAMIC))
                headers["content-encoding"] = encoding
                headers["content-length"] = str(len(body))
        await send(start)
        await send({"type": "http.response.body", "body": body})
