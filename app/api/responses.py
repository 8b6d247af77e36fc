"""JSON bodies: orjson with NumPy arrays as lists, and exact integers where counts pass 64 bits."""

from __future__ import annotations

import json

import numpy as np
import orjson

JSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


def _fallback(value: object) -> object:
    # orjson serialises C-contiguous arrays natively; views (transposes, einsum
    # outputs) get a contiguous copy; NumPy scalars become Python numbers.
    if isinstance(value, np.ndarray):
        return np.ascontiguousarray(value)
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def json_bytes(payload: object) -> bytes:
    """Serialise dicts of NumPy arrays and plain values to JSON bytes."""
    return orjson.dumps(payload, default=_fallback, option=JSON_OPTIONS)


def exact_json_bytes(payload: object) -> bytes:
    """JSON with integers of any size kept exact (orjson stops at 64 bits; counts here go beyond)."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
