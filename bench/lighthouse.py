"""Lighthouse on every view and embed: prints ``lighthouse_<category>_<page>: N`` lines.

Usage: bench/lighthouse.py BASE [RUNS]. Runs Lighthouse (npm ``lighthouse``, kept in
``bench/.lighthouse/``; its mobile preset: a mid-range phone on a throttled network,
simulated) against Debian's Chromium (``CHROME_PATH``, /usr/bin/chromium unless set),
RUNS times per page (3 by default, ``BENCH_LIGHTHOUSE_RUNS``), and prints each page's
median score per category, its Cumulative Layout Shift and Total Blocking Time. The
pages come from the view registry, so a new view or panel is measured without a change here.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.web.views import PANELS, VIEWS  # noqa: E402

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
# Lighthouse 13 needs node 22; Debian 12 and these machines have node 20.
VERSION = "12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def pages() -> dict[str, str]:
    """Page name -> path: every view, the guided path's contents, every embed."""
    named = {view.key: view.path for view in VIEWS.values()}
    named["guide"] = "/guide"
    named |= {f"embed_{key}": f"/embed/{key}" for key in PANELS}
    return named


def install() -> None:
    """Lighthouse from npm into bench/.lighthouse, once."""
    if LIGHTHOUSE.exists():
        return
    folder = LIGHTHOUSE.parent.parent.parent
    folder.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder), f"lighthouse@{VERSION}"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def measure(url: str, attempts: int = 3) -> dict[str, float]:
    """One Lighthouse run: each category's score (0-100), CLS and TBT (ms).

    Lighthouse now and then fails to record its trace (NO_NAVSTART) and says to run it
    again; a run is tried up to ``attempts`` times.
    """
    for attempt in range(attempts):
        try:
            return _run(url)
        except subprocess.CalledProcessError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _run(url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={report}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["cls"] = result["audits"]["cumulative-layout-shift"]["numericValue"]
    scores["tbt_ms"] = result["audits"]["total-blocking-time"]["numericValue"]
    return scores


def main() -> None:
    base = sys.argv[1].rstrip("/")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
    install()
    for name, path in pages().items():
        results = [measure(base + path) for _ in range(runs)]
        for figure in (*CATEGORIES, "cls", "tbt_ms"):
            value = statistics.median(result[figure] for result in results)
            label = figure.replace("-", "_")
            text = f"{value:.3f}" if figure == "cls" else f"{value:.0f}"
            print(f"lighthouse_{label}_{name}: {text}", flush=True)


if __name__ == "__main__":
    main()
