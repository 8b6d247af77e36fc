"""The one pattern of every compute endpoint: parse the query by the view's spec,
find or compute the answer for that state, send it with its ETag.

A bad field raises ``StateError``, which the app's handler answers with a 422
naming it (``app.api.errors``). The cache is keyed by the parsed state (with any
options, e.g. the Code panel's language), never by the query's bytes: however a
link spells or pads an example, it is one entry.

The lecture hall's repeated link skips the parse: a query that is exactly the
canonical spelling of a state the cache holds (the page always writes that
spelling) is looked up by its bytes. Only canonical queries are remembered, so
padding a link cannot add entries; there are at most ``KNOWN_QUERIES`` of them,
each at most ``KNOWN_QUERY_BYTES`` long.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping

from fastapi import Request, Response

from app.api.cache import AnswerCache, CachedJSON, answer_cache, cacheable_json
from app.state.spec import Spec, StateError, serialize_state

KNOWN_QUERIES = 1024
KNOWN_QUERY_BYTES = 2048


class Endpoint:
    """A compute endpoint: its spec, its answer cache, and how to compute one answer."""

    def __init__(self, spec: Spec, compute: Callable[..., CachedJSON], *options: Spec):
        self.spec = spec
        self.options = options
        self.compute = compute
        self.answers: AnswerCache = answer_cache()
        self.known: OrderedDict[bytes, tuple[Hashable, ...]] = OrderedDict()

    def key(self, request: Request) -> tuple[Hashable, ...]:
        """The parsed state, then each option's parsed values."""
        return self.key_of(request.query_params)

    def key_of(self, query: Mapping[str, str]) -> tuple[Hashable, ...]:
        """``key`` for a query given as a mapping (a prepared example's)."""
        return (self.spec.parse(query), *(option.parse(query) for option in self.options))

    def canonical(self, key: tuple[Hashable, ...]) -> bytes:
        """The query the page writes for ``key``: fields in their declared order, defaults left out."""
        fields = serialize_state(key[0], self.spec)
        for option, values in zip(self.options, key[1:], strict=True):
            fields |= serialize_state(values, option)
        return "&".join(f"{name}={value}" for name, value in fields.items()).encode()

    def answer(self, request: Request) -> Response:
        """The answer for the request's query, computed once per state and worker."""
        query = request.scope["query_string"]
        key = self.known.get(query)
        if key is None:
            key = self.key(request)
            if len(query) <= KNOWN_QUERY_BYTES and self.canonical(key) == query:
                self.known[query] = key
                if len(self.known) > KNOWN_QUERIES:
                    self.known.popitem(last=False)
        else:
            self.known.move_to_end(query)
        return cacheable_json(self.cached(key), request.headers)

    def cached(self, key: tuple[Hashable, ...]) -> CachedJSON:
        """The answer for ``key``, computed once per worker while the cache keeps it."""
        return self.answers.get(key, lambda: self.compute(*key))

    def first(self, request: Request) -> tuple[str, bytes] | None:
        """A page's first answer: the canonical query of the state in its URL and the answer's JSON,
        from the same cache as the API. None if the URL's state is refused: the page's script then
        asks the API, whose 422 it shows."""
        try:
            key = self.key(request)
        except StateError:
            return None
        return self.canonical(key).decode(), self.cached(key).body
