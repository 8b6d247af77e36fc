"""Static files under a fingerprinted URL: /static/<hash of every file>/..., cached for a year.

ES modules import each other by relative paths, so one fingerprint for the
whole folder keeps every import inside the same immutable generation: change
any file and every URL changes. The plain /static/ path stays, revalidated on
every use, for old links.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from functools import lru_cache
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"


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


class CachedStaticFiles(StaticFiles):
    """StaticFiles with one Cache-Control for every file it serves."""

    def __init__(self, *, cache_control: str, **kwargs):
        super().__init__(**kwargs)
        self.cache_control = cache_control

    def file_response(self, *args, **kwargs) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = self.cache_control
        return response
