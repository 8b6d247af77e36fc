"""Property tests (hypothesis): for random shapes and values within the app's limits,
every FC reading of a 1×1 conv equals the conv, and an FC head converted to convolutions
equals the FC head on every crop. The references are written here with np.einsum,
np.kron and explicit loops, not taken from the app."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from app.core.conv1x1 import channel_mix, fc_bias, fc_matrix, flatten, per_pixel_dense, pixels_as_batch
from app.core.convolutionalize import conv2d, conv_head, fc_weights_as_kernels
from app.core.lab import LabExample, convolutionalize
from app.core.mixer import Example, layout, mix
from app.state.spec import LAB_MAX_CHANNELS, LAB_MAX_FILTERS, LAB_MAX_INPUT, LAB_MAX_KERNEL, MAX_ABS_VALUE, MAX_CHANNELS, MAX_SIDE
from tests.mixer_layout import with_layout

PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, derandomize=True)
# Any value a reader may type; subnormals left out, as their products underflow to 0 in either order.
VALUES = st.floats(-MAX_ABS_VALUE, MAX_ABS_VALUE, allow_nan=False, allow_infinity=False, allow_subnormal=False)
WHOLE = st.integers(-int(MAX_ABS_VALUE), int(MAX_ABS_VALUE))
EPS = np.finfo(float).eps


def values(shape: tuple[int, ...]):
    return arrays(np.float64, shape, elements=VALUES)


def values_or_whole(shape: tuple[int, ...]):
    """Floats, or whole numbers as integers (as a seeded example, or a list of whole numbers, is computed)."""
    return st.one_of(values(shape), arrays(np.int64, shape, elements=WHOLE))


def act(z: np.ndarray, activation: str) -> np.ndarray:
    return np.maximum(z, 0.0) if activation == "relu" else z


def flat(x: np.ndarray, order: str) -> np.ndarray:
    """An (H, W, C) image as a vector: channels last, or first as torch.flatten does on (C, H, W)."""
    return x.reshape(-1) if order == "hwc" else np.moveaxis(x, 2, 0).reshape(-1)


def assert_close(actual: np.ndarray, expected: np.ndarray, magnitude: np.ndarray, terms: int) -> None:
    """Equal up to float rounding: two sums of ``terms`` products, added in different orders,
    differ by at most about 2·terms·eps·Σ|product| (``magnitude``, entry by entry)."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape
    tolerance = 2 * (terms + 1) * EPS * np.asarray(magnitude)
    assert np.allclose(actual, expected, rtol=0, atol=tolerance), f"max |difference| {np.abs(actual - expected).max()} beyond rounding"


@st.composite
def conv_examples(draw):
    """A mixer example at any shape the API accepts, with any values in range."""
    h, w = draw(st.integers(1, MAX_SIDE)), draw(st.integers(1, MAX_SIDE))
    cin, cout = draw(st.integers(1, MAX_CHANNELS)), draw(st.integers(1, MAX_CHANNELS))
    x, weight, bias = draw(values_or_whole((h, w, cin))), draw(values_or_whole((cout, cin))), draw(values_or_whole((cout,)))
    return Example(x=x, w=weight, b=bias, activation=draw(st.sampled_from(["none", "relu"])), order=draw(st.sampled_from(["hwc", "chw"])))


def reference_conv(e: Example) -> tuple[np.ndarray, np.ndarray]:
    """The 1×1 conv by its definition, y[i, j, o] = act(Σ_c w[o, c] x[i, j, c] + b[o]), and Σ|terms| per output."""
    y = act(np.einsum("ijc,oc->ijo", e.x, e.w) + e.b, e.activation)
    return y, np.einsum("ijc,oc->ijo", np.abs(e.x), np.abs(e.w)) + np.abs(e.b)


def reference_fc_matrix(w: np.ndarray, pixels: int, order: str) -> np.ndarray:
    """Channels last, one copy of W per pixel on the diagonal: I ⊗ W. Channels first: W ⊗ I."""
    return np.kron(np.eye(pixels), w) if order == "hwc" else np.kron(w, np.eye(pixels))


@PROPERTY_SETTINGS
@given(conv_examples())
def test_per_pixel_and_batch_readings_equal_the_conv(e):
    y, magnitude = reference_conv(e)
    h, w, cin = e.x.shape
    assert_close(channel_mix(e.x, e.w, e.b, e.activation), y, magnitude, cin)
    assert_close(per_pixel_dense(e.x, e.w, e.b, e.activation)["out"], y.reshape(h * w, -1), magnitude.reshape(h * w, -1), cin)
    rows, out = pixels_as_batch(e.x, e.w, e.b, e.activation)
    np.testing.assert_array_equal(rows, e.x.reshape(h * w, cin))  # row r is pixel (r // W, r % W)
    assert_close(out, act(np.einsum("rc,oc->ro", rows, e.w) + e.b, e.activation), magnitude.reshape(h * w, -1), cin)


@PROPERTY_SETTINGS
@given(conv_examples())
def test_the_big_fc_matrix_on_the_flattened_image_equals_the_conv_in_either_order(e):
    y, magnitude = reference_conv(e)
    pixels, cin = e.x.shape[0] * e.x.shape[1], e.x.shape[2]
    big = reference_fc_matrix(e.w, pixels, e.order)
    np.testing.assert_array_equal(fc_matrix(e.w, pixels, e.order), big)
    np.testing.assert_array_equal(flatten(e.x, e.order), flat(e.x, e.order))
    # The bias follows the output vector: b per pixel (channels last), each b[o] per pixel in a run (first).
    bias = np.tile(e.b, pixels) if e.order == "hwc" else np.repeat(e.b, pixels)
    np.testing.assert_array_equal(fc_bias(e.b, pixels, e.order), bias)
    assert_close(act(big @ flat(e.x, e.order) + bias, e.activation), flat(y, e.order), flat(magnitude, e.order), cin)


@PROPERTY_SETTINGS
@given(conv_examples())
def test_every_reading_the_mixer_shows_equals_the_conv(e):
    """What /api/mixer returns: the conv, its three readings and their proof of equality."""
    y, magnitude = reference_conv(e)
    h, w, cin = e.x.shape
    pixels, cout = h * w, e.w.shape[0]
    result = mix(e)
    assert_close(result["y"], y, magnitude, cin)
    assert_close(result["batch"]["out"], y.reshape(pixels, cout), magnitude.reshape(pixels, cout), cin)
    assert_close(result["fc"]["out"], flat(y, e.order), flat(magnitude, e.order), cin)
    assert_close(result["steps"]["out"], y.reshape(pixels, cout), magnitude.reshape(pixels, cout), cin)
    # Each reading is computed separately, so their shown differences from the conv are rounding at most.
    limit = 2 * (cin + 1) * EPS * magnitude.max()
    assert max(result["per_pixel"]["max_abs_diff"], result["batch"]["max_abs_diff"], result["fc"]["max_abs_diff"]) <= limit
    if all(a.dtype.kind == "i" for a in (e.x, e.w, e.b)):  # whole numbers, as a seeded example's: exact, and whole
        assert result["per_pixel"]["max_abs_diff"] == result["batch"]["max_abs_diff"] == result["fc"]["max_abs_diff"] == 0
        assert result["y"].dtype.kind == result["steps"]["products"].dtype.kind == result["fc"]["out"].dtype.kind == "i"
    # The page puts the example's numbers where the shape's layout says (tests/mixer_layout.py):
    # the weights at its sparse entries rebuild exactly the dense FC matrix, with nothing outside
    # them, its big bias is b per output, and its flattened input is x in the FC layer's order.
    shown = with_layout({"x": e.x, "weight": e.w, "bias": e.b, **result}, layout(h, w, cin, cout, e.order))
    fc = shown["fc"]
    rebuilt = np.zeros(fc["shape"])
    rebuilt[fc["entries"]["row"], fc["entries"]["col"]] = fc["entries"]["value"]
    np.testing.assert_array_equal(rebuilt, reference_fc_matrix(e.w, pixels, e.order))
    np.testing.assert_array_equal(fc["x_flat"], flat(e.x, e.order))
    np.testing.assert_array_equal(fc["bias"], np.repeat(e.b, pixels) if e.order == "chw" else np.tile(e.b, pixels))
    np.testing.assert_array_equal(shown["batch"]["rows"], e.x.reshape(pixels, cin))


@st.composite
def head_examples(draw):
    """An FC head (FC1, then an optional FC2) on H×W×C volumes and a larger input, within the lab's limits."""
    h, w = draw(st.integers(1, LAB_MAX_KERNEL)), draw(st.integers(1, LAB_MAX_KERNEL))
    c, k1, k2 = draw(st.integers(1, LAB_MAX_CHANNELS)), draw(st.integers(1, LAB_MAX_FILTERS)), draw(st.integers(0, LAB_MAX_FILTERS))
    bh, bw = draw(st.integers(h, LAB_MAX_INPUT)), draw(st.integers(w, LAB_MAX_INPUT))
    return LabExample(
        big=draw(values((bh, bw, c))),
        height=h,
        width=w,
        fc1_w=draw(values((k1, h * w * c))),
        fc1_b=draw(values((k1,))),
        fc2_w=draw(values((k2, k1))) if k2 else None,
        fc2_b=draw(values((k2,))) if k2 else None,
        order=draw(st.sampled_from(["hwc", "chw"])),
        activation=draw(st.sampled_from(["none", "relu"])),
        stride=draw(st.integers(1, 3)),
        pitfall="none",
    )


def reference_head_on_crops(e: LabExample) -> tuple[np.ndarray, np.ndarray, int]:
    """The FC head applied crop by crop (top-left corners every ``stride``), Σ|terms| per output, and the terms per sum."""
    rows, cols = (e.big.shape[0] - e.height) // e.stride + 1, (e.big.shape[1] - e.width) // e.stride + 1
    outputs, magnitudes = [], []
    for i in range(rows):
        for j in range(cols):
            crop = flat(e.big[i * e.stride : i * e.stride + e.height, j * e.stride : j * e.stride + e.width], e.order)
            hidden = act(np.einsum("kn,n->k", e.fc1_w, crop) + e.fc1_b, e.activation)
            size = np.einsum("kn,n->k", np.abs(e.fc1_w), np.abs(crop)) + np.abs(e.fc1_b)
            if e.fc2_w is not None:
                hidden = np.einsum("mk,k->m", e.fc2_w, hidden) + e.fc2_b
                size = np.einsum("mk,k->m", np.abs(e.fc2_w), size) + np.abs(e.fc2_b)
            outputs.append(hidden)
            magnitudes.append(size)
    terms = e.fc1_w.shape[1] + (0 if e.fc2_w is None else e.fc2_w.shape[1] + 1)
    return np.reshape(outputs, (rows, cols, -1)), np.reshape(magnitudes, (rows, cols, -1)), terms


@PROPERTY_SETTINGS
@given(head_examples())
def test_an_fc_layer_on_an_hxwxc_volume_is_a_conv_with_an_hxw_kernel(e):
    volume = e.big[: e.height, : e.width]
    kernels = fc_weights_as_kernels(e.fc1_w, e.height, e.width, volume.shape[2], e.order)
    assert kernels.shape == (e.fc1_w.shape[0], e.height, e.width, volume.shape[2])
    # Valid padding, stride 1: the kernel fits the volume once, so the map is 1×1×K.
    out = conv2d(volume, kernels, e.fc1_b, stride=1, padding="valid")
    expected = np.einsum("kn,n->k", e.fc1_w, flat(volume, e.order)) + e.fc1_b
    magnitude = np.einsum("kn,n->k", np.abs(e.fc1_w), np.abs(flat(volume, e.order))) + np.abs(e.fc1_b)
    assert_close(out, expected.reshape(1, 1, -1), magnitude.reshape(1, 1, -1), e.fc1_w.shape[1])


@PROPERTY_SETTINGS
@given(head_examples())
def test_the_converted_head_slid_over_a_larger_input_is_the_fc_head_on_every_crop(e):
    expected, magnitude, terms = reference_head_on_crops(e)
    kernels = fc_weights_as_kernels(e.fc1_w, e.height, e.width, e.big.shape[2], e.order)
    assert_close(conv_head(e.big, kernels, e.fc1_b, e.fc2_w, e.fc2_b, e.activation, e.stride), expected, magnitude, terms)
    # What /api/lab returns: both maps, and their difference, which must be rounding at most.
    result = convolutionalize(e)
    assert result["map_shape"] == list(expected.shape[:2]) and result["extra_outputs"] == 0
    assert_close(result["conv_map"], expected, magnitude, terms)
    assert_close(result["crop_map"], expected, magnitude, terms)
    assert result["max_abs_diff"] <= 2 * (terms + 1) * EPS * magnitude.max()
