"""FC layers as convolutions: an FC layer on an H×W×C volume is a conv with an
H×W kernel (no padding, stride 1); the FC layers after it are 1×1 convs; and
the converted head, fed a larger image, slides and returns a map of outputs.

Shapes, channels last throughout:
    x:        (H, W, C)         the volume the FC layer was built for
    fc1_w:    (K1, H*W*C)       FC weights on x flattened in ``order`` (hwc or chw)
    kernels:  (K1, H, W, C)     the same weights as K1 conv kernels
    fc2_w:    (K2, K1)          a second FC layer = a 1×1 conv
    big:      (H2, W2, C)       a larger input
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from app.core.conv1x1 import Activation, FlattenOrder, activate, channel_mix, flatten

Padding = Literal["valid", "same"]
PITFALLS = ("none", "order", "same", "bias")


def fc_weights_as_kernels(fc_w: np.ndarray, height: int, width: int, channels: int, order: FlattenOrder) -> np.ndarray:
    """Reshape FC weights (K, H*W*C), flattened in ``order``, into K kernels (K, H, W, C).

    Row k of ``fc_w`` dotted with ``flatten(x, order)`` equals the sum of
    kernels[k] * x, elementwise: the FC layer is a conv whose kernel covers x.
    """
    k = fc_w.shape[0]
    if order == "hwc":
        return fc_w.reshape(k, height, width, channels)
    if order == "chw":
        return np.transpose(fc_w.reshape(k, channels, height, width), (0, 2, 3, 1))
    raise ValueError(f"unknown flatten order {order!r}")


def conv2d(x: np.ndarray, kernels: np.ndarray, bias: np.ndarray | None, stride: int = 1, padding: Padding = "valid") -> np.ndarray:
    """A plain 2-D convolution (cross-correlation, as in deep learning).

    x (H2, W2, C), kernels (K, kh, kw, C), bias (K,) or None -> (OH, OW, K).
    ``valid``: no padding, OH = (H2 - kh) // stride + 1. ``same``: zeros
    around x so that OH = ceil(H2 / stride), the extra going bottom/right.
    """
    _, kh, kw, _ = kernels.shape
    if padding == "same":
        x = np.pad(x, (same_padding(x.shape[0], kh, stride), same_padding(x.shape[1], kw, stride), (0, 0)))
    elif padding != "valid":
        raise ValueError(f"unknown padding {padding!r}")
    windows = sliding_window_view(x, (kh, kw), axis=(0, 1))[::stride, ::stride]  # (OH, OW, C, kh, kw)
    out = np.einsum("ijcab,kabc->ijk", windows, kernels)
    return out if bias is None else out + bias


def same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """(before, after) zero padding of TensorFlow's SAME: output = ceil(size / stride)."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def output_size(size: int, kernel: int, stride: int, padding: Padding = "valid") -> int:
    """Output length of a conv along one axis (0 when the kernel does not fit, for valid)."""
    if padding == "same":
        return -(-size // stride)
    return max((size - kernel) // stride + 1, 0)


def fc_head(crop: np.ndarray, fc1_w, fc1_b, fc2_w, fc2_b, order: FlattenOrder, activation: Activation = "relu") -> np.ndarray:
    """The original FC head on one H×W×C crop: FC1 -> activation -> FC2 (if any). Returns (K2,) or (K1,)."""
    hidden = activate(fc1_w @ flatten(crop, order) + fc1_b, activation)
    return hidden if fc2_w is None else fc2_w @ hidden + fc2_b


def conv_head(big, kernels, fc1_b, fc2_w, fc2_b, activation: Activation = "relu", stride: int = 1, padding: Padding = "valid", bias: bool = True) -> np.ndarray:
    """The converted head: H×W conv -> activation -> 1×1 conv (if any), on any input size.

    ``bias=False`` leaves out FC1's bias (one of the pitfalls). Returns (OH, OW, K2).
    """
    hidden = activate(conv2d(big, kernels, fc1_b if bias else None, stride, padding), activation)
    return hidden if fc2_w is None else channel_mix(hidden, fc2_w, fc2_b)


def crops_head(big, height, width, fc1_w, fc1_b, fc2_w, fc2_b, order, activation, stride: int = 1) -> np.ndarray:
    """The independent reference: the FC head applied crop by crop in a Python loop.

    Output (i, j) reads the crop whose top-left corner is (i*stride, j*stride).
    """
    rows = output_size(big.shape[0], height, stride)
    cols = output_size(big.shape[1], width, stride)
    k = fc1_w.shape[0] if fc2_w is None else fc2_w.shape[0]
    out = np.empty((rows, cols, k))
    for i in range(rows):
        for j in range(cols):
            crop = big[i * stride : i * stride + height, j * stride : j * stride + width]
            out[i, j] = fc_head(crop, fc1_w, fc1_b, fc2_w, fc2_b, order, activation)
    return out


def compare_maps(conv_map: np.ndarray, crop_map: np.ndarray) -> tuple[float, int]:
    """Max |conv - FC| over positions both maps have, and how many conv outputs have no crop at all.

    Position (i, j) of both maps is compared as a reader would: the conv's
    output there against the FC head on the crop at the same place.
    """
    rows = min(conv_map.shape[0], crop_map.shape[0])
    cols = min(conv_map.shape[1], crop_map.shape[1])
    common = np.abs(conv_map[:rows, :cols] - crop_map[:rows, :cols])
    extra = conv_map.shape[0] * conv_map.shape[1] - rows * cols
    return (float(common.max()) if common.size else 0.0), extra


def linear_contrast(height: int, width: int, channels: int, k: int) -> dict[str, dict[str, int | list[int]]]:
    """Linear on the flattened tensor (= an H×W conv) against Linear on the channel axis (= a 1×1 conv)."""
    return {
        "flattened": {"in_features": height * width * channels, "out_shape": [1, 1, k], "params": height * width * channels * k + k},
        "channel_axis": {"in_features": channels, "out_shape": [height, width, k], "params": channels * k + k},
    }
