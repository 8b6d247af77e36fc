"""Chains of layers in the URL: a short, readable grammar, parsed and printed here.

    conv3:256            3×3 conv to 256 channels (SAME padding, stride 1)
    conv3:256:s2:valid   ... stride 2, no padding
    conv3:256:g32        ... in 32 groups
    dw3, dw3:s2          depthwise 3×3
    sep3:256             depthwise 3×3 then pointwise 1×1 to 256
    fc:4096              dense on the flattened volume, 1×1×4096 out
    fc:100x100x64        dense on the flattened volume, 100×100×64 out
    gap                  global average pooling
    pool2                2×2 max pooling, stride 2

Layers are separated by commas: ``conv1:64,conv3:64,conv1:256``.
"""

from __future__ import annotations

import re

from app.core.cost import Layer
from app.i18n.catalog import Message, message

MAX_LAYERS = 8
MAX_SIDE = 4096
MAX_CHANNELS = 8192
MAX_STRIDE = 64
MAX_TEXT = 200

# Each kind of layer and the parts its text may give (the cost lab's path editor shows these controls).
PARTS = {
    "conv": ("kernel", "filters", "stride", "padding", "groups"),
    "dw": ("kernel", "stride", "padding"),
    "sep": ("kernel", "filters", "stride", "padding"),
    "fc": ("out", "filters"),
    "gap": (),
    "pool": ("kernel",),
}
PADDINGS = ("same", "valid")
# Largest value of each part, as the parser bounds it.
LIMITS = {"kernel": MAX_SIDE, "out": MAX_SIDE, "filters": MAX_CHANNELS, "groups": MAX_CHANNELS, "stride": MAX_STRIDE}

GRAMMAR = "conv<k>:<filters>, dw<k>, sep<k>:<filters>, fc:<outputs> or fc:<h>x<w>x<outputs>, gap, pool<k>; options :s<stride>, :valid, :g<groups>"
_HEAD = re.compile(r"^(conv|dw|sep|pool)(\d+)$")


class LayerSpecError(ValueError):
    """A chain does not parse; the message names the layer (``a[1]``) and what is allowed."""

    def __init__(self, why: Message):
        super().__init__(why.text())
        self.message = why


def _bounded(text: str, what: str, where: str, low: int, high: int) -> int:
    # ASCII digits only: str.isdigit() also accepts '²' and '٣', which int() refuses or reads as 3.
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise LayerSpecError(message("problem.layer.integer", where=where, what=message(f"layer.part.{what}"), min=low, max=high, got=repr(text[:20])))
    return int(text)


def parse_layer(text: str, where: str) -> Layer:
    """One layer, e.g. ``conv3:256:s2``; ``where`` (``a[1]``) prefixes error messages."""
    head, *options = text.strip().split(":")
    if head == "gap" and not options:
        return Layer("gap")
    if head == "fc":
        if len(options) != 1:
            raise LayerSpecError(message("problem.layer.grammar", where=where, grammar=GRAMMAR, got=repr(text[:40])))
        dims = options[0].split("x")
        if len(dims) == 1:
            return Layer("fc", filters=_bounded(dims[0], "outputs", where, 1, MAX_CHANNELS))
        if len(dims) == 3:
            out_h = _bounded(dims[0], "output_height", where, 1, MAX_SIDE)
            out_w = _bounded(dims[1], "output_width", where, 1, MAX_SIDE)
            return Layer("fc", filters=_bounded(dims[2], "output_channels", where, 1, MAX_CHANNELS), out_h=out_h, out_w=out_w)
        raise LayerSpecError(message("problem.layer.fc", where=where, got=repr(options[0][:40])))
    match = _HEAD.match(head)
    if not match:
        raise LayerSpecError(message("problem.layer.grammar", where=where, grammar=GRAMMAR, got=repr(text[:40])))
    kind = match.group(1)
    kernel = _bounded(match.group(2), "kernel_size", where, 1, MAX_SIDE)
    fields: dict = {"kind": kind, "kernel": kernel}
    if kind in ("conv", "sep"):
        if not options:
            raise LayerSpecError(message("problem.layer.filters", where=where, layer=f"{kind}{kernel}", example=f"{kind}{kernel}:64"))
        fields["filters"] = _bounded(options.pop(0), "filters", where, 1, MAX_CHANNELS)
    for option in options:
        if option in ("valid", "same") and kind != "pool":
            fields["padding"] = option
        elif option[:1] == "s" and kind != "pool":
            fields["stride"] = _bounded(option[1:], "stride", where, 1, MAX_STRIDE)
        elif option[:1] == "g" and kind == "conv":
            fields["groups"] = _bounded(option[1:], "groups", where, 1, MAX_CHANNELS)
        else:
            raise LayerSpecError(message("problem.layer.option", where=where, got=repr(option[:20]), kind=kind, grammar=GRAMMAR))
    return Layer(**fields)


def parse_chain(text: str, name: str) -> tuple[Layer, ...]:
    """A comma-separated chain of 1 to MAX_LAYERS layers; ``name`` is the URL field (a or b)."""
    if len(text) > MAX_TEXT:
        raise LayerSpecError(message("problem.chain.length", field=name, max=MAX_TEXT, count=len(text)))
    parts = [part for part in text.split(",")]
    if not 1 <= len(parts) <= MAX_LAYERS or not all(part.strip() for part in parts):
        raise LayerSpecError(message("problem.chain.count", field=name, max=MAX_LAYERS, grammar=GRAMMAR, got=repr(text[:40])))
    return tuple(parse_layer(part, f"{name}[{n}]") for n, part in enumerate(parts))


def format_layer(layer: Layer) -> str:
    """The canonical text of a layer (defaults left out)."""
    if layer.kind == "gap":
        return "gap"
    if layer.kind == "fc":
        return f"fc:{layer.filters}" if (layer.out_h, layer.out_w) == (1, 1) else f"fc:{layer.out_h}x{layer.out_w}x{layer.filters}"
    text = f"{layer.kind}{layer.kernel}"
    if layer.kind in ("conv", "sep"):
        text += f":{layer.filters}"
    if layer.kind != "pool":
        if layer.stride != 1:
            text += f":s{layer.stride}"
        if layer.padding != "same":
            text += f":{layer.padding}"
    if layer.groups != 1:
        text += f":g{layer.groups}"
    return text


def format_chain(layers: tuple[Layer, ...]) -> str:
    """The canonical text of a chain: parse_chain(format_chain(c)) == c."""
    return ",".join(format_layer(layer) for layer in layers)
