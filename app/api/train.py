"""GET /api/train: a 1×1 conv, its tied FC twin and an untied FC, trained step by step on one image."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.cache import CachedJSON
from app.api.compute import Endpoint
from app.api.responses import json_bytes
from app.api.schema import NOT_MODIFIED, REQUEST_LIMIT_DOCS, json_doc, object_with, state_error_doc
from app.core.training import block_mask, random_problem, train
from app.state.spec import TRAIN, TrainState, openapi_parameters, serialize_state

router = APIRouter(prefix="/api", tags=["training"], responses=REQUEST_LIMIT_DOCS)


def _step_payload(entry: dict, pixels: int, c_out: int, c_in: int) -> dict:
    """One step as the page draws it. The tied twin's matrix is sent as its HW diagonal
    blocks (HW, C_out, C_in) with the largest |entry| off them: the rest of it is zeros,
    and sending it dense would double the answer."""
    tied = entry["tied"]
    blocks = tied["matrix"].reshape(pixels, c_out, pixels, c_in)
    diagonal = np.einsum("popc->poc", blocks)
    off = tied["matrix"][~block_mask(pixels, c_out, c_in)]
    return {
        "step": entry["step"],
        "loss": entry["loss"],
        "w": entry["w"],
        "b": entry["b"],
        "out": entry["out"],
        "tied": {
            "blocks": diagonal,
            "bias": tied["bias"],
            "out": tied["out"],
            "off_max": float(np.abs(off).max()) if off.size else 0.0,
            "max_abs_diff_out": tied["max_abs_diff_out"],
            "max_abs_diff_w": tied["max_abs_diff_w"],
        },
        "untied": {k: entry["untied"][k] for k in ("matrix", "bias", "out", "off_max", "off_count")},
        **({"grad": entry["grad"]} if "grad" in entry else {}),
    }


def compute_train(state: TrainState) -> CachedJSON:
    """The whole run for one state, serialised once."""
    problem = random_problem(state.h, state.w, state.cin, state.cout, state.seed)
    result = train(problem["x"], problem["y"], problem["w0"], problem["b0"], float(state.lr), state.steps)
    pixels = state.h * state.w
    steps = [_step_payload(entry, pixels, state.cout, state.cin) for entry in result["steps"]]
    payload = {
        "state": serialize_state(state, TRAIN),
        "shape": {"h": state.h, "w": state.w, "cin": state.cin, "cout": state.cout},
        "lr": float(state.lr),
        "x": problem["x"],
        "y": problem["y"],
        "teacher": {"w": problem["teacher_w"], "b": problem["teacher_b"], "position": problem["position"]},
        "params": result["params"],
        "other_size": result["other_size"],
        "summary": {
            "grad_max_abs_diff": max((s["grad"]["max_abs_diff"] for s in steps[1:]), default=0.0),
            "tied_max_abs_diff": max(max(s["tied"]["max_abs_diff_out"], s["tied"]["max_abs_diff_w"]) for s in steps),
        },
        "steps": steps,
    }
    return CachedJSON(json_bytes(payload))


TRAIN_ENDPOINT = Endpoint(TRAIN, compute_train)


@router.get(
    "/train",
    summary="A 1×1 conv, its tied FC twin and an untied FC trained by gradient descent",
    responses={
        200: json_doc(
            "Per step: the three losses, the conv's W and b, the twin's blocks, the untied FC's matrix, the gradient and the max |differences|.",
            object_with(state="object", shape="object", x="array", y="array", params="object", other_size="object", summary="object", steps="array"),
        ),
        304: NOT_MODIFIED,
        422: state_error_doc(),
    },
    openapi_extra={"parameters": openapi_parameters(TRAIN)},
)
async def train_route(request: Request) -> Response:
    """Train the three models from the seed's image, target and starting weights."""
    return TRAIN_ENDPOINT.answer(request)
