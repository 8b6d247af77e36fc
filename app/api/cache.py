"""Computed answers kept per worker, bounded by bytes, and served with an ETag a shared cache can keep."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable

from fastapi import Response
from starlette.datastructures import Headers

from app.delivery.compression import MINIMUM_SIZE, choose_encoding, compress
from app.settings import get_settings


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
    """Bytes a cache key holds, about: text by its length, a number 32, a state or tuple by its parts."""
    if isinstance(key, bytes | str):
        return len(key) + 64
    if isinstance(key, tuple):
        return 64 + sum(key_weight(part) for part in key)
    if hasattr(key, "__dict__"):
        return 256 + sum(key_weight(part) for part in vars(key).values())
    return 32


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
