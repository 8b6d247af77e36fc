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

An endpoint that can compute several answers in one call (the mixer: NumPy does the
same work for a stack of examples of one shape in little more than the time of one)
computes the new answers of a busy worker together (``Batch``). A worker under load
reads many requests in one turn of its event loop: the first new answer of a turn is
computed at once, as it would be alone; the turn's later ones wait for the turn's end
and are computed in one call. A worker at a lecture hall's pace rarely sees two new
answers in one turn, so its requests almost never wait.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping

from fastapi import Request, Response

from app.api.cache import AnswerCache, CachedJSON, answer_cache, cacheable_json
from app.state.spec import Spec, StateError, serialize_state

KNOWN_QUERIES = 1024
KNOWN_QUERY_BYTES = 2048

Key = tuple[Hashable, ...]


class Batch:
    """The new answers of one turn of the event loop: the first computed at once, the rest together."""

    def __init__(self, compute: Callable[..., CachedJSON], compute_many: Callable[[list[Key]], list[CachedJSON]], keep: Callable[[Key, CachedJSON], None]):
        self.compute = compute
        self.compute_many = compute_many
        self.keep = keep
        self.busy = False  # this turn has computed a new answer
        self.waiting: dict[Key, list[asyncio.Future[CachedJSON]]] = {}

    async def get(self, key: Key) -> CachedJSON:
        """The answer for ``key``: at once if it is the turn's first, else at the turn's end."""
        loop = asyncio.get_running_loop()
        if not self.busy:
            self.busy = True
            loop.call_soon(self.run)  # runs after every request read in this turn has asked
            answer = self.compute(*key)
            self.keep(key, answer)
            return answer
        # A future per request: a reader who leaves cancels their own wait, not another's.
        future = loop.create_future()
        self.waiting.setdefault(key, []).append(future)
        return await future

    def run(self) -> None:
        """Compute the answers the turn's requests wait for; the next turn starts afresh."""
        self.busy = False
        if not self.waiting:
            return
        waiting, self.waiting = self.waiting, {}
        answers = None  # one waiting answer is computed alone, as the turn's first was
        if len(waiting) > 1:
            with contextlib.suppress(Exception):  # else each alone, so that a failing answer fails only its own requests
                answers = self.compute_many(list(waiting))
        for index, (key, futures) in enumerate(waiting.items()):
            try:
                answer = answers[index] if answers is not None else self.compute(*key)
            except Exception as error:  # its requests fail with it, as they would alone
                for future in futures:
                    if not future.done():
                        future.set_exception(error)
                continue
            self.keep(key, answer)
            for future in futures:
                if not future.done():
                    future.set_result(answer)


class Endpoint:
    """A compute endpoint: its spec, its answer cache, and how to compute one answer (and, where it
    can, several: ``compute_many`` takes a turn's new keys; its requests use ``answer_together``)."""

    def __init__(self, spec: Spec, compute: Callable[..., CachedJSON], *options: Spec, compute_many: Callable[[list[Key]], list[CachedJSON]] | None = None):
        self.spec = spec
        self.options = options
        self.compute = compute
        self.answers: AnswerCache = answer_cache()
        self.known: OrderedDict[bytes, Key] = OrderedDict()
        self.batch = Batch(compute, compute_many, self.answers.keep) if compute_many is not None else None

    def key(self, request: Request) -> Key:
        """The parsed state, then each option's parsed values."""
        return self.key_of(request.query_params)

    def key_of(self, query: Mapping[str, str]) -> Key:
        """``key`` for a query given as a mapping (a prepared example's)."""
        return (self.spec.parse(query), *(option.parse(query) for option in self.options))

    def canonical(self, key: Key) -> bytes:
        """The query the page writes for ``key``: fields in their declared order, defaults left out."""
        fields = serialize_state(key[0], self.spec)
        for option, values in zip(self.options, key[1:], strict=True):
            fields |= serialize_state(values, option)
        return "&".join(f"{name}={value}" for name, value in fields.items()).encode()

    def answer(self, request: Request) -> Response:
        """The answer for the request's query, computed once per state and worker."""
        return cacheable_json(self.cached(self.state_key(request)), request.headers)

    async def answer_together(self, request: Request) -> Response:
        """``answer``, with a new answer computed in its turn's ``Batch``."""
        key = self.state_key(request)
        found = self.answers.find(key)
        if found is None:
            found = await self.batch.get(key)
        return cacheable_json(found, request.headers)

    def state_key(self, request: Request) -> Key:
        """``key``, found by the query's bytes when the query is a known canonical one."""
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
        return key

    def cached(self, key: Key) -> CachedJSON:
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
