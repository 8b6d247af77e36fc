"""Everything the channel mixer and its FC twin show, computed in one call."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.core.conv1x1 import (
    Activation,
    FlattenOrder,
    activate,
    channel_mix,
    fc_bias,
    fc_entries,
    fc_matrix,
    flat_positions,
    flatten,
    max_abs_diff,
    parameter_counts,
    per_pixel_dense,
    pixels_as_batch,
)


@dataclass(frozen=True)
class Example:
    """One complete 1x1-conv example: x (H, W, C_in), w (C_out, C_in), b (C_out,)."""

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    activation: Activation
    order: FlattenOrder


# SplitMix64's constants as NumPy scalars, made once: converting them on every call showed in profiles.
GOLDEN = 0x9E3779B97F4A7C15
MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
MIX_2 = np.uint64(0x94D049BB133111EB)
SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))


@lru_cache(maxsize=512)
def _steps(count: int) -> np.ndarray:
    """k·MIX_1 for k = 1..count, the part of every seed's stream that depends on its length only (read-only)."""
    steps = np.arange(1, count + 1, dtype=np.uint64)
    steps *= MIX_1
    steps.flags.writeable = False
    return steps


def splitmix64(seed: int, count: int) -> np.ndarray:
    """``count`` pseudo-random uint64 from ``seed``: the SplitMix64 finaliser of seed·γ + k.

    A pure function of (seed, k), identical on every machine, and ~10x cheaper
    than seeding NumPy's Generator, which matters on the API's hot path.
    """
    z = _steps(count) + np.uint64((seed * GOLDEN) & 0xFFFFFFFFFFFFFFFF)  # Python ints: no overflow warning
    z ^= z >> SHIFTS[0]
    z *= MIX_1
    z ^= z >> SHIFTS[1]
    z *= MIX_2
    z ^= z >> SHIFTS[2]
    return z


@lru_cache(maxsize=512)
def _value_ranges(n_x: int, n_w: int, c_out: int) -> tuple[np.ndarray, np.ndarray]:
    """How many values each drawn number may take, and the lowest: x in [-2, 4], w in [-2, 2], b in [-1, 1]."""
    span = np.repeat(np.array([7, 5, 3], dtype=np.uint64), [n_x, n_w, c_out])
    low = np.repeat(np.array([-2, -2, -1], dtype=np.int64), [n_x, n_w, c_out])
    span.flags.writeable = low.flags.writeable = False
    return span, low


def random_example(height: int, width: int, c_in: int, c_out: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Small integers, so that every product reads easily aloud in a lecture.

    Returns x (H, W, C_in) in [-2, 4], w (C_out, C_in) in [-2, 2] and b (C_out,)
    in [-1, 1], the same for the same seed on every machine. They are NumPy integers, so
    every reading of a seeded example is computed, and sent, in whole numbers (``2``, not
    ``2.0``).
    """
    n_x, n_w = height * width * c_in, c_out * c_in
    span, low = _value_ranges(n_x, n_w, c_out)
    z = splitmix64(seed, n_x + n_w + c_out)
    z %= span
    values = z.view(np.int64) + low  # z is below 7 now: the same bits as an int64
    return values[:n_x].reshape(height, width, c_in), values[n_x : n_x + n_w].reshape(c_out, c_in), values[n_x + n_w :]


@lru_cache(maxsize=512)
def pixel_rows_and_columns(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's row and column, row by row (read-only: it depends on the shape only)."""
    i, j = np.divmod(np.arange(height * width), width)
    i.flags.writeable = j.flags.writeable = False
    return i, j


def animation_steps(x: np.ndarray, w: np.ndarray, b: np.ndarray, activation: Activation) -> dict[str, np.ndarray]:
    """The mixer's animation: one step per pixel, row by row, as columns.

    Step p visits pixel (i[p], j[p]) and holds the per-pixel reading's arithmetic there
    (``per_pixel_dense``): per output channel o, the products w[o, c] * x[i, j, c]
    (``products[p, o, c]``), their sum, the sum plus bias (``pre``) and the value after
    the activation (``out``).
    """
    i, j = pixel_rows_and_columns(*x.shape[:2])
    return {"i": i, "j": j, **per_pixel_dense(x, w, b, activation)}


def mix(example: Example) -> dict:
    """The conv, its three FC readings, their max |difference| and the counts.

    Returns plain dicts of NumPy arrays and numbers; the caller serialises. The per-pixel
    reading's values are the walk's ``steps["out"]``, pixel by pixel.
    """
    x, w, b, act, order = example.x, example.w, example.b, example.activation, example.order
    height, width, c_in = x.shape
    c_out = w.shape[0]
    pixels = height * width

    y = channel_mix(x, w, b, act)
    steps = animation_steps(x, w, b, act)  # the per-pixel reading, written out
    rows, batch_out = pixels_as_batch(x, w, b, act)
    big = fc_matrix(w, pixels, order)
    x_flat = flatten(x, order)
    big_bias = fc_bias(b, pixels, order)
    fc_pre = big @ x_flat + big_bias
    fc_out = activate(fc_pre, act)
    y_flat = flatten(y, order)
    y_rows = y.reshape(pixels, c_out)
    entries = fc_entries(c_out, c_in, pixels, order)
    row_pixel, row_channel = flat_positions(pixels, c_out, order)
    col_pixel, col_channel = flat_positions(pixels, c_in, order)

    return {
        "y": y,
        "per_pixel": {"max_abs_diff": max_abs_diff(steps["out"], y_rows)},
        "batch": {"rows": rows, "out": batch_out, "max_abs_diff": max_abs_diff(batch_out, y_rows)},
        "fc": {
            "order": order,
            "shape": list(big.shape),
            # Where each copy of a weight sits; which weight and pixel it is: row_channel[row],
            # col_channel[col] and row_pixel[row].
            "entries": {"row": entries["row"], "col": entries["col"], "value": big.reshape(-1)[entries["flat"]]},
            "row_pixel": row_pixel,
            "row_channel": row_channel,
            "col_pixel": col_pixel,
            "col_channel": col_channel,
            "x_flat": x_flat,
            "bias": big_bias,
            "out": fc_out,
            "max_abs_diff": max_abs_diff(fc_out, y_flat),
        },
        "params": parameter_counts(height, width, c_in, c_out),
        "steps": steps,
    }
