"""How ``python -m app`` serves: gunicorn's arbiter supervises uvicorn workers.

With uvicorn's own ``--workers`` every worker accepts from one shared socket, and
asyncio accepts every waiting connection each time a worker wakes: one worker can take
a whole burst (a lecture hall opening the link at once) while the other serves nobody.
gunicorn (24 or later) with ``reuse_port`` has each worker bind its own
``SO_REUSEPORT`` socket after it is forked, and the Linux kernel spreads new
connections over those sockets. Other systems (macOS) keep one shared socket, where
``SO_REUSEPORT`` does not balance.

Each worker runs uvicorn with the app's own protocol
(``BoundedHttpToolsProtocol``: the early 414/431, the head timeout, the connection cap)
and its stop: on SIGTERM the arbiter passes the signal on, each worker drains
(``app.delivery.lifecycle``) and then finishes what is in flight.
"""

from __future__ import annotations

import gc
import math
import socket
import sys
from typing import Any

from gunicorn.app.base import BaseApplication
from uvicorn_worker import UvicornWorker

from app.settings import Settings, get_settings

# Seconds uvicorn gives requests in flight at a stop, after the drain.
GRACEFUL_SECONDS = 30
# uvicorn's own default; gunicorn's is 2 s.
KEEP_ALIVE_SECONDS = 5
BALANCED_REUSE_PORT = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")
# When a worker looks for garbage cycles. Reference counting frees nearly all a request makes, so the
# cycle collector finds next to nothing; at CPython's default (every 700 new container objects) a
# worker answering a hall's new examples ran it 13 times a second and its middle generation once a
# second, 2.7 ms of CPU each time. Those pauses were most of a new example's p99 at 300 requests a
# second (bench/README.md). At 10,000 it runs a few times a minute.
GC_THRESHOLDS = (10_000, 10, 10)


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """What every uvicorn process here runs with, a worker or the reloading development server."""
    return {
        # Measured with wrk, 300 new connections at once (bench/run): under uvloop about 100 of the
        # first requests waited 1-2 s while the busy loop served the connections it already had;
        # the asyncio loop answered all of them within 100 ms, at the same throughput for the API.
        "loop": "asyncio",
        "http": "app.delivery.server_protocol:BoundedHttpToolsProtocol",
        "root_path": settings.root_path,
        "proxy_headers": True,
        "timeout_graceful_shutdown": GRACEFUL_SECONDS,
    }


class Worker(UvicornWorker):
    """A uvicorn worker with the app's protocol and settings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.CONFIG_KWARGS = uvicorn_options(get_settings())
        super().__init__(*args, **kwargs)


def bind_address(settings: Settings) -> str:
    """gunicorn's spelling of the address: host:port, an IPv6 host in brackets."""
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"{host}:{settings.port}"


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """The arbiter's settings, from ours."""
    return {
        "bind": [bind_address(settings)],
        "workers": settings.workers,
        "worker_class": f"{Worker.__module__}.{Worker.__qualname__}",
        "reuse_port": BALANCED_REUSE_PORT,
        "loglevel": settings.log_level,
        # uvicorn logs each request at info; below that, no access log.
        "accesslog": "-" if settings.log_level in ("info", "debug") else None,
        "errorlog": "-",
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "keepalive": KEEP_ALIVE_SECONDS,
        # The drain happens inside each worker before uvicorn's own graceful stop.
        "graceful_timeout": math.ceil(settings.drain_seconds) + GRACEFUL_SECONDS + 1,
        "proc_name": "onebyone",
        # The app is imported once, before the fork: a worker serves within milliseconds of binding its
        # socket (connections the kernel routes to a socket wait until its worker accepts), and the
        # workers share the imported code's memory.
        "preload_app": True,
        # No control socket under $HOME: a container's home may not be writable, and nothing here uses it.
        "control_socket_disable": True,
    }


class Arbiter(BaseApplication):
    """gunicorn run from Python with our options, no configuration file or command line read."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        """The app, imported once in the arbiter before it forks the workers (``preload_app``)."""
        from app.main import app

        # What the import made lives as long as the process. Frozen, it is never walked again by a
        # worker's collections, and its memory stays shared with the arbiter instead of being copied
        # into each worker (Python's advice for servers that fork after loading).
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        return app


def address_in_use(settings: Settings) -> bool:
    """Whether another server already listens on the address. Workers that bind with ``SO_REUSEPORT``
    would otherwise share the port with a stale server of the same user instead of failing."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((settings.host, settings.port))
        except OSError:
            return True
    return False


def serve(settings: Settings) -> None:
    """Run the arbiter until it is stopped."""
    Arbiter(gunicorn_options(settings)).run()
