"""Training the 1×1 conv, its tied FC twin and an untied FC, against PyTorch autograd and a per-pixel loop."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.training import block_mask, conv_gradient, other_size, per_pixel_gradients, random_problem, train

SHAPES = [(3, 3, 3, 2), (1, 1, 3, 2), (2, 3, 1, 4), (3, 2, 4, 1)]


def _problem(h, w, cin, cout, seed=1):
    p = random_problem(h, w, cin, cout, seed)
    return p["x"], p["y"], p["w0"], p["b0"]


@pytest.mark.parametrize("shape", SHAPES)
def test_conv_gradient_is_torch_conv2d_autograd(shape):
    torch = pytest.importorskip("torch")
    x, y, w, b = _problem(*shape)
    conv = torch.nn.Conv2d(shape[2], shape[3], kernel_size=1).double()
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(w)[:, :, None, None])
        conv.bias.copy_(torch.from_numpy(b))
    inputs = torch.from_numpy(x).permute(2, 0, 1)[None]  # (1, C_in, H, W)
    target = torch.from_numpy(y).permute(2, 0, 1)[None]
    loss = 0.5 * ((conv(inputs) - target) ** 2).sum()
    loss.backward()
    _, g_w, g_b = conv_gradient(x, y, w, b)
    np.testing.assert_allclose(g_w, conv.weight.grad[:, :, 0, 0].numpy(), atol=1e-12)
    np.testing.assert_allclose(g_b, conv.bias.grad.numpy(), atol=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
def test_conv_gradient_is_torch_linear_on_the_channel_axis(shape):
    torch = pytest.importorskip("torch")
    x, y, w, b = _problem(*shape)
    linear = torch.nn.Linear(shape[2], shape[3]).double()
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(w))
        linear.bias.copy_(torch.from_numpy(b))
    loss = 0.5 * ((linear(torch.from_numpy(x)) - torch.from_numpy(y)) ** 2).sum()  # Linear acts on the last axis
    loss.backward()
    _, g_w, g_b = conv_gradient(x, y, w, b)
    np.testing.assert_allclose(g_w, linear.weight.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(g_b, linear.bias.grad.numpy(), atol=1e-12)


def test_each_step_moves_the_conv_as_torch_sgd_does():
    torch = pytest.importorskip("torch")
    x, y, w, b = _problem(3, 3, 3, 2)
    steps = train(x, y, w, b, lr=0.02, steps=12)["steps"]
    conv = torch.nn.Conv2d(3, 2, kernel_size=1).double()
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(w)[:, :, None, None])
        conv.bias.copy_(torch.from_numpy(b))
    optimiser = torch.optim.SGD(conv.parameters(), lr=0.02)
    inputs, target = torch.from_numpy(x).permute(2, 0, 1)[None], torch.from_numpy(y).permute(2, 0, 1)[None]
    for entry in steps:
        np.testing.assert_allclose(entry["w"], conv.weight.detach()[:, :, 0, 0].numpy(), atol=1e-12)
        np.testing.assert_allclose(entry["b"], conv.bias.detach().numpy(), atol=1e-12)
        optimiser.zero_grad()
        loss = 0.5 * ((conv(inputs) - target) ** 2).sum()
        assert entry["loss"]["conv"] == pytest.approx(loss.item(), abs=1e-12)
        loss.backward()
        optimiser.step()


@pytest.mark.parametrize("shape", SHAPES)
def test_the_tied_twin_equals_the_conv_at_every_step(shape):
    x, y, w, b = _problem(*shape)
    steps = train(x, y, w, b, lr=0.05, steps=15)["steps"]
    pixels = shape[0] * shape[1]
    for entry in steps:
        assert entry["tied"]["max_abs_diff_out"] <= 1e-12
        assert entry["tied"]["max_abs_diff_w"] <= 1e-12
        np.testing.assert_allclose(entry["tied"]["matrix"], np.kron(np.eye(pixels), entry["w"]), atol=1e-12)
        assert entry["loss"]["tied"] == pytest.approx(entry["loss"]["conv"], abs=1e-12)


def test_the_untied_fc_gradient_is_torch_linear_on_the_flattened_image_and_leaves_the_blocks():
    torch = pytest.importorskip("torch")
    x, y, w, b = _problem(3, 3, 3, 2)
    pixels = 9
    linear = torch.nn.Linear(pixels * 3, pixels * 2).double()
    start, bias = np.kron(np.eye(pixels), w), np.tile(b, pixels)
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(start))
        linear.bias.copy_(torch.from_numpy(bias))
    loss = 0.5 * ((linear(torch.from_numpy(x.reshape(-1))) - torch.from_numpy(y.reshape(-1))) ** 2).sum()
    loss.backward()
    steps = train(x, y, w, b, lr=0.02, steps=1)["steps"]
    after = steps[1]["untied"]["matrix"]
    np.testing.assert_allclose(after, start - 0.02 * linear.weight.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(steps[1]["untied"]["bias"], bias - 0.02 * linear.bias.grad.numpy(), atol=1e-12)
    off = ~block_mask(pixels, 2, 3)
    grad_off = linear.weight.grad.numpy()[off]
    assert np.count_nonzero(grad_off) > 0
    assert steps[1]["grad"]["untied_off_count"] == np.count_nonzero(grad_off)
    assert steps[1]["untied"]["off_count"] == np.count_nonzero(after[off])
    assert steps[1]["untied"]["off_max"] == pytest.approx(np.abs(after[off]).max())
    assert steps[0]["untied"]["off_count"] == 0  # it starts as a 1×1 conv


def test_the_untied_fc_fits_lower_and_reads_only_its_own_size():
    x, y, w, b = _problem(3, 3, 3, 2)
    result = train(x, y, w, b, lr=0.02, steps=20)
    last = result["steps"][-1]["loss"]
    assert last["untied"] < last["conv"]
    assert result["params"] == {"conv": 8, "tied": 8, "tied_entries": 486, "off_block_entries": 432, "untied": 18 * 27 + 18}
    assert result["other_size"] == other_size(3, 3, 3) == {"h": 4, "w": 4, "inputs": 48, "matrix_columns": 27}


def test_the_conv_cannot_fit_the_target_exactly():
    x, y, _, _ = _problem(3, 3, 3, 2)
    columns = np.hstack([x.reshape(9, 3), np.ones((9, 1))])
    _, residual, _, _ = np.linalg.lstsq(columns, y.reshape(9, 2), rcond=None)
    assert residual.sum() > 0.1  # the best 1×1 conv still misses: the checkerboard is not a function of the pixel's channels


def test_the_problem_is_seeded():
    a, b = random_problem(3, 3, 3, 2, 7), random_problem(3, 3, 3, 2, 7)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["x"], random_problem(3, 3, 3, 2, 8)["x"])


@settings(max_examples=40, deadline=None)
@given(
    h=st.integers(1, 4),
    w=st.integers(1, 4),
    cin=st.integers(1, 4),
    cout=st.integers(1, 4),
    seed=st.integers(0, 10_000),
    shift=st.floats(-2, 2),
)
def test_the_conv_gradient_is_the_sum_of_per_pixel_dense_gradients(h, w, cin, cout, seed, shift):
    p = random_problem(h, w, cin, cout, seed)
    weights, bias = p["w0"] + shift, p["b0"] - shift
    _, g_w, g_b = conv_gradient(p["x"], p["y"], weights, bias)
    pixel_w, pixel_b = per_pixel_gradients(p["x"], p["y"], weights, bias)
    assert pixel_w.shape == (h * w, cout, cin)
    np.testing.assert_allclose(g_w, pixel_w.sum(axis=0), atol=1e-10)
    np.testing.assert_allclose(g_b, pixel_b.sum(axis=0), atol=1e-10)
