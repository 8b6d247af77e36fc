"""GET /api/cost: the seed's numbers, exact big integers, caching, and a 422 naming the field for every kind of bad input."""

import json

import pytest


def test_default_answer_is_the_seeds_comparison(client):
    body = client.get("/api/cost").json()
    a, b = body["paths"]["a"], body["paths"]["b"]
    assert body["input"] == [28, 28, 256]
    assert a["totals"]["macs_per_position"] == 1_048_576 and b["totals"]["macs_per_position"] == 278_528
    assert body["ratio"]["macs"] == pytest.approx(3.7647, abs=1e-4)
    assert body["same_output"] is True
    assert [row["spec"] for row in b["layers"]] == ["conv1:64", "conv4:256"]
    assert b["layers"][0]["layer"] == {"kind": "conv", "kernel": 1, "filters": 64, "stride": 1, "padding": "same", "groups": 1, "out_h": 1, "out_w": 1}
    sweep = body["sweep"]
    assert sweep["layer"] == 0 and sweep["width"] == 64 and sweep["break_even"] == 241 and sweep["budget"] == a["totals"]["macs"]
    widths = [p["width"] for p in sweep["points"]]
    assert widths == sorted(set(widths)) and 64 in widths and 241 in widths
    at = {p["width"]: p["macs"] for p in sweep["points"]}
    assert at[64] == b["totals"]["macs"] and at[241] >= a["totals"]["macs"] > at[widths[widths.index(241) - 1]]
    head = body["head"]
    assert head["side"] == 28 and head["channels"] == 256 and head["classes"] == 1000
    fcs = [p["fc"] for p in head["points"]]
    assert fcs == sorted(fcs) and {p["gap_1x1"] for p in head["points"]} == {256 * 1000 + 1000}


def test_huge_allowed_shapes_answer_with_exact_integers(client):
    r = client.get("/api/cost", params={"h": 4096, "w": 4096, "c": 8192, "a": "fc:4096x4096x8192", "b": "conv1:8192", "classes": 100000})
    assert r.status_code == 200
    body = json.loads(r.text)  # Python's json keeps integers of any size exact
    assert body["paths"]["a"]["totals"]["weights"] == (4096 * 4096 * 8192) ** 2
    assert body["paths"]["b"]["totals"]["macs"] == 8192 * 8192 * 4096 * 4096
    assert '"weights":18889465931478580854784' in r.text


def test_a_second_request_with_the_etag_is_not_modified(client):
    first = client.get("/api/cost?b=conv1:32,conv4:256")
    assert "public" in first.headers["cache-control"]
    again = client.get("/api/cost?b=conv1:32,conv4:256", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"h": "0"}, "h", "h must be an integer from 1 to 4096, got 0"),
        ({"h": "4097"}, "h", "from 1 to 4096"),
        ({"w": "-1"}, "w", "from 1 to 4096"),
        ({"c": "8193"}, "c", "c must be an integer from 1 to 8192"),
        ({"c": "x"}, "c", "from 1 to 8192"),
        ({"classes": "0"}, "classes", "from 1 to 100000"),
        ({"a": ""}, "a", "a must be 1 to 8 comma-separated layers"),
        ({"a": "foo"}, "a", "a[0] must be conv<k>:<filters>"),
        ({"a": "conv3"}, "a", "a[0]: conv3 needs its number of filters"),
        ({"b": "conv3:9000"}, "b", "b[0]: filters must be an integer from 1 to 8192"),
        ({"b": "conv3:64:g5"}, "b", "b[0]: groups = 5 must divide both the input channels (256) and the filters (64)"),
        ({"b": "conv1:64,conv5:32:valid", "h": "3", "w": "3"}, "b", "b[1]: a 5×5 kernel with valid padding does not fit a 3×3 input"),
        ({"a": ",".join(["conv1:64"] * 9)}, "a", "1 to 8 comma-separated layers"),
        ({"b": "pool2:s2"}, "b", "unknown option 's2' for pool"),
        ({"b": "conv1:" + "9" * 300}, "b", "at most 200 characters"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_the_allowed_range(client, params, field, words):
    r = client.get("/api/cost", params=params)
    assert r.status_code == 422
    problem = r.json()["detail"][0]
    assert problem["field"] == field and problem["loc"] == ["query", field]
    assert words in problem["msg"]


def test_the_cost_lab_is_documented_in_the_openapi_schema(client):
    parameters = {p["name"]: p for p in client.get("/openapi.json").json()["paths"]["/api/cost"]["get"]["parameters"]}
    assert set(parameters) == {"h", "w", "c", "a", "b", "classes"}
    assert parameters["c"]["schema"]["maximum"] == 8192
    assert "conv<k>:<filters>" in parameters["b"]["description"]
