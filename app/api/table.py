"""GET /api/table: a connection table, its counts against the full table, and a worked example computed two ways."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.cache import CachedJSON
from app.api.compute import Endpoint
from app.api.responses import json_bytes
from app.api.schema import NOT_MODIFIED, REQUEST_LIMIT_DOCS, json_doc, object_with, state_error_doc
from app.core.connection_table import connection_example, random_example
from app.core.cost import Layer
from app.state.layer_spec import format_layer
from app.state.spec import TABLE, TableState, openapi_parameters, serialize_state

router = APIRouter(prefix="/api", tags=["connection table"], responses=REQUEST_LIMIT_DOCS)


def cost_link(state: TableState) -> dict[str, str] | None:
    """The cost lab's query for the same layer: path A the full table, path B this one (VALID, as here).

    LeNet's table has no spelling in the cost lab's grammar (its partial tables are groups
    and depthwise only): None.
    """
    full = Layer("conv", kernel=state.k, filters=state.cout, padding="valid")
    table = {
        "full": full,
        "groups": Layer("conv", kernel=state.k, filters=state.cout, padding="valid", groups=state.g),
        "depthwise": Layer("dw", kernel=state.k, padding="valid"),
    }.get(state.table)
    if table is None:
        return None
    return {"h": str(state.h), "w": str(state.w), "c": str(state.cin), "a": format_layer(full), "b": format_layer(table)}


def compute_table(state: TableState) -> CachedJSON:
    """The whole answer for one state, serialised once; given lists replace the seed's."""
    x, kernels, bias = random_example(state.h, state.w, state.cin, state.cout, state.k, state.seed)
    if state.x is not None:
        x = np.array(state.x).reshape(x.shape)
    if state.weight is not None:
        kernels = np.array(state.weight).reshape(kernels.shape)
    if state.bias is not None:
        bias = np.array(state.bias)
    result = connection_example(state.table, x, kernels, bias, state.g)
    payload = {
        "state": serialize_state(state, TABLE),
        "kind": state.table,
        "shape": {
            "cin": state.cin,
            "cout": state.cout,
            "g": state.g,
            "k": state.k,
            "h": state.h,
            "w": state.w,
            "oh": result["y"].shape[0],
            "ow": result["y"].shape[1],
        },
        "o": state.o,
        "x": x,
        "bias": bias,
        **result,
        "table": result["table"].astype(np.int8),
        "cost": cost_link(state),
    }
    return CachedJSON(json_bytes(payload))


TABLE_ENDPOINT = Endpoint(TABLE, compute_table)
ANSWER_SCHEMA = object_with(
    state="object",
    kind="string",
    shape="object",
    table="array",
    inputs_of="array",
    counts="object",
    full_counts="object",
    fewer="number",
    max_abs_diff="number",
    pixel="object",
)


@router.get(
    "/table",
    summary="A connection table (full, grouped, depthwise or LeNet-5's C3): which input maps each output map reads",
    responses={
        200: json_doc(
            "The C_out×C_in table (1 = connected), each output map's input maps, weights, biases and multiply-adds against the full table,"
            " a worked example (masked dense conv vs a map-by-map loop, their max |difference|), every output map's terms at output"
            " position (0, 0), and `cost`: the cost lab's query for the same layer (null for LeNet's table).",
            ANSWER_SCHEMA,
        ),
        304: NOT_MODIFIED,
        422: state_error_doc("A field is out of range, or the table does not fit the shape (e.g. g must divide cin and cout); `detail[0].msg` names it."),
    },
    openapi_extra={"parameters": openapi_parameters(TABLE)},
)
async def table_route(request: Request) -> Response:
    """Compute one connection-table example. Any of x, weight, bias not given comes from the seed."""
    return TABLE_ENDPOINT.answer(request)
