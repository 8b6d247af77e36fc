"""The heaviest request of each API endpoint, alone on one connection.

Shapes and values are bounded by the state tables, so the compute per request
is bounded too; this measures that bound: the largest shapes, a new state on
every request (the server's cache misses), brotli as a browser asks for it.

Usage: python bench/heaviest.py BASE_URL ; prints `heaviest_<endpoint>_ms: <p95>` lines.
"""

from __future__ import annotations

import http.client
import sys
import time
from urllib.parse import urlsplit

REQUESTS = 60
HEAVIEST = {
    "mixer": "/api/mixer?h=8&w=8&cin=8&cout=8&seed={n}",
    "code": "/api/code?h=8&w=8&cin=8&cout=8&seed={n}",
    "lab": "/api/lab?h=5&w=5&c=4&k=8&k2=8&bh=12&bw=12&seed={n}",
    "cost": "/api/cost?h={n}&w=4096&c=8192&a=fc:8x8x8192&b=conv1:{n},conv3:8192,conv1:8192",
    "page": "/lab?h=5&w=5&c=4&k=8&k2=8&bh=12&bw=12&seed={n}",
    # The digits view at stride 1 (33 windows), a new drawing every time (its last characters count up).
    "digits": "/api/digits?stride=1&ink=" + "A" * 849 + "{n:05d}",
}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[round(0.95 * (len(ordered) - 1))]


def main() -> int:
    base = urlsplit(sys.argv[1])
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    for name, template in HEAVIEST.items():
        times = []
        for n in range(1, REQUESTS + 1):
            started = time.perf_counter()
            connection.request("GET", base.path.rstrip("/") + template.format(n=n), headers={"Accept-Encoding": "br"})
            response = connection.getresponse()
            response.read()
            times.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                print(f"{name}: HTTP {response.status}", file=sys.stderr)
                return 1
        print(f"heaviest_{name}_ms: {p95(times):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
