"""The workers' event loop shares a burst of new connections instead of one worker taking it all."""

from __future__ import annotations

import asyncio
import socket
import time

from app.event_loop import ACCEPTS_PER_TURN, FairAcceptLoop

BURST = 20


class CountingSocket(socket.socket):
    """A listening socket that counts the connections taken from it."""

    taken = 0

    def accept(self):
        pair = super().accept()
        self.taken += 1
        return pair


def accepts_per_turn(loop_class: type[asyncio.SelectorEventLoop]) -> list[int]:
    """Open a burst of connections, serve them with ``loop_class``: the connections accepted at each wake-up."""
    turns: list[int] = []

    class Recording(loop_class):
        def _accept_connection(self, protocol_factory, sock, *rest):  # the wake-up FairAcceptLoop changes
            before = sock.taken
            super()._accept_connection(protocol_factory, sock, *rest)
            turns.append(sock.taken - before)

    loop = Recording()
    listener = CountingSocket(socket.AF_INET)  # as uvicorn's Config.bind_socket makes it for its workers
    listener.bind(("127.0.0.1", 0))
    listener.listen(2048)
    clients = [socket.create_connection(listener.getsockname()) for _ in range(BURST)]
    try:
        server = loop.run_until_complete(loop.create_server(asyncio.Protocol, sock=listener, backlog=2048))
        deadline = time.monotonic() + 10
        while listener.taken < BURST and time.monotonic() < deadline:
            loop.run_until_complete(asyncio.sleep(0.01))
        server.close()
        loop.run_until_complete(server.wait_closed())
    finally:
        for client in clients:
            client.close()
        loop.close()
    return [n for n in turns if n]


def test_a_worker_accepts_a_few_of_a_burst_per_wake_up_and_in_the_end_all_of_it():
    turns = accepts_per_turn(FairAcceptLoop)
    assert max(turns) == ACCEPTS_PER_TURN < BURST
    assert sum(turns) == BURST  # none left waiting


def test_asyncio_alone_takes_the_whole_burst_at_once():
    # What FairAcceptLoop changes: with this, one of two workers often took all 300 of wrk's connections.
    assert accepts_per_turn(asyncio.SelectorEventLoop) == [BURST]
