"""A worker's stop, in two steps: first draining, then stopping.

On SIGTERM a worker says so at once (``/healthz`` answers 503 "draining", every
answer closes its connection) but goes on serving for ``drain_seconds``, so a
load balancer or reverse proxy can stop sending it readers before it stops
listening. Then uvicorn's own graceful stop runs: no new connections, requests
in flight finish, and idle kept-alive connections are read once more before they
close (``BoundedHttpToolsProtocol.shutdown``). A second SIGTERM stops at once;
so does Ctrl+C.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

_draining = threading.Event()


def draining() -> bool:
    """Whether this worker has been told to stop."""
    return _draining.is_set()


def start_draining() -> None:
    """From now on, health says draining and answers close their connections."""
    _draining.set()


def drain_first(stop: Callable, seconds: float, loop: asyncio.AbstractEventLoop) -> Callable:
    """A SIGTERM handler that drains for ``seconds``, then calls the server's own handler ``stop``."""

    def on_sigterm(sig: int, frame: object) -> None:
        if draining() or seconds <= 0:
            start_draining()
            stop(sig, frame)
            return
        start_draining()
        # A signal handler may run in the middle of the loop's own code: hand the timer over safely.
        loop.call_soon_threadsafe(loop.call_later, seconds, stop, sig, None)

    return on_sigterm


def drain_on_sigterm(seconds: float) -> Callable:
    """A FastAPI lifespan: under a server that handles SIGTERM (uvicorn does, from the main thread),
    put draining in front of its handler. In tests, where the app runs off the main thread, nothing changes."""

    @asynccontextmanager
    async def lifespan(_app: object) -> AsyncIterator[None]:
        stop = signal.getsignal(signal.SIGTERM)
        if threading.current_thread() is threading.main_thread() and callable(stop):
            signal.signal(signal.SIGTERM, drain_first(stop, seconds, asyncio.get_running_loop()))
        yield

    return lifespan
