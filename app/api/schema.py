"""OpenAPI documentation of the answers, so the schema (and a schema-driven fuzzer) knows every body."""

from __future__ import annotations

from app.delivery.limits import MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_PARAMETERS, MAX_URL_BYTES

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


# RequestLimits (app/delivery/limits.py) answers these before any route runs, so every operation can:
# a link of 4,096 four-byte characters is within oEmbed's `url` maxLength yet 49 KB once percent-encoded.
REQUEST_LIMIT_DOCS = {
    413: json_doc(f"The request carries a body over {MAX_BODY_BYTES:,} bytes; `detail[0].field` is `request.body`.", ERROR_SCHEMA),
    414: json_doc(
        f"The address (path and query) is over {MAX_URL_BYTES:,} bytes (`detail[0].field` is `request.url`), "
        f"or its query has over {MAX_PARAMETERS} fields (`request.query`).",
        ERROR_SCHEMA,
    ),
    431: json_doc(f"The headers are over {MAX_HEADER_BYTES:,} bytes in total; `detail[0].field` is `request.headers`.", ERROR_SCHEMA),
}
