"""Parameters and multiply-adds of layers and chains, against hand-computed counts,
brute force and, where installed, PyTorch modules of the same shapes."""

from __future__ import annotations

import random

import pytest

from app.core.cost import Layer, LayerError, break_even_width, chain_cost, head_params, layer_cost
from app.core.cost_lab import compare_chains, sample
from app.layer_spec import LayerSpecError, format_chain, parse_chain


def totals(spec: str, volume) -> dict:
    return chain_cost(list(parse_chain(spec, "a")), volume)["totals"]


# (chain, input volume, weights, biases, MACs per output position, output volume), each worked by hand.
HAND_COUNTS = [
    # The seed's direct 4×4 conv 256 -> 256: 16·256·256.
    ("conv4:256", (28, 28, 256), 1_048_576, 256, 1_048_576, [28, 28, 256]),
    # The seed's bottleneck: 256·64 + 16·64·256.
    ("conv1:64,conv4:256", (28, 28, 256), 278_528, 64 + 256, 278_528, [28, 28, 256]),
    # ResNet-50: 256·64 + 9·64·64 + 64·256.
    ("conv1:64,conv3:64,conv1:256", (56, 56, 256), 69_632, 64 + 64 + 256, 69_632, [56, 56, 256]),
    # Inception (3a) 5×5 branch: 25·192·32, and 192·16 + 25·16·32 with its reduction.
    ("conv5:32", (28, 28, 192), 153_600, 32, 153_600, [28, 28, 32]),
    ("conv1:16,conv5:32", (28, 28, 192), 15_872, 16 + 32, 15_872, [28, 28, 32]),
    # VGG-16 fc6: 7·7·512·4096 on one position.
    ("fc:4096", (7, 7, 512), 102_760_448, 4096, 102_760_448, [1, 1, 4096]),
    # GAP + 1×1: 512·4096.
    ("gap,conv1:4096", (7, 7, 512), 2_097_152, 4096, 2_097_152, [1, 1, 4096]),
    # Depthwise separable 3×3 32 -> 64: 9·32 + 32·64, biases 32 + 64.
    ("sep3:64", (112, 112, 32), 9 * 32 + 32 * 64, 32 + 64, 9 * 32 + 32 * 64, [112, 112, 64]),
    # Grouped 3×3, 256 -> 256 in 32 groups: 9·(256/32)·256.
    ("conv3:256:g32", (56, 56, 256), 9 * 8 * 256, 256, 9 * 8 * 256, [56, 56, 256]),
    # A dense layer that keeps the volume: (100·100·512)·(100·100·64) weights, 100·100·512·64 MACs per position.
    ("fc:100x100x64", (100, 100, 512), 5_120_000 * 640_000, 640_000, 5_120_000 * 64, [100, 100, 64]),
]


@pytest.mark.parametrize("spec, volume, weights, biases, per_position, output", HAND_COUNTS)
def test_counts_match_hand_computed_values(spec, volume, weights, biases, per_position, output):
    result = chain_cost(list(parse_chain(spec, "a")), volume)
    assert result["totals"]["weights"] == weights
    assert result["totals"]["biases"] == biases
    assert result["totals"]["params"] == weights + biases
    assert result["output"] == output
    if len({row["positions"] for row in result["layers"]}) == 1:
        assert result["totals"]["macs_per_position"] == per_position


def test_the_seeds_bottleneck_needs_3_76_times_fewer_macs():
    direct = totals("conv4:256", (28, 28, 256))
    bottleneck = totals("conv1:64,conv4:256", (28, 28, 256))
    assert (direct["macs_per_position"], bottleneck["macs_per_position"]) == (1_048_576, 278_528)
    assert direct["macs"] == 1_048_576 * 28 * 28
    result = compare_chains((28, 28, 256), parse_chain("conv4:256", "a"), parse_chain("conv1:64,conv4:256", "b"), 1000)
    assert result["ratio"]["macs"] == 1_048_576 / 278_528 and round(result["ratio"]["macs"], 2) == 3.76


@pytest.mark.parametrize(
    "spec, volume, output",
    [
        ("conv3:8:s2", (7, 7, 4), [4, 4, 8]),  # SAME: ceil(7 / 2)
        ("conv3:8:s2:valid", (7, 7, 4), [3, 3, 8]),  # VALID: (7 - 3) // 2 + 1
        ("conv7:8:valid", (7, 7, 4), [1, 1, 8]),  # an FC layer as a conv: one position
        ("conv7:8:valid", (12, 12, 4), [6, 6, 8]),  # ... slid over a larger input: a 6×6 map
        ("pool2", (7, 9, 4), [3, 4, 4]),  # 2×2 max pooling, stride 2
        ("dw3:s2", (8, 8, 4), [4, 4, 4]),
        ("gap", (7, 5, 4), [1, 1, 4]),
    ],
)
def test_output_shapes(spec, volume, output):
    assert chain_cost(list(parse_chain(spec, "a")), volume)["output"] == output


def test_huge_shapes_are_exact_python_integers():
    result = totals("fc:4096x4096x8192", (4096, 4096, 8192))
    assert result["weights"] == (4096 * 4096 * 8192) ** 2 and result["weights"] > 2**64
    assert all(type(v) is int for v in result.values())


@pytest.mark.parametrize(
    "spec, volume, index, words",
    [
        ("conv1:64,conv5:32:valid", (3, 3, 256), 1, "5×5 kernel with valid padding does not fit a 3×3 input"),
        ("conv3:64:g5", (8, 8, 256), 0, "groups = 5 must divide"),
        ("pool4", (3, 3, 8), 0, "does not fit"),
    ],
)
def test_layers_that_do_not_fit_name_their_index(spec, volume, index, words):
    with pytest.raises(LayerError) as caught:
        chain_cost(list(parse_chain(spec, "a")), volume)
    assert caught.value.index == index and words in str(caught.value)


def test_break_even_width_is_the_smallest_r_at_which_the_bottleneck_costs_as_much():
    layers = list(parse_chain("conv1:64,conv4:256", "b"))
    volume = (28, 28, 256)
    budget = totals("conv4:256", volume)["macs"]
    even = break_even_width(layers, volume, 0, budget, 8192)
    assert even == 241  # 256·r + 16·r·256 >= 1,048,576  <=>  r >= 240.9
    brute = next(r for r in range(1, 8193) if chain_cost([Layer("conv", 1, r), layers[1]], volume)["totals"]["macs"] >= budget)
    assert even == brute
    assert break_even_width(layers, volume, 0, budget * 10**6, 8192) is None


def test_head_params_fc_grows_with_the_square_of_the_side_gap_does_not():
    assert head_params(7, 512, 1000) == {"side": 7, "fc": 7 * 7 * 512 * 1000 + 1000, "gap_1x1": 512 * 1000 + 1000}
    assert head_params(14, 512, 1000)["fc"] - 1000 == 4 * (head_params(7, 512, 1000)["fc"] - 1000)


def test_sample_spreads_multiples_and_keeps_the_must_points():
    points = sample(4, 1000, [241, 64], 20)
    assert all(p % 4 == 0 or p == 241 for p in points) and 64 in points and 241 in points and points == sorted(set(points))
    assert sample(1, 10, [], 96) == list(range(1, 11))


ROUND_TRIPS = ["conv3:256", "conv3:256:s2:valid:g32", "dw3:s2", "sep5:64", "fc:4096", "fc:7x7x512", "gap", "pool2", "conv1:64,conv3:64,conv1:256"]


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_chains_print_as_they_parse(text):
    assert format_chain(parse_chain(text, "a")) == text


@pytest.mark.parametrize(
    "text, words",
    [
        ("conv3", "b[0]: conv3 needs its number of filters"),
        ("conv1:64,foo", "b[1] must be conv<k>:<filters>"),
        ("conv3:9000", "b[0]: filters must be an integer from 1 to 8192"),
        ("conv0:8", "b[0]: kernel size must be an integer from 1 to 4096"),
        ("conv3:8:s99", "b[0]: stride must be an integer from 1 to 64"),
        ("pool2:s2", "unknown option 's2' for pool"),
        ("fc:1x2", "fc outputs must be <outputs> or <h>x<w>x<outputs>"),
        (",".join(["gap"] * 9), "b must be 1 to 8 comma-separated layers"),
        ("conv1:8,", "b must be 1 to 8 comma-separated layers"),
    ],
)
def test_bad_chains_name_the_layer_and_what_is_allowed(text, words):
    with pytest.raises(LayerSpecError, match=None) as caught:
        parse_chain(text, "b")
    assert words in str(caught.value)


@pytest.mark.parametrize("seed", range(30))
def test_random_chains_add_up(seed):
    rng = random.Random(seed)
    while True:  # draw until the chain fits its input (a pool after gap, say, does not)
        volume = (rng.randint(8, 64), rng.randint(8, 64), rng.choice([8, 16, 32, 64]))
        layers = []
        for _ in range(rng.randint(1, 6)):
            kind = rng.choice(["conv", "conv", "dw", "sep", "pool", "gap", "fc"])
            groups = rng.choice([1, 2, 4]) if kind == "conv" else 1
            layers.append(Layer(kind, kernel=rng.choice([1, 2, 3]), filters=rng.choice([8, 16, 32]), stride=rng.choice([1, 1, 2]), groups=groups))
        try:
            result = chain_cost(layers, volume)
            break
        except LayerError:
            continue
    rows = result["layers"]
    for key in ("weights", "biases", "params", "macs"):
        assert result["totals"][key] == sum(row[key] for row in rows)
    for before, after in zip(rows, rows[1:], strict=False):
        assert after["in"] == before["out"]
    for row, layer in zip(rows, layers, strict=True):
        assert row["macs"] == row["macs_per_position"] * row["positions"]
        assert row["positions"] == row["out"][0] * row["out"][1]
        assert layer_cost(layer, tuple(row["in"]))["params"] == row["params"]
