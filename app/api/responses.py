"""Fast JSON responses (orjson, NumPy arrays as lists) and the 422 shape for bad state."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np
import orjson
from fastapi import Response
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import Headers

from app.compression import MINIMUM_SIZE, choose_encoding, compress
from app.limits import MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_URL_BYTES
from app.settings import get_settings
from app.state import StateError

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


class CachedJSON:
    """A computed body with its ETag, computed once and served many times,
    compressed at most once per encoding (kept beside it)."""

    __slots__ = ("body", "encoded", "etag")

    def __init__(self, body: bytes):
        self.body = body
        self.etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        self.encoded: dict[str, bytes] = {}

    def body_for(self, accept_encoding: str) -> tuple[bytes, str | None]:
        """The body to send to a client that accepts ``accept_encoding``, and its encoding (None for identity)."""
        encoding = choose_encoding(accept_encoding) if len(self.body) >= MINIMUM_SIZE else None
        if encoding is None:
            return self.body, None
        packed = self.encoded.get(encoding)
        if packed is None:
            packed = self.encoded[encoding] = compress(self.body, encoding, fast=True)
        return packed, encoding

    def weight(self) -> int:
        """Bytes it holds, counting room for its compressed copies (each well under half the body)."""
        return len(self.body) + len(self.body) // 2 + 256


class AnswerCache:
    """Computed answers by key, least recently used out first, bounded by their bytes.

    A count would not bound memory: an 8×8×8 mixer answer weighs as much as 25
    default ones, and crafted links could ask for nothing but large ones.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Hashable, tuple[CachedJSON, int]] = OrderedDict()
        self.bytes = 0

    def get(self, key: Hashable, compute: Callable[[], CachedJSON]) -> CachedJSON:
        """The answer for ``key``, computed (and kept, room permitting) on a miss; ``compute``'s errors pass through.

        The key is weighed with its answer: keyed by a parsed state, padding a link with
        fields no view reads finds the same entry; whatever the key, the bound holds.
        """
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            return entry[0]
        answer = compute()
        weight = answer.weight() + key_weight(key)
        if weight <= self.max_bytes:
            self.entries[key] = (answer, weight)
            self.bytes += weight
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.bytes -= dropped
        return answer


def key_weight(key: object) -> int:
    """Bytes a cache key holds, about: a state's numbers at 32 bytes each (a float and its slot)."""
    if isinstance(key, bytes | str):
        return len(key) + 64
    values = key.__dict__.values() if hasattr(key, "__dict__") else key if isinstance(key, tuple) else ()
    return 256 + sum(32 * len(v) if isinstance(v, tuple) else 32 for v in values)


def answer_cache() -> AnswerCache:
    """One endpoint's cache, sized by the ``api_cache_mb`` setting."""
    return AnswerCache(get_settings().api_cache_mb * 1024 * 1024)


def cacheable_json(cached: CachedJSON, request_headers: Headers) -> Response:
    """A GET answer a shared cache may keep: the body depends only on the URL (and Accept-Encoding).

    The lecture hall's repeated link is answered from bytes already compressed for its
    encoding, so the compression middleware lets it through untouched.
    """
    headers = {"ETag": cached.etag, "Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
    if request_headers.get("if-none-match") == cached.etag:
        return Response(status_code=304, headers=headers)
    body, encoding = cached.body_for(request_headers.get("accept-encoding", ""))
    if encoding is not None:
        headers["Content-Encoding"] = encoding
    return Response(body, media_type="application/json", headers=headers)


def error_response(status: int, field: str, message: str, words: dict | None = None) -> Response:
    """An error in FastAPI's own shape (``detail[0]``), naming the query field.

    ``words`` (a catalog Message as JSON: ``key`` and ``params``) lets a page say the
    message in its reader's language; ``msg`` stays English for everyone else.
    """
    detail = [{"type": "value_error", "loc": ["query", field], "msg": message, "field": field} | (words or {})]
    return Response(json_bytes({"detail": detail}), status_code=status, media_type="application/json")


async def validation_error_response(request: object, error: RequestValidationError) -> Response:
    """FastAPI's own 422 (e.g. oEmbed's parameters) in our shape: the field and its rule, without echoing the input."""
    first = error.errors()[0]
    field = str(first["loc"][-1]) if first.get("loc") else "query"
    return error_response(422, field, f"{field}: {first['msg']}")


def state_error_response(error: StateError) -> Response:
    """422 naming the field and the allowed range, in English and as catalog words."""
    return error_response(422, error.field, str(error), error.message.to_json() if error.message else None)


def exact_json_bytes(payload: object) -> bytes:
    """JSON with integers of any size kept exact (orjson stops at 64 bits; counts here go beyond)."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


# OpenAPI documentation of the bodies, so a schema-driven fuzzer can check them.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["type", "loc", "msg", "field"],
                "properties": {
                    "type": {"type": "string"},
                    "loc": {"type": "array"},
                    "msg": {"type": "string", "description": "What is wrong, in English."},
                    "field": {"type": "string"},
                    "key": {"type": "string", "description": "The message's key in the page catalogs (/api errors about the state only)."},
                    "params": {"type": "object", "description": "The message's parameters; a parameter may itself be {key, params}."},
                },
            },
        }
    },
}


def json_doc(description: str, schema: dict) -> dict:
    """An OpenAPI response entry with a JSON body schema."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def object_with(**properties: str) -> dict:
    """A JSON object schema whose every listed key is required, each of the given JSON type."""
    return {"type": "object", "required": list(properties), "properties": {name: {"type": kind} for name, kind in properties.items()}}


NOT_MODIFIED = {"description": "Not modified (If-None-Match matched the ETag)."}


def state_error_doc(description: str = "A field is out of range or malformed; `detail[0].msg` names it and the allowed range.") -> dict:
    """The 422 entry of an endpoint that reads a state."""
    return json_doc(description, ERROR_SCHEMA)


# RequestLimits (app/limits.py) answers these before any route runs, so every operation can:
# a link of 4,096 four-byte characters is within oEmbed's `url` maxLength yet 49 KB once percent-encoded.
REQUEST_LIMIT_DOCS = {
    413: json_doc(f"The request carries a body over {MAX_BODY_BYTES:,} bytes; `detail[0].field` is `request.body`.", ERROR_SCHEMA),
    414: json_doc(f"The address (path and query) is over {MAX_URL_BYTES:,} bytes; `detail[0].field` is `request.url`.", ERROR_SCHEMA),
    431: json_doc(f"The headers are over {MAX_HEADER_BYTES:,} bytes in total; `detail[0].field` is `request.headers`.", ERROR_SCHEMA),
}
