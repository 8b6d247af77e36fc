"""Training the handwritten-digit classifier that the digits view slides over a strip.

The data is scikit-learn's copy of the UCI handwritten digits (``load_digits``: 1,797
images of 8×8, each pixel the count of inked points in a 4×4 block of a 32×32 bitmap,
0 to 16). scikit-learn is needed here only, to train: the app reads the weights this
module writes (``data/digits_net.npz``) with NumPy alone.

The network is two FC layers on the flattened 8×8 image scaled to [0, 1]:
64 → 64, ReLU, 64 → 11. Classes 0 to 9 are the digits; class 10 is "no digit here",
learnt from windows that a strip of several digits shows between two of them (a digit's
right part beside the next one's left part), from parts of a digit beside empty paper,
and from empty paper.

Training is plain NumPy (mini-batch Adam on the softmax cross-entropy), seeded, with
every training digit also shifted by one pixel each way, so that a window one pixel off
a digit still reads it. It takes a few seconds on one CPU core.

    python -m app.core.digits_training          # retrain and write data/digits_net.npz
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.core.digits import CLASSES, DATA_FILE, NONE, SIDE, DigitsNet

SEED = 20261203
TEST_SHARE = 0.2  # of the 1,797 images, held out (stratified by digit) for the accuracy check
HIDDEN = 64  # 32 units underfit the shifted digits (92 % held out); 64 reach 97 %
EPOCHS = 40
BATCH = 128
LEARNING_RATE = 0.005
# A window this many columns or more off a digit's own 8 columns shows "no digit here";
# one column off still shows the digit, two is left out of training (either answer is fair).
NONE_FROM = 3


@dataclass(frozen=True)
class Split:
    """The digits as counts 0..16: train and held-out test images (N, 8, 8) with their labels."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray


def load_split(seed: int = SEED) -> Split:
    """scikit-learn's digits, split per digit class by a seeded shuffle (the same split on every machine)."""
    from sklearn.datasets import load_digits  # only for training: the app never imports scikit-learn

    digits = load_digits()
    images, labels = digits.images.astype(np.float64), digits.target.astype(np.int64)
    rng = np.random.default_rng(seed)
    test = np.zeros(len(labels), dtype=bool)
    for digit in range(10):
        members = np.flatnonzero(labels == digit)
        chosen = rng.permutation(members)[: round(len(members) * TEST_SHARE)]
        test[chosen] = True
    return Split(images[~test], labels[~test], images[test], labels[test])


def shifted(image: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """The image moved by (dy, dx) pixels, with empty paper coming in from the edge."""
    out = np.zeros_like(image)
    rows = slice(max(dy, 0), SIDE + min(dy, 0))
    cols = slice(max(dx, 0), SIDE + min(dx, 0))
    source_rows = slice(max(-dy, 0), SIDE + min(-dy, 0))
    source_cols = slice(max(-dx, 0), SIDE + min(-dx, 0))
    out[rows, cols] = image[source_rows, source_cols]
    return out


def none_windows(images: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` 8×8 windows that show no whole digit: between two digits of a strip, beside a
    digit with empty paper on the other side, or empty paper (a few)."""
    windows = np.zeros((count, SIDE, SIDE))
    for k in range(count):
        kind = rng.random()
        if kind < 0.05:
            continue  # empty paper
        left = images[rng.integers(len(images))]
        right = images[rng.integers(len(images))] if kind < 0.75 else np.zeros((SIDE, SIDE))
        gap = int(rng.integers(0, 3))
        strip = np.concatenate([left, np.zeros((SIDE, gap)), right], axis=1)
        # Offsets at least NONE_FROM columns past the left digit and before the right one.
        offset = int(rng.integers(NONE_FROM, SIDE + gap - NONE_FROM + 1))
        windows[k] = strip[:, offset : offset + SIDE]
    return windows


def training_set(split: Split, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Every training digit at its nine one-pixel shifts, plus as many "no digit" windows as one digit class has."""
    moves = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    images = np.stack([shifted(image, dy, dx) for image in split.train_images for dy, dx in moves])
    labels = np.repeat(split.train_labels, len(moves))
    nothing = none_windows(split.train_images, len(images) // 10, rng)
    x = np.concatenate([images, nothing]).reshape(-1, SIDE * SIDE) / 16
    y = np.concatenate([labels, np.full(len(nothing), NONE)])
    return x, y


def train(split: Split, seed: int = SEED) -> DigitsNet:
    """Mini-batch Adam on the mean cross-entropy, from He-initialised weights; all of it seeded."""
    rng = np.random.default_rng(seed)
    x, y = training_set(split, rng)
    w1 = rng.normal(0, np.sqrt(2 / x.shape[1]), (HIDDEN, x.shape[1]))
    b1 = np.zeros(HIDDEN)
    w2 = rng.normal(0, np.sqrt(2 / HIDDEN), (CLASSES, HIDDEN))
    b2 = np.zeros(CLASSES)
    params = [w1, b1, w2, b2]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    onehot = np.eye(CLASSES)[y]
    t = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(x))
        for start in range(0, len(x), BATCH):
            batch = order[start : start + BATCH]
            xb, yb = x[batch], onehot[batch]
            hidden = np.maximum(xb @ w1.T + b1, 0)
            scores = hidden @ w2.T + b2
            scores -= scores.max(axis=1, keepdims=True)
            prob = np.exp(scores)
            prob /= prob.sum(axis=1, keepdims=True)
            d_scores = (prob - yb) / len(batch)
            d_hidden = (d_scores @ w2) * (hidden > 0)
            grads = [d_hidden.T @ xb, d_hidden.sum(axis=0), d_scores.T @ hidden, d_scores.sum(axis=0)]
            t += 1
            for p, g, m, v in zip(params, grads, first, second, strict=True):
                m *= beta1
                m += (1 - beta1) * g
                v *= beta2
                v += (1 - beta2) * g * g
                p -= LEARNING_RATE * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return DigitsNet(*(p.astype(np.float32) for p in params))


def examples(split: Split, net: DigitsNet) -> np.ndarray:
    """One held-out image of each digit (10, 8, 8) as ink counts, for the view's example strips:
    the first that the network reads right in place and one column either way (an example
    strip is there to show the map; the reader's own digits show its mistakes)."""
    chosen = []
    for digit in range(10):
        for k in np.flatnonzero(split.test_labels == digit):
            image = split.test_images[k]
            seen = np.stack([shifted(image, 0, dx) for dx in (-1, 0, 1)]).reshape(3, -1) / 16
            if np.all(net.classify(seen).argmax(axis=1) == digit):
                chosen.append(image)
                break
    return np.stack(chosen).astype(np.uint8)


def accuracy(net: DigitsNet, images: np.ndarray, labels: np.ndarray) -> float:
    """The share of images whose highest score (of all eleven classes) is their digit."""
    scores = net.classify(images.reshape(-1, SIDE * SIDE) / 16)
    return float(np.mean(scores.argmax(axis=1) == labels))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the digits classifier and write its weights.")
    parser.add_argument("--out", type=Path, default=DATA_FILE, help=f"where to write the weights (default: {DATA_FILE})")
    args = parser.parse_args(argv)
    split = load_split()
    net = train(split)
    share = accuracy(net, split.test_images, split.test_labels)
    right = round(share * len(split.test_labels))
    net.save(args.out, examples(split, net), (right, len(split.test_labels)))
    print(f"held-out accuracy: {share:.4f} ({right} of {len(split.test_labels)} images)")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
