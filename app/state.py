"""The URL is the state: every field of an example, declared once.

The same table parses and validates the page URL, the API query and (as JSON)
the browser's store, so a link, an embed and an API call mean the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_SIDE = 8
MAX_CHANNELS = 8
MAX_ABS_VALUE = 1000.0


class StateError(ValueError):
    """A field of the state is invalid; ``field`` names it, the message says why."""

    def __init__(self, field_name: str, message: str, value: Any = None):
        super().__init__(message)
        self.field = field_name
        self.value = value


@dataclass(frozen=True)
class Field:
    """One state field: its URL name, kind, default, bounds and help text."""

    name: str
    kind: str  # "int", "choice" or "numbers"
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    length: str | None = None  # for "numbers": how many, as an expression of other fields

    def describe_range(self) -> str:
        """The allowed values in words, for error messages and docs."""
        if self.kind == "int":
            return f"an integer from {self.minimum:g} to {self.maximum:g}"
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        return f"{self.length} comma-separated numbers from {self.minimum:g} to {self.maximum:g}"

    def to_json(self) -> dict:
        """The field as the browser's store needs it."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, ())} | {"range": self.describe_range()}


FIELDS: tuple[Field, ...] = (
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
FIELDS_BY_NAME = {f.name: f for f in FIELDS}


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
        value = int(raw.strip())
    except ValueError:
        raise StateError(f.name, f"{f.name} must be {f.describe_range()}, got {raw[:40]!r}", raw) from None
    if not f.minimum <= value <= f.maximum:
        raise StateError(f.name, f"{f.name} must be {f.describe_range()}, got {value}", raw)
    return value


def _parse_choice(f: Field, raw: str) -> str:
    if raw not in f.choices:
        raise StateError(f.name, f"{f.name} must be {f.describe_range()}, got {raw[:40]!r}", raw)
    return raw


def _parse_numbers(f: Field, raw: str, expected: int, length_text: str) -> tuple[float, ...]:
    parts = raw.split(",")
    if len(parts) != expected:
        raise StateError(f.name, f"{f.name} must have {length_text} = {expected} numbers, got {len(parts)}", raw)
    values = []
    for k, part in enumerate(parts):
        try:
            value = float(part)
        except ValueError:
            raise StateError(f.name, f"{f.name}[{k}] must be a number from {f.minimum:g} to {f.maximum:g}, got {part[:40]!r}", raw) from None
        if not math.isfinite(value) or not f.minimum <= value <= f.maximum:
            raise StateError(f.name, f"{f.name}[{k}] must be a number from {f.minimum:g} to {f.maximum:g}, got {part[:40]!r}", raw)
        values.append(value + 0.0)  # -0.0 -> 0.0, so equal states print alike
    return tuple(values)


def parse_state(query: Mapping[str, str]) -> MixerState:
    """Validate a query mapping (URL names) into a ``MixerState``.

    Missing fields take their defaults; unknown names are ignored (a page URL
    may carry view-only fields). Raises ``StateError`` naming the first bad field.
    """
    values: dict[str, Any] = {}
    for f in FIELDS:
        raw = query.get(f.name)
        if raw is None or (raw == "" and f.kind == "numbers"):
            values[f.name] = f.default
        elif f.kind == "int":
            values[f.name] = _parse_int(f, raw)
        elif f.kind == "choice":
            values[f.name] = _parse_choice(f, raw)
    lengths = {
        "x": (values["h"] * values["w"] * values["cin"], f"h·w·cin = {values['h']}·{values['w']}·{values['cin']}"),
        "weight": (values["cout"] * values["cin"], f"cout·cin = {values['cout']}·{values['cin']}"),
        "bias": (values["cout"], "cout"),
    }
    for name, (expected, text) in lengths.items():
        raw = query.get(name)
        values[name] = _parse_numbers(FIELDS_BY_NAME[name], raw, expected, text) if raw else None
    return MixerState(**values)


def _format_number(value: float) -> str:
    return repr(int(value)) if value == int(value) else repr(value)


def serialize_state(state: MixerState) -> dict[str, str]:
    """The state as URL query fields, defaults left out, lists comma-joined."""
    out: dict[str, str] = {}
    for f in FIELDS:
        value = getattr(state, f.name)
        if value is None or value == f.default:
            continue
        out[f.name] = ",".join(_format_number(v) for v in value) if f.kind == "numbers" else str(value)
    return out


def openapi_parameters() -> list[dict]:
    """The state fields as OpenAPI query parameters, for /docs."""
    params = []
    for f in FIELDS:
        if f.kind == "int":
            schema = {"type": "integer", "minimum": f.minimum, "maximum": f.maximum, "default": f.default}
        elif f.kind == "choice":
            schema = {"type": "string", "enum": list(f.choices), "default": f.default}
        else:
            schema = {"type": "string", "pattern": r"^-?[0-9.eE+-]+(,-?[0-9.eE+-]+)*$"}
        params.append({"name": f.name, "in": "query", "required": False, "description": f"{f.help} Allowed: {f.describe_range()}.", "schema": schema})
    return params
