"""A trained digit classifier, read as a convolution and slid over a strip of handwriting.

The network (trained by ``app/core/digits_training.py``, weights in ``data/digits_net.npz``)
takes one 8×8 image of ink counts (0 to 16, as in the UCI digits) scaled to [0, 1]:

    FC1: 64 → 64, ReLU, FC2: 64 → 11 (the digits 0-9, and 10: "no digit here")

Read as convolutions, FC1 is 64 filters of 8×8 on one input channel (row f of FC1,
reshaped row-major to 8×8, is filter f) and FC2 is a 1×1 convolution, 64 → 11. On an
8×8 image the convolutions give one position: FC's answer. On an 8×40 strip they run
once over the whole strip and give a row of positions, each the FC head's scores for
the 8×8 window there: a map of class scores.

    >>> net = load_network()
    >>> strip = np.zeros((8, 24))
    >>> by_window = window_scores(net, strip, stride=8)
    >>> as_conv = conv_scores(net, strip, stride=8)
    >>> by_window.shape, float(np.max(np.abs(by_window - as_conv))) < 1e-5
    ((3, 11), True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DATA_FILE = Path(__file__).with_name("data") / "digits_net.npz"
SIDE = 8  # the classifier's input is SIDE×SIDE
INK = 16  # the most ink a cell holds (every point of its 4×4 block)
NONE = 10  # the class "no digit here"


class DigitsError(ValueError):
    """The weights file is not what the training script writes."""


@dataclass(frozen=True)
class DigitsNet:
    """FC1 ``w1`` (hidden, 64) and ``b1`` (hidden,); FC2 ``w2`` (11, hidden) and ``b2`` (11,), float32."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def classify(self, x: np.ndarray) -> np.ndarray:
        """The FC head on flattened images ``x`` (N, 64) in [0, 1]: scores (N, 11)."""
        hidden = np.maximum(x @ self.w1.T.astype(np.float64) + self.b1, 0)
        return hidden @ self.w2.T.astype(np.float64) + self.b2

    @property
    def filters(self) -> np.ndarray:
        """FC1 as a convolution's filters: (hidden, 8, 8), row f reshaped row-major."""
        return self.w1.reshape(-1, SIDE, SIDE)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            np.savez(out, w1=self.w1, b1=self.b1, w2=self.w2, b2=self.b2)


def read_network(path: Path) -> DigitsNet:
    """The weights in ``path``, checked for the shapes the views rely on."""
    with np.load(path) as data:
        net = DigitsNet(*(np.asarray(data[name], dtype=np.float32) for name in ("w1", "b1", "w2", "b2")))
    hidden = net.w1.shape[0]
    expected = {"w1": (hidden, SIDE * SIDE), "b1": (hidden,), "w2": (NONE + 1, hidden), "b2": (NONE + 1,)}
    for name, shape in expected.items():
        if getattr(net, name).shape != shape:
            raise DigitsError(f"{path}: {name} is {getattr(net, name).shape}, not {shape}")
    return net


@cache
def load_network() -> DigitsNet:
    """The shipped network, read once."""
    return read_network(DATA_FILE)


def positions(width: int, stride: int) -> int:
    """How many 8×8 windows fit across ``width`` columns at ``stride``."""
    return (width - SIDE) // stride + 1


def window_scores(net: DigitsNet, strip: np.ndarray, stride: int) -> np.ndarray:
    """The FC head run once per window: cut each 8×8 window of ``strip`` (8, W; ink 0..16)
    at ``stride``, flatten it row-major and classify it. Scores (P, 11)."""
    crops = [strip[:, j * stride : j * stride + SIDE].reshape(-1) for j in range(positions(strip.shape[1], stride))]
    return net.classify(np.stack(crops) / INK)


def conv_scores(net: DigitsNet, strip: np.ndarray, stride: int) -> np.ndarray:
    """The convolutionalized head run once over the whole strip: FC1 as one filter of 8×8 per hidden unit,
    computed as a sum of 64 shifted copies of the strip (one per kernel offset), ReLU, then
    FC2 as a 1×1 convolution at every position. Scores (P, 11), as ``window_scores`` gives."""
    x = strip.astype(np.float64) / INK
    count = positions(x.shape[1], stride)
    span = (count - 1) * stride + 1
    maps = np.zeros((count, net.w1.shape[0])) + net.b1
    filters = net.filters.astype(np.float64)
    for u in range(SIDE):
        for v in range(SIDE):
            # Every position's input at kernel offset (u, v), times that offset's weight in every filter.
            maps += np.outer(x[u, v : v + span : stride], filters[:, u, v])
    hidden = np.maximum(maps, 0)
    return np.einsum("pf,cf->pc", hidden, net.w2.astype(np.float64)) + net.b2
