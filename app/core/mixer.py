"""Everything the channel mixer and its FC twin show, computed in one call."""

from __future__ import annotations

from dataclasses import dataclass

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


def random_example(height: int, width: int, c_in: int, c_out: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Small integers, so that every product reads easily aloud in a lecture.

    Returns x (H, W, C_in) in [-2, 4], w (C_out, C_in) in [-2, 2] and b (C_out,)
    in [-1, 1], the same for the same seed on every machine (PCG64).
    """
    rng = np.random.default_rng(seed)
    x = rng.integers(-2, 5, size=(height, width, c_in)).astype(float)
    w = rng.integers(-2, 3, size=(c_out, c_in)).astype(float)
    b = rng.integers(-1, 2, size=c_out).astype(float)
    return x, w, b


def animation_steps(x: np.ndarray, w: np.ndarray, b: np.ndarray, activation: Activation) -> list[dict]:
    """The mixer's animation: one step per pixel, row by row.

    Each step holds the pixel (i, j) and, per output channel o, the products
    w[o, c] * x[i, j, c], their sum, the sum plus bias (``pre``) and the value
    after the activation (``out``). Example at LeCun's W=[[0,1,1],[2,3,5]],
    b=[8,13], x=[1,2,3]: channel 1 is 2+6+15 = 23, + 13 = 36, ReLU -> 36.
    """
    height, width, _ = x.shape
    products = x[:, :, None, :] * w[None, None, :, :]  # (H, W, C_out, C_in)
    sums = products.sum(axis=3)
    pre = sums + b
    out = activate(pre, activation)
    return [
        {
            "i": i,
            "j": j,
            "products": products[i, j],
            "sum": sums[i, j],
            "pre": pre[i, j],
            "out": out[i, j],
        }
        for i in range(height)
        for j in range(width)
    ]


def mix(example: Example) -> dict:
    """The conv, its three FC readings, their max |difference| and the counts.

    Returns plain dicts of NumPy arrays and numbers; the caller serialises.
    """
    x, w, b, act, order = example.x, example.w, example.b, example.activation, example.order
    height, width, c_in = x.shape
    c_out = w.shape[0]
    pixels = height * width

    y = channel_mix(x, w, b, act)
    dense = per_pixel_dense(x, w, b, act)
    rows, batch_out = pixels_as_batch(x, w, b, act)
    big = fc_matrix(w, pixels, order)
    x_flat = flatten(x, order)
    big_bias = fc_bias(b, pixels, order)
    fc_pre = big @ x_flat + big_bias
    fc_out = activate(fc_pre, act)
    y_flat = flatten(y, order)
    entries = fc_entries(c_out, c_in, pixels, order)
    row_pixel, row_channel = flat_positions(pixels, c_out, order)
    col_pixel, col_channel = flat_positions(pixels, c_in, order)

    return {
        "y": y,
        "pre": np.tensordot(x, w, axes=([2], [1])) + b,
        "per_pixel": {"y": dense, "max_abs_diff": max_abs_diff(dense, y)},
        "batch": {
            "rows": rows,
            "out": batch_out,
            "max_abs_diff": max_abs_diff(batch_out, y.reshape(pixels, c_out)),
        },
        "fc": {
            "order": order,
            "shape": list(big.shape),
            "entries": {
                "row": entries["row"],
                "col": entries["col"],
                "value": big[entries["row"], entries["col"]],
                "out_channel": entries["out_channel"],
                "in_channel": entries["in_channel"],
                "pixel": entries["pixel"],
            },
            "row_pixel": row_pixel,
            "row_channel": row_channel,
            "col_pixel": col_pixel,
            "col_channel": col_channel,
            "x_flat": x_flat,
            "bias": big_bias,
            "out": fc_out,
            "max_abs_diff": max_abs_diff(fc_out, y_flat),
            "nonzero_outside_blocks": int(np.count_nonzero(big) - np.count_nonzero(big[entries["row"], entries["col"]])),
        },
        "params": parameter_counts(height, width, c_in, c_out),
        "steps": animation_steps(x, w, b, act),
    }
