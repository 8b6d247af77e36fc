"""GET /api/lab: an FC head as convolutions, slid over a larger input, with a pitfall or none."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.cache import CachedJSON, cacheable_json
from app.api.compute import Endpoint
from app.api.responses import json_bytes
from app.api.schema import NOT_MODIFIED, REQUEST_LIMIT_DOCS, json_doc, object_with, state_error_doc
from app.core.lab import LabExample, convolutionalize, random_lab_example
from app.core.real_shapes import real_heads
from app.state.spec import LAB, LabState, openapi_parameters, serialize_state

router = APIRouter(prefix="/api", tags=["convolutionalization lab"], responses=REQUEST_LIMIT_DOCS)


def lab_example(state: LabState) -> LabExample:
    """Arrays for a state: given lists where present, the seeded example elsewhere."""
    big, fc1_w, fc1_b, fc2_w, fc2_b = random_lab_example(state.bh, state.bw, state.c, state.h, state.w, state.k, state.k2, state.seed)
    if state.x is not None:
        big = np.array(state.x).reshape(state.bh, state.bw, state.c)
    if state.fc1 is not None:
        fc1_w = np.array(state.fc1).reshape(state.k, -1)
    if state.b1 is not None:
        fc1_b = np.array(state.b1)
    if state.fc2 is not None:
        fc2_w = np.array(state.fc2).reshape(state.k2, state.k)
    if state.b2 is not None:
        fc2_b = np.array(state.b2)
    second = state.k2 > 0
    return LabExample(
        big=big,
        height=state.h,
        width=state.w,
        fc1_w=fc1_w,
        fc1_b=fc1_b,
        fc2_w=fc2_w if second else None,
        fc2_b=fc2_b if second else None,
        order=state.order,
        activation=state.act,
        stride=state.stride,
        pitfall=state.pitfall,
    )


def compute_lab(state: LabState) -> CachedJSON:
    """The whole answer for one state, serialised once."""
    example = lab_example(state)
    payload = {
        "state": serialize_state(state, LAB),
        "shape": {"h": state.h, "w": state.w, "c": state.c, "k": state.k, "k2": state.k2, "bh": state.bh, "bw": state.bw, "stride": state.stride},
        "order": state.order,
        "activation": state.act,
        "pitfall": state.pitfall,
        "x": example.big,
        "fc1": example.fc1_w,
        "b1": example.fc1_b,
        "fc2": example.fc2_w if example.fc2_w is not None else [],
        "b2": example.fc2_b if example.fc2_b is not None else [],
        **convolutionalize(example),
    }
    return CachedJSON(json_bytes(payload))


LAB_ENDPOINT = Endpoint(LAB, compute_lab)
REAL_HEADS = CachedJSON(json_bytes(real_heads()))


@router.get(
    "/lab",
    summary="An FC head as convolutions, slid over a larger input",
    responses={
        200: json_doc(
            "Kernels, the conv map, the crop-by-crop FC reference, their max |difference| and parameter counts.",
            object_with(state="object", shape="object", x="array", kernels="array", conv_map="array", crop_map="array", max_abs_diff="number", params="object"),
        ),
        304: NOT_MODIFIED,
        422: state_error_doc(),
    },
    openapi_extra={"parameters": openapi_parameters(LAB)},
)
async def lab(request: Request) -> Response:
    """Compute one lab example. Any of x, fc1, b1, fc2, b2 not given comes from the seed."""
    return LAB_ENDPOINT.answer(request)


@router.get(
    "/real-heads",
    summary="Real networks' FC heads as convolutions: shapes and parameter counts",
    responses={
        200: json_doc(
            "One entry per network: input volume, layers as kernels, parameter counts, map sizes.",
            {"type": "array", "items": object_with(key="string", input="array", layers="array", maps="array", total_params="integer")},
        ),
        304: NOT_MODIFIED,
    },
)
async def real_heads_route(request: Request) -> Response:
    """LeNet-5 C5, AlexNet fc6–fc8, VGG-16's head and the question's 200×200 network."""
    return cacheable_json(REAL_HEADS, request.headers)
