"""Connection tables: LeNet-5's C3 table as the paper counts it, and every partial table
against an independent reference (PyTorch's grouped Conv2d and Linear where installed,
a map-by-map loop and the paper's own description everywhere)."""

import numpy as np
import pytest

from app.core.connection_table import (
    KINDS,
    connection_example,
    connection_table,
    dense_conv,
    masked_kernels,
    per_map_conv,
    random_example,
    table_counts,
)


def test_lenet_c3_table_has_60_connections_and_1516_parameters():
    table = connection_table("lenet", 6, 16)
    assert table.shape == (16, 6) and int(table.sum()) == 60
    counts = table_counts(table, 5)
    assert counts == {"connections": 60, "weights": 1500, "biases": 16, "params": 1516, "macs_per_position": 1500}
    # The paper: "C3 has 1,516 trainable parameters and 151,600 connections" on its 10×10 maps (a bias counts as one).
    assert (counts["macs_per_position"] + counts["biases"]) * 10 * 10 == 151_600


def test_lenet_c3_table_reads_the_maps_the_paper_describes():
    """Columns 0-5 read 3 consecutive S2 maps, 6-11 four consecutive, 12-14 four non-consecutive, 15 all six."""
    expected = [{i % 6, (i + 1) % 6, (i + 2) % 6} for i in range(6)]
    expected += [{(i + d) % 6 for d in range(4)} for i in range(6)]
    expected += [{0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5}, set(range(6))]
    table = connection_table("lenet", 6, 16)
    assert [set(np.flatnonzero(row).tolist()) for row in table] == expected


@pytest.mark.parametrize(
    ("kind", "c_in", "c_out", "groups", "connections"),
    [("full", 3, 2, 1, 6), ("groups", 8, 4, 2, 16), ("groups", 6, 6, 3, 12), ("depthwise", 5, 5, 1, 5), ("lenet", 6, 16, 1, 60)],
)
def test_each_table_counts_k_squared_weights_per_connection(kind, c_in, c_out, groups, connections):
    table = connection_table(kind, c_in, c_out, groups)
    assert table.shape == (c_out, c_in) and int(table.sum()) == connections
    assert table_counts(table, 3)["weights"] == 9 * connections == table_counts(table, 3)["macs_per_position"]


@pytest.mark.parametrize(("kind", "c_in", "c_out", "groups"), [("groups", 4, 6, 4), ("depthwise", 3, 4, 1), ("lenet", 6, 8, 1), ("other", 2, 2, 1)])
def test_impossible_tables_are_refused(kind, c_in, c_out, groups):
    with pytest.raises(ValueError):
        connection_table(kind, c_in, c_out, groups)


@pytest.mark.parametrize(("kind", "c_in", "c_out", "groups"), [("full", 3, 4, 1), ("groups", 6, 4, 2), ("depthwise", 4, 4, 1), ("lenet", 6, 16, 1)])
def test_the_masked_dense_conv_equals_the_map_by_map_loop(kind, c_in, c_out, groups):
    x, kernels, bias = random_example(6, 5, c_in, c_out, 3, seed=7)
    table = connection_table(kind, c_in, c_out, groups)
    np.testing.assert_array_equal(dense_conv(x, masked_kernels(kernels, table), bias), per_map_conv(x, kernels, bias, table))
    answer = connection_example(kind, x, kernels, bias, groups)
    assert answer["max_abs_diff"] == 0.0 and answer["y"].shape == (4, 3, c_out)
    assert answer["fewer"] == c_in * c_out / table.sum()


def test_the_pixel_terms_add_up_to_the_output_at_that_position():
    x, kernels, bias = random_example(6, 6, 6, 16, 5, seed=3)
    answer = connection_example("lenet", x, kernels, bias)
    for entry in answer["pixel"]["maps"]:
        assert [t["c"] for t in entry["terms"]] == answer["inputs_of"][entry["o"]]
        assert entry["total"] == entry["bias"] + sum(t["value"] for t in entry["terms"]) == answer["y"][0, 0, entry["o"]]


def test_the_example_is_the_same_for_the_same_seed_and_small_integers():
    first, second = random_example(3, 3, 2, 2, 2, seed=5), random_example(3, 3, 2, 2, 2, seed=5)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
        assert np.all(a == np.round(a)) and np.all(np.abs(a) <= 3)
    assert set(KINDS) == {"full", "groups", "depthwise", "lenet"}


# PyTorch as the independent reference.


def as_torch_image(torch, x):
    """(H, W, C) NumPy -> (1, C, H, W) float64 tensor."""
    return torch.from_numpy(np.ascontiguousarray(np.transpose(x, (2, 0, 1))[None]))


def torch_grouped_output(torch, x, c_out, k, groups, seed):
    """A torch Conv2d(groups=g) with its own random weights, its output as (H', W', C_out), and its weights copied into a dense kernel."""
    c_in = x.shape[2]
    torch.manual_seed(seed)
    conv = torch.nn.Conv2d(c_in, c_out, kernel_size=k, groups=groups).double()
    weight = conv.weight.detach().numpy()  # (C_out, C_in/g, k, k)
    dense = np.zeros((c_out, c_in, k, k))
    per_in, per_out = c_in // groups, c_out // groups
    for o in range(c_out):
        start = (o // per_out) * per_in  # the first input map of o's group
        dense[o, start : start + per_in] = weight[o]
    with torch.no_grad():
        out = conv(as_torch_image(torch, x))[0].permute(1, 2, 0).numpy()
    return out, dense, conv.bias.detach().numpy()


@pytest.mark.parametrize(("c_in", "c_out", "k", "groups"), [(4, 4, 3, 2), (8, 4, 1, 4), (6, 12, 3, 3), (2, 2, 2, 1)])
def test_a_grouped_table_equals_torch_conv2d_with_groups(c_in, c_out, k, groups):
    torch = pytest.importorskip("torch")
    x = random_example(5, 6, c_in, c_out, k, seed=9)[0] + 0.5
    expected, dense, bias = torch_grouped_output(torch, x, c_out, k, groups, seed=groups)
    table = connection_table("groups", c_in, c_out, groups)
    assert np.array_equal(masked_kernels(dense, table), dense), "torch's weights sit exactly where the table connects"
    np.testing.assert_allclose(dense_conv(x, masked_kernels(dense, table), bias), expected, atol=1e-12)
    np.testing.assert_allclose(per_map_conv(x, dense, bias, table), expected, atol=1e-12)


@pytest.mark.parametrize(("channels", "k"), [(3, 3), (5, 1), (4, 2)])
def test_a_depthwise_table_equals_torch_conv2d_with_groups_equal_to_the_channels(channels, k):
    torch = pytest.importorskip("torch")
    x = random_example(5, 5, channels, channels, k, seed=2)[0] - 0.25
    expected, dense, bias = torch_grouped_output(torch, x, channels, k, channels, seed=4)
    table = connection_table("depthwise", channels, channels)
    np.testing.assert_allclose(dense_conv(x, masked_kernels(dense, table), bias), expected, atol=1e-12)


@pytest.mark.parametrize(("c_in", "c_out"), [(3, 2), (6, 16), (1, 4)])
def test_a_full_table_with_k_1_is_a_linear_layer_on_each_pixels_channels(c_in, c_out):
    torch = pytest.importorskip("torch")
    x, kernels, bias = random_example(4, 3, c_in, c_out, 1, seed=6)
    linear = torch.nn.Linear(c_in, c_out).double()
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(kernels[:, :, 0, 0]))
        linear.bias.copy_(torch.from_numpy(bias))
        expected = linear(torch.from_numpy(x)).numpy()  # Linear on the last (channel) axis of (H, W, C_in)
    answer = connection_example("full", x, kernels, bias)
    np.testing.assert_allclose(answer["y"], expected, atol=1e-12)
    assert answer["counts"]["params"] == c_in * c_out + c_out  # LeCun's 3·2 + 2 = 8 for the FC 3 -> 2
