"""GET /healthz: alive, with no compute (also the trivial endpoint of the benchmark).

Between SIGTERM and the stop it answers 503 "draining", so a load balancer sends
new readers elsewhere while the answers already asked for go out.
"""

from fastapi import APIRouter, Response

from app import __version__
from app.api.schema import REQUEST_LIMIT_DOCS, json_doc, object_with
from app.delivery.lifecycle import draining

router = APIRouter(tags=["health"], responses=REQUEST_LIMIT_DOCS)

_BODY = b'{"status":"ok","version":"' + __version__.encode() + b'"}'
_DRAINING = b'{"status":"draining","version":"' + __version__.encode() + b'"}'


@router.head("/healthz", include_in_schema=False)
@router.get(
    "/healthz",
    summary="Liveness check",
    responses={
        200: json_doc('Alive, with the version: `status` is "ok".', object_with(status="string", version="string")),
        503: json_doc('Stopping: `status` is "draining"; requests are still answered for a few seconds.', object_with(status="string", version="string")),
    },
)
async def healthz() -> Response:
    """Answers at once, touching nothing."""
    if draining():
        # Closes its connection itself: the protocol closes answers to requests read after SIGTERM,
        # and this one may have been read just before it.
        return Response(_DRAINING, status_code=503, media_type="application/json", headers={"Cache-Control": "no-store", "Connection": "close"})
    return Response(_BODY, media_type="application/json", headers={"Cache-Control": "no-store"})
