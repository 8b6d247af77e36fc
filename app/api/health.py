"""GET /healthz: alive, with no compute (also the trivial endpoint of the benchmark)."""

from fastapi import APIRouter, Response

from app import __version__
from app.api.responses import REQUEST_LIMIT_DOCS, json_doc, object_with

router = APIRouter(tags=["health"], responses=REQUEST_LIMIT_DOCS)

_BODY = b'{"status":"ok","version":"' + __version__.encode() + b'"}'


@router.head("/healthz", include_in_schema=False)
@router.get(
    "/healthz",
    summary="Liveness check",
    responses={200: json_doc("Alive, with the version.", object_with(status="string", version="string"))},
)
async def healthz() -> Response:
    """Answers at once, touching nothing."""
    return Response(_BODY, media_type="application/json", headers={"Cache-Control": "no-store"})
