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

import base64
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DATA_FILE = Path(__file__).with_name("data") / "digits_net.npz"
SIDE = 8  # the classifier's input is SIDE×SIDE
INK = 16  # the most ink a cell holds (every point of its 4×4 block)
NONE = 10  # the class "no digit here"
CLASSES = NONE + 1

# The reader draws on a strip of ROWS×COLUMNS ink cells, each a BLOCK×BLOCK block of points
# (the UCI digits were made so: a 32×32 bitmap, the inked points of each 4×4 block counted).
ROWS, COLUMNS, BLOCK = SIDE, 5 * SIDE, 4
POINTS = (ROWS * BLOCK, COLUMNS * BLOCK)  # 32×160
# The drawing in a link: its points row by row, 8 to a byte (first point in the high bit),
# in URL-safe base64 without padding.
DRAWING_CHARS = math.ceil(POINTS[0] * POINTS[1] / 8 * 4 / 3)  # 640 bytes: 854 characters
DRAWING = re.compile(f"[A-Za-z0-9_-]{{{DRAWING_CHARS}}}")
# The strip a first visitor sees: 3, 1, 4, 1, 5 side by side, one per 8 columns ((digit, first column) pairs).
DEFAULT_STRIP = ((3, 0), (1, 8), (4, 16), (1, 24), (5, 32))
# The order in which a block's 16 points are inked as its count grows (a 4×4 Bayer matrix):
# the example strips' counts drawn as points, each block holding exactly its count.
BAYER = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]])


class DigitsError(ValueError):
    """The weights file is not what the training script writes."""


@dataclass(frozen=True)
class DigitsNet:
    """FC1 ``w1`` (hidden, 64) and ``b1`` (hidden,); FC2 ``w2`` (11, hidden) and ``b2`` (11,). The file
    holds them as float32; read, they are float64 (exactly the same values), so no product converts them."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def classify(self, x: np.ndarray) -> np.ndarray:
        """The FC head on flattened images ``x`` (N, 64) in [0, 1]: scores (N, 11)."""
        hidden = np.maximum(x @ self.w1.T + self.b1, 0)
        return hidden @ self.w2.T + self.b2

    @property
    def filters(self) -> np.ndarray:
        """FC1 as a convolution's filters: (hidden, 8, 8), row f reshaped row-major."""
        return self.w1.reshape(-1, SIDE, SIDE)

    def save(self, path: Path, examples: np.ndarray, held_out: tuple[int, int]) -> None:
        """The weights, ``examples`` (10, 8, 8: one held-out image of each digit, as ink counts)
        and ``held_out``: how many held-out digits it reads right, of how many."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            np.savez(out, w1=self.w1, b1=self.b1, w2=self.w2, b2=self.b2, examples=examples, held_out=np.array(held_out))


@dataclass(frozen=True)
class Shipped:
    """What the weights file holds: the network, one held-out example of each digit (10, 8, 8: ink
    counts) and ``held_out``: how many held-out digits it reads right, of how many."""

    net: DigitsNet
    examples: np.ndarray
    held_out: tuple[int, int]


def read_network(path: Path) -> Shipped:
    """The weights file at ``path``, read once and checked for the shapes the views rely on."""
    with np.load(path) as data:
        net = DigitsNet(*(np.asarray(data[name], dtype=np.float64) for name in ("w1", "b1", "w2", "b2")))
        examples = np.asarray(data["examples"], dtype=np.int64)
        right, total = (int(n) for n in data["held_out"])
    if examples.shape != (10, SIDE, SIDE):
        raise DigitsError(f"{path}: examples is {examples.shape}, not (10, {SIDE}, {SIDE})")
    hidden = net.w1.shape[0]
    expected = {"w1": (hidden, SIDE * SIDE), "b1": (hidden,), "w2": (CLASSES, hidden), "b2": (CLASSES,)}
    for name, shape in expected.items():
        if getattr(net, name).shape != shape:
            raise DigitsError(f"{path}: {name} is {getattr(net, name).shape}, not {shape}")
    return Shipped(net, examples, (right, total))


@cache
def shipped() -> Shipped:
    """The shipped weights file, read once."""
    return read_network(DATA_FILE)


def load_network() -> DigitsNet:
    """The shipped network."""
    return shipped().net


def example_digits() -> np.ndarray:
    """One held-out image of each digit (10, 8, 8), ink counts 0..16, as the training script chose them."""
    return shipped().examples


def held_out_score() -> tuple[int, int]:
    """How many of the held-out digits the shipped network reads right, and of how many."""
    return shipped().held_out


def encode_drawing(points: np.ndarray) -> str:
    """A 32×160 drawing of booleans as its link text."""
    return base64.urlsafe_b64encode(np.packbits(points.astype(bool)).tobytes()).rstrip(b"=").decode()


def decode_drawing(text: str) -> np.ndarray | None:
    """The drawing of a link text (32×160 booleans), or None when it is not DRAWING_CHARS characters of base64url."""
    if not DRAWING.fullmatch(text):
        return None
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return np.unpackbits(np.frombuffer(raw, dtype=np.uint8))[: POINTS[0] * POINTS[1]].reshape(POINTS).astype(bool)


def ink_counts(points: np.ndarray) -> np.ndarray:
    """The strip the network reads: each cell the count of inked points in its 4×4 block, 0..16 (8×40)."""
    rows, columns = points.shape[0] // BLOCK, points.shape[1] // BLOCK
    return points.reshape(rows, BLOCK, columns, BLOCK).sum(axis=(1, 3)).astype(np.int64)


def drawn_counts(counts: np.ndarray) -> np.ndarray:
    """Points whose blocks hold exactly ``counts`` (8×W, 0..16): each block inks its first ``count`` points in Bayer order."""
    return np.tile(BAYER, counts.shape) < np.kron(counts, np.ones((BLOCK, BLOCK), dtype=np.int64))


def example_strip(placed: tuple[tuple[int, int], ...]) -> np.ndarray:
    """An 8×40 strip of held-out digits: ``placed`` is (digit, first column) pairs."""
    strip = np.zeros((ROWS, COLUMNS), dtype=np.int64)
    for digit, column in placed:
        strip[:, column : column + SIDE] = np.maximum(strip[:, column : column + SIDE], example_digits()[digit])
    return strip


def example_drawing(placed: tuple[tuple[int, int], ...]) -> str:
    """The link text of an example strip, drawn as points."""
    return encode_drawing(drawn_counts(example_strip(placed)))


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
    x = strip / INK
    count = positions(x.shape[1], stride)
    span = (count - 1) * stride + 1
    maps = np.zeros((count, net.w1.shape[0])) + net.b1
    filters = net.filters
    for u in range(SIDE):
        for v in range(SIDE):
            # Every position's input at kernel offset (u, v), times that offset's weight in every filter.
            maps += np.outer(x[u, v : v + span : stride], filters[:, u, v])
    hidden = np.maximum(maps, 0)
    return np.einsum("pf,cf->pc", hidden, net.w2) + net.b2
