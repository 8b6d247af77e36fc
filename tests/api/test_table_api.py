"""GET /api/table: LeNet-5's C3 table by default, every preset's counts, the same counts as the
cost lab for the same layer, and a 422 naming the field and what it may be for each impossible table."""

import pytest

from app.web.presets import TABLE_PRESETS

PRESET = {p.key: p.query for p in TABLE_PRESETS}


def test_the_default_is_lenets_c3_table_with_60_connections_and_1516_parameters(client):
    r = client.get("/api/table")
    assert r.status_code == 200
    body = r.json()
    assert body["kind"] == "lenet" and body["shape"] | {"g": None} == {"cin": 6, "cout": 16, "g": None, "k": 5, "h": 6, "w": 6, "oh": 2, "ow": 2}
    assert len(body["table"]) == 16 and all(len(row) == 6 for row in body["table"]) and sum(map(sum, body["table"])) == 60
    assert body["inputs_of"][0] == [0, 1, 2] and body["inputs_of"][12] == [0, 1, 3, 4] and body["inputs_of"][15] == [0, 1, 2, 3, 4, 5]
    assert body["counts"] == {"connections": 60, "weights": 1500, "biases": 16, "params": 1516, "macs_per_position": 1500, "positions": 4, "macs": 6000}
    assert body["full_counts"]["params"] == 2416 and body["fewer"] == 1.6
    assert body["max_abs_diff"] == 0.0 and body["cost"] is None
    # The formula's terms read only the connected maps and add up to the output at (0, 0).
    for entry in body["pixel"]["maps"]:
        assert [t["c"] for t in entry["terms"]] == body["inputs_of"][entry["o"]]
        assert entry["total"] == entry["bias"] + sum(t["value"] for t in entry["terms"]) == body["y"][0][0][entry["o"]]


def test_lecuns_fc_layer_as_a_1x1_conv_with_a_full_table_gives_13_and_36_with_8_parameters(client):
    body = client.get("/api/table", params=PRESET["table_lecun"]).json()
    assert body["y"] == [[[13.0, 36.0]]] and body["counts"]["params"] == 8 and body["fewer"] == 1.0
    first = body["pixel"]["maps"][0]["terms"]
    assert [(t["weight"], t["input"]) for t in first] == [(0.0, 1.0), (1.0, 2.0), (1.0, 3.0)]


@pytest.mark.parametrize(
    ("preset", "connections", "fewer", "b"),
    [("table_resnext", 64, 4.0, "conv3:16:valid:g4"), ("table_mobilenet", 8, 8.0, "dw3:valid"), ("table_lecun", 6, 1.0, "conv1:2:valid")],
)
def test_the_cost_lab_counts_the_same_layer_the_same(client, preset, connections, fewer, b):
    """The link's path B is this table and path A the full one: the cost lab's weights, biases and MACs are these."""
    body = client.get("/api/table", params=PRESET[preset]).json()
    assert body["counts"]["connections"] == connections and body["fewer"] == fewer and body["cost"]["b"] == b
    cost = client.get("/api/cost", params=body["cost"])
    assert cost.status_code == 200, cost.text
    keys = ("weights", "biases", "macs_per_position", "macs")
    for path, counts in (("a", body["full_counts"]), ("b", body["counts"])):
        totals = cost.json()["paths"][path]["totals"]
        assert {k: totals[k] for k in keys} == {k: counts[k] for k in keys}


def test_given_values_replace_the_seeds_and_the_selected_map_is_echoed(client):
    body = client.get("/api/table", params={"table": "groups", "cin": "4", "cout": "2", "g": "2", "k": "1", "h": "1", "w": "1", "o": "1"}).json()
    assert body["table"] == [[1, 1, 0, 0], [0, 0, 1, 1]] and body["o"] == 1 and body["state"]["o"] == "1"
    assert client.get("/api/table", params={"seed": "2"}).json()["x"] != body["x"]


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"table": "groups", "cin": "6", "cout": "16", "g": "4"}, "g", "one of 1, 2"),
        ({"table": "depthwise", "cin": "4", "cout": "5"}, "cout", "equal cin = 4"),
        ({"cin": "5"}, "cin", "must be 6"),
        ({"cout": "8"}, "cout", "must be 16"),
        ({"table": "full", "cin": "3", "cout": "2", "o": "2"}, "o", "from 0 to 1"),
        ({"h": "3"}, "h", "at least k = 5"),
        ({"table": "tiled"}, "table", "one of full, groups, depthwise, lenet"),
        ({"k": "6"}, "k", "from 1 to 5"),
        ({"table": "full", "cin": "2", "cout": "2", "k": "1", "weight": "1,2,3"}, "weight", "4 numbers"),
    ],
)
def test_an_impossible_table_is_a_422_naming_the_field_and_what_it_may_be(client, query, field, words):
    r = client.get("/api/table", params=query)
    assert r.status_code == 422
    problem = r.json()["detail"][0]
    assert problem["field"] == field and words in problem["msg"], problem["msg"]


def test_the_answer_has_an_etag_and_a_page_and_an_embed(client):
    r = client.get("/api/table")
    assert client.get("/api/table", headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    page = client.get("/table").text
    assert 'data-testid="table-grid"' in page and 'data-testid="nav-table"' in page
    assert 'data-testid="table-explain"' not in client.get("/embed/table").text
