"""Training a 1×1 conv, its tied FC twin and an untied FC layer by plain gradient descent.

One image x (H, W, C_in), one target y (H, W, C_out), the loss
L = ½ Σ over pixels p and output channels o of (ŷ[p, o] − y[p, o])², and three
models that start from the same weights (W, b):

- the 1×1 conv: W (C_out, C_in), b (C_out,). Its gradient is the sum over pixels
  of each pixel's dense-layer gradient, e_p x_pᵀ (e_p = ŷ_p − y_p);
- its tied FC twin: the big matrix M = I_(HW) ⊗ W on the channels-last flattened
  image (HW·C_in,), with the bias tiled (HW·C_out,). The gradient of one shared
  weight is the sum of the gradients of its HW copies, so M stays I ⊗ W;
- an untied FC: the same starting matrix, but each of its (HW·C_out)·(HW·C_in)
  entries (and HW·C_out biases) learns on its own. Its gradient e xᵀ fills the
  blocks off the diagonal, so after one step it is no longer a 1×1 conv.

The target is a teacher 1×1 conv plus a checkerboard that depends on the pixel's
position only: no 1×1 conv fits it exactly (when there are more pixels than
C_in + 1), while the untied FC's per-position biases can.
"""

from __future__ import annotations

import numpy as np

from app.core.mixer import splitmix64


def random_problem(height: int, width: int, c_in: int, c_out: int, seed: int) -> dict[str, np.ndarray]:
    """The seeded problem: halves and whole numbers, so that a lecture can read them aloud.

    Returns x (H, W, C_in) in {-1, -0.5, 0, 0.5, 1}; the teacher's w (C_out, C_in) and b
    (C_out,); the position term (H, W, C_out), ±0.5 in a checkerboard, sign flipping per
    output channel; y = teacher(x) + position term; and the starting w0 (C_out, C_in) in
    {-0.5, 0, 0.5} with b0 = 0. Example at 1×1×1→1, seed 1: y = w·x + b ± 0.5.
    """
    n_x, n_w = height * width * c_in, c_out * c_in
    counts = [n_x, n_w, c_out, n_w]
    span = np.repeat(np.array([5, 5, 3, 3], dtype=np.uint64), counts)
    low = np.repeat([-2.0, -2.0, -1.0, -1.0], counts)
    values = ((splitmix64(seed, sum(counts)) % span).astype(float) + low) / 2
    x, teacher_w, teacher_b, w0 = np.split(values, np.cumsum(counts)[:-1])
    x = x.reshape(height, width, c_in)
    teacher_w = teacher_w.reshape(c_out, c_in)
    w0 = w0.reshape(c_out, c_in)
    i, j = np.indices((height, width))
    checker = np.where((i + j) % 2 == 0, 0.5, -0.5)
    position = checker[:, :, None] * np.where(np.arange(c_out) % 2 == 0, 1.0, -1.0)
    y = np.einsum("hwc,oc->hwo", x, teacher_w) + teacher_b + position
    return {"x": x, "y": y, "teacher_w": teacher_w, "teacher_b": teacher_b, "position": position, "w0": w0, "b0": np.zeros(c_out)}


def squared_error(prediction: np.ndarray, target: np.ndarray) -> float:
    """½ Σ (prediction − target)², any shape."""
    return float(0.5 * np.sum((prediction - target) ** 2))


def conv_gradient(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The conv's output and gradient of L by the whole image at once.

    x (H, W, C_in), y (H, W, C_out), w (C_out, C_in), b (C_out,) ->
    (ŷ (H, W, C_out), dL/dw (C_out, C_in), dL/db (C_out,)).
    """
    out = np.einsum("hwc,oc->hwo", x, w) + b
    error = out - y
    return out, np.einsum("hwo,hwc->oc", error, x), error.sum(axis=(0, 1))


def per_pixel_gradients(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's dense-layer gradient, one pixel at a time: the reading the conv's gradient is checked against.

    Pixel p is a dense layer C_in -> C_out with loss ½|W x_p + b − y_p|²; its gradient
    is the outer product e_p x_pᵀ (and e_p for b). Returns (HW, C_out, C_in) and (HW, C_out).
    """
    columns = x.reshape(-1, x.shape[-1])
    targets = y.reshape(-1, y.shape[-1])
    grads_w, grads_b = [], []
    for column, target in zip(columns, targets, strict=True):
        error = w @ column + b - target
        grads_w.append(np.outer(error, column))
        grads_b.append(error)
    return np.array(grads_w), np.array(grads_b)


def block_mask(pixels: int, c_out: int, c_in: int) -> np.ndarray:
    """True on the HW diagonal blocks (C_out × C_in each) of an (HW·C_out, HW·C_in) matrix."""
    return np.kron(np.eye(pixels, dtype=bool), np.ones((c_out, c_in), dtype=bool))


def tie(gradient: np.ndarray, pixels: int, c_out: int, c_in: int) -> np.ndarray:
    """The gradient of each shared weight: the sum of its HW copies' gradients on the diagonal blocks.

    gradient (HW·C_out, HW·C_in) -> (C_out, C_in).
    """
    blocks = gradient.reshape(pixels, c_out, pixels, c_in)
    return np.einsum("popc->oc", blocks)


def parameter_counts(pixels: int, c_in: int, c_out: int) -> dict[str, int]:
    """How many numbers each model learns (and how many entries its matrix has)."""
    shared = c_out * c_in + c_out
    return {
        "conv": shared,
        "tied": shared,
        "tied_entries": pixels * c_out * pixels * c_in,
        "off_block_entries": pixels * c_out * pixels * c_in - pixels * c_out * c_in,
        "untied": pixels * c_out * pixels * c_in + pixels * c_out,
    }


def train(x: np.ndarray, y: np.ndarray, w0: np.ndarray, b0: np.ndarray, lr: float, steps: int) -> dict:
    """``steps`` steps of plain gradient descent (learning rate ``lr``) for the three models.

    x (H, W, C_in), y (H, W, C_out), w0 (C_out, C_in), b0 (C_out,). Returns ``steps``: a
    list of ``steps + 1`` dicts, the weights before any step first. Entry t holds the three
    losses at its weights, the conv's w and b, the tied twin's and the untied FC's big
    matrices (HW·C_out, HW·C_in) and biases, the tied twin's max |difference| from the conv
    (outputs and weights), the untied FC's off-block figures; from t = 1 also ``grad``, the
    gradient step t took: the conv's, the sum of per-pixel dense gradients, their max
    |difference|, and the untied FC's gradient's off-block entries.
    """
    height, width, c_in = x.shape
    c_out = w0.shape[0]
    pixels = height * width
    x_flat = x.reshape(-1)  # channels last: H·W·C order
    y_flat = y.reshape(-1)
    off = ~block_mask(pixels, c_out, c_in)
    eye = np.eye(pixels)

    w, b = w0.astype(float), b0.astype(float)
    tied_m, tied_b = np.kron(eye, w), np.tile(b, pixels)
    free_m, free_b = tied_m.copy(), tied_b.copy()
    history: list[dict] = []
    grad: dict | None = None
    for t in range(steps + 1):
        conv_out, g_w, g_b = conv_gradient(x, y, w, b)
        tied_out = tied_m @ x_flat + tied_b
        free_out = free_m @ x_flat + free_b
        off_values = np.abs(free_m[off])
        entry = {
            "step": t,
            "loss": {"conv": squared_error(conv_out, y), "tied": squared_error(tied_out, y_flat), "untied": squared_error(free_out, y_flat)},
            "w": w,
            "b": b,
            "out": conv_out,
            "tied": {
                "matrix": tied_m,
                "bias": tied_b,
                "out": tied_out,
                "max_abs_diff_out": float(np.max(np.abs(tied_out - conv_out.reshape(-1)))),
                "max_abs_diff_w": float(max(np.max(np.abs(tied_m - np.kron(eye, w))), np.max(np.abs(tied_b - np.tile(b, pixels))))),
            },
            "untied": {
                "matrix": free_m,
                "bias": free_b,
                "out": free_out,
                "off_max": float(off_values.max()) if off_values.size else 0.0,
                "off_count": int(np.count_nonzero(off_values)),
            },
        }
        if grad is not None:
            entry["grad"] = grad
        history.append(entry)
        if t == steps:
            break

        # The gradient of step t + 1, from the weights of step t.
        pixel_w, pixel_b = per_pixel_gradients(x, y, w, b)
        sum_w, sum_b = pixel_w.sum(axis=0), pixel_b.sum(axis=0)
        tied_error = tied_out - y_flat
        tied_full = np.outer(tied_error, x_flat)  # every copy's own gradient, before tying
        free_error = free_out - y_flat
        free_full = np.outer(free_error, x_flat)
        grad = {
            "w": g_w,
            "b": g_b,
            "per_pixel_sum_w": sum_w,
            "per_pixel_sum_b": sum_b,
            "max_abs_diff": float(max(np.max(np.abs(g_w - sum_w)), np.max(np.abs(g_b - sum_b)))),
            "untied_off_max": float(np.abs(free_full[off]).max()) if off.any() else 0.0,
            "untied_off_count": int(np.count_nonzero(free_full[off])),
        }
        w, b = w - lr * g_w, b - lr * g_b
        tied_w = tie(tied_full, pixels, c_out, c_in)
        tied_bias = tied_error.reshape(pixels, c_out).sum(axis=0)
        tied_m = tied_m - lr * np.kron(eye, tied_w)
        tied_b = tied_b - lr * np.tile(tied_bias, pixels)
        free_m = free_m - lr * free_full
        free_b = free_b - lr * free_error

    return {
        "steps": history,
        "params": parameter_counts(pixels, c_in, c_out),
        "other_size": other_size(height, width, c_in),
    }


def other_size(height: int, width: int, c_in: int) -> dict[str, int]:
    """An image one pixel larger each way, and what each model makes of it.

    The conv's W reads any image (one C_in column per pixel); the untied matrix has
    exactly H·W·C_in columns, so the larger image's (H+1)(W+1)·C_in inputs do not fit.
    """
    bigger = (height + 1) * (width + 1) * c_in
    return {"h": height + 1, "w": width + 1, "inputs": bigger, "matrix_columns": height * width * c_in}
