"""Everything the cost lab shows, computed in one call: two chains side by side,
the ratio of their costs, a sweep of the reduction width and the head chart."""

from __future__ import annotations

from app.core.cost import Layer, LayerError, break_even_width, chain_cost, head_params, sweep_width, width_step

MAX_WIDTH = 8192
SWEEP_POINTS = 96
HEAD_POINTS = 64


def swept_layer(layers: tuple[Layer, ...]) -> int | None:
    """The layer whose width the sweep varies: the first one with filters that feeds another layer, else the first with filters."""
    widths = [n for n, layer in enumerate(layers) if layer.kind in ("conv", "sep", "fc")]
    feeding = [n for n in widths if n + 1 < len(layers)]
    return (feeding or widths or [None])[0]


def sample(step: int, top: int, must: list[int], count: int) -> list[int]:
    """Up to ``count`` multiples of ``step`` from step to top, evenly spread, plus ``must`` (sorted, distinct)."""
    n = top // step
    picks = range(1, n + 1) if n <= count else {max(1, round(1 + k * (n - 1) / (count - 1))) for k in range(count)}
    return sorted({p * step for p in picks} | {m for m in must if step <= m <= top})


def ratio(a: int, b: int) -> float | None:
    """a / b as a float, or None when b is 0."""
    return a / b if b else None


def compare_chains(volume: tuple[int, int, int], a: tuple[Layer, ...], b: tuple[Layer, ...], classes: int) -> dict:
    """Cost of path A and path B on ``volume`` (H, W, C), how many times cheaper B is, and the charts' data.

    Raises LayerError (from chain_cost) naming the path ("a" or "b") and the layer that does not fit.
    """
    paths = {}
    for name, layers in (("a", a), ("b", b)):
        try:
            paths[name] = chain_cost(list(layers), volume)
        except LayerError as error:
            raise error.on_path(name) from None
    ta, tb = paths["a"]["totals"], paths["b"]["totals"]
    try:
        swept = sweep(volume, list(b), ta["macs"])
    except LayerError as error:  # a width the sweep tried does not fit: it is path B's
        raise error.on_path("b") from None
    return {
        "paths": paths,
        "ratio": {"params": ratio(ta["params"], tb["params"]), "macs": ratio(ta["macs"], tb["macs"])},
        "same_output": paths["a"]["output"] == paths["b"]["output"],
        "sweep": swept,
        "head": head_curve(volume, classes),
    }


def sweep(volume: tuple[int, int, int], layers: list[Layer], budget: int) -> dict | None:
    """Path B's cost as the width r of its swept layer changes, against A's MACs (the budget).

    ``break_even``: the smallest r at which B costs at least as much as A
    (None if B stays cheaper up to the widest allowed layer).
    """
    index = swept_layer(tuple(layers))
    if index is None:
        return None
    step = width_step(layers, index)
    current = layers[index].filters
    even = break_even_width(layers, volume, index, budget, MAX_WIDTH)
    fed = chain_cost(layers[: index + 1], volume)["layers"][index]["in"][2]
    top = min(MAX_WIDTH, max(2 * current, fed, (even or 0) + (even or 0) // 4, 8 * step))
    widths = sample(step, top, [current] + ([even] if even else []), SWEEP_POINTS)
    return {
        "layer": index,
        "width": current,
        "step": step,
        "budget": budget,
        "break_even": even,
        "points": sweep_width(layers, volume, index, widths),
    }


def head_curve(volume: tuple[int, int, int], classes: int) -> dict:
    """Parameters of an FC head vs GAP + 1×1 on side×side×C maps, for sides around the input's."""
    h, w, channels = volume
    top = max(16, 2 * max(h, w))
    sides = sample(1, min(top, 4096), [h] if h == w else [], HEAD_POINTS)
    return {"channels": channels, "classes": classes, "side": h if h == w else None, "points": [head_params(s, channels, classes) for s in sides]}
