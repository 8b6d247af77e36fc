"""Turn the figures bench/run collected into `name: value` lines, then tables for people.

Usage: python bench/report.py OUT_DIR SECONDS CONNECTIONS WORKERS ROUNDS
OUT_DIR holds <run>.parsed (bench/wrk_parse.py) for the wrk runs: trivial, repeated and
distinct once per round (<run>.<round>.parsed, rounds 1 to ROUNDS), cost once; distinct.split
and bursts.split (connections per worker); and open_loop.txt, heaviest.txt, browser.txt,
lighthouse.txt and instructions.txt (`name: value` lines).
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

RUNS = {
    "trivial": "GET /healthz (trivial)",
    "repeated": "GET /api/mixer, one repeated example",
    "distinct": "GET /api/mixer, a new example each time",
    "cost": "GET /api/cost, largest shapes, new each time",
}


ROUNDED = ("trivial", "repeated", "distinct")  # compared with each other: run in turns, a round at a time


def read_parsed(path: Path) -> dict[str, float]:
    return {key: float(value) for key, value in (pair.split("=") for pair in path.read_text().split())}


def combined(rounds: list[dict[str, float]]) -> dict[str, float]:
    """One run's figures from its rounds (each as long): mean throughput, the slowest round's latencies, all errors."""
    return {
        "rps": sum(r["rps"] for r in rounds) / len(rounds),
        "p50_ms": max(r["p50_ms"] for r in rounds),
        "p99_ms": max(r["p99_ms"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        "requests": sum(r["requests"] for r in rounds),
    }


def read_lines(path: Path) -> dict[str, float | int]:
    figures: dict[str, float | int] = {}
    for line in path.read_text().splitlines():
        key, value = line.split(": ")
        figures[key] = float(value) if "." in value else int(value)
    return figures


def smallest_share(burst: str, workers: int) -> float:
    """The least-loaded worker's part of a burst's connections, from e.g. '151/149' (a worker with none is missing)."""
    counts = [int(count) for count in burst.split("/")]
    return 0.0 if len(counts) < workers else min(counts) / sum(counts)


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}"


def main() -> None:
    out, seconds, connections, workers, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    rounds = {name: [read_parsed(out / f"{name}.{k}.parsed") for k in range(1, count + 1)] for name in ROUNDED}
    runs = {name: combined(rounds[name]) if name in rounds else read_parsed(out / f"{name}.parsed") for name in RUNS}
    trivial, repeated, distinct, cost = (runs[name] for name in RUNS)
    c = connections
    lines: dict[str, float | int | str] = {
        "load_connections": c,
        "load_workers": workers,
        "load_trivial_rps": round(trivial["rps"]),
        "load_repeated_rps": round(repeated["rps"]),
        "load_distinct_rps": round(distinct["rps"]),
        "load_distinct_ratio": round(distinct["rps"] / trivial["rps"], 2),
        "load_repeated_ratio": round(repeated["rps"] / trivial["rps"], 2),
        "load_distinct_ratio_rounds": " ".join(f"{d['rps'] / t['rps']:.2f}" for t, d in zip(rounds["trivial"], rounds["distinct"], strict=True)),
        "load_repeated_ratio_rounds": " ".join(f"{r['rps'] / t['rps']:.2f}" for t, r in zip(rounds["trivial"], rounds["repeated"], strict=True)),
        f"load_p50_ms_{c}c": round(distinct["p50_ms"], 1),
        f"load_p99_ms_{c}c": round(distinct["p99_ms"], 1),
        f"load_repeated_p99_ms_{c}c": round(repeated["p99_ms"], 1),
        f"load_trivial_p99_ms_{c}c": round(trivial["p99_ms"], 1),
        "load_cost_rps": round(cost["rps"]),
        f"load_cost_p99_ms_{c}c": round(cost["p99_ms"], 1),
        "load_errors": int(sum(run["errors"] for run in runs.values())),
    }
    split = out / "distinct.split"
    if split.exists() and split.read_text().strip():
        lines["load_distinct_worker_connections"] = split.read_text().strip()
    bursts = (out / "bursts.split").read_text().split() if (out / "bursts.split").exists() else []
    if bursts:
        lines["load_burst_worker_connections"] = " ".join(bursts)
        lines["load_burst_smallest_share"] = round(min(smallest_share(burst, workers) for burst in bursts), 2)
    for name in ("open_loop", "heaviest", "browser", "lighthouse", "instructions"):
        lines |= read_lines(out / f"{name}.txt")
    for key, value in lines.items():
        print(f"{key}: {value}")

    print()
    print(
        f"Machine: {machine()}; wrk {c} connections, {seconds} s per run ({', '.join(ROUNDED)}: {count} rounds in turns, "
        f"latency of the slowest), {workers} workers, on the same cores"
    )
    print(f"| {'endpoint':<44} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    for name, label in RUNS.items():
        r = runs[name]
        print(f"| {label:<44} | {r['rps']:>8.0f} | {r['p50_ms']:>7.1f} | {r['p99_ms']:>7.1f} | {int(r['errors']):>6} |")
    if "load_distinct_worker_connections" in lines:
        print(f"Connections per worker during the new-example run: {lines['load_distinct_worker_connections']}")
    if "load_burst_worker_connections" in lines:
        print(f"Connections per worker in ten bursts of {c}: {lines['load_burst_worker_connections']}")
    print()
    print("At a steady offered load (each request timed from when it was due):")
    print(f"| {'load':<58} | {'p50 ms':>7} | {'p99 ms':>7} | {'/healthz p99 ms':>15} |")
    print(f"|{'-' * 60}|{'-' * 9}|{'-' * 9}|{'-' * 17}|")
    for label, name, healthz in [
        ("300/s, a new mixer example each (300 connections)", "rate_300", "rate_300_healthz"),
        ("3,000/s, the lecture's one link (1,000 connections)", "rate_3000_repeated", "rate_3000_healthz"),
    ]:
        if f"{name}_p99_ms" in lines:
            print(f"| {label:<58} | {lines[f'{name}_p50_ms']:>7} | {lines[f'{name}_p99_ms']:>7} | {lines[f'{healthz}_p99_ms']:>15} |")
    print()
    browser = [
        ("edit a number -> every view redrawn, median / p95 ms, 4x4x3 -> 2", "edit_latency_ms_median", "edit_latency_ms_p95"),
        ("the same, every view on screen (the Code panel's script too)", "edit_latency_all_views_ms_median", "edit_latency_all_views_ms_p95"),
        ("the same at 8x8x8 -> 8 (the largest)", "edit_latency_max_ms_median", "edit_latency_max_ms_p95"),
        ("4x4x3 -> 2 again, the key pressed a frame after the focus moved", "edit_after_focus_ms_median", "edit_after_focus_ms_p95"),
        ("a stroke on the digits strip -> its score map drawn", "digits_stroke_to_map_ms_median", "digits_stroke_to_map_ms_p95"),
    ]
    print(f"| {'in Chromium':<66} | {'value':>16} |")
    print(f"|{'-' * 68}|{'-' * 18}|")
    for label, median, p95 in browser:
        if median in lines:
            print(f"| {label:<66} | {f'{lines[median]} / {lines[p95]}':>16} |")
    for label, key in [
        ("long tasks over 50 ms while the 8x8x8 animation plays", "long_tasks_over_50ms"),
        ("first load of the mixer, bytes on the wire", "first_load_bytes"),
        ("first load of the cost lab (plotly.js comes with its charts), bytes on the wire", "first_load_bytes_cost"),
        ("time to interactive, ms (cold, loopback)", "time_to_interactive_ms"),
    ]:
        if key in lines:
            print(f"| {label:<66} | {lines[key]:>16} |")

    print()
    pages = sorted({key.removeprefix("lighthouse_performance_") for key in lines if key.startswith("lighthouse_performance_")})
    if pages:
        print("Lighthouse (mobile preset, median of its runs): performance, accessibility, best practices, SEO; CLS; TBT ms")
        print(f"| {'page':<14} | {'perf':>4} | {'a11y':>4} | {'best':>4} | {'seo':>4} | {'CLS':>5} | {'TBT':>5} |")
        print(f"|{'-' * 16}|{'-' * 6}|{'-' * 6}|{'-' * 6}|{'-' * 6}|{'-' * 7}|{'-' * 7}|")
        for page in pages:
            scores = [lines[f"lighthouse_{category}_{page}"] for category in ("performance", "accessibility", "best_practices", "seo", "cls", "tbt_ms")]
            print(f"| {page:<14} | {scores[0]:>4} | {scores[1]:>4} | {scores[2]:>4} | {scores[3]:>4} | {scores[4]:>5.3f} | {scores[5]:>5} |")


if __name__ == "__main__":
    main()
