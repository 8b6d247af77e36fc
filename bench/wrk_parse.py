"""Read wrk's report (with --latency) into numbers: requests/s, p50/p99 in ms, errors."""

from __future__ import annotations

import re
import sys

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    """'812.00us' -> 0.812, '1.20ms' -> 1.2, '2.01s' -> 2010.0."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse(report: str) -> dict[str, float]:
    """Requests/s, p50 and p99 latency (ms), and errors (non-2xx/3xx plus socket errors)."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", report, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", report, re.M).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report):
        errors += sum(int(g) for g in match.groups())
    requests = int(re.search(r"(\d+) requests in", report).group(1))
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors, "requests": requests}


if __name__ == "__main__":
    figures = parse(sys.stdin.read())
    print(" ".join(f"{k}={v:g}" for k, v in figures.items()))
