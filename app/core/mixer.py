"""Everything the channel mixer and its FC twin show, computed in one call."""

from __future__ import annotations

from collections.abc import Sequence
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
    max_abs_diff_each,
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


def splitmix64(seed: int | Sequence[int], count: int) -> np.ndarray:
    """``count`` pseudo-random uint64 from ``seed``: the SplitMix64 finaliser of seed·γ + k.

    A pure function of (seed, k), identical on every machine, and ~10x cheaper
    than seeding NumPy's Generator, which matters on the API's hot path. Several
    seeds give one row each.
    """
    # seed·γ in Python ints, which do not overflow (NumPy's would warn), then wrapped to 64 bits.
    if isinstance(seed, int):
        start = np.uint64((seed * GOLDEN) & 0xFFFFFFFFFFFFFFFF)
    else:
        start = np.array([(s * GOLDEN) & 0xFFFFFFFFFFFFFFFF for s in seed], dtype=np.uint64)[:, None]
    z = _steps(count) + start
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


def random_example(height: int, width: int, c_in: int, c_out: int, seed: int | Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Small integers, so that every product reads easily aloud in a lecture.

    Returns x (H, W, C_in) in [-2, 4], w (C_out, C_in) in [-2, 2] and b (C_out,)
    in [-1, 1], the same for the same seed on every machine. They are NumPy integers, so
    every reading of a seeded example is computed, and sent, in whole numbers (``2``, not
    ``2.0``). Several seeds give a stack, one example per seed on a first axis.
    """
    n_x, n_w = height * width * c_in, c_out * c_in
    span, low = _value_ranges(n_x, n_w, c_out)
    z = splitmix64(seed, n_x + n_w + c_out)
    z %= span
    values = z.view(np.int64) + low  # z is below 7 now: the same bits as an int64
    stack = z.shape[:-1]
    return (
        values[..., :n_x].reshape(stack + (height, width, c_in)),
        values[..., n_x : n_x + n_w].reshape(stack + (c_out, c_in)),
        values[..., n_x + n_w :],
    )


@lru_cache(maxsize=512)
def pixel_rows_and_columns(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's row and column, row by row (read-only: it depends on the shape only)."""
    i, j = np.divmod(np.arange(height * width), width)
    i.flags.writeable = j.flags.writeable = False
    return i, j


def layout(height: int, width: int, c_in: int, c_out: int, order: FlattenOrder) -> dict:
    """Where every number of an example of this shape sits in the other readings: the shape's part
    of the mixer, the same for every example of it (read-only arrays; the API keeps its bytes per shape).

    ``steps``: the walk's pixel p is (i[p], j[p]), which is also the batch's row p. ``fc``: the
    matrix's size, where each copy of a weight sits (``entries``: row and column), and for each
    row and column of the matrix, the pixel and channel it reads (so the flattened input's entry
    k is x at pixel ``col_pixel[k]``, channel ``col_channel[k]``, the big bias's entry r is
    b[``row_channel[r]``], and the copy at (row, col) is w[row_channel[row], col_channel[col]]).
    """
    pixels = height * width
    entries = fc_entries(c_out, c_in, pixels, order)
    row_pixel, row_channel = flat_positions(pixels, c_out, order)
    col_pixel, col_channel = flat_positions(pixels, c_in, order)
    i, j = pixel_rows_and_columns(height, width)
    return {
        "shape": {"h": height, "w": width, "cin": c_in, "cout": c_out},
        "order": order,
        "steps": {"i": i, "j": j},
        "fc": {
            "shape": [pixels * c_out, pixels * c_in],
            "entries": {"row": entries["row"], "col": entries["col"]},
            "row_pixel": row_pixel,
            "row_channel": row_channel,
            "col_pixel": col_pixel,
            "col_channel": col_channel,
        },
    }


def mix(example: Example) -> dict:
    """The conv, its three FC readings, their max |difference| and the counts.

    Returns plain dicts of NumPy arrays and numbers; the caller serialises. The per-pixel
    reading's values are the walk's ``steps["out"]``, pixel by pixel. Where each number sits
    in the batch and the big FC layer is the shape's ``layout``, not repeated here.
    """
    x, w = example.x, example.w
    y, steps, batch_out, fc_out, diffs = readings(x, w, example.b, example.activation, example.order)
    return answer(x.shape, w.shape[0], y, steps, batch_out, fc_out, *map(float, diffs))


def mix_many(x: np.ndarray, w: np.ndarray, b: np.ndarray, act: Activation, order: FlattenOrder) -> list[dict]:
    """``mix`` of N examples of one shape, stacked on a first axis (x: (N, H, W, C_in), w: (N, C_out,
    C_in), b: (N, C_out)), one dict each. Every reading is one NumPy call over all of them, so N
    examples cost little more than one; each example's numbers are those it gets alone.
    """
    y, steps, batch_out, fc_out, diffs = readings(x, w, b, act, order)
    per_pixel_diff, batch_diff, fc_diff = (diff.astype(float).tolist() for diff in diffs)
    return [
        answer(
            x.shape[1:],
            w.shape[1],
            y[k],
            {name: steps[name][k] for name in steps},
            batch_out[k],
            fc_out[k],
            per_pixel_diff[k],
            batch_diff[k],
            fc_diff[k],
        )
        for k in range(x.shape[0])
    ]


def readings(x: np.ndarray, w: np.ndarray, b: np.ndarray, act: Activation, order: FlattenOrder) -> tuple:
    """The conv and each FC reading's output, for one example or a stack of them (leading axes),
    and the max |difference| of each FC reading from the conv, per example.

    The readings are computed apart: the per-pixel one by products and sums (``steps``), the
    batch by one matrix product, the big FC layer by its own (H·W·C_out, H·W·C_in) matrix, built
    from w, on the flattened image.
    """
    examples, (height, width) = x.shape[:-3], x.shape[-3:-1]
    c_out = w.shape[-2]
    pixels = height * width

    y = channel_mix(x, w, b, act)
    steps = per_pixel_dense(x, w, b, act)  # the walk's arithmetic, pixel by pixel
    _, batch_out = pixels_as_batch(x, w, b, act)
    big = fc_matrix(w, pixels, order)
    fc_out = activate(np.matvec(big, flatten(x, order)) + fc_bias(b, pixels, order), act)
    y_rows = y.reshape(examples + (pixels, c_out))
    diffs = (
        max_abs_diff_each(steps["out"], y_rows, examples),
        max_abs_diff_each(batch_out, y_rows, examples),
        max_abs_diff_each(fc_out, flatten(y, order), examples),
    )
    return y, steps, batch_out, fc_out, diffs


def answer(
    shape: tuple[int, int, int],
    c_out: int,
    y: np.ndarray,
    steps: dict,
    batch_out: np.ndarray,
    fc_out: np.ndarray,
    per_pixel_diff: float,
    batch_diff: float,
    fc_diff: float,
) -> dict:
    """One example's readings, laid out as ``mix`` returns them."""
    height, width, c_in = shape
    return {
        "y": y,
        "per_pixel": {"max_abs_diff": per_pixel_diff},
        "batch": {"out": batch_out, "max_abs_diff": batch_diff},
        "fc": {"out": fc_out, "max_abs_diff": fc_diff},
        "params": parameter_counts(height, width, c_in, c_out),
        "steps": steps,
    }
