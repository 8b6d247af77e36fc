"""Connection tables: which input maps each output map of a convolution reads.

A connection table is a boolean matrix ``table`` of shape (C_out, C_in):
``table[o, c]`` says whether output map o reads input map c. A k×k convolution
with a table has one k×k kernel per connection; the unconnected kernels are zero.

- ``full``: every output map reads every input map, an ordinary convolution. With
  k = 1 it is one C_out×C_in dense layer applied to each pixel's channel vector:
  LeCun's "1×1 convolutions with a full connection table".
- ``groups``: g groups; output map o reads only the C_in/g input maps of its group
  (block diagonal). ResNeXt, and AlexNet's two GPUs (g = 2).
- ``depthwise``: g = C_in = C_out, the diagonal (MobileNet).
- ``lenet``: LeNet-5's C3 layer, 6 S2 maps -> 16 C3 maps, Table I of LeCun et al.
  (1998): 60 connections, 60·25 + 16 = 1,516 trainable parameters with 5×5 kernels.

Padding is VALID and the stride 1: an H×W input gives (H-k+1)×(W-k+1) output maps.

    >>> int(connection_table("lenet", 6, 16).sum())
    60
"""

from __future__ import annotations

import numpy as np

from app.core.mixer import splitmix64

KINDS = ("full", "groups", "depthwise", "lenet")
LENET_C3_SHAPE = (6, 16)  # (C_in, C_out): S2's 6 maps, C3's 16

# Table I of LeCun, Bottou, Bengio, Haffner, "Gradient-based learning applied to document
# recognition" (1998), as printed: one row per S2 map (input), one column per C3 map (output).
# Columns 0-5 read 3 consecutive maps, 6-11 read 4 consecutive ones, 12-14 read 4
# non-consecutive ones and 15 reads all 6.
LENET_C3_PICTURE = (
    "X   XXX  XXXX XX",
    "XX   XXX  XXXX X",
    "XXX   XXX  X XXX",
    " XXX  XXXX  X XX",
    "  XXX  XXXX XX X",
    "   XXX  XXXX XXX",
)


def lenet_c3_table() -> np.ndarray:
    """LeNet-5's C3 table as (C_out, C_in) = (16, 6): the paper's picture, transposed."""
    picture = np.array([[mark == "X" for mark in row] for row in LENET_C3_PICTURE])
    return picture.T.copy()


def connection_table(kind: str, c_in: int, c_out: int, groups: int = 1) -> np.ndarray:
    """The (C_out, C_in) boolean table of ``kind``.

    ``groups`` is read for ``groups`` only and must divide both C_in and C_out;
    ``depthwise`` needs C_out == C_in; ``lenet`` needs (C_in, C_out) == (6, 16).
    Raises ValueError otherwise (the state layer refuses such URLs first).

    >>> connection_table("groups", 4, 2, 2).astype(int).tolist()
    [[1, 1, 0, 0], [0, 0, 1, 1]]
    """
    if kind == "full":
        return np.ones((c_out, c_in), dtype=bool)
    if kind == "depthwise":
        if c_out != c_in:
            raise ValueError(f"a depthwise table needs C_out == C_in, got {c_in} -> {c_out}")
        return np.eye(c_in, dtype=bool)
    if kind == "groups":
        if groups < 1 or c_in % groups or c_out % groups:
            raise ValueError(f"groups = {groups} must divide C_in = {c_in} and C_out = {c_out}")
        # Output map o is in group o // (C_out/g); it reads that group's C_in/g input maps.
        out_group = np.arange(c_out) // (c_out // groups)
        in_group = np.arange(c_in) // (c_in // groups)
        return out_group[:, None] == in_group[None, :]
    if kind == "lenet":
        if (c_in, c_out) != LENET_C3_SHAPE:
            raise ValueError(f"LeNet-5's C3 table is 6 -> 16, got {c_in} -> {c_out}")
        return lenet_c3_table()
    raise ValueError(f"unknown table {kind!r}; the tables are {', '.join(KINDS)}")


def table_counts(table: np.ndarray, kernel: int) -> dict[str, int]:
    """Weights, biases and multiply-adds per output position of a k×k conv with ``table`` (C_out, C_in).

    Each connection is one k×k kernel; each output map has one bias; each output
    position costs k²·connections multiply-adds (all output maps together).
    """
    connections = int(table.sum())
    c_out = table.shape[0]
    weights = kernel * kernel * connections
    return {
        "connections": connections,
        "weights": weights,
        "biases": c_out,
        "params": weights + c_out,
        "macs_per_position": weights,
    }


def random_example(height: int, width: int, c_in: int, c_out: int, kernel: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Small seeded integers: x (H, W, C_in) in [-2, 3], kernels (C_out, C_in, k, k) in [-2, 2], bias (C_out,) in [-2, 2].

    Every kernel is drawn, connected or not, so that changing only the table keeps the
    numbers of the connections that stay.
    """
    n_x, n_k = height * width * c_in, c_out * c_in * kernel * kernel
    span = np.repeat(np.array([6, 5, 5], dtype=np.uint64), [n_x, n_k, c_out])
    values = (splitmix64(seed, n_x + n_k + c_out) % span).astype(np.int64) - 2
    x = values[:n_x].reshape(height, width, c_in).astype(float)
    kernels = values[n_x : n_x + n_k].reshape(c_out, c_in, kernel, kernel).astype(float)
    bias = values[n_x + n_k :].astype(float)
    return x, kernels, bias


def masked_kernels(kernels: np.ndarray, table: np.ndarray) -> np.ndarray:
    """kernels (C_out, C_in, k, k) with every unconnected kernel set to zero."""
    return kernels * table[:, :, None, None]


def windows(x: np.ndarray, kernel: int) -> np.ndarray:
    """Every k×k window of x (H, W, C): shape (H-k+1, W-k+1, C, k, k), a view, no copy."""
    view = np.lib.stride_tricks.sliding_window_view(x, (kernel, kernel), axis=(0, 1))
    return view


def dense_conv(x: np.ndarray, kernels: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """An ordinary (full-table) VALID conv: x (H, W, C_in), kernels (C_out, C_in, k, k) -> (H-k+1, W-k+1, C_out).

    Applied to masked kernels it reads every input map and multiplies the unconnected
    ones by zero: the table as a mask.
    """
    return np.einsum("ijcuv,ocuv->ijo", windows(x, kernels.shape[-1]), kernels) + bias


def per_map_conv(x: np.ndarray, kernels: np.ndarray, bias: np.ndarray, table: np.ndarray) -> np.ndarray:
    """The same conv computed map by map, each output map reading only its connected input maps.

    The independent reading of the table: no mask, no zeros multiplied, an explicit
    loop over output maps and over the input maps each one lists.
    """
    k = kernels.shape[-1]
    patches = windows(x, k)
    out = np.empty((*patches.shape[:2], table.shape[0]))
    for o in range(table.shape[0]):
        total = np.full(patches.shape[:2], bias[o])
        for c in np.flatnonzero(table[o]):
            total = total + np.einsum("ijuv,uv->ij", patches[:, :, c], kernels[o, c])
        out[:, :, o] = total
    return out


def pixel_terms(x: np.ndarray, kernels: np.ndarray, bias: np.ndarray, table: np.ndarray, i: int = 0, j: int = 0) -> list[dict]:
    """Output map by output map, what its value at output position (i, j) adds up.

    Returns one entry per output map o: its bias, one term per connected input map c
    (the k×k kernel K[o, c] times the window of x_c; for k = 1 also the weight and the
    input value, so the page can write w·x), and the total.
    """
    k = kernels.shape[-1]
    maps = []
    for o in range(table.shape[0]):
        terms = []
        for c in np.flatnonzero(table[o]):
            window = x[i : i + k, j : j + k, c]
            term = {"c": int(c), "value": float(np.sum(window * kernels[o, c]))}
            if k == 1:
                term |= {"weight": float(kernels[o, c, 0, 0]), "input": float(window[0, 0])}
            terms.append(term)
        total = float(bias[o]) + sum(t["value"] for t in terms)
        maps.append({"o": o, "bias": float(bias[o]), "terms": terms, "total": total})
    return maps


def max_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| over all entries (0.0 for empty arrays)."""
    return float(np.max(np.abs(a - b))) if a.size else 0.0


def connection_example(kind: str, x: np.ndarray, kernels: np.ndarray, bias: np.ndarray, groups: int = 1) -> dict:
    """Everything the connection-table view shows for one example.

    x (H, W, C_in), kernels (C_out, C_in, k, k) (unconnected ones are masked here),
    bias (C_out,). Returns the table (C_out, C_in), each output map's input maps, the
    counts of this table and of the full one, the masked kernels, the output
    (H-k+1, W-k+1, C_out) by the masked dense conv, the max |difference| from the
    map-by-map loop, and the terms of every output map at output position (0, 0).
    """
    c_in, c_out, k = x.shape[2], kernels.shape[0], kernels.shape[-1]
    table = connection_table(kind, c_in, c_out, groups)
    masked = masked_kernels(kernels, table)
    dense = dense_conv(x, masked, bias)
    looped = per_map_conv(x, kernels, bias, table)
    positions = dense.shape[0] * dense.shape[1]
    counts = table_counts(table, k) | {"positions": positions}
    full = table_counts(np.ones_like(table), k) | {"positions": positions}
    for entry in (counts, full):
        entry["macs"] = entry["macs_per_position"] * positions  # one forward pass of the example
    return {
        "table": table,
        "inputs_of": [np.flatnonzero(row).tolist() for row in table],
        "counts": counts,
        "full_counts": full,
        # How many times fewer weights (and MACs) than the full table: C_in·C_out / connections.
        "fewer": full["weights"] / counts["weights"],
        "kernels": masked,
        "y": dense,
        "max_abs_diff": max_abs_diff(dense, looped),
        "pixel": {"i": 0, "j": 0, "maps": pixel_terms(x, kernels, bias, table)},
    }
