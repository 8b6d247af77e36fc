"""Latency at a steady offered load: requests sent on a fixed schedule, whatever the server does.

wrk is closed-loop: each connection sends its next request when the last answer is in, so a slow
server is asked less and its slowness hides (coordinated omission); at saturation its p99 is about
connections ÷ throughput and says little about a lecture hall. Here request k is due at
``start + k / rate`` and its latency runs from that moment, not from when it was sent, to the end
of its answer: if the server (or a worker that took too many connections) falls behind, every
request that waited counts its wait.

Each run first sends ``WARMUP`` seconds at its rate that are not counted: the readers' phones
have the page open and its connections made; what is measured is the steady load after.
The load is a hall of readers: ``clients`` keep-alive connections, each opened by its reader's
first request (the connect is in that request's time); request k is reader ``k % clients``'s,
and waits on that reader's connection if its previous one is still out. Each run sends
``rate × seconds`` requests; percentiles are over every request (NumPy, exact, no histogram
buckets). A request not answered within ``TIMEOUT`` seconds, a refused connection or a status
other than 2xx/304 is an error.

Each figure compared with another (a load and ``/healthz`` at its rate) is measured in ``ROUNDS``
that take turns and share its seconds: on shared cores the machine's speed drifts from one minute
to the next, and one run of each put that drift into their ratio whole. A load's percentiles are
over all its rounds' requests; each round opens its readers' connections anew and has its warm-up.

Usage: python bench/open_loop.py BASE_URL [SECONDS [ROUNDS]]
Prints `name: value` lines (bench/README.md says what each is).
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np

TIMEOUT = 5.0
WARMUP = 2.0
# Requests are sent from a timer that wakes this often; a due request leaves at the next wake-up,
# and its latency still runs from when it was due.
TICK = 0.0005
# The mixer's seeds: 0 to 999,999.
SEEDS = 1_000_000


@dataclass(frozen=True)
class Load:
    name: str
    rate: int
    clients: int
    path: str  # {n} becomes the request's number, for a new example on every request


# A hall (300 readers, each asking for a new example once a second) and ten halls on the lecture's
# one link (3,000 a second over 1,000 connections: within two workers' 1,000-connection caps);
# /healthz, which does no work, at the same rates and over the same connections, in the same run.
LOADS = (
    Load("rate_300_healthz", 300, 300, "/healthz"),
    Load("rate_300", 300, 300, "/api/mixer?seed={n}"),
    Load("rate_3000_healthz", 3000, 1000, "/healthz"),
    Load("rate_3000_repeated", 3000, 1000, "/api/mixer?seed=7"),
)
COMPARED = (LOADS[:2], LOADS[2:])  # each pair takes turns, round by round


@dataclass
class Reader:
    """One reader's keep-alive connection and the requests waiting for it."""

    transport: asyncio.Transport | None = None
    protocol: Answer | None = None
    connecting: bool = False
    busy: bool = False
    queue: list[tuple[float, bytes]] = field(default_factory=list)


class Answer(asyncio.Protocol):
    """Reads answers on one connection, one at a time: head, then Content-Length bytes or chunks."""

    def __init__(self, run: Run, reader: Reader) -> None:
        self.run, self.reader = run, reader
        self.buffer = bytearray()
        self.due = 0.0  # when the request now out was due
        self.counted = False  # whether it is past the warm-up

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.reader.transport = transport  # type: ignore[assignment]
        self.reader.protocol = self
        self.reader.connecting = False
        self.run.send_next(self.reader)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.reader.busy:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            status = int(head[9:12])
            if b"transfer-encoding: chunked" in head:
                stop = self.buffer.find(b"\r\n0\r\n\r\n", end)
                if stop < 0:
                    return
                size = stop + 7
            else:
                at = head.find(b"content-length:")
                length = int(head[at + 15 : head.find(b"\r\n", at) if head.find(b"\r\n", at) > 0 else None]) if at >= 0 else 0
                size = end + 4 + length
                if len(self.buffer) < size:
                    return
            del self.buffer[:size]
            self.run.done(self.reader, self, status)

    def connection_lost(self, exc: Exception | None) -> None:
        self.reader.transport = None
        self.reader.connecting = False
        if self.reader.busy:
            self.run.failed(self.reader)


class Run:
    """One load: the schedule, the readers, and every request's latency."""

    def __init__(self, load: Load, host: str, port: int, seconds: float, first_seed: int) -> None:
        self.load, self.host, self.port = load, host, port
        self.warmup = int(load.rate * WARMUP)
        self.total = self.warmup + int(load.rate * seconds)
        self.readers = [Reader() for _ in range(load.clients)]
        self.latencies: list[float] = []
        self.errors = 0
        self.late: list[float] = []  # how long after its due time each request left: the client's own lag
        self.finished = 0
        self.all_done = asyncio.get_running_loop().create_future()
        self.first_seed = first_seed  # seeds no earlier run asked for, so the server's cache misses

    def request(self, k: int) -> bytes:
        path = self.load.path.format(n=(self.first_seed + k) % SEEDS)
        return f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n".encode()

    def submit(self, k: int, due: float) -> None:
        reader = self.readers[k % self.load.clients]
        reader.queue.append((due, self.request(k), k >= self.warmup))
        if reader.transport is None and not reader.connecting:
            reader.connecting = True
            asyncio.ensure_future(self.connect(reader))
        elif reader.transport is not None and not reader.busy:
            self.send_next(reader)

    async def connect(self, reader: Reader) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.create_connection(lambda: Answer(self, reader), self.host, self.port)
        except OSError:
            reader.connecting = False
            while reader.queue:
                reader.queue.pop(0)
                self.count(error=True)

    def send_next(self, reader: Reader) -> None:
        if reader.busy or not reader.queue or reader.transport is None:
            return
        due, data, counted = reader.queue.pop(0)
        reader.busy = True
        reader.protocol.due, reader.protocol.counted = due, counted  # type: ignore[union-attr]
        if counted:
            self.late.append(time.perf_counter() - due)
        reader.transport.write(data)

    def done(self, reader: Reader, answer: Answer, status: int) -> None:
        reader.busy = False
        ok = 200 <= status < 300 or status == 304
        if ok and answer.counted:
            self.latencies.append(time.perf_counter() - answer.due)
        self.count(error=not ok)
        self.send_next(reader)

    def failed(self, reader: Reader) -> None:
        reader.busy = False
        self.count(error=True)
        if reader.queue:  # the reader opens a new connection for what it still has to ask
            reader.connecting = True
            asyncio.ensure_future(self.connect(reader))

    def count(self, error: bool) -> None:
        self.errors += error
        self.finished += 1
        if self.finished == self.total and not self.all_done.done():
            self.all_done.set_result(None)

    async def go(self) -> None:
        start = time.perf_counter() + 0.05
        k = 0
        while k < self.total:
            now = time.perf_counter()
            while k < self.total and start + k / self.load.rate <= now:
                self.submit(k, start + k / self.load.rate)
                k += 1
            await asyncio.sleep(TICK)
        try:
            await asyncio.wait_for(asyncio.shield(self.all_done), TIMEOUT)
        except TimeoutError:
            self.errors += self.total - self.finished
        for reader in self.readers:
            if reader.transport is not None:
                reader.transport.close()


def figures_of(name: str, runs: list[Run]) -> dict[str, float]:
    """One load's figures over its rounds: every counted request of every round."""
    ms = np.array([latency for run in runs for latency in run.latencies]) * 1000
    late = np.array([lag for run in runs for lag in run.late]) * 1000
    return {
        f"{name}_p50_ms": round(float(np.percentile(ms, 50)), 2) if ms.size else float("nan"),
        f"{name}_p99_ms": round(float(np.percentile(ms, 99)), 2) if ms.size else float("nan"),
        f"{name}_max_ms": round(float(ms.max()), 1) if ms.size else float("nan"),
        f"{name}_client_late_p99_ms": round(float(np.percentile(late, 99)), 2) if late.size else 0.0,
    }


async def measure(base: str, seconds: float, rounds: int) -> dict[str, float | int]:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    runs: dict[str, list[Run]] = {load.name: [] for load in LOADS}
    next_seed = random.randrange(SEEDS)
    for pair in COMPARED:
        for _ in range(rounds):
            for load in pair:
                run = Run(load, host, port, seconds / rounds, next_seed)
                next_seed = (next_seed + run.total) % SEEDS  # the next round's seeds are new too
                await run.go()
                runs[load.name].append(run)
                await asyncio.sleep(1)  # the kept-alive connections of one run close before the next
    figures: dict[str, float | int] = {}
    for name, its_runs in runs.items():
        figures |= figures_of(name, its_runs)
    figures["rate_300_p99_ratio"] = round(figures["rate_300_p99_ms"] / figures["rate_300_healthz_p99_ms"], 2)
    figures["rate_errors"] = sum(run.errors for its_runs in runs.values() for run in its_runs)
    return figures


def main() -> None:
    base = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    try:
        import uvloop  # the client's own cost per request is smaller on uvloop; it shares the cores with the server

        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    for key, value in runner(measure(base, seconds, rounds)).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
