"""The URL is the state: every field of an example, declared once.

The same table parses and validates the page URL, the API query and (as JSON)
the browser's store, so a link, an embed and an API call mean the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, Message, message
from app.layer_spec import GRAMMAR as LAYER_GRAMMAR
from app.layer_spec import MAX_LAYERS, MAX_TEXT, LayerSpecError, format_chain, parse_chain

MAX_SIDE = 8
MAX_CHANNELS = 8
MAX_ABS_VALUE = 1000.0

# ASCII only, no spaces: int() and float() also read '٣', '３', '1_0' and ' 1 ', which no
# link of ours writes and the documented schema refuses. The page reads links with these
# same patterns (sent in each field's JSON), so a link means one thing to both.
INTEGER = re.compile(r"[+-]?[0-9]+")
NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
NUMBERS_PATTERN = rf"^({NUMBER}(,{NUMBER})*)?$"
_NUMBER = re.compile(NUMBER)


class StateError(ValueError):
    """A field of the state is invalid; ``field`` names it, the message says why.

    ``why`` is a catalog Message (the page says it in the reader's language; ``str()`` is
    the English text) or, for messages no page shows, plain text.
    """

    def __init__(self, field_name: str, why: Message | str, value: Any = None):
        super().__init__(why.text() if isinstance(why, Message) else why)
        self.field = field_name
        self.value = value
        self.message = why if isinstance(why, Message) else None


@dataclass(frozen=True)
class Field:
    """One state field: its URL name, kind, default, bounds and help text."""

    name: str
    kind: str  # "int", "choice", "numbers" or "layers"
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    length: str | None = None  # for "numbers": how many, as an expression of other fields

    def range_message(self) -> Message:
        """The allowed values, to be said in the reader's language."""
        if self.kind == "int":
            return message("range.integer", min=f"{self.minimum:g}", max=f"{self.maximum:g}")
        if self.kind == "choice":
            return message("range.choice", choices=", ".join(self.choices))
        if self.kind == "layers":
            return message("range.layers", max=MAX_LAYERS, grammar=LAYER_GRAMMAR)
        return message("range.numbers", length=self.length, min=f"{self.minimum:g}", max=f"{self.maximum:g}")

    def describe_range(self) -> str:
        """The allowed values in English words, for docs."""
        return self.range_message().text()

    def to_json(self) -> dict:
        """The field as the browser's store needs it, with the grammar of its numbers (one number,
        for a list: one entry), so that the page reads a link exactly as the API does."""
        grammar = {"int": INTEGER.pattern, "numbers": NUMBER}.get(self.kind)
        return {k: v for k, v in self.__dict__.items() if v not in (None, ())} | {"range": self.describe_range()} | ({"pattern": grammar} if grammar else {})


MIXER_FIELDS: tuple[Field, ...] = (
    Field("h", "int", 4, "Height of the image in pixels.", 1, MAX_SIDE),
    Field("w", "int", 4, "Width of the image in pixels.", 1, MAX_SIDE),
    Field("cin", "int", 3, "Input channels C_in.", 1, MAX_CHANNELS),
    Field("cout", "int", 2, "Output channels C_out (the number of 1x1 filters).", 1, MAX_CHANNELS),
    Field("act", "choice", "relu", "Activation after the bias.", choices=("none", "relu")),
    Field("order", "choice", "hwc", "Flatten order of the FC twin: channels last (hwc) or first (chw, PyTorch).", choices=("hwc", "chw")),
    Field("seed", "int", 1, "Seed of the random example used for any of x, weight, bias not given.", 0, 999_999),
    Field("x", "numbers", None, "Input values, pixel by pixel, channels last (h*w*cin numbers).", -MAX_ABS_VALUE, MAX_ABS_VALUE, length="h*w*cin"),
    Field(
        "weight",
        "numbers",
        None,
        "Weight matrix W, row by row: output channel o, input channel c (cout*cin numbers).",
        -MAX_ABS_VALUE,
        MAX_ABS_VALUE,
        length="cout*cin",
    ),
    Field("bias", "numbers", None, "Bias b, one per output channel (cout numbers).", -MAX_ABS_VALUE, MAX_ABS_VALUE, length="cout"),
)


@dataclass(frozen=True)
class MixerState:
    """A validated example. Lists are tuples so the state can key a cache."""

    h: int = 4
    w: int = 4
    cin: int = 3
    cout: int = 2
    act: str = "relu"
    order: str = "hwc"
    seed: int = 1
    x: tuple[float, ...] | None = field(default=None)
    weight: tuple[float, ...] | None = field(default=None)
    bias: tuple[float, ...] | None = field(default=None)


def _parse_int(f: Field, raw: str) -> int:
    try:
        value = int(raw) if INTEGER.fullmatch(raw) else None
    except ValueError:  # int() refuses past 4,300 digits; so long a number is out of range anyway
        value = None
    if value is None:
        raise StateError(f.name, message("problem.range", field=f.name, range=f.range_message(), got=repr(raw[:40])), raw)
    if not f.minimum <= value <= f.maximum:
        raise StateError(f.name, message("problem.range", field=f.name, range=f.range_message(), got=raw[:40]), raw)
    return value


def _parse_choice(f: Field, raw: str) -> str:
    if raw not in f.choices:
        raise StateError(f.name, message("problem.range", field=f.name, range=f.range_message(), got=repr(raw[:40])), raw)
    return raw


def _parse_layers(f: Field, raw: str) -> tuple:
    try:
        return parse_chain(raw, f.name)
    except LayerSpecError as error:
        raise StateError(f.name, error.message, raw) from None


def _parse_numbers(f: Field, raw: str, expected: int, length_text: str) -> tuple[float, ...]:
    parts = raw.split(",")
    if len(parts) != expected:
        raise StateError(f.name, message("problem.count", field=f.name, length=length_text, expected=expected, count=len(parts)), raw)
    values = []
    for k, part in enumerate(parts):
        value = float(part) if _NUMBER.fullmatch(part) else math.nan  # 1e999 reads as inf: refused below
        if not math.isfinite(value) or not f.minimum <= value <= f.maximum:
            why = message("problem.number", field=f.name, index=k, min=f"{f.minimum:g}", max=f"{f.maximum:g}", got=repr(part[:40]))
            raise StateError(f.name, why, raw)
        values.append(value + 0.0)  # -0.0 -> 0.0, so equal states print alike
    return tuple(values)


@dataclass(frozen=True)
class Spec:
    """The state of one view: its fields, how long its lists must be, and cross-field rules."""

    fields: tuple[Field, ...]
    lengths: Callable[[dict[str, Any]], dict[str, tuple[int, str]]]
    check: Callable[[dict[str, Any]], None] = lambda values: None

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def parse_query(query: Mapping[str, str], spec: Spec) -> dict[str, Any]:
    """Validate a query mapping (URL names) against ``spec`` into plain values.

    Missing fields take their defaults; unknown names are ignored (a page URL
    may carry view-only fields). A field given twice is refused: the browser reads the
    first value, Starlette the last, so the link would mean two things. Raises
    ``StateError`` naming the first bad field.
    """
    repeated = getattr(query, "getlist", None)
    for f in spec.fields:
        count = len(repeated(f.name)) if repeated else 1
        if count > 1:
            raise StateError(f.name, message("problem.once", field=f.name, range=f.range_message(), count=count), None)
    values: dict[str, Any] = {}
    for f in spec.fields:
        raw = query.get(f.name)
        if f.kind == "numbers":
            continue
        if f.kind == "layers":  # the default is text too: one parser for both
            values[f.name] = _parse_layers(f, f.default if raw is None else raw)
        elif raw is None:
            values[f.name] = f.default
        elif f.kind == "int":
            values[f.name] = _parse_int(f, raw)
        else:
            values[f.name] = _parse_choice(f, raw)
    spec.check(values)
    for name, (expected, text) in spec.lengths(values).items():
        raw = query.get(name)
        values[name] = _parse_numbers(spec.field(name), raw, expected, text) if raw else None
    return values


def _mixer_lengths(v: dict[str, Any]) -> dict[str, tuple[int, str]]:
    return {
        "x": (v["h"] * v["w"] * v["cin"], f"h·w·cin = {v['h']}·{v['w']}·{v['cin']}"),
        "weight": (v["cout"] * v["cin"], f"cout·cin = {v['cout']}·{v['cin']}"),
        "bias": (v["cout"], "cout"),
    }


MIXER = Spec(MIXER_FIELDS, _mixer_lengths)


# The Code panel's scripts are commented in the page's language: not part of the example.
SCRIPT = Spec(
    (Field("lang", "choice", DEFAULT_LANGUAGE, "Language of the scripts' comments and printed labels.", choices=tuple(LANGUAGES)),),
    lambda values: {},
)


def parse_state(query: Mapping[str, str]) -> MixerState:
    """Validate a mixer query into a ``MixerState`` (see ``parse_query``)."""
    return MixerState(**parse_query(query, MIXER))


def _format_number(value: float) -> str:
    return repr(int(value)) if value == int(value) else repr(value)


def serialize_state(state, spec: Spec = MIXER) -> dict[str, str]:
    """The state as URL query fields, defaults left out, lists comma-joined."""
    out: dict[str, str] = {}
    for f in spec.fields:
        value = getattr(state, f.name)
        if value is None or value == f.default or (f.kind == "layers" and format_chain(value) == f.default):
            continue
        if f.kind == "numbers":
            out[f.name] = ",".join(_format_number(v) for v in value)
        elif f.kind == "layers":
            out[f.name] = format_chain(value)
        else:
            out[f.name] = str(value)
    return out


def openapi_parameters(spec: Spec = MIXER) -> list[dict]:
    """The state fields as OpenAPI query parameters, for /docs."""
    params = []
    for f in spec.fields:
        if f.kind == "int":
            schema = {"type": "integer", "minimum": f.minimum, "maximum": f.maximum, "default": f.default}
        elif f.kind == "choice":
            schema = {"type": "string", "enum": list(f.choices), "default": f.default}
        elif f.kind == "layers":
            schema = {"type": "string", "maxLength": MAX_TEXT, "default": f.default}
        else:
            # Empty means the same as absent: the values come from the seed.
            schema = {"type": "string", "pattern": NUMBERS_PATTERN}
        params.append({"name": f.name, "in": "query", "required": False, "description": f"{f.help} Allowed: {f.describe_range()}.", "schema": schema})
    return params


LAB_MAX_KERNEL = 5
LAB_MAX_CHANNELS = 4
LAB_MAX_FILTERS = 8
LAB_MAX_INPUT = 12

LAB_FIELDS: tuple[Field, ...] = (
    Field("h", "int", 3, "Height of the volume the FC layer reads (= the kernel height).", 1, LAB_MAX_KERNEL),
    Field("w", "int", 3, "Width of the volume the FC layer reads (= the kernel width).", 1, LAB_MAX_KERNEL),
    Field("c", "int", 2, "Channels of the volume.", 1, LAB_MAX_CHANNELS),
    Field("k", "int", 4, "Outputs of FC1 (= the number of H×W kernels).", 1, LAB_MAX_FILTERS),
    Field("k2", "int", 3, "Outputs of FC2 (= 1×1 conv filters); 0 for a single FC layer.", 0, LAB_MAX_FILTERS),
    Field("bh", "int", 6, "Height of the larger input the converted head slides over.", 1, LAB_MAX_INPUT),
    Field("bw", "int", 6, "Width of the larger input.", 1, LAB_MAX_INPUT),
    Field("stride", "int", 1, "Stride of the slide (e.g. the stride of a pooling layer in front).", 1, 3),
    Field("act", "choice", "relu", "Activation after FC1.", choices=("none", "relu")),
    Field("order", "choice", "hwc", "Flatten order the FC layer was trained with: channels last (hwc) or first (chw, PyTorch).", choices=("hwc", "chw")),
    Field(
        "pitfall",
        "choice",
        "none",
        "A conversion mistake to show: none, order (reshape without permuting), same (SAME padding), bias (bias left out).",
        choices=("none", "order", "same", "bias"),
    ),
    Field("seed", "int", 1, "Seed of the random example used for any list not given.", 0, 999_999),
    Field("x", "numbers", None, "The larger input, pixel by pixel, channels last (bh*bw*c numbers).", -MAX_ABS_VALUE, MAX_ABS_VALUE, length="bh*bw*c"),
    Field("fc1", "numbers", None, "FC1 weights, row by row, each row in the flatten order (k*h*w*c numbers).", -MAX_ABS_VALUE, MAX_ABS_VALUE, length="k*h*w*c"),
    Field("b1", "numbers", None, "FC1 bias (k numbers).", -MAX_ABS_VALUE, MAX_ABS_VALUE, length="k"),
    Field("fc2", "numbers", None, "FC2 weights, row by row (k2*k numbers).", -MAX_ABS_VALUE, MAX_ABS_VALUE, length="k2*k"),
    Field("b2", "numbers", None, "FC2 bias (k2 numbers).", -MAX_ABS_VALUE, MAX_ABS_VALUE, length="k2"),
)


@dataclass(frozen=True)
class LabState:
    """A validated lab example (lists as tuples, so the state can key a cache)."""

    h: int = 3
    w: int = 3
    c: int = 2
    k: int = 4
    k2: int = 3
    bh: int = 6
    bw: int = 6
    stride: int = 1
    act: str = "relu"
    order: str = "hwc"
    pitfall: str = "none"
    seed: int = 1
    x: tuple[float, ...] | None = None
    fc1: tuple[float, ...] | None = None
    b1: tuple[float, ...] | None = None
    fc2: tuple[float, ...] | None = None
    b2: tuple[float, ...] | None = None


def _lab_check(v: dict[str, Any]) -> None:
    for big, small in (("bh", "h"), ("bw", "w")):
        if v[big] < v[small]:
            raise StateError(big, message("problem.fit", field=big, small=small, limit=v[small], got=v[big]), v[big])


def _lab_lengths(v: dict[str, Any]) -> dict[str, tuple[int, str]]:
    return {
        "x": (v["bh"] * v["bw"] * v["c"], f"bh·bw·c = {v['bh']}·{v['bw']}·{v['c']}"),
        "fc1": (v["k"] * v["h"] * v["w"] * v["c"], f"k·h·w·c = {v['k']}·{v['h']}·{v['w']}·{v['c']}"),
        "b1": (v["k"], "k"),
        "fc2": (v["k2"] * v["k"], f"k2·k = {v['k2']}·{v['k']}"),
        "b2": (v["k2"], "k2"),
    }


LAB = Spec(LAB_FIELDS, _lab_lengths, _lab_check)


def parse_lab_state(query: Mapping[str, str]) -> LabState:
    """Validate a lab query into a ``LabState`` (see ``parse_query``)."""
    return LabState(**parse_query(query, LAB))


COST_MAX_SIDE = 4096
COST_MAX_CHANNELS = 8192

COST_FIELDS: tuple[Field, ...] = (
    Field("h", "int", 28, "Height of the input volume.", 1, COST_MAX_SIDE),
    Field("w", "int", 28, "Width of the input volume.", 1, COST_MAX_SIDE),
    Field("c", "int", 256, "Channels of the input volume.", 1, COST_MAX_CHANNELS),
    Field("a", "layers", "conv4:256", "Path A, the layers applied in turn (usually the direct layer)."),
    Field("b", "layers", "conv1:64,conv4:256", "Path B, the alternative (usually with a 1×1 reduction)."),
    Field("classes", "int", 1000, "Outputs of the classifier head in the head chart (FC vs global average pooling + 1×1).", 1, 100_000),
)


@dataclass(frozen=True)
class CostState:
    """A validated cost-lab state: the input volume, two chains, the head's outputs."""

    h: int = 28
    w: int = 28
    c: int = 256
    a: tuple = field(default=parse_chain("conv4:256", "a"))
    b: tuple = field(default=parse_chain("conv1:64,conv4:256", "b"))
    classes: int = 1000


COST = Spec(COST_FIELDS, lambda values: {})


def parse_cost_state(query: Mapping[str, str]) -> CostState:
    """Validate a cost-lab query into a ``CostState`` (see ``parse_query``)."""
    return CostState(**parse_query(query, COST))
