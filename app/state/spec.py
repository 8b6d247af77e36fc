"""The URL is the state: every field of every view, declared once.

Each view has one ``Spec``: its fields, with their kinds, defaults, bounds, help
text, list shapes and which of them are shape controls, plus the view-only fields
every page has (step, chapter, presentation mode, theme, language). The same spec
parses and validates the page URL and the API query, documents the API (OpenAPI),
builds the state class, draws the templates' choices, and goes to the browser as
JSON, so a link, an embed and an API call mean the same thing and the page reads a
link by the same grammar as the server.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass, make_dataclass, replace
from dataclasses import field as dataclass_field
from functools import lru_cache
from typing import Any, ClassVar

from app.core import digits
from app.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES, Message, message
from app.state.layer_spec import GRAMMAR as LAYER_GRAMMAR
from app.state.layer_spec import LIMITS, MAX_LAYERS, MAX_TEXT, PADDINGS, PARTS, LayerSpecError, format_chain, parse_chain
from app.state.numbers import INTEGER, NUMBER, NUMBER_RE, NUMBERS_PATTERN, number_text

MAX_SIDE = 8
MAX_CHANNELS = 8
MAX_ABS_VALUE = 1000.0
MAX_CHAPTERS = 11  # the guided path length: app/web/guide.py asserts it
MAX_STEP = 64


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
    """One URL field: its name, default and help text; the kinds below say how it reads and writes.

    ``shape``: a shape control (a stepper; changing it reshapes the lists). ``view``: in the
    page URL only, never sent to the API, and a bad value reads as the default. ``kept``: a
    view field that survives a preset or a reset.
    """

    name: str
    default: Any
    help: str
    _: KW_ONLY
    shape: bool = False
    view: bool = False
    kept: bool = False
    kind: ClassVar[str] = ""

    @property
    def state_default(self) -> Any:
        """The default as the state holds it."""
        return self.default

    def parse(self, raw: str) -> Any:
        """The value of ``raw``; raises ``StateError`` naming the field and the allowed range."""
        raise NotImplementedError

    def format(self, value: Any) -> str:
        """The value as the URL writes it."""
        return str(value)

    def range_message(self) -> Message:
        """The allowed values, to be said in the reader's language."""
        raise NotImplementedError

    def describe_range(self) -> str:
        """The allowed values in English words, for docs."""
        return self.range_message().text()

    def schema(self) -> dict:
        """The field's OpenAPI schema."""
        raise NotImplementedError

    def parameter(self) -> dict:
        """The field as an OpenAPI query parameter."""
        return {"name": self.name, "in": "query", "required": False, "description": f"{self.help} Allowed: {self.describe_range()}.", "schema": self.schema()}

    def read_view(self, raw: str | None) -> Any:
        """A view field's value: ``raw`` when valid, else the default (view fields are never refused)."""
        if raw is None:
            return self.default
        try:
            return self.parse(raw)
        except StateError:
            return self.default

    def refuse(self, got: str) -> StateError:
        return StateError(self.name, message("problem.range", field=self.name, range=self.range_message(), got=got), got)

    def to_json(self) -> dict:
        """The field as the browser needs it; empty and false entries left out."""
        own = {k: v for k, v in self.__dict__.items() if v is not None and v != () and v is not False}
        return {"kind": self.kind, **own, "default": self.default, "range": self.describe_range()}


@dataclass(frozen=True, kw_only=True)
class IntField(Field):
    """An integer from ``minimum`` to ``maximum``, in ASCII digits."""

    minimum: int
    maximum: int
    kind: ClassVar[str] = "int"

    def parse(self, raw: str) -> int:
        try:
            value = int(raw) if INTEGER.fullmatch(raw) else None
        except ValueError:  # int() refuses past 4,300 digits; so long a number is out of range anyway
            value = None
        if value is None:
            raise self.refuse(repr(raw[:40]))
        if not self.minimum <= value <= self.maximum:
            raise self.refuse(raw[:40])
        return value

    def range_message(self) -> Message:
        return message("range.integer", min=number_text(self.minimum), max=number_text(self.maximum))

    def schema(self) -> dict:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum} | ({"default": self.default} if self.default is not None else {})

    def to_json(self) -> dict:
        return super().to_json() | {"pattern": INTEGER.pattern}


@dataclass(frozen=True, kw_only=True)
class ChoiceField(Field):
    """One of ``choices``, spelled exactly."""

    choices: tuple[str, ...]
    kind: ClassVar[str] = "choice"

    def parse(self, raw: str) -> str:
        if raw not in self.choices:
            raise self.refuse(repr(raw[:40]))
        return raw

    def range_message(self) -> Message:
        return message("range.choice", choices=", ".join(self.choices))

    def schema(self) -> dict:
        return {"type": "string", "enum": list(self.choices)} | ({"default": self.default} if self.default is not None else {})


_LIST_CHARACTERS = frozenset("0123456789+-.eE,")


@dataclass(frozen=True, kw_only=True)
class NumbersField(Field):
    """Comma-separated numbers from ``minimum`` to ``maximum``, as many as the product of ``dims``.

    ``dims`` are the list's shape as products of other fields, e.g. ``("k", "h*w*c")`` for
    FC1's k rows of h·w·c weights: a shape change keeps the edited values where they still fit.
    """

    dims: tuple[str, ...]
    minimum: float = -MAX_ABS_VALUE
    maximum: float = MAX_ABS_VALUE
    kind: ClassVar[str] = "numbers"

    @property
    def factors(self) -> list[str]:
        return "*".join(self.dims).split("*")

    def length(self, values: Mapping[str, Any]) -> tuple[int, str]:
        """How many numbers the list has for these shape values, and that count in words: ``h·w·cin = 4·4·3``."""
        count = math.prod(values[name] for name in self.factors)
        names = "·".join(self.factors)
        return count, names if len(self.factors) == 1 else f"{names} = {'·'.join(str(values[n]) for n in self.factors)}"

    def parse_list(self, raw: str, expected: int, length_text: str) -> tuple[float, ...]:
        parts = raw.split(",")
        if len(parts) != expected:
            raise StateError(self.name, message("problem.count", field=self.name, length=length_text, expected=expected, count=len(parts)), raw)
        # A well-formed list at once: over these characters float() reads exactly the NUMBER
        # grammar (no spaces, underscores, "inf" or other digits). Anything else is told, part
        # by part, below.
        if _LIST_CHARACTERS.issuperset(raw):
            try:
                quick = [float(part) + 0.0 for part in parts]  # + 0.0: -0.0 -> 0.0, so equal states print alike
            except ValueError:
                quick = None
            if quick is not None and self.minimum <= min(quick) and max(quick) <= self.maximum:
                return tuple(quick)
        values = []
        for k, part in enumerate(parts):
            value = float(part) if NUMBER_RE.fullmatch(part) else math.nan  # 1e999 reads as inf: refused below
            if not math.isfinite(value) or not self.minimum <= value <= self.maximum:
                why = message("problem.number", field=self.name, index=k, min=number_text(self.minimum), max=number_text(self.maximum), got=repr(part[:40]))
                raise StateError(self.name, why, raw)
            values.append(value + 0.0)  # -0.0 -> 0.0, so equal states print alike
        return tuple(values)

    def format(self, value: tuple[float, ...]) -> str:
        return ",".join(map(number_text, value))

    def range_message(self) -> Message:
        return message("range.numbers", length="*".join(self.factors), min=number_text(self.minimum), max=number_text(self.maximum))

    def schema(self) -> dict:
        # Empty means the same as absent: the values come from the seed.
        return {"type": "string", "pattern": NUMBERS_PATTERN}

    def to_json(self) -> dict:
        return super().to_json() | {"pattern": NUMBER}


@dataclass(frozen=True)
class LayersField(Field):
    """A chain of layers in the cost lab's grammar (``conv1:64,conv4:256``); the default is text too."""

    kind: ClassVar[str] = "layers"

    @property
    def state_default(self) -> tuple:
        return parse_chain(self.default, self.name)

    def parse(self, raw: str) -> tuple:
        try:
            return parse_chain(raw, self.name)
        except LayerSpecError as error:
            raise StateError(self.name, error.message, raw) from None

    def format(self, value: tuple) -> str:
        return format_chain(value)

    def range_message(self) -> Message:
        return message("range.layers", max=MAX_LAYERS, grammar=LAYER_GRAMMAR)

    def schema(self) -> dict:
        return {"type": "string", "maxLength": MAX_TEXT, "default": self.default}

    def to_json(self) -> dict:
        """With the grammar's kinds, the parts each takes and their limits, for the path editor."""
        grammar = {"parts": PARTS, "paddings": PADDINGS, "limits": LIMITS, "max_layers": MAX_LAYERS}
        return super().to_json() | {"grammar": grammar}


@dataclass(frozen=True)
class DrawingField(Field):
    """The digits view's drawing: 32×160 points, row by row, 8 to a byte, in URL-safe base64
    without padding (``app.core.digits``). The state holds its canonical spelling."""

    kind: ClassVar[str] = "drawing"

    def parse(self, raw: str) -> str:
        points = digits.decode_drawing(raw)
        if points is None:
            raise self.refuse(repr(raw[:40]) + (f"… ({len(raw)} characters)" if len(raw) > 40 else ""))
        return digits.encode_drawing(points)

    def range_message(self) -> Message:
        rows, columns = digits.POINTS
        return message("range.drawing", chars=digits.DRAWING_CHARS, rows=rows, columns=columns)

    def schema(self) -> dict:
        return {"type": "string", "pattern": f"^{digits.DRAWING.pattern}$", "default": self.default}

    def to_json(self) -> dict:
        """With the drawing's size in points, the block each ink cell counts and the link text's length."""
        rows, columns = digits.POINTS
        return super().to_json() | {"rows": rows, "columns": columns, "block": digits.BLOCK, "chars": digits.DRAWING_CHARS}


# The page's own fields, the same on every view: never sent to the API.
VIEW_FIELDS: tuple[Field, ...] = (
    IntField("step", None, "The walk-through's step; absent: every step done, unless the view says otherwise.", minimum=0, maximum=MAX_STEP, view=True),
    IntField("chapter", None, "The guided path's chapter.", minimum=1, maximum=MAX_CHAPTERS, view=True, kept=True),
    IntField("present", None, "Presentation mode (1).", minimum=1, maximum=1, view=True, kept=True),
    ChoiceField("theme", None, "Colour theme; absent: the reader's choice, else the system's.", choices=("light", "dark"), view=True, kept=True),
    ChoiceField("lang", None, "Language of the page.", choices=tuple(LANGUAGES), view=True, kept=True),
    ChoiceField("look", "grids", "How the mixer draws the layer: grids, or volumes of 1x1xC_in filters.", choices=("grids", "volume"), view=True, kept=True),
)
VIEW_FIELD = {f.name: f for f in VIEW_FIELDS}


def view_value(query: Mapping[str, str], name: str) -> Any:
    """A view field of a page's query (``theme``, ``present``, ...): its value, or its default when absent or bad."""
    return VIEW_FIELD[name].read_view(query.get(name))


class Spec:
    """The state of one view: its fields, cross-field rules, and the state class they make."""

    def __init__(
        self,
        name: str,
        fields: tuple[Field, ...],
        check: Callable[[dict[str, Any]], None] = lambda values: None,
        view_defaults: Mapping[str, Any] | None = None,
    ):
        self.fields = fields
        self.check = check
        # The page's own fields with this view's defaults (the mixer's walk opens at its first pixel).
        self.view_fields = tuple(replace(f, default=view_defaults[f.name]) if f.name in (view_defaults or {}) else f for f in VIEW_FIELDS)
        self.by_name = {f.name: f for f in fields}
        self.lists = tuple(f for f in fields if isinstance(f, NumbersField))
        self.scalars = tuple(f for f in fields if not isinstance(f, NumbersField))
        # Lists are tuples, so a state can key a cache.
        self.State = make_dataclass(name, [(f.name, Any, dataclass_field(default=f.state_default)) for f in fields], frozen=True)

    def field(self, name: str) -> Field:
        return self.by_name[name]

    def parse(self, query: Mapping[str, str]) -> Any:
        """Validate a query into this view's state (see ``parse_query``)."""
        return self.State(**parse_query(query, self))

    def to_json(self) -> list[dict]:
        """The fields, the page's own last, as the browser's store needs them."""
        return [f.to_json() for f in (*self.fields, *self.view_fields)]


def parse_query(query: Mapping[str, str], spec: Spec) -> dict[str, Any]:
    """Validate a query mapping (URL names) against ``spec`` into plain values.

    Missing fields take their defaults; unknown names are ignored (a page URL
    may carry view-only fields). A field given twice is refused: the browser reads the
    first value, Starlette the last, so the link would mean two things. Raises
    ``StateError`` naming the first bad field.
    """
    given: dict[str, str] = {}
    repeated: set[str] = set()
    # One pass over what was sent (a MultiDict's every item), not one per field.
    for name, raw in query.multi_items() if hasattr(query, "multi_items") else query.items():
        if name in spec.by_name:
            if name in given:
                repeated.add(name)
            given[name] = raw
    for f in spec.fields:
        if f.name in repeated:
            count = len(query.getlist(f.name))  # type: ignore[attr-defined]
            raise StateError(f.name, message("problem.once", field=f.name, range=f.range_message(), count=count), None)
    values: dict[str, Any] = {}
    for f in spec.scalars:
        raw = given.get(f.name)
        values[f.name] = f.state_default if raw is None else f.parse(raw)
    spec.check(values)
    for f in spec.lists:
        raw = given.get(f.name)
        values[f.name] = f.parse_list(raw, *f.length(values)) if raw else None
    return values


def serialize_state(state: Any, spec: Spec) -> dict[str, str]:
    """The state as URL query fields, defaults left out, lists comma-joined."""
    return dict(_serialized(state, spec))


# A new example is spelled twice, to tell whether its query was the canonical one and in its
# answer's "state": the last few are kept, as writing out a list's numbers is most of the cost.
@lru_cache(maxsize=16)
def _serialized(state: Any, spec: Spec) -> tuple[tuple[str, str], ...]:
    out = []
    for f in spec.fields:
        value = getattr(state, f.name)
        if value is not None and value != f.state_default:
            out.append((f.name, f.format(value)))
    return tuple(out)


def openapi_parameters(spec: Spec) -> list[dict]:
    """The state fields as OpenAPI query parameters."""
    return [f.parameter() for f in spec.fields]


MIXER = Spec(
    "MixerState",
    (
        IntField("h", 4, "Height of the image in pixels.", minimum=1, maximum=MAX_SIDE, shape=True),
        IntField("w", 4, "Width of the image in pixels.", minimum=1, maximum=MAX_SIDE, shape=True),
        IntField("cin", 3, "Input channels C_in.", minimum=1, maximum=MAX_CHANNELS, shape=True),
        IntField("cout", 2, "Output channels C_out (the number of 1x1 filters).", minimum=1, maximum=MAX_CHANNELS, shape=True),
        ChoiceField("act", "relu", "Activation after the bias.", choices=("none", "relu")),
        ChoiceField("order", "hwc", "Flatten order of the FC twin: channels last (hwc) or first (chw, PyTorch).", choices=("hwc", "chw")),
        IntField("seed", 1, "Seed of the random example used for any of x, weight, bias not given.", minimum=0, maximum=999_999),
        NumbersField("x", None, "Input values, pixel by pixel, channels last (h*w*cin numbers).", dims=("h", "w", "cin")),
        NumbersField("weight", None, "Weight matrix W, row by row: output channel o, input channel c (cout*cin numbers).", dims=("cout", "cin")),
        NumbersField("bias", None, "Bias b, one per output channel (cout numbers).", dims=("cout",)),
    ),
    # The walk opens at its first pixel, so Play has something to move and the arithmetic is on screen.
    view_defaults={"step": 0},
)

# The shape's part of the mixer's answers (``/api/mixer/layout``): the same fields, read the same way.
MIXER_LAYOUT = Spec("MixerLayout", tuple(MIXER.field(name) for name in ("h", "w", "cin", "cout", "order")))

# The Code panel's scripts are commented in the page's language: not part of the example.
SCRIPT = Spec(
    "ScriptOptions",
    (ChoiceField("lang", DEFAULT_LANGUAGE, "Language of the scripts' comments and printed labels.", choices=tuple(LANGUAGES)),),
)

LAB_MAX_KERNEL = 5
LAB_MAX_CHANNELS = 4
LAB_MAX_FILTERS = 8
LAB_MAX_INPUT = 12


def _lab_check(v: dict[str, Any]) -> None:
    for big, small in (("bh", "h"), ("bw", "w")):
        if v[big] < v[small]:
            raise StateError(big, message("problem.fit", field=big, small=small, limit=v[small], got=v[big]), v[big])


LAB = Spec(
    "LabState",
    (
        IntField("h", 3, "Height of the volume the FC layer reads (= the kernel height).", minimum=1, maximum=LAB_MAX_KERNEL, shape=True),
        IntField("w", 3, "Width of the volume the FC layer reads (= the kernel width).", minimum=1, maximum=LAB_MAX_KERNEL, shape=True),
        IntField("c", 2, "Channels of the volume.", minimum=1, maximum=LAB_MAX_CHANNELS, shape=True),
        IntField("k", 4, "Outputs of FC1 (= the number of H×W kernels).", minimum=1, maximum=LAB_MAX_FILTERS, shape=True),
        IntField("k2", 3, "Outputs of FC2 (= 1×1 conv filters); 0 for a single FC layer.", minimum=0, maximum=LAB_MAX_FILTERS, shape=True),
        IntField("bh", 6, "Height of the larger input the converted head slides over.", minimum=1, maximum=LAB_MAX_INPUT, shape=True),
        IntField("bw", 6, "Width of the larger input.", minimum=1, maximum=LAB_MAX_INPUT, shape=True),
        IntField("stride", 1, "Stride of the slide (e.g. the stride of a pooling layer in front).", minimum=1, maximum=3, shape=True),
        ChoiceField("act", "relu", "Activation after FC1.", choices=("none", "relu")),
        ChoiceField("order", "hwc", "Flatten order the FC layer was trained with: channels last (hwc) or first (chw, PyTorch).", choices=("hwc", "chw")),
        ChoiceField(
            "pitfall",
            "none",
            "A conversion mistake to show: none, order (reshape without permuting), same (SAME padding), bias (bias left out).",
            choices=("none", "order", "same", "bias"),
        ),
        IntField("seed", 1, "Seed of the random example used for any list not given.", minimum=0, maximum=999_999),
        NumbersField("x", None, "The larger input, pixel by pixel, channels last (bh*bw*c numbers).", dims=("bh", "bw", "c")),
        NumbersField("fc1", None, "FC1 weights, row by row, each row in the flatten order (k*h*w*c numbers).", dims=("k", "h*w*c")),
        NumbersField("b1", None, "FC1 bias (k numbers).", dims=("k",)),
        NumbersField("fc2", None, "FC2 weights, row by row (k2*k numbers).", dims=("k2", "k")),
        NumbersField("b2", None, "FC2 bias (k2 numbers).", dims=("k2",)),
    ),
    _lab_check,
)

COST_MAX_SIDE = 4096
COST_MAX_CHANNELS = 8192

COST = Spec(
    "CostState",
    (
        IntField("h", 28, "Height of the input volume.", minimum=1, maximum=COST_MAX_SIDE, shape=True),
        IntField("w", 28, "Width of the input volume.", minimum=1, maximum=COST_MAX_SIDE, shape=True),
        IntField("c", 256, "Channels of the input volume.", minimum=1, maximum=COST_MAX_CHANNELS, shape=True),
        LayersField("a", "conv4:256", "Path A, the layers applied in turn (usually the direct layer)."),
        LayersField("b", "conv1:64,conv4:256", "Path B, the alternative (usually with a 1×1 reduction)."),
        IntField("classes", 1000, "Outputs of the classifier head in the head chart (FC vs global average pooling + 1×1).", minimum=1, maximum=100_000),
    ),
)

TRAIN_MAX_SIDE = 3
TRAIN_MAX_CHANNELS = 4
TRAIN_MAX_STEPS = 30

TRAIN = Spec(
    "TrainState",
    (
        IntField("h", 3, "Height of the training image in pixels.", minimum=1, maximum=TRAIN_MAX_SIDE, shape=True),
        IntField("w", 3, "Width of the training image in pixels.", minimum=1, maximum=TRAIN_MAX_SIDE, shape=True),
        IntField("cin", 3, "Input channels C_in.", minimum=1, maximum=TRAIN_MAX_CHANNELS, shape=True),
        IntField("cout", 2, "Output channels C_out.", minimum=1, maximum=TRAIN_MAX_CHANNELS, shape=True),
        IntField("steps", 20, "How many steps of gradient descent the three models take.", minimum=1, maximum=TRAIN_MAX_STEPS, shape=True),
        # Up to 0.05: the untied FC's step is stable while lr·(|x|² + 1) < 2, and |x|² reaches 36 at 3×3×4.
        ChoiceField("lr", "0.02", "Learning rate of plain gradient descent.", choices=("0.005", "0.01", "0.02", "0.05")),
        IntField("seed", 1, "Seed of the image, the target and the starting weights.", minimum=0, maximum=999_999),
    ),
)

TABLE_MAX_CHANNELS = 16
TABLE_MAX_KERNEL = 5
TABLE_MAX_SIDE = 8
TABLE_KINDS = ("full", "groups", "depthwise", "lenet")
LENET_C3 = {"cin": 6, "cout": 16}  # LeNet-5's C3 reads S2's 6 maps and has 16 (app.core.connection_table)


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


def _table_check(v: dict[str, Any]) -> None:
    """The table's shape rules, each refusal naming the field and what it may be."""
    for side in ("h", "w"):
        if v[side] < v["k"]:
            raise StateError(side, message("problem.table.fit", field=side, k=v["k"], got=v[side]), v[side])
    if v["table"] == "lenet":
        for name, expected in LENET_C3.items():
            if v[name] != expected:
                raise StateError(name, message("problem.table.lenet", field=name, expected=expected, got=v[name]), v[name])
    if v["table"] == "depthwise" and v["cout"] != v["cin"]:
        raise StateError("cout", message("problem.table.depthwise", field="cout", cin=v["cin"], got=v["cout"]), v["cout"])
    if v["table"] == "groups" and (v["cin"] % v["g"] or v["cout"] % v["g"]):
        allowed = ", ".join(str(d) for d in _divisors(v["cin"]) if v["cout"] % d == 0)
        raise StateError("g", message("problem.table.groups", field="g", cin=v["cin"], cout=v["cout"], choices=allowed, got=v["g"]), v["g"])
    if v["o"] >= v["cout"]:
        raise StateError("o", message("problem.table.map", field="o", max=v["cout"] - 1, got=v["o"]), v["o"])


TABLE = Spec(
    "TableState",
    (
        ChoiceField("table", "lenet", "The connection table: full, groups (g groups), depthwise, or lenet (LeNet-5's C3, 6 -> 16).", choices=TABLE_KINDS),
        IntField("cin", 6, "Input maps C_in (6 for lenet).", minimum=1, maximum=TABLE_MAX_CHANNELS, shape=True),
        IntField("cout", 16, "Output maps C_out (16 for lenet, C_in for depthwise).", minimum=1, maximum=TABLE_MAX_CHANNELS, shape=True),
        IntField("g", 2, "Groups of a grouped table; divides cin and cout (read when table=groups).", minimum=1, maximum=TABLE_MAX_CHANNELS, shape=True),
        IntField("k", 5, "Kernel size k (k×k kernels, VALID padding, stride 1).", minimum=1, maximum=TABLE_MAX_KERNEL, shape=True),
        IntField("h", 6, "Height of the worked example's input (at least k).", minimum=1, maximum=TABLE_MAX_SIDE, shape=True),
        IntField("w", 6, "Width of the worked example's input (at least k).", minimum=1, maximum=TABLE_MAX_SIDE, shape=True),
        IntField("o", 0, "The output map whose formula is shown (0 to cout-1).", minimum=0, maximum=TABLE_MAX_CHANNELS - 1),
        IntField("seed", 1, "Seed of the random example used for any of x, weight, bias not given.", minimum=0, maximum=999_999),
        NumbersField("x", None, "Input values, pixel by pixel, channels last (h*w*cin numbers).", dims=("h", "w", "cin")),
        NumbersField(
            "weight",
            None,
            "Kernels by output map, input map, then k×k row by row (cout*cin*k*k numbers; unconnected ones unused).",
            dims=("cout", "cin", "k*k"),
        ),
        NumbersField("bias", None, "Bias, one per output map (cout numbers).", dims=("cout",)),
    ),
    _table_check,
)

DIGITS_MAX_STRIDE = digits.SIDE

DIGITS = Spec(
    "DigitsState",
    (
        DrawingField(
            "ink",
            digits.example_drawing(digits.DEFAULT_STRIP),
            "The drawing: 32x160 points, row by row, 8 to a byte (first point in the high bit), URL-safe base64 without padding.",
        ),
        IntField(
            "stride", 1, "How many ink columns the 8x8 window moves between two positions of the map.", minimum=1, maximum=DIGITS_MAX_STRIDE, shape=True
        ),
    ),
)

MixerState = MIXER.State
LabState = LAB.State
CostState = COST.State
TrainState = TRAIN.State
TableState = TABLE.State
DigitsState = DIGITS.State
