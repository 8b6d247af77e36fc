"""The core against PyTorch itself: nn.Conv2d(kernel_size=1) and nn.Linear.

Skipped where torch is not installed (scripts/test installs it only where a
CPU wheel is at hand, never a multi-GB download).
"""

import numpy as np
import pytest

from app.core.conv1x1 import channel_mix, fc_bias, fc_matrix, flatten
from app.core.mixer import random_example

torch = pytest.importorskip("torch")

SHAPES = [(2, 2, 2, 1), (1, 1, 3, 2), (4, 4, 3, 2), (3, 5, 1, 4), (8, 8, 8, 8)]


def tensor(a):
    """A NumPy array (the seeded examples are whole numbers, int64) as a float64 tensor."""
    return torch.from_numpy(np.asarray(a, dtype=float))


def as_torch_image(x):
    """(H, W, C) NumPy -> (1, C, H, W) float64 tensor."""
    return tensor(np.ascontiguousarray(np.transpose(x, (2, 0, 1))[None]))


@pytest.mark.parametrize("shape", SHAPES)
def test_channel_mix_equals_torch_conv2d_kernel_1(shape):
    x, w, b = random_example(*shape, seed=11)
    x = x + 0.5
    conv = torch.nn.Conv2d(shape[2], shape[3], kernel_size=1).double()
    with torch.no_grad():
        conv.weight.copy_(tensor(w)[:, :, None, None])
        conv.bias.copy_(tensor(b))
        expected = conv(as_torch_image(x))[0].permute(1, 2, 0).numpy()
    np.testing.assert_allclose(channel_mix(x, w, b), expected, atol=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
def test_linear_on_the_channel_axis_is_the_1x1_conv(shape):
    x, w, b = random_example(*shape, seed=12)
    linear = torch.nn.Linear(shape[2], shape[3]).double()
    with torch.no_grad():
        linear.weight.copy_(tensor(w))
        linear.bias.copy_(tensor(b))
        expected = linear(tensor(x)).numpy()  # Linear acts on the last axis: channels
    np.testing.assert_allclose(channel_mix(x, w, b, "relu"), np.maximum(expected, 0), atol=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
def test_linear_on_the_torch_flattened_image_with_w_kron_i_is_the_conv(shape):
    height, width, c_in, c_out = shape
    x, w, b = random_example(*shape, seed=13)
    pixels = height * width
    linear = torch.nn.Linear(pixels * c_in, pixels * c_out).double()
    with torch.no_grad():
        linear.weight.copy_(tensor(fc_matrix(w, pixels, "chw")))
        linear.bias.copy_(tensor(fc_bias(b, pixels, "chw")))
        flat = torch.flatten(as_torch_image(x), start_dim=1)  # PyTorch's C·H·W order
        np.testing.assert_array_equal(flat[0].numpy(), flatten(x, "chw"))
        expected = linear(flat)[0].numpy()
    np.testing.assert_allclose(flatten(channel_mix(x, w, b), "chw"), expected, atol=1e-12)


@pytest.mark.parametrize("case", [(3, 3, 2, 4, 6, 6, 1), (2, 3, 1, 2, 5, 4, 1), (3, 2, 4, 5, 7, 9, 2)])
def test_fc_weights_as_kernels_in_a_torch_conv2d_equal_the_linear_layer_slid(case):
    from app.core.convolutionalize import conv2d, fc_weights_as_kernels

    h, w, c, k, bh, bw, stride = case
    rng = np.random.default_rng(21)
    big = rng.normal(size=(bh, bw, c))
    linear = torch.nn.Linear(c * h * w, k).double()  # trained on PyTorch's C·H·W flatten
    conv = torch.nn.Conv2d(c, k, kernel_size=(h, w), stride=stride).double()
    with torch.no_grad():
        conv.weight.copy_(linear.weight.view(k, c, h, w))
        conv.bias.copy_(linear.bias)
        expected = conv(as_torch_image(big))[0].permute(1, 2, 0).numpy()
        crop = as_torch_image(big[:h, :w])
        np.testing.assert_allclose(expected[0, 0], linear(torch.flatten(crop, 1))[0].numpy(), atol=1e-12)
    kernels = fc_weights_as_kernels(linear.weight.detach().numpy(), h, w, c, "chw")
    np.testing.assert_allclose(conv2d(big, kernels, linear.bias.detach().numpy(), stride), expected, atol=1e-12)


def test_same_padding_equals_torch_padding_same():
    from app.core.convolutionalize import conv2d

    rng = np.random.default_rng(22)
    big, kernels = rng.normal(size=(6, 5, 2)), rng.normal(size=(3, 3, 4, 2))
    conv = torch.nn.Conv2d(2, 3, kernel_size=(3, 4), padding="same", bias=False).double()
    with torch.no_grad():
        conv.weight.copy_(tensor(np.transpose(kernels, (0, 3, 1, 2))))
        expected = conv(as_torch_image(big))[0].permute(1, 2, 0).numpy()
    np.testing.assert_allclose(conv2d(big, kernels, None, 1, "same"), expected, atol=1e-12)
