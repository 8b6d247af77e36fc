"""A 1x1 convolution and the same layer read four other ways.

Shapes follow one convention everywhere:
    x: (H, W, C_in)   the input image, channels last
    w: (C_out, C_in)  the weight matrix, one row per output channel
    b: (C_out,)       the bias
    y: (H, W, C_out)  the output image
The readings also take several examples of one shape at once, stacked on leading
axes (x: (N, H, W, C_in), w: (N, C_out, C_in), b: (N, C_out)): each NumPy call then
serves them all, and each example's numbers are those it would get alone.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal

import numpy as np

Activation = Literal["none", "relu"]
FlattenOrder = Literal["hwc", "chw"]

ACTIVATIONS: tuple[Activation, ...] = ("none", "relu")
# ReLU's floor: an int8 keeps whole numbers whole (int64) and floats float, and a NumPy scalar
# skips the conversion a Python 0 needs on every call.
ZERO = np.int8(0)
FLATTEN_ORDERS: tuple[FlattenOrder, ...] = ("hwc", "chw")


def activate(z: np.ndarray, activation: Activation) -> np.ndarray:
    """Apply the activation elementwise: ``relu`` clips at 0, ``none`` is identity."""
    if activation == "relu":
        return np.maximum(z, ZERO)
    if activation == "none":
        return z
    raise ValueError(f"unknown activation {activation!r}")


def channel_mix(x: np.ndarray, w: np.ndarray, b: np.ndarray, activation: Activation = "none") -> np.ndarray:
    """The 1x1 convolution: at every pixel, y[i, j] = act(w @ x[i, j] + b).

    x: (H, W, C_in), w: (C_out, C_in), b: (C_out,) -> (H, W, C_out).
    Example: x of shape (2, 2, 2) with w of shape (1, 2) gives (2, 2, 1).
    """
    return activate(x @ w.mT[..., None, :, :] + b[..., None, None, :], activation)


def per_pixel_dense(x: np.ndarray, w: np.ndarray, b: np.ndarray, activation: Activation = "none") -> dict[str, np.ndarray]:
    """Reading (a): one small dense layer (w, b) at each pixel, its arithmetic written out.

    Pixel p = i*W + j holds the column x[i, j]; the layer multiplies it by every row of w
    (``products[p, o, c] = w[o, c] * x[i, j, c]``), adds up each row's products (``sum``),
    adds the bias (``pre``) and applies the activation (``out``, (H*W, C_out)). These are
    the numbers the walk-through reads aloud; no matrix product is taken, so the reading is
    independent of ``channel_mix``'s. Example at LeCun's W=[[0,1,1],[2,3,5]], b=[8,13],
    x=[1,2,3]: channel 1 is 2+6+15 = 23, + 13 = 36, ReLU -> 36.
    """
    products = x.reshape(x.shape[:-3] + (-1, 1, x.shape[-1])) * w[..., None, :, :]
    sums = np.add.reduce(products, axis=-1)
    pre = sums + b[..., None, :]
    return {"products": products, "sum": sums, "pre": pre, "out": activate(pre, activation)}


def pixels_as_batch(x: np.ndarray, w: np.ndarray, b: np.ndarray, activation: Activation = "none") -> tuple[np.ndarray, np.ndarray]:
    """Reading (b): the pixels as a batch of HW rows, one matrix multiply.

    Returns (rows, out): rows (H*W, C_in) = x reshaped; out (H*W, C_out) =
    act(rows @ w.T + b). Row r is pixel (r // W, r % W).
    """
    rows = x.reshape(x.shape[:-3] + (-1, x.shape[-1]))
    return rows, activate(rows @ w.mT + b[..., None, :], activation)


def flatten(x: np.ndarray, order: FlattenOrder) -> np.ndarray:
    """Flatten an (H, W, C) image to a vector, channels last (``hwc``) or first (``chw``).

    ``chw`` is what ``torch.flatten`` does on an (N, C, H, W) tensor.
    Example: x (2, 2, 3) -> vector of 12.
    """
    if order == "hwc":
        return x.reshape(x.shape[:-3] + (-1,))
    if order == "chw":
        return x.swapaxes(-1, -3).swapaxes(-1, -2).reshape(x.shape[:-3] + (-1,))  # (..., C, H, W)
    raise ValueError(f"unknown flatten order {order!r}")


def unflatten(v: np.ndarray, height: int, width: int, channels: int, order: FlattenOrder) -> np.ndarray:
    """Invert ``flatten``: a vector of H*W*C back to an (H, W, C) image."""
    if order == "hwc":
        return v.reshape(height, width, channels)
    if order == "chw":
        return np.transpose(v.reshape(channels, height, width), (1, 2, 0))
    raise ValueError(f"unknown flatten order {order!r}")


def fc_matrix(w: np.ndarray, pixels: int, order: FlattenOrder) -> np.ndarray:
    """Reading (c): the 1x1 conv as one big FC matrix on the flattened image.

    w: (C_out, C_in), pixels = H*W -> (H*W*C_out, H*W*C_in).
    Channels last: I_(HW) kron W, block diagonal with one copy of W per pixel.
    Channels first: W kron I_(HW), each weight spread along a diagonal.
    Built by placing the copies of W where ``fc_entries`` says, by flat index (np.kron,
    which the tests use as the reference, takes 5x as long; a (row, col) pair of index
    arrays, 4x).
    """
    examples, (c_out, c_in) = w.shape[:-2], w.shape[-2:]
    flat, weight = stacked_places(c_out, c_in, pixels, order, math.prod(examples))
    big = np.zeros(flat.size * pixels, dtype=w.dtype)  # each example's matrix has pixels times its entries
    big[flat] = w.reshape(-1)[weight]
    return big.reshape(examples + (pixels * c_out, pixels * c_in))


def fc_bias(b: np.ndarray, pixels: int, order: FlattenOrder) -> np.ndarray:
    """The bias of the big FC layer: b repeated once per output position.

    b: (C_out,) -> (H*W*C_out,), in the same order as the FC output vector: each output
    takes the bias of its channel. One gather by the cached channel of each position
    (``flat_positions``): np.broadcast_to and np.tile cost several times more in Python.
    """
    return b[..., flat_positions(pixels, b.shape[-1], order)[1]]


@lru_cache(maxsize=512)
def fc_entries(c_out: int, c_in: int, pixels: int, order: FlattenOrder) -> dict[str, np.ndarray]:
    """Where each weight of W lands in the big FC matrix.

    Returns equal-length int arrays ``row``, ``col``, ``out_channel``,
    ``in_channel``, ``pixel``: entry k says fc[row[k], col[k]] = w[out_channel[k],
    in_channel[k]] and that it serves pixel[k]. Every other entry is 0. There
    are H*W*C_out*C_in of them, against (H*W)^2*C_out*C_in cells in all. The same
    places as flat indices: ``flat`` into fc.ravel(), ``weight`` into w.ravel().
    Depends on the shape only, so it is cached (read-only arrays).
    """
    p, o, c = np.meshgrid(np.arange(pixels), np.arange(c_out), np.arange(c_in), indexing="ij")
    p, o, c = p.ravel(), o.ravel(), c.ravel()
    if order == "hwc":
        row, col = p * c_out + o, p * c_in + c
    elif order == "chw":
        row, col = o * pixels + p, c * pixels + p
    else:
        raise ValueError(f"unknown flatten order {order!r}")
    flat, weight = row * (pixels * c_in) + col, o * c_in + c
    _read_only(row, col, o, c, p, flat, weight)
    return {"row": row, "col": col, "out_channel": o, "in_channel": c, "pixel": p, "flat": flat, "weight": weight}


def _read_only(*arrays: np.ndarray) -> None:
    for array in arrays:
        array.flags.writeable = False


@lru_cache(maxsize=512)
def stacked_places(c_out: int, c_in: int, pixels: int, order: FlattenOrder, count: int) -> tuple[np.ndarray, np.ndarray]:
    """``fc_entries``' ``flat`` and ``weight`` for ``count`` examples stacked end to end: flat
    indices into the stack of FC matrices and into the stack of weights, so that one gather and
    one scatter place every example's copies (read-only arrays)."""
    entries = fc_entries(c_out, c_in, pixels, order)
    if count == 1:
        return entries["flat"], entries["weight"]
    stack = np.arange(count)[:, None]
    flat = (stack * (pixels * c_out * pixels * c_in) + entries["flat"]).ravel()
    weight = (stack * (c_out * c_in) + entries["weight"]).ravel()
    _read_only(flat, weight)
    return flat, weight


@lru_cache(maxsize=512)
def flat_positions(pixels: int, channels: int, order: FlattenOrder) -> tuple[np.ndarray, np.ndarray]:
    """For each index of a flattened image, the pixel (i*W + j) and channel it holds.

    Example: pixels=2, channels=3, ``hwc`` -> pixel [0,0,0,1,1,1], channel [0,1,2,0,1,2].
    Depends on the shape only, so it is cached (read-only arrays).
    """
    index = np.arange(pixels * channels)
    if order == "hwc":
        pixel, channel = index // channels, index % channels
    elif order == "chw":
        pixel, channel = index % pixels, index // pixels
    else:
        raise ValueError(f"unknown flatten order {order!r}")
    _read_only(pixel, channel)
    return pixel, channel


def max_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """The largest |a - b| over all entries (0.0 for empty arrays)."""
    return float(max_abs_diff_each(a, b, ()))


def max_abs_diff_each(a: np.ndarray, b: np.ndarray, examples: tuple[int, ...]) -> np.ndarray:
    """``max_abs_diff`` of each example, for examples stacked on leading axes of shape
    ``examples`` (``()``: one example, a 0-d answer)."""
    if a.size == 0:
        return np.zeros(examples)
    return np.maximum.reduce(np.abs(np.subtract(a, b)).reshape(*examples, -1), axis=-1)


def parameter_counts(height: int, width: int, c_in: int, c_out: int) -> dict[str, int]:
    """Parameters of the 1x1 conv against a general FC layer on the flattened image.

    The conv has C_out*C_in weights + C_out biases whatever the image size; a
    general FC from H*W*C_in to H*W*C_out inputs has (HW)^2 times more weights.
    """
    pixels = height * width
    return {
        "conv_weights": c_out * c_in,
        "conv_biases": c_out,
        "conv_total": c_out * c_in + c_out,
        "fc_weights": (pixels * c_out) * (pixels * c_in),
        "fc_biases": pixels * c_out,
        "fc_total": (pixels * c_out) * (pixels * c_in) + pixels * c_out,
        "tied_fc_nonzero": pixels * c_out * c_in,
    }
