"""GET /api/cost: the seed's numbers by default, exact big integers, the ETag, and a 422 naming the field for each bad input."""

import json
import re

import pytest


def test_default_answer_has_the_seeds_numbers(client):
    r = client.get("/api/cost")
    assert r.status_code == 200
    body = r.json()
    a, b = body["paths"]["a"]["totals"], body["paths"]["b"]["totals"]
    assert body["input"] == [28, 28, 256]
    # A: 4·4·256·256 = 1,048,576; B: 256·64 + 4·4·64·256 = 16,384 + 262,144 = 278,528.
    assert a["macs_per_position"] == 1_048_576
    assert b["macs_per_position"] == 278_528
    assert a["macs"] == 1_048_576 * 784 and b["macs"] == 278_528 * 784
    assert body["ratio"]["macs"] == pytest.approx(3.7647, abs=1e-4)
    assert body["ratio"]["macs"] == 1_048_576 / 278_528
    # Params: (1,048,576 + 256) / (278,528 + 64 + 256).
    assert body["ratio"]["params"] == 1_048_832 / 278_848
    assert body["same_output"] is True
    assert body["paths"]["a"]["output"] == body["paths"]["b"]["output"] == [28, 28, 256]


def test_default_sweep_breaks_even_at_241_and_is_sorted(client):
    sweep = client.get("/api/cost").json()["sweep"]
    # 4,352·r ≥ 1,048,576 first at r = 241 (4,352·240 = 1,044,480; 4,352·241 = 1,048,832).
    assert sweep["break_even"] == 241
    assert sweep["layer"] == 0 and sweep["width"] == 64
    widths = [point["width"] for point in sweep["points"]]
    assert widths == sorted(set(widths))
    assert 64 in widths and 241 in widths
    at = {point["width"]: point["macs"] for point in sweep["points"]}
    assert at[64] == 278_528 * 784
    assert at[241] == 4_352 * 241 * 784 >= sweep["budget"] == 1_048_576 * 784
    macs = [point["macs"] for point in sweep["points"]]
    assert macs == sorted(macs)


def test_default_head_chart_fc_grows_with_side_and_gap_stays_constant(client):
    head = client.get("/api/cost").json()["head"]
    assert head["side"] == 28 and head["channels"] == 256 and head["classes"] == 1000
    points = head["points"]
    sides = [point["side"] for point in points]
    assert sides == sorted(set(sides)) and 28 in sides
    fcs = [point["fc"] for point in points]
    assert all(small < big for small, big in zip(fcs, fcs[1:], strict=False))
    # side·side·256·1000 + 1000 weights and biases; GAP + 1×1: 256·1000 + 1000 = 257,000 at every side.
    assert {point["gap_1x1"] for point in points} == {257_000}
    assert all(point["fc"] == point["side"] ** 2 * 256_000 + 1000 for point in points)


def test_huge_allowed_shapes_answer_with_exact_big_integers(client):
    params = {"h": "4096", "w": "4096", "c": "8192", "a": "fc:4096x4096x8192", "b": "conv1:8192"}
    r = client.get("/api/cost", params=params)
    assert r.status_code == 200
    body = json.loads(r.text)  # Python's json keeps integers of any size exact
    n = 4096 * 4096 * 8192  # 2^37 values in and out
    a = body["paths"]["a"]["totals"]
    assert a["weights"] == n**2 == 2**74 == 18_889_465_931_478_580_854_784
    assert type(a["weights"]) is int and a["weights"] > 2**64
    assert a["biases"] == n
    assert a["macs"] == n**2
    # B: a 1×1 conv 8192 -> 8192: 8192² = 2^26 weights, on 4096² = 2^24 positions = 2^50 MACs.
    b = body["paths"]["b"]["totals"]
    assert b["weights"] == 8192**2 and b["macs"] == 2**50 and b["macs_per_position"] == 2**26
    assert f'"weights":{2**74}' in r.text  # printed digit for digit, not as a float
    assert body["ratio"]["macs"] == 2**74 / 2**50


def test_a_second_request_with_the_etag_is_not_modified(client):
    first = client.get("/api/cost", params={"b": "conv1:48,conv4:256"})
    assert first.status_code == 200 and first.headers["etag"]
    again = client.get("/api/cost", params={"b": "conv1:48,conv4:256"}, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["etag"] == first.headers["etag"]
    other = client.get("/api/cost", params={"b": "conv1:32,conv4:256"}, headers={"If-None-Match": first.headers["etag"]})
    assert other.status_code == 200 and other.headers["etag"] != first.headers["etag"]


BAD_INPUTS = [
    ({"h": "0"}, "h", ["h must be an integer from 1 to 4096", "got 0"]),
    ({"h": "4097"}, "h", ["from 1 to 4096", "got 4097"]),
    ({"w": "-1"}, "w", ["w must be an integer from 1 to 4096"]),
    ({"c": "0"}, "c", ["c must be an integer from 1 to 8192"]),
    ({"c": "8193"}, "c", ["from 1 to 8192", "got 8193"]),
    ({"classes": "0"}, "classes", ["classes must be an integer from 1 to 100000"]),
    ({"a": ""}, "a", ["a must be 1 to 8 comma-separated layers"]),
    ({"a": "foo"}, "a", ["a[0] must be", "conv<k>:<filters>"]),
    ({"a": "conv3"}, "a", ["a[0]", "needs its number of filters"]),
    ({"b": "conv3:9000"}, "b", ["b[0]", "filters must be an integer from 1 to 8192"]),
    ({"b": "conv3:64:g5"}, "b", ["b[0]", "groups = 5 must divide", "(256)"]),
    ({"b": "conv5:32:valid", "h": "3"}, "b", ["b[0]", "does not fit", "3×28"]),
    ({"a": ",".join(["conv1:64"] * 9)}, "a", ["a must be 1 to 8 comma-separated layers"]),
    ({"b": "pool2:s2"}, "b", ["b[0]", "unknown option 's2' for pool"]),
    ({"a": "conv1:" + "1" * 294}, "a", ["a must be at most 200 characters", "got 300"]),
]


@pytest.mark.parametrize("params, field, words", BAD_INPUTS, ids=[next(iter(p)) + "=" + next(iter(p.values()))[:20] for p, _, _ in BAD_INPUTS])
def test_bad_input_is_a_422_naming_the_field_and_the_allowed_range(client, params, field, words):
    r = client.get("/api/cost", params=params)
    assert r.status_code == 422
    problem = r.json()["detail"][0]
    assert problem["field"] == field
    assert problem["loc"] == ["query", field]
    for word in words:
        assert word in problem["msg"]


def test_superscript_digit_is_a_422_not_a_500(client):
    r = client.get("/api/cost", params={"a": "conv3:²"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "a"


def test_a_valid_chain_with_a_depthwise_before_a_grouped_conv_answers_200(client):
    r = client.get("/api/cost", params={"b": "conv1:64,dw3,conv1:256:g32"})
    assert r.status_code == 200, r.text


def test_the_cost_lab_is_documented_in_the_openapi_schema(client):
    parameters = {p["name"]: p for p in client.get("/openapi.json").json()["paths"]["/api/cost"]["get"]["parameters"]}
    assert set(parameters) == {"h", "w", "c", "a", "b", "classes"}
    assert parameters["c"]["schema"]["maximum"] == 8192
    assert "conv<k>:<filters>" in parameters["b"]["description"]


# Found by fuzzing (schemathesis): Unicode digits and underscores were read as integers against
# the documented schema, and a field given twice meant its first value to the browser, its last here.
@pytest.mark.parametrize(
    "query, field, words",
    [
        ("h=\u0662\u0668", "h", "h must be an integer from 1 to 4096, got '\u0662\u0668'"),
        ("classes=1_000", "classes", "classes must be an integer from 1 to 100000, got '1_000'"),
        ("c=%20256", "c", "c must be an integer from 1 to 8192, got ' 256'"),
        ("a=conv1:64&a=conv3:64", "a", "a must be given once (1 to 8 comma-separated layers"),
        ("h=28&h=7", "h", "h must be given once"),
    ],
)
def test_lookalike_numbers_and_repeated_fields_are_a_422_naming_the_field(client, query, field, words):
    r = client.get(f"/api/cost?{query}")
    assert r.status_code == 422, r.text
    problem = r.json()["detail"][0]
    assert problem["field"] == field and problem["loc"] == ["query", field]
    assert words in problem["msg"]


def test_the_path_editor_is_told_exactly_the_grammar_the_parser_enforces(client):
    """The cost page's chain fields carry the kinds, paddings and limits; each limit is the parser's own bound."""
    import re

    page = client.get("/cost").text
    fields = json.loads(re.search(r'<script type="application/json" id="boot">(.*?)</script>', page, re.S).group(1))["fields"]
    grammar = next(f for f in fields if f["name"] == "a")["grammar"]
    smallest = {"conv": "conv1:1", "dw": "dw1", "sep": "sep1:1", "fc": "fc:1", "gap": "gap", "pool": "pool1"}
    assert set(grammar["parts"]) == set(smallest) and grammar["paddings"] == ["same", "valid"]
    for text in smallest.values():
        assert client.get("/api/cost", params={"h": 8, "w": 8, "c": 8, "b": text}).status_code == 200, text
    limits = grammar["limits"]
    over_each_limit = {"kernel": "pool{}", "filters": "conv1:{}", "groups": "conv1:8:g{}", "stride": "dw1:s{}", "out": "fc:{}x1x1"}
    assert set(over_each_limit) == set(limits)
    for part, text in over_each_limit.items():
        refused = client.get("/api/cost", params={"b": text.format(limits[part] + 1)})
        assert refused.status_code == 422 and f"{limits[part]}" in refused.json()["detail"][0]["msg"], part


def test_the_seeds_answer_carries_the_measured_times_with_a_consistent_speedup_and_the_labs_mac_ratio(client):
    """The figures come from the shipped file; the speed-up is time A / time B, and the MAC ratio is the lab's own for that case."""
    measured = client.get("/api/cost").json()["measured"]
    assert measured["machine"]["cpu"] and measured["machine"]["threads"] >= 1 and measured["date"]
    cases = measured["cases"]
    assert {case["padding"] for case in cases} == {"same", "valid"}
    here = cases[measured["current"]]
    assert (here["h"], here["w"], here["padding"]) == (28, 28, "same")  # the default example is one of the cases
    for case in cases:
        assert case["speedup"] == pytest.approx(case["ms"]["a"] / case["ms"]["b"], abs=1e-3)
        valid = ":valid" if case["padding"] == "valid" else ""
        query = {"h": case["h"], "w": case["w"], "a": f"conv4:256{valid}", "b": f"conv1:64,conv4:256{valid}"}
        lab = client.get("/api/cost", params=query).json()
        assert case["mac_ratio"] == round(lab["ratio"]["macs"], 4)
        assert case["macs"] == {name: lab["paths"][name]["totals"]["macs"] for name in ("a", "b")}
        assert cases[lab["measured"]["current"]] == case  # asked for exactly this case, it is the current one


def test_only_the_measured_chains_carry_times(client):
    assert client.get("/api/cost", params={"h": 56, "w": 56, "a": "conv3:256", "b": "conv1:64,conv3:64,conv1:256"}).json()["measured"] is None
    assert client.get("/api/cost", params={"c": 192}).json()["measured"] is None
    other_size = client.get("/api/cost", params={"h": 100, "w": 100}).json()["measured"]
    assert other_size["cases"] and other_size["current"] is None


def test_the_cost_lab_draws_googlenets_inception_3a_with_and_without_its_1x1_reductions(client):
    """Counted by hand from the paper's table (inception 3a on 28×28×192): the page shows these numbers."""
    page = client.get("/cost").text
    section = page[page.index('data-testid="inception"') :]
    # Branches: 1×1 64; 1×1 96 → 3×3 128; 1×1 16 → 5×5 32; 3×3 max pool → 1×1 32.
    reduced = 192 * 64 + (192 * 96 + 9 * 96 * 128) + (192 * 16 + 25 * 16 * 32) + 192 * 32
    naive = 192 * 64 + 9 * 192 * 128 + 25 * 192 * 32
    assert (reduced, naive) == (163_328, 387_072)
    for key, weights, channels in (("reduced", reduced, 64 + 128 + 32 + 32), ("naive", naive, 64 + 128 + 32 + 192)):
        row = re.search(rf'data-testid="inc-row-{key}">(.*?)</tr>', section).group(1)
        assert re.findall(r"<td>([^<]*)</td>", row) == [f"{weights:,}", f"{weights * 28 * 28:,}", str(channels)]
    assert "110,592 weights" in section  # the 3×3 after its reduction: 9·96·128
    assert "Concatenated along the channels: 28×28×256" in section
    assert f"{naive / reduced:.2f} times cheaper" in section  # 2.37
