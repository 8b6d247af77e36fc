"""The one pattern of every compute endpoint: parse the query by the view's spec,
find or compute the answer for that state, send it with its ETag.

A bad field raises ``StateError``, which the app's handler answers with a 422
naming it (``app.api.errors``). The cache is keyed by the parsed state (with any
options, e.g. the Code panel's language), never by the query's bytes: however a
link spells or pads an example, it is one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from fastapi import Request, Response

from app.api.cache import AnswerCache, CachedJSON, answer_cache, cacheable_json
from app.state.spec import Spec


class Endpoint:
    """A compute endpoint: its spec, its answer cache, and how to compute one answer."""

    def __init__(self, spec: Spec, compute: Callable[..., CachedJSON], *options: Spec):
        self.spec = spec
        self.options = options
        self.compute = compute
        self.answers: AnswerCache = answer_cache()

    def key(self, request: Request) -> tuple[Hashable, ...]:
        """The parsed state, then each option's parsed values."""
        return (self.spec.parse(request.query_params), *(option.parse(request.query_params) for option in self.options))

    def answer(self, request: Request) -> Response:
        """The answer for the request's query, computed once per state and worker."""
        key = self.key(request)
        return cacheable_json(self.answers.get(key, lambda: self.compute(*key)), request.headers)
