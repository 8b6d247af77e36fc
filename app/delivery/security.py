"""Headers on every response: a strict CSP, no sniffing, and framing only for embeds.

Pages under ``/embed/`` may be framed by the sites in the ``frame_ancestors``
setting (any site by default); every other response refuses to be framed.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

EMBED_PREFIX = "/embed/"

# Styles come from our stylesheet or are set through the CSSOM (which CSP does
# not govern), so neither scripts nor styles need 'unsafe-inline'.
POLICY = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]

COMMON_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
]

# The answer to an unexpected exception: Starlette's own words, with our headers.
CRASH_BODY = b"Internal Server Error"
CRASH_HEADERS = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(CRASH_BODY)).encode())]


def content_security_policy(frame_ancestors: str) -> str:
    """The policy with its ``frame-ancestors`` directive."""
    return "; ".join([*POLICY, f"frame-ancestors {frame_ancestors}"])


def site_headers() -> list[tuple[bytes, bytes]]:
    """Every response but an embed: never framed (X-Frame-Options for old browsers)."""
    return [
        (b"content-security-policy", content_security_policy("'none'").encode()),
        *COMMON_HEADERS,
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]


def embed_headers(frame_ancestors: str) -> list[tuple[bytes, bytes]]:
    """An embed page: framed by ``frame_ancestors`` and by the site itself (the Share dialog's preview).

    X-Frame-Options cannot say "any" or list origins, so embeds carry none.
    """
    listed = frame_ancestors.split()
    sources = "*" if "*" in listed else " ".join(["'self'", *(s for s in listed if s != "'self'")])
    return [(b"content-security-policy", content_security_policy(sources).encode()), *COMMON_HEADERS]


def is_embed(scope: Scope) -> bool:
    """Whether the request is for an embed page, with or without the proxy's root path in ``path``."""
    path: str = scope["path"]
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return path.startswith(EMBED_PREFIX)


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware on the hot path)."""

    def __init__(self, app: ASGIApp, frame_ancestors: str = "*"):
        self.app = app
        self.site = site_headers()
        self.embed = embed_headers(frame_ancestors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.embed if is_embed(scope) else self.site
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Starlette answers an unexpected exception outside every added middleware, so its
            # 500 would go out without these headers: answer it here and let the error propagate
            # (the server still logs it; Starlette sees the answer started and sends nothing more).
            if not started:
                await send_with_headers({"type": "http.response.start", "status": 500, "headers": CRASH_HEADERS})
                await send_with_headers({"type": "http.response.body", "body": CRASH_BODY})
            raise
