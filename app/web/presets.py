"""One-click examples for each view, each a URL state (see app.state)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.digits import POINTS, encode_drawing, example_drawing


@dataclass(frozen=True)
class Preset:
    """A named state: ``key`` picks its title and blurb from the string catalog."""

    key: str
    query: dict[str, str]


PRESETS: tuple[Preset, ...] = (
    # Seed 000: two 2x2 input channels, one output channel = 4 FC layers sharing weights.
    Preset(
        "seed_2x2",
        {"h": "2", "w": "2", "cin": "2", "cout": "1", "act": "none", "x": "1,5,2,6,3,7,4,8", "weight": "2,-1", "bias": "0"},
    ),
    # Seed 003: LeCun's FC 3 -> 2 with W=[[0,1,1],[2,3,5]], b=[8,13], ReLU on a single pixel.
    Preset("lecun_1x1", {"h": "1", "w": "1", "cin": "3", "cout": "2", "act": "relu", "x": "1,2,3", "weight": "0,1,1,2,3,5", "bias": "8,13"}),
    # The same layer slid over a 2x2 image; the last pixel's sums go negative, so ReLU shows.
    Preset(
        "lecun_2x2",
        {"h": "2", "w": "2", "cin": "3", "cout": "2", "act": "relu", "x": "1,2,3,-1,0,2,2,-1,1,0,-3,-6", "weight": "0,1,1,2,3,5", "bias": "8,13"},
    ),
    # The default: 4x4 image, 3 channels -> 2, a random example.
    Preset("default", {}),
)


LAB_PRESETS: tuple[Preset, ...] = (
    # FC 3×3×2 -> 4 -> ReLU -> FC 4 -> 3, slid over a 6×6 input: a 4×4 map of 3 scores.
    Preset("lab_default", {}),
    # A single FC layer: its conv has one output per crop, no 1×1 layer after it.
    Preset("lab_single", {"k2": "0", "k": "3"}),
    # A pooling layer of stride 2 in front: the window jumps 2 pixels at a time.
    Preset("lab_stride", {"stride": "2", "bh": "7", "bw": "7"}),
    # The question's 2×2 volume of 2 channels, read by an FC layer with 2 outputs, slid over 4×4.
    Preset("lab_small", {"h": "2", "w": "2", "c": "2", "k": "2", "k2": "0", "bh": "4", "bw": "4"}),
)


COST_PRESETS: tuple[Preset, ...] = (
    # Seed 001: 256 channels -> 1×1 to 64 -> 4×4 to 256, against a direct 4×4 conv 256 -> 256 (3.76× fewer MACs).
    Preset("cost_seed", {}),
    # ResNet-50's bottleneck: 256 -> 1×1 64 -> 3×3 64 -> 1×1 256 against a 3×3 conv 256 -> 256, on conv2_x's 56×56.
    Preset("cost_resnet", {"h": "56", "w": "56", "c": "256", "a": "conv3:256", "b": "conv1:64,conv3:64,conv1:256"}),
    # GoogLeNet inception (3a), 5×5 branch: 192 -> 5×5 32 directly, or 192 -> 1×1 16 -> 5×5 32.
    Preset("cost_inception", {"h": "28", "w": "28", "c": "192", "a": "conv5:32", "b": "conv1:16,conv5:32"}),
    # VGG-16's fc6 on pool5 (7×7×512 -> 4096) against global average pooling + a 1×1 conv 512 -> 4096.
    Preset("cost_vgg", {"h": "7", "w": "7", "c": "512", "a": "fc:4096", "b": "gap,conv1:4096"}),
    # Seeds 001/002: 100×100×512 -> 1×1 with D = 64 filters -> 100×100×64, against a dense layer giving the same volume.
    Preset("cost_reduce", {"h": "100", "w": "100", "c": "512", "a": "fc:100x100x64", "b": "conv1:64"}),
    # MobileNet: a 3×3 conv 32 -> 64 against its depthwise-separable version (depthwise 3×3 + pointwise 1×1).
    Preset("cost_separable", {"h": "112", "w": "112", "c": "32", "a": "conv3:64", "b": "sep3:64"}),
)


TRAIN_PRESETS: tuple[Preset, ...] = (
    # 3×3 image, 3 channels -> 2, 20 steps at learning rate 0.02.
    Preset("train_default", {}),
    # Seed 000's shape: 2 channels of 2×2 -> 1; 4 pixels, so even a 1×1 conv nearly fits.
    Preset("train_seed", {"h": "2", "w": "2", "cin": "2", "cout": "1", "steps": "15", "lr": "0.05"}),
    # One pixel: the FC layer and the 1×1 conv are the same layer, untied or not.
    Preset("train_one_pixel", {"h": "1", "w": "1", "steps": "10", "lr": "0.05"}),
)


TABLE_PRESETS: tuple[Preset, ...] = (
    # Seed 003: LeCun's FC layer 3 -> 2 (W = [[0,1,1],[2,3,5]], b = [8,13]) as a 1×1 conv with a full table, on one pixel.
    Preset(
        "table_lecun",
        {"table": "full", "cin": "3", "cout": "2", "k": "1", "h": "1", "w": "1", "x": "1,2,3", "weight": "0,1,1,2,3,5", "bias": "8,13"},
    ),
    # LeNet-5's C3: 6 S2 maps -> 16 maps, 5×5 kernels, 60 connections, 1,516 parameters (the default).
    Preset("table_lenet", {}),
    # ResNeXt's grouped 3×3 convolution (32 groups of 4 maps in the paper), here 4 groups of 4 maps.
    Preset("table_resnext", {"table": "groups", "cin": "16", "cout": "16", "g": "4", "k": "3", "h": "5", "w": "5"}),
    # MobileNet's depthwise 3×3: one kernel per map, each output map reads its own input map only.
    Preset("table_mobilenet", {"table": "depthwise", "cin": "8", "cout": "8", "k": "3", "h": "5", "w": "5"}),
)


DIGITS_PRESETS: tuple[Preset, ...] = (
    # Held-out digits 3 1 4 1 5 side by side, one every 8 columns (the default).
    Preset("digits_pi", {}),
    # 2 0 2 6 with empty paper between them: the map says "no digit" in the gaps.
    Preset("digits_spaced", {"ink": example_drawing(((2, 1), (0, 11), (2, 21), (6, 31)))}),
    # One 7 in the middle of the strip: a single stretch of the map reads it.
    Preset("digits_one", {"ink": example_drawing(((7, 16),))}),
    # Empty paper, to draw on.
    Preset("digits_blank", {"ink": encode_drawing(np.zeros(POINTS, dtype=bool))}),
)
