"""Property tests (hypothesis): for random shapes and values within the app's limits,
every FC reading of a 1×1 conv equals the conv, and a convolutionalized FC head
equals the FC head applied to every crop. References are written here, independently."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from app.core.conv1x1 import channel_mix, fc_bias, fc_matrix, flatten, per_pixel_dense, pixels_as_batch
from app.core.convolutionalize import conv_head, fc_weights_as_kernels
from app.state import LAB_MAX_CHANNELS, LAB_MAX_FILTERS, LAB_MAX_INPUT, LAB_MAX_KERNEL, MAX_ABS_VALUE, MAX_CHANNELS, MAX_SIDE

PROPERTY_SETTINGS = settings(max_examples=120, deadline=None, derandomize=True)
VALUES = st.floats(-MAX_ABS_VALUE, MAX_ABS_VALUE, allow_nan=False, allow_infinity=False, width=64)


def values(shape: tuple[int, ...]):
    return arrays(np.float64, shape, elements=VALUES)


def reference_conv(x: np.ndarray, w: np.ndarray, b: np.ndarray, activation: str) -> np.ndarray:
    """The 1×1 conv by its definition: y[i, j, o] = Σ_c w[o, c] x[i, j, c] + b[o]."""
    y = np.einsum("hwc,oc->hwo", x, w) + b
    return np.maximum(y, 0.0) if activation == "relu" else y


def assert_close(actual: np.ndarray, expected: np.ndarray, terms: int) -> None:
    # Sums of `terms` products of values up to 1000 in size: float rounding grows with them.
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=terms * MAX_ABS_VALUE**2 * 1e-15)


@st.composite
def conv_examples(draw):
    h, w = draw(st.integers(1, MAX_SIDE)), draw(st.integers(1, MAX_SIDE))
    cin, cout = draw(st.integers(1, MAX_CHANNELS)), draw(st.integers(1, MAX_CHANNELS))
    x, weight, bias = draw(values((h, w, cin))), draw(values((cout, cin))), draw(values((cout,)))
    return x, weight, bias, draw(st.sampled_from(["none", "relu"])), draw(st.sampled_from(["hwc", "chw"]))


@PROPERTY_SETTINGS
@given(conv_examples())
def test_every_reading_of_a_1x1_conv_equals_the_conv(example):
    x, w, b, activation, order = example
    h, width, cin = x.shape
    expected = reference_conv(x, w, b, activation)
    assert_close(channel_mix(x, w, b, activation), expected, cin)
    assert_close(per_pixel_dense(x, w, b, activation), expected, cin)
    rows, out = pixels_as_batch(x, w, b, activation)
    assert_close(out, expected.reshape(h * width, -1), cin)
    # The big FC matrix on the flattened image, in either flatten order.
    big = fc_matrix(w, h * width, order)
    pre = big @ flatten(x, order) + fc_bias(b, h * width, order)
    assert_close(np.maximum(pre, 0.0) if activation == "relu" else pre, flatten(expected, order), cin)


@PROPERTY_SETTINGS
@given(conv_examples())
def test_the_big_fc_matrix_is_the_kronecker_product_of_the_orders(example):
    x, w, b, activation, order = example
    pixels = x.shape[0] * x.shape[1]
    expected = np.kron(np.eye(pixels), w) if order == "hwc" else np.kron(w, np.eye(pixels))
    np.testing.assert_array_equal(fc_matrix(w, pixels, order), expected)


@st.composite
def head_examples(draw):
    h, w = draw(st.integers(1, LAB_MAX_KERNEL)), draw(st.integers(1, LAB_MAX_KERNEL))
    c, k1 = draw(st.integers(1, LAB_MAX_CHANNELS)), draw(st.integers(1, LAB_MAX_FILTERS))
    bh, bw = draw(st.integers(h, LAB_MAX_INPUT)), draw(st.integers(w, LAB_MAX_INPUT))
    stride = draw(st.integers(1, 3))
    return {
        "big": draw(values((bh, bw, c))),
        "fc1_w": draw(values((k1, h * w * c))),
        "fc1_b": draw(values((k1,))),
        "h": h,
        "w": w,
        "order": draw(st.sampled_from(["hwc", "chw"])),
        "activation": draw(st.sampled_from(["none", "relu"])),
        "stride": stride,
    }


@PROPERTY_SETTINGS
@given(head_examples())
def test_an_fc_layer_slid_as_a_conv_equals_the_fc_layer_on_every_crop(example):
    big, fc1_w, fc1_b, h, w = example["big"], example["fc1_w"], example["fc1_b"], example["h"], example["w"]
    order, activation, stride = example["order"], example["activation"], example["stride"]
    c = big.shape[2]
    kernels = fc_weights_as_kernels(fc1_w, h, w, c, order)
    conv_map = conv_head(big, kernels, fc1_b, None, None, activation, stride)
    rows, cols = (big.shape[0] - h) // stride + 1, (big.shape[1] - w) // stride + 1
    assert conv_map.shape == (rows, cols, fc1_w.shape[0])
    for i in range(rows):
        for j in range(cols):
            crop = big[i * stride : i * stride + h, j * stride : j * stride + w]
            vector = crop.reshape(-1) if order == "hwc" else crop.transpose(2, 0, 1).reshape(-1)
            expected = fc1_w @ vector + fc1_b
            assert_close(conv_map[i, j], np.maximum(expected, 0.0) if activation == "relu" else expected, h * w * c)
