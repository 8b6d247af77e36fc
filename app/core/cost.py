"""Parameters and multiply-adds (MACs) of layers and chains of layers: exact integers, no arrays.

A volume is (H, W, C), channels last. A MAC is one multiply-add of a weight
and an input; biases are counted as parameters, not MACs. "Per position" means
per spatial output position, all output channels together: a k×k conv C -> C'
costs k·k·C·C' MACs per position (the cost the seed question counts per pixel).

    >>> conv = Layer("conv", kernel=4, filters=256)
    >>> chain_cost([Layer("conv", kernel=1, filters=64), conv], (28, 28, 256))["totals"]["macs_per_position"]
    278528
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import lcm

KINDS = ("conv", "dw", "sep", "fc", "gap", "pool")


class LayerError(ValueError):
    """Layer ``index`` of a chain cannot be applied to the volume it receives.

    ``code`` and ``params`` say why as data (the API words it in the reader's language);
    ``path`` is the chain it belongs to ("a" or "b") once that is known.
    """

    def __init__(self, index: int, message: str, code: str, path: str | None = None, **params: object):
        super().__init__(message)
        self.index = index
        self.code = code
        self.path = path
        self.params = params

    def on_path(self, path: str) -> LayerError:
        """The same error, said of chain ``path``."""
        return LayerError(self.index, str(self), self.code, path, **self.params)


@dataclass(frozen=True)
class Layer:
    """One layer of a chain.

    kind: conv (k×k, ``filters`` outputs, ``groups``), dw (depthwise k×k),
    sep (depthwise k×k then pointwise 1×1 to ``filters``), fc (dense on the
    flattened volume; output 1×1×filters, or out_h×out_w×filters),
    gap (global average pooling), pool (k×k max pooling, stride k).
    """

    kind: str
    kernel: int = 1
    filters: int = 0
    stride: int = 1
    padding: str = "same"  # "same" or "valid"
    groups: int = 1
    out_h: int = 1  # fc only: the output volume's height and width
    out_w: int = 1


def output_side(size: int, kernel: int, stride: int, padding: str) -> int:
    """Output length along one axis: ceil(size / stride) for SAME, floor((size - k) / stride) + 1 for VALID."""
    if padding == "same":
        return -(-size // stride)
    return (size - kernel) // stride + 1


def layer_cost(layer: Layer, volume: tuple[int, int, int], index: int = 0) -> dict:
    """Cost of ``layer`` on ``volume`` (H, W, C). Raises LayerError when it does not fit.

    Returns in/out shapes, weights, biases, params, MACs per output position,
    output positions and MACs per image (one forward pass of one example).
    """
    h, w, c = volume
    kind = layer.kind
    if kind in ("conv", "dw", "sep", "pool"):
        # Pooling here is k×k with stride k and no padding, as in VGG and LeNet.
        stride, padding = (layer.kernel, "valid") if kind == "pool" else (layer.stride, layer.padding)
        if padding == "valid" and (layer.kernel > h or layer.kernel > w):
            message = f"a {layer.kernel}×{layer.kernel} kernel with valid padding does not fit a {h}×{w} input"
            raise LayerError(index, message, "valid_fit", k=layer.kernel, h=h, w=w)
        oh, ow = output_side(h, layer.kernel, stride, padding), output_side(w, layer.kernel, stride, padding)
    elif kind == "fc":
        oh, ow = layer.out_h, layer.out_w
    elif kind == "gap":
        oh, ow = 1, 1
    else:
        raise LayerError(index, f"unknown layer kind {kind!r}", "kind", kind=repr(kind))

    k2 = layer.kernel * layer.kernel
    parts: list[dict] = []
    if kind == "conv":
        g = layer.groups
        if c % g or layer.filters % g:
            message = f"groups = {g} must divide both the input channels ({c}) and the filters ({layer.filters})"
            raise LayerError(index, message, "groups", g=g, c=c, filters=layer.filters)
        out_c = layer.filters
        per_position = k2 * (c // g) * out_c
        weights, biases = per_position, out_c
    elif kind == "dw":
        out_c = c
        per_position = weights = k2 * c
        biases = c
    elif kind == "sep":
        out_c = layer.filters
        depthwise, pointwise = k2 * c, c * out_c
        per_position = weights = depthwise + pointwise
        biases = c + out_c
        parts = [{"part": "depthwise", "weights": depthwise, "biases": c}, {"part": "pointwise", "weights": pointwise, "biases": out_c}]
    elif kind == "fc":
        out_c = layer.filters
        # Each output position's out_c units read every input value.
        per_position = h * w * c * out_c
        weights = per_position * oh * ow
        biases = oh * ow * out_c
    else:  # gap, pool: no weights; their additions and comparisons are not multiply-adds
        out_c = c
        per_position = weights = biases = 0
    positions = oh * ow
    return {
        "kind": kind,
        "in": [h, w, c],
        "out": [oh, ow, out_c],
        "weights": weights,
        "biases": biases,
        "params": weights + biases,
        "macs_per_position": per_position,
        "positions": positions,
        "macs": per_position * positions,
        "parts": parts,
    }


def chain_cost(layers: list[Layer], volume: tuple[int, int, int]) -> dict:
    """Every layer's cost in turn, each fed the previous one's output, and the totals.

    The total per position is given when every layer has the same number of
    output positions (else None: per-image MACs are the comparable figure).
    """
    rows = []
    for index, layer in enumerate(layers):
        row = layer_cost(layer, volume, index)
        rows.append(row)
        volume = tuple(row["out"])
    positions = {row["positions"] for row in rows}
    totals = {key: sum(row[key] for row in rows) for key in ("weights", "biases", "params", "macs")}
    totals["macs_per_position"] = sum(row["macs_per_position"] for row in rows) if len(positions) == 1 else None
    return {"layers": rows, "totals": totals, "output": list(volume)}


def width_step(layers: list[Layer], index: int) -> int:
    """The widths layer ``index`` may take: multiples of this (its groups and the groups of the
    conv that next consumes its channels, past any depthwise, pooling or GAP layers that keep them)."""
    step = layers[index].groups if layers[index].kind == "conv" else 1
    for following in layers[index + 1 :]:
        if following.kind == "conv":
            return lcm(step, following.groups)
        if following.kind in ("sep", "fc"):
            break
    return step


def sweep_width(layers: list[Layer], volume: tuple[int, int, int], index: int, widths: list[int]) -> list[dict]:
    """The chain's total params and MACs with layer ``index`` set to each width (e.g. a 1×1 reduction's r)."""
    points = []
    for width in widths:
        changed = [replace(layer, filters=width) if n == index else layer for n, layer in enumerate(layers)]
        totals = chain_cost(changed, volume)["totals"]
        points.append({"width": width, "params": totals["params"], "macs": totals["macs"]})
    return points


def break_even_width(layers: list[Layer], volume: tuple[int, int, int], index: int, budget: int, limit: int) -> int | None:
    """The smallest width of layer ``index`` at which the chain's MACs reach ``budget``, or None below ``limit``.

    A chain never gets cheaper when a layer gets wider, so a binary search over
    the allowed widths (multiples of ``width_step``) finds it exactly.
    """
    step = width_step(layers, index)

    def macs(width: int) -> int:
        return sweep_width(layers, volume, index, [width])[0]["macs"]

    low, high = 1, limit // step  # in units of step
    if high < 1 or macs(high * step) < budget:
        return None
    while low < high:
        middle = (low + high) // 2
        if macs(middle * step) >= budget:
            high = middle
        else:
            low = middle + 1
    return low * step


def head_params(side: int, channels: int, outputs: int) -> dict:
    """Parameters of a classifier head on a side×side×C feature map with ``outputs`` classes.

    fc: dense on the flattened map (grows with side²); gap_1x1: global average
    pooling then a 1×1 conv (= FC on the channel vector), independent of side.
    """
    return {
        "side": side,
        "fc": side * side * channels * outputs + outputs,
        "gap_1x1": channels * outputs + outputs,
    }
