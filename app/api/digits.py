"""GET /api/digits: a drawn strip read by the trained digits classifier, window by window and as one convolution."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request, Response

from app.api.cache import CachedJSON
from app.api.compute import Endpoint
from app.api.responses import json_bytes
from app.api.schema import NOT_MODIFIED, REQUEST_LIMIT_DOCS, json_doc, object_with, state_error_doc
from app.core.digits import BLOCK, CLASSES, NONE, SIDE, conv_scores, decode_drawing, held_out_score, ink_counts, load_network, window_scores
from app.state.spec import DIGITS, DigitsState, openapi_parameters, serialize_state

router = APIRouter(prefix="/api", tags=["digits"], responses=REQUEST_LIMIT_DOCS)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Each row's scores as probabilities (the same order as the scores, summing to 1)."""
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def compute_digits(state: DigitsState) -> CachedJSON:
    """The strip's ink counts, the FC head on every window, the convolutionalized head once, and what each costs."""
    net = load_network()
    strip = ink_counts(decode_drawing(state.ink))
    by_window = window_scores(net, strip, state.stride)
    as_conv = conv_scores(net, strip, state.stride)
    count = len(as_conv)
    hidden = net.w1.shape[0]
    per_window = SIDE * SIDE * hidden + hidden * CLASSES  # FC1's and FC2's multiply-adds for one window
    right, held_out = held_out_score()
    payload = {
        "state": serialize_state(state, DIGITS),
        "shape": {
            "rows": strip.shape[0],
            "columns": strip.shape[1],
            "block": BLOCK,
            "window": SIDE,
            "stride": state.stride,
            "positions": count,
            "hidden": hidden,
            "classes": CLASSES,
            "none": NONE,
        },
        "strip": strip,
        "scores": as_conv,
        "fc_scores": by_window,
        "probabilities": softmax(as_conv),
        "winners": as_conv.argmax(axis=1),
        "max_abs_diff": float(np.max(np.abs(by_window - as_conv))),
        "cost": {
            "per_window": per_window,
            "fc_passes": count,
            "conv_passes": 1,
            "macs": count * per_window,
        },
        "network": {"held_out_right": right, "held_out": held_out},
    }
    return CachedJSON(json_bytes(payload))


DIGITS_ENDPOINT = Endpoint(DIGITS, compute_digits)
ANSWER_SCHEMA = object_with(
    state="object",
    shape="object",
    strip="array",
    scores="array",
    fc_scores="array",
    probabilities="array",
    winners="array",
    max_abs_diff="number",
    cost="object",
    network="object",
)


@router.get(
    "/digits",
    summary="A drawn strip of digits read by a trained classifier: its FC head on every 8×8 window, and the same head as convolutions run once",
    responses={
        200: json_doc(
            "The strip's 8×40 ink counts (inked points per 4×4 block, 0 to 16); per window position, the FC head's 11 scores"
            " (digits 0-9, then 10: no digit) and the convolutionalized head's, their max |difference|, the probabilities and the"
            " winning class; the multiply-adds of one window and of the whole strip; the network's held-out score.",
            ANSWER_SCHEMA,
        ),
        304: NOT_MODIFIED,
        422: state_error_doc("The drawing is not 854 characters of URL-safe base64, or the stride is out of range; `detail[0].msg` names it."),
    },
    openapi_extra={"parameters": openapi_parameters(DIGITS)},
)
async def digits_route(request: Request) -> Response:
    """Read one drawing. Without ``ink``, the strip 3 1 4 1 5 of held-out digits."""
    return DIGITS_ENDPOINT.answer(request)
