"""The event loop ``python -m app`` runs each worker on: asyncio's selector loop,
accepting a few new connections per turn rather than every waiting one.

uvicorn's workers share one listening socket. asyncio's own loop accepts, on each
wake-up, every connection waiting (up to uvicorn's backlog of 2,048): when 300
connections arrive at once, whichever worker wakes first often takes all of them,
and the other serves nobody. Measured with wrk (bench/run, 300 connections, new
examples): two runs in four split 300/0, at 1,650-1,800 requests/s for the mixer
against 2,600-2,800 when split 210/90. Taking a few per turn lets the workers share
a burst (ten runs in ten split, 179/121 at worst), and a busy worker, whose turns are
longer, takes fewer of it.
"""

from __future__ import annotations

import asyncio

# 1 and 4 shared bursts equally well in ten runs each; 4 takes a burst in fewer turns.
ACCEPTS_PER_TURN = 4


class FairAcceptLoop(asyncio.SelectorEventLoop):
    """``asyncio.SelectorEventLoop`` with at most ``ACCEPTS_PER_TURN`` accepts per readiness event."""

    def _accept_connection(self, protocol_factory, sock, sslcontext=None, server=None, backlog=100, *rest):  # type: ignore[no-untyped-def]
        # The listening socket stays registered: the next turn accepts the next few.
        super()._accept_connection(protocol_factory, sock, sslcontext, server, min(backlog, ACCEPTS_PER_TURN), *rest)
