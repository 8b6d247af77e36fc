"""The API's answer caches are bounded by bytes, not entries: links asking for
large distinct examples cannot fill a worker's memory."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from app.api.cache import AnswerCache, CachedJSON, key_weight
from app.api.compute import Batch
from app.api.mixer import MIXER_ANSWERS, MIXER_ENDPOINT
from app.main import create_app


def answer(size: int) -> CachedJSON:
    return CachedJSON(b"x" * size)


def test_the_least_recently_used_answers_go_first_and_the_bound_holds():
    cache = AnswerCache(max_bytes=(answer(1000).weight() + key_weight("a")) * 3)
    for key in "abc":
        cache.get(key, lambda: answer(1000))
    cache.get("a", lambda: pytest.fail("a was kept"))  # a is now the most recent
    cache.get("d", lambda: answer(1000))
    assert list(cache.entries) == ["c", "a", "d"]
    assert cache.bytes == sum(weight for _, weight in cache.entries.values()) <= cache.max_bytes


def test_one_large_answer_pushes_out_many_small_ones():
    small, large = answer(1_000), answer(40_000)
    cache = AnswerCache(max_bytes=large.weight() + key_weight("large") + 2 * (small.weight() + key_weight(0)))
    for key in range(30):
        cache.get(key, lambda: answer(1_000))
    cache.get("large", lambda: large)
    assert len(cache.entries) == 3 and "large" in cache.entries
    assert cache.bytes <= cache.max_bytes


def test_an_answer_larger_than_the_whole_cache_is_served_but_not_kept():
    cache = AnswerCache(max_bytes=100)
    assert cache.get("big", lambda: answer(1_000)).body == b"x" * 1_000
    assert not cache.entries and cache.bytes == 0


def test_a_refused_state_is_not_kept():
    cache = AnswerCache(max_bytes=10_000)

    def refuse():
        raise ValueError("h must be an integer from 1 to 8")

    with pytest.raises(ValueError):
        cache.get("h=99", refuse)
    assert not cache.entries


def test_long_keys_count_against_the_bound():
    """Keys of 31 KB beside answers of 1 KB: counted, forty of them fill a 1.3 MB cache, not 1,000."""
    cache = AnswerCache(max_bytes=1_300_000)
    for counter in range(1_000):
        cache.get(str(counter).encode() + b"a" * 31_000, lambda: answer(1_000))
    assert cache.bytes <= cache.max_bytes
    assert sum(len(key) for key in cache.entries) + sum(a.weight() for a, _ in cache.entries.values()) <= cache.max_bytes


def test_padding_a_link_with_unknown_fields_finds_the_same_answer(client):
    """A field no view reads (zz=...) cannot make a new cache entry per request."""
    MIXER_ANSWERS.entries.clear()
    MIXER_ANSWERS.bytes = 0
    MIXER_ENDPOINT.known.clear()
    first = client.get("/api/mixer?seed=77")
    for counter in range(20):
        padded = client.get(f"/api/mixer?seed=77&zz={counter}{'a' * 3_000}")
        assert padded.status_code == 200 and padded.content == first.content
        respelled = client.get(f"/api/mixer?seed=0{'0' * counter}77")
        assert respelled.content == first.content
    assert len(MIXER_ANSWERS.entries) == 1
    # Only the spelling the page writes is remembered by its bytes (the lecture hall's fast path).
    assert list(MIXER_ENDPOINT.known) == [b"seed=77"]


def test_new_examples_asked_for_at_once_are_computed_together_and_each_is_its_own(client, monkeypatch):
    """A worker under load computes the first new example of a turn of its loop at once and the
    turn's others in one call. Each answer is still the one its example gets alone (whole numbers:
    exactly), with a repeated seed, another shape and an edited example among them; a lone request
    is computed at once, never with others."""
    queries = [f"seed={900_000 + k}" for k in range(12)] + [
        "seed=900003",
        "h=3&w=2&cin=4&cout=5&order=chw&act=none&seed=5",
        "h=1&w=1&cin=2&cout=1&x=1.5,2&weight=2,-1&bias=0.5",
    ]
    batch = MIXER_ENDPOINT.batch
    alone_count: list[int] = []
    together_sizes: list[int] = []
    compute, compute_many = batch.compute, batch.compute_many
    monkeypatch.setattr(batch, "compute", lambda *key: alone_count.append(1) or compute(*key))
    monkeypatch.setattr(batch, "compute_many", lambda keys: together_sizes.append(len(keys)) or compute_many(keys))

    async def ask_at_once() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app()), base_url="http://onebyone") as at_once:
            return await asyncio.gather(*(at_once.get(f"/api/mixer?{query}") for query in queries))

    forget_answers()
    together = asyncio.run(ask_at_once())
    # Each new example is computed once (the repeated seed is found), most of them together.
    assert len(alone_count) + sum(together_sizes) == len(set(queries)) and max(together_sizes) > len(alone_count), (alone_count, together_sizes)
    asked_together = len(together_sizes)
    for query, answer in zip(queries, together, strict=True):
        forget_answers()
        alone = client.get(f"/api/mixer?{query}")
        assert answer.status_code == alone.status_code == 200 and answer.content == alone.content, query
    assert len(together_sizes) == asked_together  # one request at a time: each computed at once
    assert together[0].json()["fc"]["max_abs_diff"] == 0 and together[-1].json()["x"] == [[[1.5, 2]]]


def test_a_failing_answer_among_those_computed_together_fails_only_its_own_requests():
    """If the call for the turn's answers fails, each is computed alone: the one that cannot be
    fails its own requests with its own error, and every other request gets its answer."""
    kept: dict = {}

    def compute(name: str) -> CachedJSON:
        if name == "bad":
            raise ValueError("no answer for bad")
        return CachedJSON(name.encode())

    def compute_many(keys: list) -> list[CachedJSON]:
        raise ValueError("one of them cannot be computed")

    async def ask_at_once() -> list:
        batch = Batch(compute, compute_many, kept.__setitem__)
        return await asyncio.gather(*(batch.get((name,)) for name in ("first", "b", "bad", "b", "c")), return_exceptions=True)

    first, b, bad, b_again, c = asyncio.run(ask_at_once())
    assert [answer.body for answer in (first, b, b_again, c)] == [b"first", b"b", b"b", b"c"]
    assert isinstance(bad, ValueError) and str(bad) == "no answer for bad"
    assert sorted(name for (name,) in kept) == ["b", "c", "first"]


def forget_answers() -> None:
    MIXER_ANSWERS.entries.clear()
    MIXER_ANSWERS.bytes = 0
    MIXER_ENDPOINT.known.clear()
