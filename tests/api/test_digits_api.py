"""GET /api/digits: the default strip 3 1 4 1 5 read by the trained network, the answer checked
against a reference written here from the weights file alone (block counts by a loop, the FC
head by a matrix product per window), every example strip, and a 422 naming the field and what
it may be for a bad drawing or stride."""

import base64

import numpy as np
import pytest

from app.core.digits import DATA_FILE
from app.state.spec import DIGITS
from app.web.presets import DIGITS_PRESETS

PRESET = {p.key: p.query for p in DIGITS_PRESETS}


def reference(ink: str, stride: int) -> tuple[np.ndarray, np.ndarray]:
    """The strip's counts and the FC head's scores per window, from the link text and the weights file."""
    raw = base64.urlsafe_b64decode(ink + "=" * (-len(ink) % 4))
    bits = [(byte >> (7 - k)) & 1 for byte in raw for k in range(8)]
    strip = np.zeros((8, 40))
    for r in range(32):
        for c in range(160):
            strip[r // 4, c // 4] += bits[r * 160 + c]
    weights = np.load(DATA_FILE)
    w1, b1, w2, b2 = (weights[name].astype(np.float64) for name in ("w1", "b1", "w2", "b2"))
    scores = []
    for first in range(0, 40 - 8 + 1, stride):
        window = strip[:, first : first + 8].reshape(64) / 16
        scores.append(w2 @ np.maximum(w1 @ window + b1, 0) + b2)
    return strip, np.array(scores)


def test_the_default_strip_reads_3_1_4_1_5_with_no_digit_between_them(client):
    body = client.get("/api/digits").json()
    assert body["shape"] == {"rows": 8, "columns": 40, "block": 4, "window": 8, "stride": 1, "positions": 33, "hidden": 64, "classes": 11, "none": 10}
    winners = body["winners"]
    # At a stride of one window, each window sits on one digit.
    assert [winners[j] for j in range(0, 33, 8)] == [3, 1, 4, 1, 5]
    # Half a window off, it sees the right part of one digit beside the left part of the next: no digit.
    assert [winners[j] for j in (4, 12, 20)] == [10, 10, 10]
    assert body["network"] == {"held_out_right": 348, "held_out": 359}
    assert body["cost"] == {"per_window": 64 * 64 + 64 * 11, "fc_passes": 33, "conv_passes": 1, "macs": 33 * 4800}


@pytest.mark.parametrize(("preset", "stride"), [("digits_pi", 1), ("digits_spaced", 3), ("digits_one", 8), ("digits_blank", 2)])
def test_every_example_matches_an_independent_reference(client, preset, stride):
    ink = PRESET[preset].get("ink") or DIGITS.field("ink").default
    body = client.get("/api/digits", params={"ink": ink, "stride": stride}).json()
    strip, scores = reference(ink, stride)
    assert np.array_equal(np.array(body["strip"]), strip)
    assert len(body["scores"]) == len(scores) == (40 - 8) // stride + 1
    assert np.max(np.abs(np.array(body["fc_scores"]) - scores)) < 1e-9
    assert np.max(np.abs(np.array(body["scores"]) - scores)) < 1e-9
    assert body["max_abs_diff"] < 1e-9
    assert body["winners"] == list(scores.argmax(axis=1))
    probabilities = np.array(body["probabilities"])
    assert np.allclose(probabilities.sum(axis=1), 1) and list(probabilities.argmax(axis=1)) == body["winners"]


def test_an_empty_strip_reads_no_digit_everywhere_and_one_7_is_read_only_where_the_window_is_on_it(client):
    assert set(client.get("/api/digits", params=PRESET["digits_blank"]).json()["winners"]) == {10}
    winners = client.get("/api/digits", params=PRESET["digits_one"] | {"stride": "1"}).json()["winners"]
    assert winners[16] == 7 and set(winners[:10]) == {10} and set(winners[24:]) == {10}


@pytest.mark.parametrize(
    ("params", "field", "says"),
    [
        ({"ink": "abc"}, "ink", "854 characters of URL-safe base64 (a drawing of 32×160 points), got 'abc'"),
        ({"ink": "A" * 853 + "*"}, "ink", "854 characters of URL-safe base64"),
        ({"ink": "A" * 855}, "ink", "(855 characters)"),
        ({"stride": "9"}, "stride", "an integer from 1 to 8, got 9"),
        ({"stride": "0"}, "stride", "an integer from 1 to 8, got 0"),
    ],
)
def test_a_bad_drawing_or_stride_is_refused_naming_the_field_and_what_it_may_be(client, params, field, says):
    r = client.get("/api/digits", params=params)
    assert r.status_code == 422
    problem = r.json()["detail"][0]
    assert problem["field"] == field and problem["msg"].startswith(f"{field} must be") and says in problem["msg"]


def test_a_drawing_is_one_cache_entry_however_its_last_characters_pad_it(client):
    """854 characters hold 5,124 bits for 5,120 points: the last character's 4 spare bits do not make another drawing."""
    blank = PRESET["digits_blank"]["ink"]
    padded = blank[:-1] + "B"  # one spare bit set
    a, b = client.get("/api/digits", params={"ink": blank}).json(), client.get("/api/digits", params={"ink": padded}).json()
    assert a["state"] == b["state"] == {"ink": blank}
