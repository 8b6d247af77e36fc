"""The mixer's bundle: readings agree, steps carry the real arithmetic, examples repeat."""

import numpy as np
import pytest

from app.api.responses import json_bytes
from app.core.conv1x1 import per_pixel_dense
from app.core.mixer import Example, layout, mix, mix_many, random_example, splitmix64


def lecun(height=1, width=1):
    w = np.array([[0.0, 1, 1], [2, 3, 5]])
    b = np.array([8.0, 13])
    x = np.tile(np.array([1.0, 2, 3]), (height, width, 1))
    return Example(x=x, w=w, b=b, activation="relu", order="hwc")


def test_lecun_fc_3_to_2_as_a_1x1_conv():
    result = mix(lecun())
    # [0,1,1]·[1,2,3] + 8 = 13 ; [2,3,5]·[1,2,3] + 13 = 36
    np.testing.assert_array_equal(result["y"][0, 0], [13.0, 36.0])
    assert result["params"]["conv_total"] == 8 == result["params"]["fc_total"]


def test_lecun_step_arithmetic():
    steps = per_pixel_dense(lecun().x, lecun().w, lecun().b, "relu")
    np.testing.assert_array_equal(steps["products"][0], [[0, 2, 3], [2, 6, 15]])
    np.testing.assert_array_equal(steps["sum"][0], [5, 23])
    np.testing.assert_array_equal(steps["pre"][0], [13, 36])
    np.testing.assert_array_equal(steps["out"][0], [13, 36])


def test_relu_clips_negative_pre_activation_in_steps():
    x = np.array([[[1.0, 1.0]]])
    w = np.array([[-1.0, -1.0], [1.0, 0.5]])
    b = np.array([0.5, -2.0])
    steps = per_pixel_dense(x, w, b, "relu")
    np.testing.assert_allclose(steps["pre"][0], [-1.5, -0.5])
    np.testing.assert_allclose(steps["out"][0], [0.0, 0.0])


@pytest.mark.parametrize("shape", [(2, 2, 2, 1), (4, 4, 3, 2), (3, 5, 2, 4), (8, 8, 8, 8), (1, 1, 1, 1)])
@pytest.mark.parametrize("order", ["hwc", "chw"])
@pytest.mark.parametrize("activation", ["none", "relu"])
def test_every_reading_agrees_with_the_conv(shape, order, activation):
    height, width, c_in, c_out = shape
    x, w, b = random_example(*shape, seed=7)
    result = mix(Example(x=x + 0.25, w=w * 0.5, b=b, activation=activation, order=order))
    assert result["per_pixel"]["max_abs_diff"] == 0.0
    assert result["batch"]["max_abs_diff"] < 1e-12
    assert result["fc"]["max_abs_diff"] < 1e-12
    shape_part = layout(height, width, c_in, c_out, order)
    assert shape_part["fc"]["shape"] == [height * width * c_out, height * width * c_in]
    steps, walk = result["steps"], shape_part["steps"]
    assert list(zip(walk["i"], walk["j"], strict=True)) == [(i, j) for i in range(height) for j in range(width)]
    for p, (i, j) in enumerate(zip(walk["i"], walk["j"], strict=True)):
        np.testing.assert_allclose(steps["out"][p], result["y"][i, j], atol=1e-12)
        np.testing.assert_allclose(steps["products"][p].sum(axis=1) + b, steps["pre"][p], atol=1e-12)
        np.testing.assert_allclose(steps["products"][p], w * 0.5 * (x[i, j] + 0.25), atol=1e-12)


@pytest.mark.parametrize("shape", [(4, 4, 3, 2), (3, 5, 2, 4), (1, 1, 1, 1)])
@pytest.mark.parametrize("order", ["hwc", "chw"])
def test_examples_computed_together_are_each_what_it_is_alone(shape, order):
    """Seeded examples of one shape are drawn and computed together under load: each comes out
    exactly as it does alone, to the byte, whole numbers and fractions alike."""
    seeds = [3, 900_001, 3, 41]
    x, w, b = random_example(*shape, seeds)
    for scale in (1, 0.5):
        together = mix_many(x * scale, w, b, "relu", order)
        for k, seed in enumerate(seeds):
            assert [a.tolist() for a in random_example(*shape, seed)] == [x[k].tolist(), w[k].tolist(), b[k].tolist()]
            alone = mix(Example(x=x[k] * scale, w=w[k], b=b[k], activation="relu", order=order))
            assert json_bytes(together[k]) == json_bytes(alone)


def test_random_example_is_repeatable_small_integers():
    a = random_example(3, 4, 2, 5, seed=42)
    b = random_example(3, 4, 2, 5, seed=42)
    c = random_example(3, 4, 2, 5, seed=43)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    assert any(not np.array_equal(u, v) for u, v in zip(a, c, strict=True))
    x, w, bias = a
    assert x.shape == (3, 4, 2) and w.shape == (5, 2) and bias.shape == (5,)
    assert np.all(x == np.round(x)) and x.min() >= -2 and x.max() <= 4
    assert np.abs(w).max() <= 2 and np.abs(bias).max() <= 1


def test_splitmix64_matches_the_reference_algorithm():
    """Against a plain-Python SplitMix64 (Vigna), 64-bit wrapping by masks."""
    mask = (1 << 64) - 1

    def reference(seed, k):
        z = (seed * 0x9E3779B97F4A7C15 + k * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)

    for seed in (0, 1, 999_999):
        assert [int(v) for v in splitmix64(seed, 5)] == [reference(seed, k) for k in range(1, 6)]


def test_random_examples_cover_their_whole_ranges():
    x, w, b = random_example(8, 8, 8, 8, seed=3)
    assert set(np.unique(x)) == {-2, -1, 0, 1, 2, 3, 4}
    assert set(np.unique(w)) == {-2, -1, 0, 1, 2}
    assert set(np.unique(b)) <= {-1, 0, 1}
