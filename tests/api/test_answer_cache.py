"""The API's answer caches are bounded by bytes, not entries: links asking for
large distinct examples cannot fill a worker's memory."""

from __future__ import annotations

import pytest

from app.api.cache import AnswerCache, CachedJSON, key_weight
from app.api.mixer import MIXER_ANSWERS, MIXER_ENDPOINT


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
