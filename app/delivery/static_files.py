"""Static files under a fingerprinted URL: /static/<hash of every file>/..., cached for a year.

ES modules import each other by relative paths, so one fingerprint for the
whole folder keeps every import inside the same immutable generation: change
any file and every URL changes. The plain /static/ path stays, revalidated on
every use, for old links.
"""

from __future__ import annotations

import hashlib
import mimetypes
import posixpath
import re
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from app.delivery.compression import COMPRESSIBLE, Packed, packed_response

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"

router = APIRouter(include_in_schema=False)


@router.api_route("/favicon.ico", methods=["GET", "HEAD"])
async def favicon() -> FileResponse:
    """The tab's icon where a client looks without reading a page (feed readers, link previews,
    bookmarks imported from elsewhere): the PNG the pages name, which browsers read at any name."""
    return FileResponse(STATIC_DIR / "favicon.png", media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


@lru_cache
def static_fingerprint(directory: Path = STATIC_DIR) -> str:
    """12 hex digits of a hash of every file's path and bytes under ``directory``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


# A static import or re-export at the start of a line: `import { a } from "./x.js";`,
# `export { b } from "../y.js";`, `import "./z.js";`. Dynamic import() is left out: what it
# loads is fetched on demand.
STATIC_IMPORT = re.compile(r"""^(?:import|export)\b(?:[^;'"]*?\bfrom)?\s*["'](\.{1,2}/[^"']+)["']""", re.MULTILINE)


@lru_cache
def module_graph(entry: str, directory: Path = STATIC_DIR) -> tuple[str, ...]:
    """Every module ``entry`` imports statically, however deep, as paths under ``directory``.

    Pages list them as ``<link rel="modulepreload">``, so the browser fetches them all at
    once rather than one import level at a time.
    """
    found: list[str] = []
    pending = [entry]
    while pending:
        module = pending.pop(0)
        for target in STATIC_IMPORT.findall((directory / module).read_text(encoding="utf-8")):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(module), target))
            if path != entry and path not in found:
                found.append(path)
                pending.append(path)
    return tuple(found)


def static_prefix(base: str) -> str:
    """Where pages link their assets, e.g. ``/onebyone/static/3f2a9c0d1e4b``."""
    return f"{base}/static/{static_fingerprint()}"


@lru_cache(maxsize=512)
def packed_file(path: str, mtime_ns: int, size: int) -> Packed:
    """A text file's bytes, packed once per version of the file (its mtime and size are in the key)."""
    return Packed(Path(path).read_bytes())


class CachedStaticFiles(StaticFiles):
    """StaticFiles with one Cache-Control for every file it serves; text files (scripts,
    styles, SVG) are served packed: compressed once per encoding and always whole."""

    def __init__(self, *, cache_control: str, **kwargs):
        super().__init__(**kwargs)
        self.cache_control = cache_control

    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200) -> Response:  # type: ignore[override]
        media_type = mimetypes.guess_type(str(full_path))[0] or "text/plain"
        if status_code == 200 and media_type.startswith(COMPRESSIBLE):
            packed = packed_file(str(full_path), stat_result.st_mtime_ns, stat_result.st_size)
            return packed_response(packed, Headers(scope=scope), media_type, self.cache_control)
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = self.cache_control
        return response
