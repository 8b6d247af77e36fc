"""GET /healthz: alive, with no compute (also the trivial endpoint of the benchmark)."""

from fastapi import APIRouter, Response

from app import __version__

router = APIRouter(tags=["health"])

_BODY = b'{"status":"ok","version":"' + __version__.encode() + b'"}'


@router.api_route("/healthz", methods=["GET", "HEAD"], summary="Liveness check")
async def healthz() -> Response:
    """Answers at once, touching nothing."""
    return Response(_BODY, media_type="application/json", headers={"Cache-Control": "no-store"})
