"""FC layers as convolutions: conversion, sliding, pitfalls, against loops and torch."""

import numpy as np
import pytest

from app.core.conv1x1 import flatten
from app.core.convolutionalize import (
    compare_maps,
    conv2d,
    conv_head,
    crops_head,
    fc_head,
    fc_weights_as_kernels,
    linear_contrast,
    output_size,
    same_padding,
)
from app.core.lab import LabExample, convolutionalize, random_lab_example
from app.core.real_shapes import alexnet_feature, lenet_feature, real_heads, vgg_feature

# (H, W, C, K1, K2, H2, W2, stride): square and not, single channel, no second layer, strides.
CASES = [
    (3, 3, 2, 4, 3, 6, 6, 1),
    (2, 3, 1, 2, 0, 5, 4, 1),
    (1, 1, 3, 2, 2, 4, 4, 1),
    (3, 2, 4, 5, 1, 7, 9, 2),
    (5, 5, 2, 3, 4, 12, 12, 3),
    (2, 2, 2, 1, 1, 2, 2, 1),
]


def example(case, seed=0, order="hwc", pitfall="none", activation="relu"):
    h, w, c, k1, k2, bh, bw, stride = case
    rng = np.random.default_rng(seed)
    big = rng.normal(size=(bh, bw, c))
    fc1 = rng.normal(size=(k1, h * w * c))
    b1 = rng.normal(size=k1) + 0.5
    fc2 = rng.normal(size=(k2, k1)) if k2 else None
    b2 = rng.normal(size=k2) if k2 else None
    return LabExample(big, h, w, fc1, b1, fc2, b2, order, activation, stride, pitfall)


def reference_conv2d(x, kernels, bias, stride):
    """Seven nested loops, no NumPy algebra."""
    kcount, kh, kw, c = kernels.shape
    rows, cols = (x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1
    out = np.zeros((rows, cols, kcount))
    for i in range(rows):
        for j in range(cols):
            for k in range(kcount):
                total = bias[k]
                for a in range(kh):
                    for b in range(kw):
                        for ch in range(c):
                            total += kernels[k, a, b, ch] * x[i * stride + a, j * stride + b, ch]
                out[i, j, k] = total
    return out


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("order", ["hwc", "chw"])
def test_fc_on_the_volume_equals_the_conv_with_a_kernel_of_its_size(case, order):
    h, w, c = case[:3]
    e = example(case, seed=1, order=order)
    crop = e.big[:h, :w]
    kernels = fc_weights_as_kernels(e.fc1_w, h, w, c, order)
    np.testing.assert_allclose(conv2d(crop, kernels, e.fc1_b)[0, 0], e.fc1_w @ flatten(crop, order) + e.fc1_b, atol=1e-12)
    assert conv2d(crop, kernels, e.fc1_b).shape == (1, 1, e.fc1_w.shape[0])


@pytest.mark.parametrize("case", CASES)
def test_conv2d_equals_nested_loops(case):
    e = example(case, seed=2)
    kernels = fc_weights_as_kernels(e.fc1_w, case[0], case[1], case[2], "hwc")
    np.testing.assert_allclose(conv2d(e.big, kernels, e.fc1_b, e.stride), reference_conv2d(e.big, kernels, e.fc1_b, e.stride), atol=1e-12)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("order", ["hwc", "chw"])
@pytest.mark.parametrize("activation", ["none", "relu"])
def test_converted_head_slid_over_a_larger_input_equals_the_fc_head_on_every_crop(case, order, activation):
    h, w = case[:2]
    e = example(case, seed=3, order=order, activation=activation)
    result = convolutionalize(e)
    assert result["max_abs_diff"] < 1e-12 and result["extra_outputs"] == 0
    rows, cols = output_size(case[5], h, e.stride), output_size(case[6], w, e.stride)
    assert result["conv_map"].shape[:2] == (rows, cols)
    for i in range(rows):
        for j in range(cols):
            crop = e.big[i * e.stride : i * e.stride + h, j * e.stride : j * e.stride + w]
            np.testing.assert_allclose(result["conv_map"][i, j], fc_head(crop, e.fc1_w, e.fc1_b, e.fc2_w, e.fc2_b, order, activation), atol=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_conversion_equality_on_random_sizes(seed):
    rng = np.random.default_rng(seed)
    h, w, c = (int(v) for v in rng.integers(1, [6, 6, 5]))
    case = (h, w, c, int(rng.integers(1, 9)), int(rng.integers(0, 9)), h + int(rng.integers(0, 7)), w + int(rng.integers(0, 7)), int(rng.integers(1, 4)))
    e = example(case, seed=seed, order=("hwc", "chw")[seed % 2])
    assert convolutionalize(e)["max_abs_diff"] < 1e-12


@pytest.mark.parametrize("order", ["hwc", "chw"])
def test_pitfall_order_reshaping_without_permuting_gives_wrong_numbers(order):
    e = example(CASES[0], seed=4, order=order, pitfall="order")
    assert convolutionalize(e)["max_abs_diff"] > 0.1
    # With one channel the two orders coincide, so the mistake costs nothing.
    assert convolutionalize(example(CASES[1], seed=4, order=order, pitfall="order"))["max_abs_diff"] < 1e-12


def test_pitfall_same_padding_grows_the_map_and_shifts_it():
    e = example(CASES[0], seed=5, pitfall="same")
    result = convolutionalize(e)
    assert result["conv_map_shape"] == [6, 6] and result["map_shape"] == [4, 4]
    assert result["extra_outputs"] == 36 - 16
    assert result["max_abs_diff"] > 0.1
    # The interior of the SAME map is the VALID map, shifted by the padding (1, 1).
    valid = convolutionalize(example(CASES[0], seed=5))["conv_map"]
    np.testing.assert_allclose(result["conv_map"][1:5, 1:5], valid, atol=1e-12)


def test_pitfall_bias_left_out_is_off_by_the_bias_at_every_position():
    case = (3, 3, 2, 4, 0, 6, 6, 1)
    e = example(case, seed=6, pitfall="bias", activation="none")
    result = convolutionalize(e)
    np.testing.assert_allclose(result["crop_map"] - result["conv_map"], np.broadcast_to(e.fc1_b, result["conv_map"].shape), atol=1e-12)
    assert result["max_abs_diff"] == pytest.approx(np.abs(e.fc1_b).max())


@pytest.mark.parametrize("size, kernel, stride, expected", [(6, 3, 1, (1, 1)), (7, 3, 2, (1, 1)), (6, 4, 1, (1, 2)), (5, 1, 1, (0, 0)), (6, 3, 3, (0, 0))])
def test_same_padding_matches_tensorflow(size, kernel, stride, expected):
    assert same_padding(size, kernel, stride) == expected
    assert output_size(size, kernel, stride, "same") == -(-size // stride)


def test_compare_maps_counts_outputs_without_a_crop():
    assert compare_maps(np.zeros((6, 6, 2)), np.ones((4, 4, 2))) == (1.0, 20)


def test_crops_head_and_conv_head_agree_without_second_layer():
    e = example((2, 2, 3, 3, 0, 5, 5, 1), seed=7)
    kernels = fc_weights_as_kernels(e.fc1_w, 2, 2, 3, "hwc")
    np.testing.assert_allclose(conv_head(e.big, kernels, e.fc1_b, None, None), crops_head(e.big, 2, 2, e.fc1_w, e.fc1_b, None, None, "hwc", "relu"), atol=1e-12)


def test_linear_on_flattened_vs_on_the_channel_axis():
    contrast = linear_contrast(3, 3, 2, 4)
    assert contrast["flattened"] == {"in_features": 18, "out_shape": [1, 1, 4], "params": 18 * 4 + 4}
    assert contrast["channel_axis"] == {"in_features": 2, "out_shape": [3, 3, 4], "params": 2 * 4 + 4}


def test_random_lab_example_is_repeatable_and_small():
    a = random_lab_example(6, 6, 2, 3, 3, 4, 3, seed=9)
    b = random_lab_example(6, 6, 2, 3, 3, 4, 3, seed=9)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    big, fc1, b1, fc2, b2 = a
    assert big.shape == (6, 6, 2) and fc1.shape == (4, 18) and b1.shape == (4,) and fc2.shape == (3, 4) and b2.shape == (3,)
    assert big.min() >= -2 and big.max() <= 3 and np.abs(fc1).max() <= 1


@pytest.mark.parametrize(
    "feature, image, expected",
    [(vgg_feature, 224, 7), (vgg_feature, 384, 12), (alexnet_feature, 227, 6), (alexnet_feature, 451, 13), (lenet_feature, 32, 5), (lenet_feature, 64, 13)],
)
def test_backbone_feature_sizes(feature, image, expected):
    assert feature(image) == expected


def test_real_heads_shapes_and_parameter_counts():
    heads = {h["key"]: h for h in real_heads()}
    assert heads["vgg16"]["layers"][0]["params"] == 7 * 7 * 512 * 4096 + 4096 == 102_764_544
    assert [m["map"] for m in heads["vgg16"]["maps"]] == [[1, 1], [6, 6]]  # 224 -> 1×1, 384 -> 6×6
    assert heads["alexnet"]["layers"][0]["params"] == 6 * 6 * 256 * 4096 + 4096
    assert heads["lenet5"]["layers"][0]["params"] == 5 * 5 * 16 * 120 + 120 == 48_120
    assert heads["net200"]["maps"][0]["map"] == [1, 1] and heads["net200"]["maps"][1]["map"][0] > 1
