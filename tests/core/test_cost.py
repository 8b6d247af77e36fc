"""The cost lab's arithmetic: hand-computed counts of real layers, exact big integers,
layer errors, the break-even width, the URL grammar, invariants of random chains
and, where torch is installed, the same counts read off PyTorch modules."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from app.core.cost import Layer, LayerError, break_even_width, chain_cost, head_params, layer_cost, output_side, sweep_width, width_step
from app.core.cost_lab import compare_chains, swept_layer
from app.state.layer_spec import LayerSpecError, format_chain, parse_chain, parse_layer

SEED_VOLUME = (28, 28, 256)


def cost(spec: str, volume) -> dict:
    return chain_cost(list(parse_chain(spec, "a")), volume)


def all_ints(value) -> bool:
    """Every number in a cost answer is a Python int (never a float, never a bool)."""
    if isinstance(value, dict):
        return all(all_ints(v) for k, v in value.items() if k not in ("kind", "part"))
    if isinstance(value, list):
        return all(all_ints(v) for v in value)
    return value is None or type(value) is int


# --- The seed's comparison ------------------------------------------------------------------


def test_seed_bottleneck_is_64_17ths_cheaper_per_position_than_the_direct_4x4_conv():
    direct = cost("conv4:256", SEED_VOLUME)["totals"]
    bottleneck = cost("conv1:64,conv4:256", SEED_VOLUME)["totals"]
    # A: 4·4·256·256 = 16·65,536 = 1,048,576
    assert direct["macs_per_position"] == 1_048_576
    # B: 1·1·256·64 + 4·4·64·256 = 16,384 + 262,144 = 278,528
    assert bottleneck["macs_per_position"] == 278_528
    # 1,048,576 / 278,528 = 2^20 / (2^14·17) = 64/17 ≈ 3.7647
    assert Fraction(direct["macs_per_position"], bottleneck["macs_per_position"]) == Fraction(64, 17)
    result = compare_chains(SEED_VOLUME, parse_chain("conv4:256", "a"), parse_chain("conv1:64,conv4:256", "b"), 1000)
    assert result["ratio"]["macs"] == 1_048_576 / 278_528
    assert result["ratio"]["macs"] == pytest.approx(3.7647, abs=1e-4)
    # Both keep 28·28 positions, so per image the ratio is the same: 784·1,048,576 / (784·278,528).
    assert result["paths"]["a"]["totals"]["macs"] == 784 * 1_048_576 == 822_083_584
    assert result["same_output"] is True


# --- Known layers, each worked by hand ------------------------------------------------------

# (chain, input volume, weights, biases, MACs per position (None if positions differ), MACs per image, output volume)
KNOWN = [
    # ResNet-50 bottleneck: 256·64 + 3·3·64·64 + 64·256 = 16,384 + 36,864 + 16,384 = 69,632; biases 64 + 64 + 256 = 384;
    # per image 69,632·56·56 = 69,632·3,136 = 218,365,952.
    ("conv1:64,conv3:64,conv1:256", (56, 56, 256), 69_632, 384, 69_632, 218_365_952, [56, 56, 256]),
    # VGG-16 fc6: 7·7·512·4096 = 25,088·4,096 = 102,760,448; biases 4,096; one position.
    ("fc:4096", (7, 7, 512), 102_760_448, 4_096, 102_760_448, 102_760_448, [1, 1, 4096]),
    # Inception 5×5 branch, direct: 5·5·192·32 = 153,600; per image 153,600·784 = 120,422,400.
    ("conv5:32", (28, 28, 192), 153_600, 32, 153_600, 120_422_400, [28, 28, 32]),
    # ... with a 1×1 reduction to 16: 192·16 + 5·5·16·32 = 3,072 + 12,800 = 15,872; biases 16 + 32; 15,872·784 = 12,443,648.
    ("conv1:16,conv5:32", (28, 28, 192), 15_872, 48, 15_872, 12_443_648, [28, 28, 32]),
    # Depthwise separable 3×3, 32 -> 64: 9·32 + 32·64 = 288 + 2,048 = 2,336; biases 32 + 64 = 96; 2,336·112·112 = 2,336·12,544 = 29,302,784.
    ("sep3:64", (112, 112, 32), 2_336, 96, 2_336, 29_302_784, [112, 112, 64]),
    # ... versus the full 3×3 conv: 9·32·64 = 18,432; 18,432·12,544 = 231,211,008.
    ("conv3:64", (112, 112, 32), 18_432, 64, 18_432, 231_211_008, [112, 112, 64]),
    # Grouped (ResNeXt) 3×3, 128 -> 128 in 32 groups: 9·(128/32)·128 = 9·4·128 = 4,608; 4,608·3,136 = 14,450,688.
    ("conv3:128:g32", (56, 56, 128), 4_608, 128, 4_608, 14_450_688, [56, 56, 128]),
    # Strided SAME: ceil(7/2) = 4 a side; 9·3·64 = 1,728 weights; 1,728·4·4 = 27,648.
    ("conv3:64:s2", (7, 7, 3), 1_728, 64, 1_728, 27_648, [4, 4, 64]),
    # Strided VALID: floor((7 - 3)/2) + 1 = 3 a side; 1,728·3·3 = 15,552.
    ("conv3:64:s2:valid", (7, 7, 3), 1_728, 64, 1_728, 15_552, [3, 3, 64]),
    # Non-square strided SAME: ceil(10/3) = 4, ceil(7/3) = 3; 4·4·3·6 = 288 weights; 288·12 = 3,456.
    ("conv4:6:s3", (10, 7, 3), 288, 6, 288, 3_456, [4, 3, 6]),
    # AlexNet conv1: floor((227 - 11)/4) + 1 = 55; 11·11·3·96 = 34,848; 34,848·55·55 = 34,848·3,025 = 105,415,200.
    ("conv11:96:s4:valid", (227, 227, 3), 34_848, 96, 34_848, 105_415_200, [55, 55, 96]),
    # Depthwise 3×3 stride 2 (MobileNet): 9·32 = 288 weights, 32 biases; ceil(112/2) = 56; 288·56·56 = 288·3,136 = 903,168.
    ("dw3:s2", (112, 112, 32), 288, 32, 288, 903_168, [56, 56, 32]),
    # pool2 halves each side, no parameters, no multiply-adds.
    ("pool2", (56, 56, 64), 0, 0, 0, 0, [28, 28, 64]),
    # pool3 on 7×8: floor((7 - 3)/3) + 1 = 2, floor((8 - 3)/3) + 1 = 2.
    ("pool3", (7, 8, 5), 0, 0, 0, 0, [2, 2, 5]),
    # GAP: 1×1×C out, 0 parameters, 0 MACs.
    ("gap", (7, 7, 2048), 0, 0, 0, 0, [1, 1, 2048]),
    # ResNet-50 head: GAP then fc 2048 -> 1000 = 2,048,000 weights, 1,000 biases.
    ("gap,fc:1000", (7, 7, 2048), 2_048_000, 1_000, 2_048_000, 2_048_000, [1, 1, 1000]),
    # fc with an H×W×K output: input 4·4·8 = 128 values; per position 128·10 = 1,280; 2·3 positions -> 7,680 weights = MACs; biases 2·3·10 = 60.
    ("fc:2x3x10", (4, 4, 8), 7_680, 60, 1_280, 7_680, [2, 3, 10]),
    # Positions differ (784 then 196): no total per position; per image 256·64·784 + 0 = 12,845,056.
    ("conv1:64,pool2", (28, 28, 256), 16_384, 64, None, 12_845_056, [14, 14, 64]),
]


@pytest.mark.parametrize("spec, volume, weights, biases, per_position, macs, output", KNOWN, ids=[f"{row[0]}@{row[1]}" for row in KNOWN])
def test_counts_of_known_layers_equal_hand_computed_values(spec, volume, weights, biases, per_position, macs, output):
    result = cost(spec, volume)
    totals = result["totals"]
    assert (totals["weights"], totals["biases"], totals["params"]) == (weights, biases, weights + biases)
    assert totals["macs_per_position"] == per_position
    assert totals["macs"] == macs
    assert result["output"] == output
    assert all_ints(result)


def test_separable_layer_splits_into_depthwise_and_pointwise_parts():
    row = layer_cost(Layer("sep", kernel=3, filters=64), (112, 112, 32))
    # depthwise 3·3·32 = 288 weights + 32 biases; pointwise 32·64 = 2,048 weights + 64 biases.
    assert row["parts"] == [{"part": "depthwise", "weights": 288, "biases": 32}, {"part": "pointwise", "weights": 2_048, "biases": 64}]
    # The full 3×3 conv costs 18,432 / 2,336 ≈ 7.9 times as much.
    assert layer_cost(Layer("conv", kernel=3, filters=64), (112, 112, 32))["weights"] == 9 * 32 * 64


@pytest.mark.parametrize(
    "size, kernel, stride, padding, expected",
    [
        (28, 4, 1, "same", 28),  # ceil(28/1)
        (7, 3, 2, "same", 4),  # ceil(7/2)
        (8, 3, 2, "same", 4),  # ceil(8/2)
        (10, 4, 3, "same", 4),  # ceil(10/3)
        (1, 5, 1, "same", 1),  # SAME keeps even a kernel larger than the input
        (7, 3, 2, "valid", 3),  # floor(4/2) + 1
        (8, 3, 2, "valid", 3),  # floor(5/2) + 1
        (227, 11, 4, "valid", 55),  # floor(216/4) + 1
        (5, 5, 1, "valid", 1),  # floor(0/1) + 1
    ],
)
def test_output_side_is_ceil_for_same_and_floor_plus_one_for_valid(size, kernel, stride, padding, expected):
    assert output_side(size, kernel, stride, padding) == expected


@pytest.mark.parametrize(
    "spec, volume, exact",
    [
        # fc:4096x4096x8192 on 4096×4096×8192: (4096·4096·8192)² = (2^12·2^12·2^13)² = 2^74 weights.
        ("fc:4096x4096x8192", (4096, 4096, 8192), 2**74),
        # 1×1 conv 8192 -> 8192 on 4096×4096: 2^26 weights, 2^26·2^24 = 2^50 MACs; chained with the fc above.
        ("conv1:8192,fc:4096x4096x8192", (4096, 4096, 8192), 2**26 + 2**74),
    ],
)
def test_huge_shapes_give_exact_python_ints_beyond_2_to_the_64(spec, volume, exact):
    result = cost(spec, volume)
    totals = result["totals"]
    assert totals["weights"] == exact and type(totals["weights"]) is int and totals["weights"] > 2**64
    assert totals["macs"] >= 2**74 and type(totals["macs"]) is int
    assert all_ints(result)


def test_huge_fc_counts_match_their_factors():
    row = layer_cost(Layer("fc", filters=8192, out_h=4096, out_w=4096), (4096, 4096, 8192))
    n = 4096 * 4096 * 8192  # values in, and values out
    assert row["weights"] == n * n == 2**74
    assert row["biases"] == n == 2**37
    assert row["macs_per_position"] == n * 8192 and row["positions"] == 4096 * 4096
    assert row["macs"] == n * n  # every output value reads every input value once
    assert str(row["weights"]) == "18889465931478580854784"


# --- Layers that do not fit -----------------------------------------------------------------

LAYER_ERRORS = [
    # 5×5 valid kernel on a 3×3 map, second layer.
    ("conv1:64,conv5:32:valid", (3, 3, 256), 1, "does not fit"),
    ("conv5:32:valid", (4, 4, 8), 0, "does not fit"),
    ("dw3:valid", (2, 9, 8), 0, "does not fit"),
    # 4 -> 2 -> 1, then a 2×2 pool no longer fits.
    ("pool2,pool2,pool2", (4, 4, 1), 2, "does not fit"),
    ("conv3:64:g5", (8, 8, 256), 0, "groups = 5 must divide"),  # 256 % 5 = 1
    ("conv3:30:g4", (8, 8, 256), 0, "groups = 4 must divide"),  # filters 30 % 4 = 2
    ("conv1:48,conv3:64:g32", (8, 8, 256), 1, "groups = 32 must divide"),  # 48 channels % 32 = 16
]


@pytest.mark.parametrize("spec, volume, index, words", LAYER_ERRORS)
def test_layer_error_names_the_index_of_the_failing_layer(spec, volume, index, words):
    with pytest.raises(LayerError, match=words) as caught:
        cost(spec, volume)
    assert caught.value.index == index


def test_compare_chains_tells_which_path_failed():
    with pytest.raises(LayerError) as caught:
        compare_chains((3, 3, 256), parse_chain("conv3:256", "a"), parse_chain("conv1:64,conv5:32:valid", "b"), 10)
    assert caught.value.path == "b" and caught.value.index == 1


# --- Break-even width -----------------------------------------------------------------------


def test_break_even_of_the_seed_is_241_the_smallest_width_reaching_the_direct_conv():
    b = list(parse_chain("conv1:64,conv4:256", "b"))
    budget = cost("conv4:256", SEED_VOLUME)["totals"]["macs"]
    # Per position B costs 256·r + 16·r·256 = 4,352·r; A costs 1,048,576; 1,048,576 / 4,352 ≈ 240.94.
    assert 4_352 * 240 < 1_048_576 <= 4_352 * 241
    brute = next(r for r in range(1, 8193) if sweep_width(b, SEED_VOLUME, 0, [r])[0]["macs"] >= budget)
    assert brute == 241
    assert break_even_width(b, SEED_VOLUME, 0, budget, 8192) == 241


def test_break_even_is_a_multiple_of_the_next_convs_groups():
    b = list(parse_chain("conv1:64,conv3:256:g32", "b"))
    budget = cost("conv3:256", SEED_VOLUME)["totals"]["macs"]
    assert width_step(b, 0) == 32
    brute = next(r for r in range(32, 8193, 32) if sweep_width(b, SEED_VOLUME, 0, [r])[0]["macs"] >= budget)
    assert break_even_width(b, SEED_VOLUME, 0, budget, 8192) == brute
    assert brute % 32 == 0


def test_break_even_is_none_when_b_never_reaches_the_budget():
    b = list(parse_chain("conv1:64,conv4:256", "b"))
    # At the widest allowed r = 8,192, B costs 4,352·8,192·784 ≈ 2.8e10 MACs, far below 10^15.
    assert break_even_width(b, SEED_VOLUME, 0, 10**15, 8192) is None
    assert break_even_width(b, SEED_VOLUME, 0, 1, 0) is None  # no width allowed at all


@pytest.mark.parametrize(
    "spec, index",
    [("conv1:64,conv4:256", 0), ("conv4:256", 0), ("gap,fc:1000", 1), ("pool2,sep3:64,conv1:10", 1), ("gap", None)],
)
def test_swept_layer_is_the_first_with_filters_feeding_another(spec, index):
    assert swept_layer(parse_chain(spec, "b")) == index


@pytest.mark.parametrize("side, channels, outputs, fc, gap", [(7, 512, 1000, 7 * 7 * 512 * 1000 + 1000, 512 * 1000 + 1000), (1, 3, 2, 3 * 2 + 2, 3 * 2 + 2)])
def test_head_params_fc_grows_with_side_squared_gap_does_not(side, channels, outputs, fc, gap):
    # 7·7·512·1000 + 1000 = 25,089,000; 512·1000 + 1000 = 513,000.
    assert head_params(side, channels, outputs) == {"side": side, "fc": fc, "gap_1x1": gap}


# --- The URL grammar ------------------------------------------------------------------------

CANONICAL = [
    "conv3:256",
    "conv3:256:s2:valid",
    "conv3:256:g32",
    "conv3:64:s2:valid:g2",
    "dw3",
    "dw3:s2",
    "dw5:valid",
    "sep3:256",
    "sep5:64:s2",
    "fc:4096",
    "fc:100x100x64",
    "gap",
    "pool2",
    "conv1:64,conv3:64,conv1:256",
    "conv1:64,conv4:256",
    "conv11:96:s4:valid,pool3,conv5:256,gap,fc:1000",
    ",".join(["conv1:8"] * 8),
]


@pytest.mark.parametrize("text", CANONICAL)
def test_format_chain_prints_back_what_parse_chain_read(text):
    layers = parse_chain(text, "a")
    assert format_chain(layers) == text
    assert parse_chain(format_chain(layers), "a") == layers


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("conv3:64:same", "conv3:64"),
        ("conv3:64:s1:g1", "conv3:64"),
        (" conv1:64 , gap ", "conv1:64,gap"),
        ("fc:1x1x10", "fc:10"),
        ("sep3:64:valid:s2", "sep3:64:s2:valid"),
    ],
)
def test_equivalent_spellings_print_in_canonical_form(text, canonical):
    assert format_chain(parse_chain(text, "a")) == canonical


@pytest.mark.parametrize(
    "text, layer",
    [
        ("conv3:256:s2:valid", Layer("conv", kernel=3, filters=256, stride=2, padding="valid")),
        ("conv3:256:g32", Layer("conv", kernel=3, filters=256, groups=32)),
        ("dw3:s2", Layer("dw", kernel=3, stride=2)),
        ("sep3:64", Layer("sep", kernel=3, filters=64)),
        ("fc:100x50x64", Layer("fc", filters=64, out_h=100, out_w=50)),
        ("gap", Layer("gap")),
        ("pool2", Layer("pool", kernel=2)),
    ],
)
def test_parse_layer_reads_each_field(text, layer):
    assert parse_layer(text, "a[0]") == layer


BAD_CHAINS = [
    ("", "a", "a must be 1 to 8 comma-separated layers"),
    ("conv1:64,,gap", "a", "a must be 1 to 8 comma-separated layers"),
    (",".join(["conv1:8"] * 9), "a", "a must be 1 to 8 comma-separated layers"),
    ("conv1:8," * 30 + "gap", "b", "b must be at most 200 characters"),
    ("foo", "a", "a[0] must be conv<k>:<filters>"),
    ("conv3", "a", "a[0]: conv3 needs its number of filters"),
    ("conv1:64,sep3", "b", "b[1]: sep3 needs its number of filters"),
    ("conv3:9000", "b", "b[0]: filters must be an integer from 1 to 8192"),
    ("conv3:-64", "a", "a[0]: filters must be an integer from 1 to 8192"),
    ("conv0:64", "a", "a[0]: kernel size must be an integer from 1 to 4096"),
    ("conv1:64,conv3:64:s0", "b", "b[1]: stride must be an integer from 1 to 64"),
    ("conv3:64:s65", "a", "a[0]: stride must be an integer from 1 to 64"),
    ("conv3:64:g0", "a", "a[0]: groups must be an integer from 1 to 8192"),
    ("pool2:s2", "b", "b[0]: unknown option 's2' for pool"),
    ("gap,dw3:g2", "b", "b[1]: unknown option 'g2' for dw"),
    ("conv3:64:pad", "a", "a[0]: unknown option 'pad' for conv"),
    ("gap:2", "a", "a[0] must be"),
    ("fc", "a", "a[0] must be"),
    ("fc:10x10", "a", "a[0]: fc outputs must be <outputs> or <h>x<w>x<outputs>"),
    ("fc:0", "a", "a[0]: outputs must be an integer from 1 to 8192"),
    ("gap,fc:4097x1x1", "b", "b[1]: output height must be an integer from 1 to 4096"),
    ("fc:1x1x8193", "a", "a[0]: output channels must be an integer from 1 to 8192"),
]


@pytest.mark.parametrize("text, name, words", BAD_CHAINS)
def test_bad_chain_raises_layer_spec_error_naming_the_layer(text, name, words):
    with pytest.raises(LayerSpecError) as caught:
        parse_chain(text, name)
    assert words in str(caught.value)


@pytest.mark.parametrize("text, words", [("conv3:²", "a[0]: filters"), ("conv٣:64", "a[0]: kernel size")])
def test_non_ascii_digits_are_a_layer_spec_error(text, words):
    with pytest.raises(LayerSpecError) as caught:
        parse_chain(text, "a")
    assert words in str(caught.value)


# --- Invariants of random chains ------------------------------------------------------------


def random_chain(rng: random.Random) -> tuple[list[Layer], tuple[int, int, int]]:
    """A chain of 1 to 6 layers that fits its random input, built layer by layer."""
    volume = start = (rng.randint(1, 40), rng.randint(1, 40), rng.choice([1, 3, 4, 8, 12, 16, 32, 64]))
    layers = []
    for _ in range(rng.randint(1, 6)):
        h, w, c = volume
        kind = rng.choice(["conv", "conv", "dw", "sep", "fc", "gap", "pool"])
        kernel = rng.randint(1, 7)
        padding = rng.choice(["same", "valid"]) if kernel <= min(h, w) else "same"
        if kind == "conv":
            groups = rng.choice([g for g in (1, 2, 4, 8) if c % g == 0])
            layer = Layer("conv", kernel, groups * rng.randint(1, 16), rng.randint(1, 3), padding, groups)
        elif kind == "dw":
            layer = Layer("dw", kernel, stride=rng.randint(1, 3), padding=padding)
        elif kind == "sep":
            layer = Layer("sep", kernel, rng.randint(1, 48), rng.randint(1, 3), padding)
        elif kind == "fc":
            layer = Layer("fc", filters=rng.randint(1, 64), out_h=rng.randint(1, 4), out_w=rng.randint(1, 4))
        elif kind == "pool":
            layer = Layer("pool", kernel=rng.randint(1, min(h, w)))
        else:
            layer = Layer("gap")
        layers.append(layer)
        volume = tuple(layer_cost(layer, volume)["out"])
    return layers, start


@pytest.mark.parametrize("seed", range(30))
def test_random_chain_totals_are_the_sums_of_its_rows(seed):
    layers, volume = random_chain(random.Random(seed))
    result = chain_cost(layers, volume)
    rows = result["layers"]
    assert len(rows) == len(layers)
    assert rows[0]["in"] == list(volume)
    for before, after in zip(rows, rows[1:], strict=False):
        assert after["in"] == before["out"]
    assert result["output"] == rows[-1]["out"]
    for index, (layer, row) in enumerate(zip(layers, rows, strict=True)):
        assert row["macs"] == row["macs_per_position"] * row["positions"]
        assert row["positions"] == row["out"][0] * row["out"][1]
        assert row["params"] == row["weights"] + row["biases"]
        assert row == layer_cost(layer, tuple(row["in"]), index)
    for key in ("weights", "biases", "params", "macs"):
        assert result["totals"][key] == sum(row[key] for row in rows)
    same_positions = len({row["positions"] for row in rows}) == 1
    assert result["totals"]["macs_per_position"] == (sum(row["macs_per_position"] for row in rows) if same_positions else None)
    assert all_ints(result)
    assert parse_chain(format_chain(tuple(layers)), "a") == tuple(layers)


# --- PyTorch reference ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def torch_layer(torch, layer: Layer, channels: int, height: int, width: int):
    """The torch module for one of our layers, on a (1, channels, height, width) input."""
    nn = torch.nn

    def conv(c_in, c_out, kernel, groups):
        if layer.padding == "valid":
            return nn.Conv2d(c_in, c_out, kernel, stride=layer.stride, groups=groups)
        if layer.stride == 1:
            return nn.Conv2d(c_in, c_out, kernel, padding="same", groups=groups)
        # TensorFlow's SAME: ceil(n/s) out, the odd padding pixel on the bottom/right.
        pads = []
        for n in (width, height):
            total = max((-(-n // layer.stride) - 1) * layer.stride + kernel - n, 0)
            pads += [total // 2, total - total // 2]
        return nn.Sequential(nn.ZeroPad2d(tuple(pads)), nn.Conv2d(c_in, c_out, kernel, stride=layer.stride, groups=groups))

    if layer.kind == "conv":
        return conv(channels, layer.filters, layer.kernel, layer.groups)
    if layer.kind == "dw":
        return conv(channels, channels, layer.kernel, channels)
    if layer.kind == "sep":
        return nn.Sequential(conv(channels, channels, layer.kernel, channels), nn.Conv2d(channels, layer.filters, 1))
    if layer.kind == "fc":
        outputs = (layer.filters, layer.out_h, layer.out_w)
        return nn.Sequential(nn.Flatten(), nn.Linear(channels * height * width, layer.filters * layer.out_h * layer.out_w), nn.Unflatten(1, outputs))
    if layer.kind == "pool":
        return nn.MaxPool2d(layer.kernel)
    return nn.AdaptiveAvgPool2d(1)


def torch_macs(torch, module, x) -> int:
    """Multiply-adds of a forward pass: each Conv2d's weight count times its output positions, each Linear's weight count."""
    counted = []

    def hook(m, _inputs, output):
        if isinstance(m, torch.nn.Conv2d):
            counted.append(m.weight.numel() * output.shape[2] * output.shape[3])
        elif isinstance(m, torch.nn.Linear):
            counted.append(m.weight.numel())

    handles = [m.register_forward_hook(hook) for m in module.modules()]
    with torch.no_grad():
        y = module(x)
    for handle in handles:
        handle.remove()
    return sum(counted), y


TORCH_CASES = [
    ("conv3:8", (6, 6, 4)),
    ("conv4:8", (7, 5, 4)),  # even kernel, SAME
    ("conv5:4", (3, 3, 2)),  # kernel larger than the input, SAME
    ("conv3:8:valid", (7, 5, 4)),
    ("conv3:8:s2", (7, 6, 4)),
    ("conv4:6:s3", (10, 7, 3)),
    ("conv3:8:s2:valid", (9, 7, 4)),
    ("conv3:8:g2", (5, 5, 4)),
    ("conv3:16:g4:s2", (9, 8, 8)),
    ("dw3", (6, 6, 4)),
    ("dw3:s2:valid", (7, 7, 3)),
    ("sep3:8", (6, 6, 4)),
    ("sep5:8:s2", (9, 9, 3)),
    ("fc:10", (4, 4, 3)),
    ("fc:2x3x5", (3, 3, 2)),
    ("pool2", (6, 6, 3)),
    ("pool3", (7, 8, 2)),
    ("gap", (5, 5, 3)),
    ("conv1:4,conv4:16", (8, 8, 16)),  # the seed, scaled down
    ("conv1:4,conv3:4,conv1:16", (6, 6, 16)),  # a bottleneck
    ("conv3:8:s2,pool2,gap,fc:10", (16, 16, 3)),
    ("conv11:8:s4:valid,pool3,sep3:8,conv1:4:g2", (40, 37, 3)),
]


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel:UserWarning")
@pytest.mark.parametrize("spec, volume", TORCH_CASES)
def test_counts_and_shapes_equal_the_pytorch_modules(torch, spec, volume):
    result = cost(spec, volume)
    x = torch.zeros(1, volume[2], volume[0], volume[1])
    for layer, row in zip(parse_chain(spec, "a"), result["layers"], strict=True):
        assert list(x.shape[1:]) == [row["in"][2], row["in"][0], row["in"][1]]
        module = torch_layer(torch, layer, x.shape[1], x.shape[2], x.shape[3])
        parameters = list(module.named_parameters())
        assert row["weights"] + row["biases"] == sum(p.numel() for _, p in parameters)
        assert row["weights"] == sum(p.numel() for name, p in parameters if name.endswith("weight"))
        assert row["biases"] == sum(p.numel() for name, p in parameters if name.endswith("bias"))
        macs, x = torch_macs(torch, module, x)
        assert row["out"] == [x.shape[2], x.shape[3], x.shape[1]]  # ours is (H', W', C'), torch's (1, C', H', W')
        assert row["macs"] == macs
    assert result["output"] == [x.shape[2], x.shape[3], x.shape[1]]


def test_compare_chains_sweeps_a_reduction_before_a_depthwise_and_a_grouped_conv():
    b = parse_chain("conv1:64,dw3,conv1:256:g32", "b")
    assert chain_cost(list(b), SEED_VOLUME)["output"] == [28, 28, 256]  # the chain itself fits
    result = compare_chains(SEED_VOLUME, parse_chain("conv4:256", "a"), b, 1000)
    assert all(point["width"] % 32 == 0 for point in result["sweep"]["points"])


def test_sample_spreads_multiples_and_keeps_the_must_points():
    from app.core.cost_lab import sample

    points = sample(4, 1000, [241, 64], 20)
    assert all(p % 4 == 0 or p == 241 for p in points) and 64 in points and 241 in points and points == sorted(set(points))
    assert sample(1, 10, [], 96) == list(range(1, 11))
