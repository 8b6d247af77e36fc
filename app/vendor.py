"""plotly.js from the installed ``plotly`` package: versioned URL, gzipped once, cached for a year."""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

import plotly
from fastapi import APIRouter, Request, Response

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
router = APIRouter(include_in_schema=False)


@lru_cache
def plotly_version() -> str:
    """The plotly.js version, read from the bundle's banner (e.g. ``4.1.1``)."""
    with PLOTLY_JS.open(encoding="utf-8") as handle:
        match = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", handle.read(200))
    return match.group(1) if match else "unknown"


def plotly_path() -> str:
    """The URL path of the bundle; the version in the name makes it immutable."""
    return f"/vendor/plotly-{plotly_version()}.min.js"


@lru_cache
def _bodies() -> tuple[bytes, bytes]:
    raw = PLOTLY_JS.read_bytes()
    return raw, gzip.compress(raw, compresslevel=9, mtime=0)


@router.get("/vendor/plotly-{version}.min.js")
def plotly_js(version: str, request: Request) -> Response:
    """Serve the bundle, gzip-compressed when the client accepts it."""
    if version != plotly_version():
        return Response(status_code=404)
    raw, packed = _bodies()
    headers = {"Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type="text/javascript", headers=headers | {"Content-Encoding": "gzip"})
    return Response(raw, media_type="text/javascript", headers=headers)
