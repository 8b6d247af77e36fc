"""Time the cost lab's seed example with PyTorch on this CPU and write the figures the app ships.

Path A is the direct 4×4 convolution 256 -> 256; path B reduces to 64 channels with a
1×1 convolution first, then applies the 4×4 convolution 64 -> 256 (the cost lab's
default chains, ``conv4:256`` against ``conv1:64,conv4:256``). Both run on a batch of
one 256-channel image of each size, with SAME and with VALID padding for the 4×4
convolutions, float32, NCHW, under ``torch.inference_mode()``, on every core.

Each figure is the median of ``--repeats`` runs (``time.perf_counter``) after
``--warmup`` runs; the two paths are timed in turn, run by run, so that a change in
the machine's load falls on both. Each layer is also timed alone, on its own input.

    .venv/bin/python bench/conv_timings.py             # prints the figures, writes app/core/data/conv_timings.json
    .venv/bin/python bench/conv_timings.py --out -     # prints only

The server never times anything: it reads the file this writes (app/core/timings.py).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the MAC counts come from the cost lab itself

from app.core.cost import Layer, chain_cost  # noqa: E402
from app.core.timings import DATA_FILE  # noqa: E402

CHANNELS = 256
SIDES = (56, 28)
PADDINGS = ("same", "valid")
# The measured chains, as the cost lab's layers; each case gives the 4×4 convolutions its padding.
PATHS = {
    "a": (Layer("conv", kernel=4, filters=256),),
    "b": (Layer("conv", kernel=1, filters=64), Layer("conv", kernel=4, filters=256)),
}


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else whatever the platform says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def cores() -> int:
    """Cores this process may run on (the affinity mask where there is one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def with_padding(layer: Layer, padding: str) -> Layer:
    # A 1×1 convolution reads no neighbours: SAME and VALID are the same layer, so it keeps none.
    return Layer(layer.kind, kernel=layer.kernel, filters=layer.filters, padding=padding if layer.kernel > 1 else "same")


def module(layers: tuple[Layer, ...], channels: int) -> nn.Sequential:
    """The chain as PyTorch layers, with biases, as the cost lab counts them.

    PyTorch's ``padding="same"`` with an even kernel pads one more row and column after
    than before (as TensorFlow does), so the output keeps the input's H×W.
    """
    convs = []
    # PyTorch warns that an even kernel with SAME padding may copy the input, zero-padded, first: that copy is part of what is timed.
    warnings.filterwarnings("ignore", message="Using padding='same' with even kernel", category=UserWarning)
    for layer in layers:
        convs.append(nn.Conv2d(channels, layer.filters, layer.kernel, padding="same" if layer.padding == "same" else 0, bias=True))
        channels = layer.filters
    return nn.Sequential(*convs).eval()


def time_in_turn(runs: dict[str, tuple[nn.Module, torch.Tensor]], warmup: int, repeats: int) -> dict[str, float]:
    """Median milliseconds of each ``(module, input)``, timed one after another in every round."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    with torch.inference_mode():
        for round_ in range(warmup + repeats):
            for name, (net, x) in runs.items():
                start = time.perf_counter()
                net(x)
                elapsed = time.perf_counter() - start
                if round_ >= warmup:
                    times[name].append(elapsed * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def measure_case(side: int, padding: str, warmup: int, repeats: int) -> dict:
    """Both paths and each of their layers on a 1×256×side×side input with ``padding``; times in ms."""
    layers = {name: tuple(with_padding(layer, padding) for layer in chain) for name, chain in PATHS.items()}
    x = torch.randn(1, CHANNELS, side, side)
    runs: dict[str, tuple[nn.Module, torch.Tensor]] = {}
    for name, chain in layers.items():
        net = module(chain, CHANNELS)
        runs[name] = (net, x)
        with torch.inference_mode():
            inner = x
            for n, conv in enumerate(net):
                runs[f"{name}{n}"] = (conv, inner)  # each layer alone, on the input it gets in the chain
                inner = conv(inner)
    ms = time_in_turn(runs, warmup, repeats)
    costs = {name: chain_cost(list(chain), (side, side, CHANNELS)) for name, chain in layers.items()}
    path_ms = {name: round(ms[name], 3) for name in PATHS}
    return {
        "h": side,
        "w": side,
        "padding": padding,
        "input": [1, CHANNELS, side, side],
        "ms": path_ms,
        "layer_ms": {name: [round(ms[f"{name}{n}"], 3) for n in range(len(chain))] for name, chain in layers.items()},
        "speedup": round(path_ms["a"] / path_ms["b"], 3),
        "macs": {name: cost["totals"]["macs"] for name, cost in costs.items()},
        "layer_macs": {name: [row["macs"] for row in cost["layers"]] for name, cost in costs.items()},
        "mac_ratio": round(costs["a"]["totals"]["macs"] / costs["b"]["totals"]["macs"], 4),
    }


def measure(warmup: int, repeats: int, threads: int) -> dict:
    """Every case, with the machine and the method they came from."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    cases = [measure_case(side, padding, warmup, repeats) for side in SIDES for padding in PADDINGS]
    return {
        "about": "Written by bench/conv_timings.py; the server only reads it (app/core/timings.py).",
        "date": datetime.date.today().isoformat(),
        "machine": {
            "cpu": cpu_model(),
            "cores": cores(),
            "threads": torch.get_num_threads(),
            "torch": torch.__version__,
            "onednn": torch.backends.mkldnn.is_available(),
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.machine()}",
            "load_average": round(load, 2) if load is not None else None,
        },
        "method": {
            "warmup": warmup,
            "repeats": repeats,
            "statistic": "median",
            "clock": "time.perf_counter",
            "mode": "torch.inference_mode",
            "dtype": "float32",
            "layout": "NCHW",
        },
        "channels": CHANNELS,
        "paths": {name: [{"kind": layer.kind, "kernel": layer.kernel, "filters": layer.filters} for layer in chain] for name, chain in PATHS.items()},
        "cases": cases,
    }


def report(data: dict) -> str:
    """The figures as lines for people."""
    m = data["machine"]
    lines = [
        f"{data['date']}: {m['cpu']}, {m['cores']} cores, {m['threads']} threads, torch {m['torch']} (oneDNN {m['onednn']}), load {m['load_average']}",
        f"median of {data['method']['repeats']} runs after {data['method']['warmup']} warm-up runs; A = conv4:256, B = conv1:64,conv4:256",
        f"{'input':>16} {'padding':>7} {'A ms':>8} {'B ms':>8} {'B: 1x1 + 4x4 ms':>17} {'speed-up':>8} {'MAC ratio':>9}",
    ]
    for case in data["cases"]:
        shape = "×".join(map(str, case["input"]))
        one, four = case["layer_ms"]["b"]
        lines.append(
            f"{shape:>16} {case['padding']:>7} {case['ms']['a']:8.2f} {case['ms']['b']:8.2f} {f'{one:.2f} + {four:.2f}':>17} "
            f"{case['speedup']:7.2f}× {case['mac_ratio']:8.2f}×"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs of each path first (default 10)")
    parser.add_argument("--repeats", type=int, default=30, help="timed runs of each path; the median is kept (default 30)")
    parser.add_argument("--threads", type=int, default=cores(), help="torch threads (default: every core this process may use)")
    parser.add_argument("--out", default=str(DATA_FILE), help="where to write the JSON ('-' for nowhere; default: the file the app ships)")
    args = parser.parse_args()
    data = measure(args.warmup, args.repeats, args.threads)
    print(report(data))
    if args.out != "-":
        Path(args.out).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
