"""GET /api/mixer: round trips with real numbers, and a 422 for every kind of bad input."""

import re
from urllib.parse import urlencode

import numpy as np
import pytest

from tests.mixer_layout import shown

LECUN = {"h": "1", "w": "1", "cin": "3", "cout": "2", "act": "relu", "x": "1,2,3", "weight": "0,1,1,2,3,5", "bias": "8,13"}


def test_lecun_example_round_trip(client):
    r = client.get("/api/mixer", params=LECUN)
    assert r.status_code == 200
    body = r.json()
    assert body["y"] == [[[13.0, 36.0]]]
    assert body["params"]["conv_total"] == 8 == body["params"]["fc_total"]
    steps = body["steps"]
    assert steps["products"][0] == [[0.0, 2.0, 3.0], [2.0, 6.0, 15.0]]
    assert steps["pre"][0] == [13.0, 36.0] and steps["out"][0] == [13.0, 36.0]
    # The normalised state leaves defaults (cin=3, cout=2, act=relu) out of the URL.
    assert body["state"] == {"h": "1", "w": "1", "x": "1,2,3", "weight": "0,1,1,2,3,5", "bias": "8,13"}


def test_whole_numbers_are_sent_whole_and_fractions_exactly(client):
    # The seeded example and whole-number lists are computed in integers: "13", not "13.0".
    assert b'"y":[[[13,36]]]' in client.get("/api/mixer", params=LECUN).content
    two_pixels = {"h": "1", "w": "2", "cin": "1", "cout": "2", "x": "1,2", "weight": "1,1", "bias": "-1,1", "act": "none"}
    assert b'"y":[[[0,2],[1,3]]]' in client.get("/api/mixer", params=two_pixels).content
    # One fraction makes that list floats; every reading stays equal to the conv.
    body = client.get("/api/mixer", params={**LECUN, "x": "1,2,3.5"}).json()
    assert body["y"] == [[[13.5, 38.5]]] and body["steps"]["products"][0] == [[0, 2, 3.5], [2, 6, 17.5]]
    assert body["per_pixel"]["max_abs_diff"] == body["batch"]["max_abs_diff"] == body["fc"]["max_abs_diff"] == 0


def test_default_example_agrees_with_an_independent_reference(client):
    body = client.get("/api/mixer").json()
    x, w, b = np.array(body["x"]), np.array(body["weight"]), np.array(body["bias"])
    assert x.shape == (4, 4, 3) and w.shape == (2, 3) and b.shape == (2,)
    expected = np.maximum(np.einsum("hwc,oc->hwo", x, w) + b, 0)
    np.testing.assert_allclose(body["y"], expected)
    assert body["fc"]["max_abs_diff"] == body["batch"]["max_abs_diff"] == body["per_pixel"]["max_abs_diff"] == 0
    layout = client.get("/api/mixer/layout").json()
    assert layout["fc"]["shape"] == [32, 48]
    assert len(layout["fc"]["entries"]["row"]) == 16 * 2 * 3
    assert layout["steps"]["i"] == [i for i in range(4) for _ in range(4)]
    assert layout["steps"]["j"] == [j for _ in range(4) for j in range(4)]


@pytest.mark.parametrize("order", ["hwc", "chw"])
def test_fc_reading_rebuilds_the_output_in_its_flatten_order(client, order):
    query = urlencode({"h": "2", "w": "3", "cin": "2", "cout": "3", "seed": "5", "act": "none", "order": order})
    body = shown(lambda path: client.get(path).json(), query)
    rows, cols = body["fc"]["shape"]
    big = np.zeros((rows, cols))
    e = body["fc"]["entries"]
    big[e["row"], e["col"]] = e["value"]
    y_flat = big @ np.array(body["fc"]["x_flat"]) + np.array(body["fc"]["bias"])
    np.testing.assert_allclose(y_flat, body["fc"]["out"])
    y = np.array(body["y"])
    reference = y.reshape(-1) if order == "hwc" else np.transpose(y, (2, 0, 1)).reshape(-1)
    np.testing.assert_allclose(y_flat, reference)


def test_same_seed_same_example_and_cacheable(client):
    a = client.get("/api/mixer", params={"seed": "99"})
    b = client.get("/api/mixer", params={"seed": "99"})
    assert a.content == b.content
    assert "public" in a.headers["cache-control"]
    assert client.get("/api/mixer", params={"seed": "99"}, headers={"If-None-Match": a.headers["etag"]}).status_code == 304
    assert client.get("/api/mixer", params={"seed": "100"}).json()["x"] != a.json()["x"]


def test_relu_zeroes_negative_pre_activations(client):
    body = client.get("/api/mixer", params={"h": "1", "w": "2", "cin": "1", "cout": "1", "x": "2,-3", "weight": "1", "bias": "0.5"}).json()
    assert body["steps"]["pre"] == [[2.5], [-2.5]]
    assert body["y"] == [[[2.5], [0.0]]]


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"h": "9"}, "h", "from 1 to 8"),
        ({"h": "0"}, "h", "from 1 to 8"),
        ({"w": "-1"}, "w", "from 1 to 8"),
        ({"cin": "abc"}, "cin", "integer from 1 to 8"),
        ({"cout": "2.5"}, "cout", "integer from 1 to 8"),
        ({"cout": "100000000000000000000000"}, "cout", "from 1 to 8"),
        ({"act": "sigmoid"}, "act", "one of none, relu"),
        ({"order": "whc"}, "order", "one of hwc, chw"),
        ({"seed": "-5"}, "seed", "from 0 to 999999"),
        ({"weight": "1,2,3"}, "weight", "cout·cin = 2·3 = 6 numbers, got 3"),
        ({"bias": "1,2,3"}, "bias", "cout = 2 numbers, got 3"),
        ({"x": "1"}, "x", "h·w·cin = 4·4·3 = 48 numbers"),
        ({"weight": "1,2,nan,4,5,6"}, "weight", "weight[2] must be a number from -1000 to 1000"),
        ({"weight": "1,2,inf,4,5,6"}, "weight", "weight[2] must be a number from -1000 to 1000"),
        ({"bias": "1,1e9"}, "bias", "bias[1] must be a number from -1000 to 1000"),
        ({"bias": "1,two"}, "bias", "bias[1] must be a number"),
        ({"bias": "1,"}, "bias", "bias[1] must be a number"),
        ({"h": "1", "w": "1", "cin": "1", "cout": "1", "x": "1001"}, "x", "x[0] must be a number from -1000 to 1000"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_range(client, params, field, words):
    r = client.get("/api/mixer", params=params)
    assert r.status_code == 422
    problem = r.json()["detail"][0]
    assert problem["loc"] == ["query", field]
    assert problem["msg"].startswith(field)
    assert words in problem["msg"]


def test_limits_are_allowed_at_the_edge(client):
    largest = {"h": "8", "w": "8", "cin": "8", "cout": "8", "order": "chw"}
    assert client.get("/api/mixer", params=largest).json()["fc"]["max_abs_diff"] == 0
    layout = client.get("/api/mixer/layout", params=largest).json()
    assert layout["fc"]["shape"] == [512, 512]
    assert len(layout["fc"]["entries"]["row"]) == 64 * 64


def test_every_example_of_a_shape_shares_one_layout_and_a_bad_shape_is_a_422(client):
    """The layout reads the shape and the flatten order; the example's numbers, its seed and its
    activation change nothing in it, and an answer carries none of it."""
    shape = {"h": "2", "w": "3", "cin": "2", "cout": "3", "order": "chw"}
    first = client.get("/api/mixer/layout", params=shape)
    for other in ({"seed": "5", "act": "none"}, {"x": ",".join(["1"] * 12), "weight": "1,2,3,4,5,6", "bias": "0,0,0"}):
        again = client.get("/api/mixer/layout", params=shape | other)
        assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert first.json()["fc"]["row_channel"] == [0] * 6 + [1] * 6 + [2] * 6  # channels first: each channel's pixels together
    answer = client.get("/api/mixer", params=shape).json()
    assert "entries" not in answer["fc"] and "i" not in answer["steps"] and "rows" not in answer["batch"]
    assert client.get("/api/mixer/layout", params={"order": "whc"}).status_code == 422
    problem = client.get("/api/mixer/layout", params={"cin": "9"}).json()["detail"][0]
    assert problem["field"] == "cin" and "1 to 8" in problem["msg"]


def test_openapi_documents_every_state_field_with_its_range(client):
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/mixer"]["get"]["parameters"]}
    assert set(params) == {"h", "w", "cin", "cout", "act", "order", "seed", "x", "weight", "bias"}
    assert params["h"]["schema"]["maximum"] == 8
    assert "from 1 to 8" in params["cin"]["description"]
    assert "422" in spec["paths"]["/api/mixer"]["get"]["responses"]


# Found by fuzzing (schemathesis): int() and float() read Unicode digits, underscores and spaces,
# which the documented schema refuses and the browser reads differently; and a field given
# twice meant its first value to the browser, its last to the server.
@pytest.mark.parametrize(
    "query, field, words",
    [
        ("h=\u0663", "h", "h must be an integer from 1 to 8, got '\u0663'"),  # Arabic-Indic three
        ("cout=\uff12", "cout", "cout must be an integer from 1 to 8"),  # fullwidth two
        ("seed=1_0", "seed", "seed must be an integer from 0 to 999999, got '1_0'"),
        ("cin=%203", "cin", "cin must be an integer from 1 to 8, got ' 3'"),
        ("bias=1_0,2", "bias", "bias[0] must be a number from -1000 to 1000, got '1_0'"),
        ("bias=1,%D9%A3", "bias", "bias[1] must be a number from -1000 to 1000, got '\u0663'"),
        ("bias=%201,2", "bias", "bias[0] must be a number from -1000 to 1000, got ' 1'"),
        ("bias=1,1e999", "bias", "bias[1] must be a number from -1000 to 1000, got '1e999'"),
        ("h=2&h=3", "h", "h must be given once (an integer from 1 to 8), got 2 values"),
        ("act=none&act=relu", "act", "act must be given once"),
        ("bias=1,2&bias=3,4", "bias", "bias must be given once"),
    ],
)
@pytest.mark.parametrize("path", ["/api/mixer", "/api/code"])
def test_lookalike_numbers_and_repeated_fields_are_a_422_naming_the_field(client, path, query, field, words):
    r = client.get(f"{path}?{query}")
    assert r.status_code == 422, r.text
    problem = r.json()["detail"][0]
    assert problem["field"] == field and problem["loc"] == ["query", field]
    assert words in problem["msg"]


@pytest.mark.parametrize("number", ["1", "-2.5", "+3", ".5", "4.", "1e2", "-1E-3", "1_0", " 1", "\u0663", "1e", ".", "--1", "0x1", "nan"])
def test_the_documented_number_pattern_is_exactly_what_the_api_accepts(client, number):
    pattern = {p["name"]: p for p in client.get("/openapi.json").json()["paths"]["/api/mixer"]["get"]["parameters"]}["bias"]["schema"]["pattern"]
    r = client.get("/api/mixer", params={"h": "1", "w": "1", "cin": "1", "cout": "2", "bias": f"{number},0"})
    assert (r.status_code == 200) == bool(re.fullmatch(pattern, f"{number},0")), r.text
