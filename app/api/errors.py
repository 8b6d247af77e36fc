"""Errors in FastAPI's own shape (``detail[0]``), naming the field; the handler for a refused state."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError

from app.api.responses import json_bytes
from app.state.spec import StateError


def error_response(status: int, field: str, message: str, words: dict | None = None) -> Response:
    """An error in FastAPI's own shape (``detail[0]``), naming the query field.

    ``words`` (a catalog Message as JSON: ``key`` and ``params``) lets a page say the
    message in its reader's language; ``msg`` stays English for everyone else.
    """
    detail = [{"type": "value_error", "loc": ["query", field], "msg": message, "field": field} | (words or {})]
    return Response(json_bytes({"detail": detail}), status_code=status, media_type="application/json")


async def validation_error_response(request: Request, error: RequestValidationError) -> Response:
    """FastAPI's own 422 (e.g. oEmbed's parameters) in our shape: the field and its rule, without echoing the input."""
    first = error.errors()[0]
    field = str(first["loc"][-1]) if first.get("loc") else "query"
    return error_response(422, field, f"{field}: {first['msg']}")


def state_error_response(error: StateError) -> Response:
    """422 naming the field and the allowed range, in English and as catalog words."""
    return error_response(422, error.field, str(error), error.message.to_json() if error.message else None)


async def state_error_handler(request: Request, error: StateError) -> Response:
    """Any route that reads a state lets its ``StateError`` rise to here: one 422 for all of them."""
    return state_error_response(error)
