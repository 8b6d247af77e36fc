"""Computed answers kept per worker, bounded by bytes, and served with an ETag a shared cache can keep."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from fastapi import Response
from starlette.datastructures import Headers

from app.delivery.compression import Packed, packed_response
from app.settings import get_settings


class CachedJSON(Packed):
    """A computed JSON answer, compressed at the hot-path levels on first use."""

    __slots__ = ()

    def __init__(self, body: bytes):
        super().__init__(body, fast=True)


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
        found = self.find(key)
        if found is not None:
            return found
        answer = compute()
        self.keep(key, answer)
        return answer

    def find(self, key: Hashable) -> CachedJSON | None:
        """The answer kept for ``key``, or None."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        self.entries.move_to_end(key)
        return entry[0]

    def keep(self, key: Hashable, answer: CachedJSON) -> None:
        """Keep ``answer`` for ``key`` if it fits, dropping the least recently used to make room."""
        if key in self.entries:
            return
        weight = answer.weight() + key_weight(key)
        if weight <= self.max_bytes:
            self.entries[key] = (answer, weight)
            self.bytes += weight
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.bytes -= dropped


SCALARS = frozenset((int, float, bool, type(None)))
TEXT = (bytes, str)


def key_weight(key: object) -> int:
    """Bytes a cache key holds, about: text by its length, a number 32, a state or tuple by its parts.

    Asked once per new answer: a state's fields are mostly numbers, told by their type without a call.
    """
    if type(key) in SCALARS:
        return 32
    if isinstance(key, TEXT):
        return len(key) + 64
    if isinstance(key, tuple):
        if key and type(key[0]) in SCALARS:  # a list of numbers: no need to visit each
            return 64 + 32 * len(key)
        return 64 + sum(map(key_weight, key))
    if hasattr(key, "__dict__"):
        return 256 + sum(32 if type(part) in SCALARS else key_weight(part) for part in vars(key).values())
    return 32


def answer_cache() -> AnswerCache:
    """One endpoint's cache, sized by the ``api_cache_mb`` setting."""
    return AnswerCache(get_settings().api_cache_mb * 1024 * 1024)


def cacheable_json(cached: CachedJSON, request_headers: Headers) -> Response:
    """A GET answer a shared cache may keep: the body depends only on the URL (and Accept-Encoding)."""
    return packed_response(cached, request_headers, "application/json", "public, max-age=86400")
