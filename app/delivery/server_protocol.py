"""The HTTP protocol ``python -m app`` serves with: uvicorn's httptools protocol,
bounded against clients that send too much, too slowly or not at all.

- An address is refused (414) the moment it passes ``MAX_URL_BYTES``, and headers
  (431) the moment they pass ``MAX_HEADER_BYTES``, with no more read: httptools
  would otherwise gather a 64 MB header whole (seconds of CPU) before anyone
  could look at it.
- A connection has ``request_head_timeout`` seconds, from connect or from its
  previous answer, to send a request's line and headers; then it is closed (408
  if it had begun one). Silent and trickling connections cannot pile up.
- Past ``max_connections`` open connections, the one that has waited longest
  for a request is closed to make room, so the file limit is never reached.
- uvicorn's own refusals (400 for bytes that are not HTTP) carry the site's
  security headers, like every other answer.
- At a graceful stop, idle kept-alive connections are read once more before they
  close, so a request already sent on one is answered (with ``Connection: close``).
- Nagle's algorithm is off.
"""

from __future__ import annotations

import resource
import socket
from functools import lru_cache

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.delivery.lifecycle import draining, start_draining
from app.delivery.limits import MAX_HEADER_BYTES, MAX_URL_BYTES, REASONS, error_body, refusal_body
from app.delivery.security import site_headers
from app.settings import get_settings

# The request line's method, version and line ends, and the headers' own line ends, beside the
# address and the headers that ``RequestLimits`` counts exactly once a head is complete.
HEAD_SLACK = 1024
# How long an idle kept-alive connection is still read at a graceful stop: a request the client
# sent just before is in the socket's buffer by then.
SHUTDOWN_GRACE = 0.5
# Files a worker keeps for itself beyond its connections (modules, static files, the log).
RESERVED_FILES = 128


def raise_file_limit(connections: int) -> None:
    """Raise this process's open-file limit (its workers inherit it) to fit ``connections``, as far as the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + RESERVED_FILES
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


@lru_cache
def connection_limit(configured: int) -> int:
    """Connections a worker keeps open at most: the setting, within the open-file limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return configured if soft == resource.RLIM_INFINITY else max(1, min(configured, soft - RESERVED_FILES))


class UrlTooLong(Exception):
    """Raised inside the parser's callback to stop parsing."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's protocol with bounds on the request head and on idle connections (see the module)."""

    url_too_long = False

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self.head_timeout = settings.request_head_timeout
        self.max_connections = connection_limit(settings.max_connections)
        self.head_timer = None
        self.close_timer = None
        self.waiting_since: float | None = None  # when it began waiting for a request; None while one is served
        self.in_head = False
        self.head_begun = False
        self.head_bytes = 0

    # Connection -------------------------------------------------------------------------------

    def connection_made(self, transport) -> None:  # type: ignore[no-untyped-def]
        # asyncio turns Nagle off only for sockets whose ``proto`` is TCP (python/cpython#148783:
        # an accepted socket can say proto 0); the listening sockets uvicorn and gunicorn make for
        # workers have proto 0, so with 2+ workers every answer on a kept-alive connection waited
        # for the client's delayed ACK: 44 ms instead of 0.3 ms (measured). Delete once asyncio sets it.
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self.await_head()
        if len(self.connections) > self.max_connections:
            self.make_room()

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self.head_timer, self.close_timer):
            if timer is not None:
                timer.cancel()
        self.waiting_since = None
        super().connection_lost(exc)

    def await_head(self) -> None:
        """Start the clock for the next request's line and headers."""
        if self.head_timer is not None:
            self.head_timer.cancel()
        self.head_timer = self.loop.call_later(self.head_timeout, self.head_timed_out)
        self.waiting_since = self.loop.time()
        self.in_head = True
        self.head_begun = False
        self.head_bytes = 0

    def head_timed_out(self) -> None:
        self.head_timer = None
        if self.transport.is_closing():
            return
        if self.head_begun:
            body = error_body("request.headers", "limit.timeout", seconds=f"{self.head_timeout:g}")
            self.refuse(408, body)
        else:
            self.transport.close()

    def make_room(self) -> None:
        """Over the limit: close whichever connection has waited longest for a request (this one if all are busy)."""
        waiting = [c for c in self.connections if getattr(c, "waiting_since", None) is not None and c is not self]
        oldest = min(waiting, key=lambda c: c.waiting_since, default=self)
        oldest.waiting_since = None
        oldest.transport.close()

    # Reading ------------------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        counting = self.in_head
        super().data_received(data)
        if counting and self.in_head and not self.transport.is_closing():
            self.head_bytes += len(data)
            header_bytes = self.head_bytes - len(self.url)
            if header_bytes > MAX_HEADER_BYTES + HEAD_SLACK:
                if self.cycle is None or self.cycle.response_complete:
                    self.refuse(431, refusal_body("headers", header_bytes))
                else:  # a pipelined request behind an answer still going out: no room for a second status line
                    self.transport.close()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.in_head = True
        self.head_begun = True
        self.head_bytes = 0

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > MAX_URL_BYTES:
            self.url_too_long = True
            raise UrlTooLong

    def on_headers_complete(self) -> None:
        self.in_head = False
        self.waiting_since = None
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None
        super().on_headers_complete()
        if draining() and self.cycle is not None:
            self.cycle.keep_alive = False

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.timeout_keep_alive_task is not None:  # uvicorn now waits for the next request
            self.await_head()

    # Refusing -----------------------------------------------------------------------------------

    def refuse(self, status: int, body: bytes) -> None:
        """Answer ``status`` with a JSON ``body`` and the site's headers, then close."""
        head = [b"HTTP/1.1 " + str(status).encode() + b" " + REASONS[status]]
        head += [name + b": " + value for name, value in self.server_state.default_headers]
        head += [name + b": " + value for name, value in site_headers()]
        head += [b"content-type: application/json", b"content-length: " + str(len(body)).encode(), b"connection: close"]
        self.in_head = False
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        # httptools reports any callback exception as a parse error, which uvicorn answers with 400.
        if self.url_too_long:
            self.refuse(414, refusal_body("url", len(self.url)))
        else:
            self.refuse(400, error_body("request", "limit.malformed"))

    # Stopping -----------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Called by uvicorn at a graceful stop: busy connections close after their answer; idle ones
        are read for ``SHUTDOWN_GRACE`` first, since a request sent just before may be waiting in the socket."""
        start_draining()
        if self.cycle is None or self.cycle.response_complete:
            if self.close_timer is None:
                self.close_timer = self.loop.call_later(SHUTDOWN_GRACE, self.close_if_idle)
        else:
            self.cycle.keep_alive = False

    def close_if_idle(self) -> None:
        self.close_timer = None
        idle = (self.cycle is None or self.cycle.response_complete) and not (self.in_head and self.head_begun)
        if idle and not self.transport.is_closing():
            self.transport.close()
