"""The trained digits classifier: what the shipped weights are, how well they read held-out
digits, and the convolutionalized head giving, at every position of a strip, the FC head's
scores for the window there (against the FC head itself and against PyTorch)."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.digits import (
    NONE,
    SIDE,
    DigitsError,
    DigitsNet,
    conv_scores,
    example_digits,
    held_out_score,
    load_network,
    positions,
    read_network,
    window_scores,
)

sklearn = pytest.importorskip("sklearn", reason="the training data is scikit-learn's digits (a test extra)")

from app.core import digits_training as training  # noqa: E402  (it needs scikit-learn)


@pytest.fixture(scope="module")
def split():
    return training.load_split()


def strip_of(images: list[np.ndarray], gap: int = 0) -> np.ndarray:
    """Digits side by side, ``gap`` empty columns between them: an 8×W strip of ink counts."""
    parts = []
    for image in images:
        parts += [image, np.zeros((SIDE, gap))]
    return np.concatenate(parts[:-1] if gap else parts, axis=1)


def test_the_shipped_weights_are_what_the_training_script_makes_and_read_held_out_digits(split):
    retrained = training.train(split)
    shipped = load_network()
    for name in ("w1", "b1", "w2", "b2"):
        np.testing.assert_allclose(getattr(retrained, name), getattr(shipped, name), atol=1e-5, err_msg=name)
    assert training.accuracy(shipped, split.test_images, split.test_labels) >= 0.95
    np.testing.assert_array_equal(example_digits(), training.examples(split, shipped))
    right, total = held_out_score()  # what the view says of it
    assert total == len(split.test_labels) and right == round(training.accuracy(shipped, split.test_images, split.test_labels) * total)
    # Held out means held out: no test image is also a training image.
    train = {image.tobytes() for image in split.train_images}
    assert not any(image.tobytes() in train for image in split.test_images)
    assert len(split.test_labels) + len(split.train_labels) == 1797


def test_windows_between_two_digits_say_no_digit_and_windows_on_a_digit_say_that_digit(split):
    net = load_network()
    rng = np.random.default_rng(7)
    nothing = training.none_windows(split.test_images, 300, rng)
    said = net.classify(nothing.reshape(-1, SIDE * SIDE) / 16).argmax(axis=1)
    assert np.mean(said == NONE) >= 0.95
    # A strip of three held-out digits at a stride of one window: the digits, in order.
    picks = [int(np.flatnonzero(split.test_labels == d)[0]) for d in (3, 1, 4)]
    strip = strip_of([split.test_images[k] for k in picks])
    assert list(window_scores(net, strip, stride=SIDE).argmax(axis=1)) == [3, 1, 4]


@pytest.mark.parametrize("stride", [1, 2, 3, 8])
def test_the_convolutionalized_head_gives_the_fc_heads_scores_at_every_window(split, stride):
    net = load_network()
    strip = strip_of(list(split.test_images[:5]), gap=1)  # 8×44: digits, gaps and windows across them
    by_window = window_scores(net, strip, stride)
    as_conv = conv_scores(net, strip, stride)
    assert by_window.shape == as_conv.shape == (positions(strip.shape[1], stride), NONE + 1)
    assert np.max(np.abs(by_window - as_conv)) < 1e-9
    # On one 8×8 image the convolutions give one position: the FC head's answer.
    one = conv_scores(net, split.test_images[0], stride)
    np.testing.assert_allclose(one[0], net.classify(split.test_images[0].reshape(1, -1) / 16)[0], atol=1e-9)


def test_the_convolutionalized_head_agrees_with_pytorch(split):
    torch = pytest.importorskip("torch")
    net = load_network()
    strip = strip_of(list(split.test_images[5:10]))
    hidden = net.w1.shape[0]
    fc1 = torch.nn.Conv2d(1, hidden, SIDE, stride=2, dtype=torch.float64)
    fc2 = torch.nn.Conv2d(hidden, NONE + 1, 1, dtype=torch.float64)
    with torch.no_grad():
        fc1.weight.copy_(torch.from_numpy(net.filters.astype(np.float64)[:, None]))
        fc1.bias.copy_(torch.from_numpy(net.b1.astype(np.float64)))
        fc2.weight.copy_(torch.from_numpy(net.w2.astype(np.float64)[:, :, None, None]))
        fc2.bias.copy_(torch.from_numpy(net.b2.astype(np.float64)))
        out = fc2(torch.relu(fc1(torch.from_numpy(strip / 16)[None, None])))
    reference = out[0, :, 0, :].T.numpy()  # (positions, classes)
    assert np.max(np.abs(conv_scores(net, strip, 2) - reference)) < 1e-9


def test_a_weights_file_of_the_wrong_shape_is_refused(tmp_path):
    net = load_network()
    DigitsNet(net.w1[:, :63], net.b1, net.w2, net.b2).save(tmp_path / "bad.npz", example_digits(), held_out_score())
    with pytest.raises(DigitsError, match="w1"):
        read_network(tmp_path / "bad.npz")
