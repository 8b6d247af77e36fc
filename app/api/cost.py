"""GET /api/cost: parameters and multiply-adds of two chains of layers, exact integers."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request, Response

from app.api.cache import CachedJSON
from app.api.compute import Endpoint
from app.api.responses import exact_json_bytes
from app.api.schema import NOT_MODIFIED, REQUEST_LIMIT_DOCS, json_doc, object_with, state_error_doc
from app.core.cost import LayerError
from app.core.cost_lab import compare_chains
from app.core.timings import measured_for, read_timings
from app.i18n.catalog import message
from app.state.layer_spec import format_layer
from app.state.spec import COST, CostState, StateError, openapi_parameters, serialize_state

router = APIRouter(prefix="/api", tags=["cost lab"], responses=REQUEST_LIMIT_DOCS)

# Read once per worker: what bench/conv_timings.py measured. No request ever times anything.
TIMINGS = read_timings()


def compute_cost(state: CostState) -> CachedJSON:
    """The whole answer for one state, serialised once. Raises StateError naming a or b when a layer does not fit."""
    try:
        result = compare_chains((state.h, state.w, state.c), state.a, state.b, state.classes)
    except LayerError as error:
        why = message(f"layer.error.{error.code}", **error.params)
        raise StateError(error.path, message("problem.layer.misfit", where=f"{error.path}[{error.index}]", why=why), None) from None
    for name in ("a", "b"):
        for row, layer in zip(result["paths"][name]["layers"], getattr(state, name), strict=True):
            row["spec"] = format_layer(layer)
            row["layer"] = asdict(layer)
    volume = (state.h, state.w, state.c)
    payload = {"state": serialize_state(state, COST), "input": list(volume), **result, "measured": measured_for(TIMINGS, volume, state.a, state.b)}
    return CachedJSON(exact_json_bytes(payload))


COST_ENDPOINT = Endpoint(COST, compute_cost)
ANSWER_SCHEMA = object_with(state="object", input="array", paths="object", sweep="object", head="object", measured="object")
ANSWER_SCHEMA["properties"]["measured"]["type"] = ["object", "null"]


@router.get(
    "/cost",
    summary="Parameters and multiply-adds of two chains of layers (e.g. a direct k×k conv vs a 1×1 bottleneck)",
    responses={
        200: json_doc(
            "Per-layer and total weights, biases and MACs of paths A and B, their ratio, a sweep of B's reduction width and the head chart;"
            " `measured`: when the paths are the seed's (a direct 4×4 conv against 1×1 to 64 then 4×4, on 256 channels, either padding),"
            " their times measured once with PyTorch on a CPU (bench/conv_timings.py), with the machine and the date, else null.",
            ANSWER_SCHEMA,
        ),
        304: NOT_MODIFIED,
        422: state_error_doc("A field is out of range or malformed, or a layer does not fit its input; `detail[0].msg` names it."),
    },
    openapi_extra={"parameters": openapi_parameters(COST)},
)
async def cost(request: Request) -> Response:
    """Compute the cost of paths A and B on the input volume. All counts are exact integers, of any size."""
    return COST_ENDPOINT.answer(request)
