"""Instructions per request, counted by Valgrind: the app's own work, free of the machine's swings.

Wall-clock figures on shared cores move by a tenth from one minute to the next; the number of
instructions a request executes does not. Each case runs the app in process (its ASGI callable,
every middleware, no socket) under ``valgrind --tool=cachegrind``, once with its requests and once
without (the same imports and warm-up), and the difference is divided by the requests:

- ``healthz``: the trivial endpoint;
- ``repeated``: the lecture's link, one example every request asks for (the cache answers);
- ``new_alone``: a new example per request, one at a time (a worker at a hall's pace);

each of these one request per turn of the event loop, as a worker sees requests that come apart;
- ``new_together``: new examples asked ``TOGETHER`` at a time, as a busy worker reads them in one turn
  of its event loop.

Prints ``instructions_<case>_k`` (thousands per request) and ``instructions_distinct_ratio``
(``healthz`` ÷ ``new_together``: what ``load_distinct_ratio`` would be if a request's time were its
instructions and nothing else).

Usage: python bench/instructions.py  (needs valgrind; two cases run at once, about 2 minutes).
"""

from __future__ import annotations

import asyncio
import gc
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

REQUESTS = 1500
TOGETHER = 25
WARMUP = 300
CASES = ("baseline", "healthz", "repeated", "new_alone", "new_together")


async def call(app, path: str, query: str) -> None:
    """One GET through the whole app, as a browser asking for brotli sends it."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"127.0.0.1"), (b"accept-encoding", b"gzip, deflate, br")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "root_path": "",
    }

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start" and message["status"] != 200:
            raise SystemExit(f"{path}?{query} answered {message['status']}")

    await app(scope, receive, send)


async def requests(case: str) -> None:
    from app.main import create_app

    app = create_app()
    for k in range(WARMUP):  # imports, caches of shapes, the first compressor
        await call(app, "/healthz", "")
        await call(app, "/api/mixer", f"seed={900_000 + k}")
    from app.delivery.workers import GC_THRESHOLDS

    gc.freeze()  # as the workers do (app/delivery/workers.py)
    gc.set_threshold(*GC_THRESHOLDS)
    if case == "healthz":
        for _ in range(REQUESTS):
            await call(app, "/healthz", "")
            await asyncio.sleep(0)  # the loop turns between requests, as between a hall's
    elif case == "repeated":
        for _ in range(REQUESTS):
            await call(app, "/api/mixer", "seed=7")
            await asyncio.sleep(0)
    elif case == "new_alone":
        for k in range(REQUESTS):
            await call(app, "/api/mixer", f"seed={k}")
            await asyncio.sleep(0)
    elif case == "new_together":
        for first in range(0, REQUESTS, TOGETHER):
            await asyncio.gather(*(call(app, "/api/mixer", f"seed={k}") for k in range(first, first + TOGETHER)))


def count(case: str) -> int:
    """Instructions of one run of ``case`` (this script, inside Valgrind)."""
    run = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", sys.executable, __file__, case],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"PYTHONHASHSEED": "0"},  # the same dict and set layouts, so the same count, on every run
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind for {case}:\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    if len(sys.argv) > 1:
        asyncio.run(requests(sys.argv[1]))
        return
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(zip(CASES, pool.map(count, CASES), strict=True))
    per_request = {case: (counts[case] - counts["baseline"]) / REQUESTS / 1000 for case in CASES[1:]}
    for case, thousands in per_request.items():
        print(f"instructions_{case}_k: {thousands:.0f}")
    print(f"instructions_distinct_ratio: {per_request['healthz'] / per_request['new_together']:.3f}")


if __name__ == "__main__":
    main()
