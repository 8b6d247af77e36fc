"""GET /api/lab and /api/real-heads: round trips, pitfalls, and a 422 for every kind of bad input."""

import numpy as np
import pytest


def test_default_lab_converts_exactly(client):
    body = client.get("/api/lab").json()
    assert body["shape"] == {"h": 3, "w": 3, "c": 2, "k": 4, "k2": 3, "bh": 6, "bw": 6, "stride": 1}
    assert body["map_shape"] == [4, 4] and body["conv_map_shape"] == [4, 4]
    assert body["max_abs_diff"] == 0 and body["extra_outputs"] == 0
    assert np.array(body["kernels"]).shape == (4, 3, 3, 2)
    assert body["params"]["fc1"] == body["params"]["conv1"] == 4 * 18 + 4
    # Position (1, 2) reads the crop at rows 1-3, columns 2-4: check it by hand.
    x, fc1, b1, fc2, b2 = (np.array(body[k]) for k in ("x", "fc1", "b1", "fc2", "b2"))
    hidden = np.maximum(fc1 @ x[1:4, 2:5].reshape(-1) + b1, 0)
    np.testing.assert_allclose(body["conv_map"][1][2], fc2 @ hidden + b2)
    np.testing.assert_allclose(body["hidden_map"][1][2], hidden)


def test_given_weights_are_used_in_their_flatten_order(client):
    # One 1×2 kernel on 2 channels, trained on channels-first: [ch0 px0, ch0 px1, ch1 px0, ch1 px1].
    params = {
        "h": "1",
        "w": "2",
        "c": "2",
        "k": "1",
        "k2": "0",
        "bh": "1",
        "bw": "3",
        "order": "chw",
        "act": "none",
        "x": "1,10,2,20,3,30",
        "fc1": "1,2,3,4",
        "b1": "0.5",
    }
    body = client.get("/api/lab", params=params).json()
    assert body["kernels"] == [[[[1.0, 3.0], [2.0, 4.0]]]]  # (k, h, w, c): pixel 0 holds (1, 3)
    # crop 0 reads pixels (1, 10), (2, 20): 1·1 + 2·2 + 3·10 + 4·20 + 0.5 = 115.5
    # crop 1 reads pixels (2, 20), (3, 30): 1·2 + 2·3 + 3·20 + 4·30 + 0.5 = 188.5
    assert body["conv_map"] == [[[115.5], [188.5]]]
    wrong = client.get("/api/lab", params=params | {"pitfall": "order"}).json()
    assert wrong["kernels"] == [[[[1.0, 2.0], [3.0, 4.0]]]]
    assert wrong["max_abs_diff"] > 0


@pytest.mark.parametrize("pitfall", ["order", "same", "bias"])
def test_each_pitfall_moves_the_difference_off_zero(client, pitfall):
    body = client.get("/api/lab", params={"pitfall": pitfall, "seed": "3"}).json()
    assert body["max_abs_diff"] > 0
    assert body["pitfall"] == pitfall
    if pitfall == "same":
        assert body["conv_map_shape"] == [6, 6] and body["extra_outputs"] == 20 and body["padding"]["rows"] == [1, 1]


def test_stride_shrinks_the_map(client):
    body = client.get("/api/lab", params={"stride": "2", "bh": "7", "bw": "9"}).json()
    assert body["map_shape"] == [3, 4] and body["crops"] == {"top": [0, 2, 4], "left": [0, 2, 4, 6]}
    assert body["max_abs_diff"] == 0


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"h": "6"}, "h", "from 1 to 5"),
        ({"c": "0"}, "c", "from 1 to 4"),
        ({"k": "9"}, "k", "from 1 to 8"),
        ({"k2": "-1"}, "k2", "from 0 to 8"),
        ({"bh": "13"}, "bh", "from 1 to 12"),
        ({"bh": "2"}, "bh", "at least h = 3"),
        ({"bw": "2", "w": "4"}, "bw", "at least w = 4"),
        ({"stride": "4"}, "stride", "from 1 to 3"),
        ({"pitfall": "typo"}, "pitfall", "one of none, order, same, bias"),
        ({"fc1": "1,2"}, "fc1", "k·h·w·c = 4·3·3·2 = 72 numbers, got 2"),
        ({"b2": "1,2"}, "b2", "k2 = 3 numbers, got 2"),
        ({"x": ",".join(["1"] * 71) + ",nan"}, "x", "x[71] must be a number from -1000 to 1000"),
    ],
)
def test_bad_lab_input_is_a_422_naming_the_field_and_range(client, params, field, words):
    r = client.get("/api/lab", params=params)
    assert r.status_code == 422
    problem = r.json()["detail"][0]
    assert problem["loc"] == ["query", field] and words in problem["msg"]


def test_lab_limits_answer(client):
    body = client.get("/api/lab", params={"h": "5", "w": "5", "c": "4", "k": "8", "k2": "8", "bh": "12", "bw": "12", "order": "chw"}).json()
    assert body["map_shape"] == [8, 8] and body["max_abs_diff"] == 0


def test_real_heads(client):
    heads = {h["key"]: h for h in client.get("/api/real-heads").json()}
    assert heads["vgg16"]["input"] == [7, 7, 512]
    assert [layer["params"] for layer in heads["vgg16"]["layers"]] == [102_764_544, 16_781_312, 4_097_000]
    assert heads["vgg16"]["maps"][1] == {"image": 384, "feature": 12, "map": [6, 6]}


# Found by fuzzing (schemathesis): Unicode digits, underscores and spaces were read as numbers
# against the documented schema, and a field given twice meant two things.
@pytest.mark.parametrize(
    "query, field, words",
    [
        ("k=\u0664", "k", "k must be an integer from 1 to 8, got '\u0664'"),
        ("stride=\uff12", "stride", "stride must be an integer from 1 to 3"),
        ("bh=1_2", "bh", "bh must be an integer from 1 to 12, got '1_2'"),
        ("k2=0&b1=1,2,3,%204", "b1", "b1[3] must be a number from -1000 to 1000, got ' 4'"),
        ("k2=0&b1=1,2,3,4_0", "b1", "b1[3] must be a number from -1000 to 1000, got '4_0'"),
        ("h=2&h=3", "h", "h must be given once (an integer from 1 to 5), got 2 values"),
        ("pitfall=none&pitfall=order", "pitfall", "pitfall must be given once"),
    ],
)
def test_lookalike_numbers_and_repeated_fields_are_a_422_naming_the_field(client, query, field, words):
    r = client.get(f"/api/lab?{query}")
    assert r.status_code == 422, r.text
    problem = r.json()["detail"][0]
    assert problem["field"] == field and problem["loc"] == ["query", field]
    assert words in problem["msg"]
