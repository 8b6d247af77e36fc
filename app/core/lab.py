"""Everything the convolutionalization lab shows, computed in one call."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.conv1x1 import Activation, FlattenOrder
from app.core.convolutionalize import (
    compare_maps,
    conv_head,
    crops_head,
    fc_weights_as_kernels,
    linear_contrast,
    output_size,
    same_padding,
)
from app.core.mixer import splitmix64


@dataclass(frozen=True)
class LabExample:
    """An FC head on H×W×C volumes and a larger input to slide it over.

    big (H2, W2, C); fc1_w (K1, H*W*C) in ``order``; fc1_b (K1,);
    fc2_w (K2, K1) and fc2_b (K2,), or None for a single FC layer.
    """

    big: np.ndarray
    height: int
    width: int
    fc1_w: np.ndarray
    fc1_b: np.ndarray
    fc2_w: np.ndarray | None
    fc2_b: np.ndarray | None
    order: FlattenOrder
    activation: Activation
    stride: int
    pitfall: str


def random_lab_example(big_h: int, big_w: int, channels: int, height: int, width: int, k1: int, k2: int, seed: int):
    """Small integers (x in [-2, 3], weights in [-1, 1], biases in [-1, 1]), the same on every machine.

    Returns big (H2, W2, C), fc1_w (K1, H*W*C), fc1_b (K1,), fc2_w (K2, K1) and fc2_b (K2,) (empty when K2 = 0).
    """
    sizes = [big_h * big_w * channels, k1 * height * width * channels, k1, k2 * k1, k2]
    spans = np.repeat(np.array([6, 3, 3, 3, 3], dtype=np.uint64), sizes)
    lows = np.repeat([-2.0, -1.0, -1.0, -1.0, -1.0], sizes)
    values = (splitmix64(seed, sum(sizes)) % spans).astype(float) + lows
    parts = np.split(values, np.cumsum(sizes)[:-1])
    return parts[0].reshape(big_h, big_w, channels), parts[1].reshape(k1, -1), parts[2], parts[3].reshape(k2, k1), parts[4]


def convolutionalize(example: LabExample) -> dict:
    """The slid FC head crop by crop (the reference) and as a converted conv (with the chosen pitfall).

    Returns plain dicts of arrays and numbers; the caller serialises.
    """
    e = example
    channels = e.big.shape[2]
    wrong_order = {"hwc": "chw", "chw": "hwc"}[e.order]
    kernel_order = wrong_order if e.pitfall == "order" else e.order
    kernels = fc_weights_as_kernels(e.fc1_w, e.height, e.width, channels, kernel_order)
    padding = "same" if e.pitfall == "same" else "valid"
    conv_map = conv_head(e.big, kernels, e.fc1_b, e.fc2_w, e.fc2_b, e.activation, e.stride, padding, bias=e.pitfall != "bias")
    crop_map = crops_head(e.big, e.height, e.width, e.fc1_w, e.fc1_b, e.fc2_w, e.fc2_b, e.order, e.activation, e.stride)
    hidden_map = crops_head(e.big, e.height, e.width, e.fc1_w, e.fc1_b, None, None, e.order, e.activation, e.stride)
    max_diff, extra = compare_maps(conv_map, crop_map)
    rows, cols = crop_map.shape[:2]
    k1 = e.fc1_w.shape[0]
    k2 = 0 if e.fc2_w is None else e.fc2_w.shape[0]
    return {
        "kernels": kernels,
        "kernels_correct": fc_weights_as_kernels(e.fc1_w, e.height, e.width, channels, e.order),
        "conv_map": conv_map,
        "crop_map": crop_map,
        "hidden_map": hidden_map,
        "map_shape": [rows, cols],
        "conv_map_shape": list(conv_map.shape[:2]),
        "padding": {
            "mode": padding,
            "rows": same_padding(e.big.shape[0], e.height, e.stride) if padding == "same" else [0, 0],
            "cols": same_padding(e.big.shape[1], e.width, e.stride) if padding == "same" else [0, 0],
        },
        "max_abs_diff": max_diff,
        "extra_outputs": extra,
        "crops": {"top": np.arange(rows) * e.stride, "left": np.arange(cols) * e.stride},
        "params": {
            "fc1": k1 * e.height * e.width * channels + k1,
            "fc2": k2 * k1 + k2,
            "conv1": k1 * e.height * e.width * channels + k1,
            "conv2": k2 * k1 + k2,
        },
        "linear": linear_contrast(e.height, e.width, channels, k1),
        "sizes": {"valid": [output_size(e.big.shape[0], e.height, e.stride), output_size(e.big.shape[1], e.width, e.stride)]},
    }
