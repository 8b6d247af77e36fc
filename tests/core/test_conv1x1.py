"""The 1x1 conv and each of its FC readings against independent references."""

import numpy as np
import pytest

from app.core.conv1x1 import (
    channel_mix,
    fc_bias,
    fc_entries,
    fc_matrix,
    flat_positions,
    flatten,
    max_abs_diff,
    parameter_counts,
    per_pixel_dense,
    pixels_as_batch,
    unflatten,
)

# (H, W, C_in, C_out): square and not, C=1 edges, C_in != C_out both ways, the limits.
SHAPES = [(2, 2, 2, 1), (1, 1, 3, 2), (4, 4, 3, 2), (3, 5, 1, 4), (5, 3, 4, 1), (1, 7, 2, 2), (8, 8, 8, 8), (2, 3, 1, 1)]
ACTIVATIONS = ["none", "relu"]


def make_example(shape, seed=0):
    """Negative and fractional values, so ReLU and rounding both matter."""
    height, width, c_in, c_out = shape
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(height, width, c_in)) * 3
    w = rng.normal(size=(c_out, c_in))
    b = rng.normal(size=c_out)
    return x, w, b


def reference_conv(x, w, b, activation):
    """Independent reference: einsum over the channel axis."""
    y = np.einsum("hwc,oc->hwo", x, w) + b
    return np.maximum(y, 0) if activation == "relu" else y


def reference_loops(x, w, b, activation):
    """Independent reference: six nested-loop multiply-adds, no NumPy algebra."""
    height, width, c_in = x.shape
    c_out = w.shape[0]
    y = np.zeros((height, width, c_out))
    for i in range(height):
        for j in range(width):
            for o in range(c_out):
                total = float(b[o])
                for c in range(c_in):
                    total += float(w[o, c]) * float(x[i, j, c])
                y[i, j, o] = max(total, 0.0) if activation == "relu" else total
    return y


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_channel_mix_equals_einsum_and_loops(shape, activation):
    x, w, b = make_example(shape)
    y = channel_mix(x, w, b, activation)
    assert y.shape == shape[:2] + (shape[3],)
    np.testing.assert_allclose(y, reference_conv(x, w, b, activation), atol=1e-12)
    np.testing.assert_allclose(y, reference_loops(x, w, b, activation), atol=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_per_pixel_dense_is_the_conv(shape, activation):
    x, w, b = make_example(shape, seed=1)
    height, width, c_in = x.shape
    reading = per_pixel_dense(x, w, b, activation)
    np.testing.assert_allclose(reading["out"], reference_loops(x, w, b, activation).reshape(height * width, -1), atol=1e-12)
    np.testing.assert_allclose(reading["products"].sum(axis=2) + b, reading["pre"], atol=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_pixels_as_batch_is_one_matmul_giving_the_conv(shape, activation):
    height, width, c_in, c_out = shape
    x, w, b = make_example(shape, seed=2)
    rows, out = pixels_as_batch(x, w, b, activation)
    assert rows.shape == (height * width, c_in) and out.shape == (height * width, c_out)
    # Row r is pixel (r // W, r % W).
    for r in range(height * width):
        np.testing.assert_array_equal(rows[r], x[r // width, r % width])
    np.testing.assert_allclose(out.reshape(height, width, c_out), reference_conv(x, w, b, activation), atol=1e-12)


def reference_fc_matrix(w, height, width, order):
    """Build the big matrix entry by entry from its definition: output (p, o) reads input (p, c) with w[o, c]."""
    c_out, c_in = w.shape
    pixels = height * width
    big = np.zeros((pixels * c_out, pixels * c_in))
    for p in range(pixels):
        for o in range(c_out):
            for c in range(c_in):
                row = p * c_out + o if order == "hwc" else o * pixels + p
                col = p * c_in + c if order == "hwc" else c * pixels + p
                big[row, col] = w[o, c]
    return big


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("order", ["hwc", "chw"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_fc_matrix_on_flattened_input_gives_the_conv(shape, order, activation):
    height, width, c_in, c_out = shape
    x, w, b = make_example(shape, seed=3)
    big = fc_matrix(w, height * width, order)
    np.testing.assert_array_equal(big, reference_fc_matrix(w, height, width, order))
    pre = big @ flatten(x, order) + fc_bias(b, height * width, order)
    out = np.maximum(pre, 0) if activation == "relu" else pre
    y = unflatten(out, height, width, c_out, order)
    assert max_abs_diff(y, reference_conv(x, w, b, activation)) < 1e-12


@pytest.mark.parametrize("shape", SHAPES)
def test_fc_matrix_is_the_kronecker_product(shape):
    height, width, c_in, c_out = shape
    _, w, _ = make_example(shape, seed=5)
    pixels = height * width
    np.testing.assert_array_equal(fc_matrix(w, pixels, "hwc"), np.kron(np.eye(pixels), w))
    np.testing.assert_array_equal(fc_matrix(w, pixels, "chw"), np.kron(w, np.eye(pixels)))


def test_channels_last_matrix_is_block_diagonal_copies_of_w():
    w = np.array([[0.0, 1, 1], [2, 3, 5]])
    big = fc_matrix(w, 4, "hwc")
    assert big.shape == (8, 12)
    for p in range(4):
        np.testing.assert_array_equal(big[2 * p : 2 * p + 2, 3 * p : 3 * p + 3], w)
    off_block = big.copy()
    for p in range(4):
        off_block[2 * p : 2 * p + 2, 3 * p : 3 * p + 3] = 0
    assert not off_block.any()


def test_channels_first_matrix_spreads_each_weight_on_a_diagonal():
    w = np.array([[0.0, 1, 1], [2, 3, 5]])
    big = fc_matrix(w, 4, "chw")
    for o in range(2):
        for c in range(3):
            np.testing.assert_array_equal(big[4 * o : 4 * o + 4, 4 * c : 4 * c + 4], w[o, c] * np.eye(4))


def test_flatten_orders_match_numpy_and_torch_conventions():
    x = np.arange(2 * 3 * 4).reshape(2, 3, 4).astype(float)  # (H, W, C)
    np.testing.assert_array_equal(flatten(x, "hwc"), x.ravel())
    # chw is what torch.flatten does to (C, H, W): channel 0's whole map first.
    np.testing.assert_array_equal(flatten(x, "chw")[:6], x[:, :, 0].ravel())
    for order in ("hwc", "chw"):
        np.testing.assert_array_equal(unflatten(flatten(x, order), 2, 3, 4, order), x)


@pytest.mark.parametrize("order", ["hwc", "chw"])
def test_flat_positions_name_the_pixel_and_channel_of_each_index(order):
    x = np.arange(3 * 2 * 5).reshape(3, 2, 5)
    pixel, channel = flat_positions(6, 5, order)
    v = flatten(x, order)
    for k in range(v.size):
        assert v[k] == x[pixel[k] // 2, pixel[k] % 2, channel[k]]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("order", ["hwc", "chw"])
def test_fc_entries_locate_every_copy_of_every_weight(shape, order):
    height, width, c_in, c_out = shape
    _, w, _ = make_example(shape, seed=4)
    w = w + 10  # no zero weights, so "non-zero" means "a copy of a weight"
    big = fc_matrix(w, height * width, order)
    e = fc_entries(c_out, c_in, height * width, order)
    assert e["row"].size == height * width * c_out * c_in == np.count_nonzero(big)
    np.testing.assert_array_equal(big[e["row"], e["col"]], w[e["out_channel"], e["in_channel"]])
    # The flat indices name the same places.
    np.testing.assert_array_equal(big.reshape(-1)[e["flat"]], big[e["row"], e["col"]])
    np.testing.assert_array_equal(w.reshape(-1)[e["weight"]], w[e["out_channel"], e["in_channel"]])


@pytest.mark.parametrize(
    "shape, conv_total, fc_total",
    [
        ((2, 2, 2, 1), 2 + 1, (4 * 1) * (4 * 2) + 4),  # the seed's 2x2, 2 -> 1
        ((1, 1, 3, 2), 3 * 2 + 2, 3 * 2 + 2),  # LeCun: 8 either way
        ((4, 4, 3, 2), 8, (16 * 2) * (16 * 3) + 32),
        ((8, 8, 8, 8), 72, 512 * 512 + 512),
    ],
)
def test_parameter_counts(shape, conv_total, fc_total):
    counts = parameter_counts(*shape)
    assert counts["conv_total"] == conv_total
    assert counts["fc_total"] == fc_total
    height, width, c_in, c_out = shape
    assert counts["fc_weights"] == (height * width) ** 2 * counts["conv_weights"]


def test_max_abs_diff():
    assert max_abs_diff(np.array([1.0, -2.0]), np.array([1.5, 1.0])) == 3.0
    assert max_abs_diff(np.zeros(0), np.zeros(0)) == 0.0
