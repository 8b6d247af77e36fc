"""Measured time of the cost lab's seed example: what its multiply-adds took on one real CPU.

``bench/conv_timings.py`` times the two paths with PyTorch and writes ``data/conv_timings.json``;
this module reads that file (once, at start) and says when an example is the one it measured.
Nothing here times anything: a request only ever gets the figures the file holds.

    >>> timings = parse_timings(DATA_FILE.read_text(encoding="utf-8"))
    >>> chains = timings.paths["a"], timings.paths["b"]
    >>> measured_for(timings, (28, 28, 256), *chains)["current"] is not None
    True
    >>> measured_for(timings, (28, 28, 192), *chains) is None
    True
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, replace
from pathlib import Path

from app.core.cost import Layer

DATA_FILE = Path(__file__).with_name("data") / "conv_timings.json"
PADDINGS = ("same", "valid")


class TimingsError(ValueError):
    """The timings file is not what bench/conv_timings.py writes."""


@dataclass(frozen=True)
class Timings:
    """The measured chains (``paths``: "a" and "b", as layers without padding), their input channels,
    and ``shown``: the figures as the API sends them (date, machine, method, one case per input size and padding)."""

    paths: dict[str, tuple[Layer, ...]]
    channels: int
    shown: dict


def _need(condition: bool, what: str) -> None:
    if not condition:
        raise TimingsError(f"{DATA_FILE.name}: {what}")


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def parse_timings(text: str) -> Timings:
    """The file's JSON, checked: a machine that names its CPU, cores, threads and torch version, an ISO date,
    and cases whose times are positive and whose speed-up is time A / time B. Raises TimingsError."""
    data = json.loads(text)
    machine = data.get("machine", {})
    _need(isinstance(machine.get("cpu"), str) and machine["cpu"].strip() != "", "machine.cpu names no CPU")
    _need(all(isinstance(machine.get(key), int) and machine[key] > 0 for key in ("cores", "threads")), "machine.cores and machine.threads must be counts")
    _need(isinstance(machine.get("torch"), str) and machine["torch"] != "", "machine.torch names no version")
    try:
        datetime.date.fromisoformat(data.get("date", ""))
    except (TypeError, ValueError):
        raise TimingsError(f"{DATA_FILE.name}: date must be YYYY-MM-DD, got {data.get('date')!r}") from None
    paths = {name: tuple(Layer(layer["kind"], kernel=layer["kernel"], filters=layer["filters"]) for layer in data["paths"][name]) for name in ("a", "b")}
    cases = data.get("cases", [])
    _need(len(cases) > 0, "no cases")
    for case in cases:
        _need(case.get("padding") in PADDINGS, f"padding must be one of {PADDINGS}")
        _need(all(_positive(case["ms"].get(name)) for name in ("a", "b")), "times must be positive")
        _need(_positive(case.get("mac_ratio")), "mac_ratio must be positive")
        _need(abs(case["speedup"] - case["ms"]["a"] / case["ms"]["b"]) < 1e-3 * case["speedup"] + 5e-4, "speedup must be ms.a / ms.b")
    shown = {key: data[key] for key in ("date", "machine", "method", "channels", "cases")}
    return Timings(paths, int(data["channels"]), shown)


def read_timings(path: Path = DATA_FILE) -> Timings:
    """The shipped timings file, parsed and checked (see parse_timings)."""
    return parse_timings(path.read_text(encoding="utf-8"))


def _unpadded(layers: tuple[Layer, ...]) -> tuple[Layer, ...]:
    return tuple(replace(layer, padding="same") for layer in layers)


def _padding(a: tuple[Layer, ...], b: tuple[Layer, ...]) -> str | None:
    """The one padding of every layer wider than 1×1 in both chains (a 1×1 layer pads nothing), else None."""
    paddings = {layer.padding for layer in a + b if layer.kernel > 1}
    return paddings.pop() if len(paddings) == 1 else None


def measured_for(timings: Timings, volume: tuple[int, int, int], a: tuple[Layer, ...], b: tuple[Layer, ...]) -> dict | None:
    """The measured figures when paths ``a`` and ``b`` on ``volume`` (H, W, C) are the measured chains, else None.

    Any H×W and either padding match (the figures cover two sizes and both paddings);
    ``current`` is the index of the case that is exactly this example, or None.
    """
    h, w, c = volume
    if c != timings.channels or _unpadded(a) != timings.paths["a"] or _unpadded(b) != timings.paths["b"]:
        return None
    padding = _padding(a, b)
    cases = timings.shown["cases"]
    current = next((n for n, case in enumerate(cases) if (case["h"], case["w"], case["padding"]) == (h, w, padding)), None)
    return {**timings.shown, "current": current}
