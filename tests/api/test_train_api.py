"""GET /api/train and /train: the numbers are the core's, bad input is a 422 naming the field."""

import numpy as np
import pytest

from app.core.training import random_problem, train


def test_the_answer_is_the_core_run(client):
    body = client.get("/api/train", params={"seed": "4", "steps": "6", "lr": "0.05"}).json()
    problem = random_problem(3, 3, 3, 2, 4)
    core = train(problem["x"], problem["y"], problem["w0"], problem["b0"], 0.05, 6)
    assert body["shape"] == {"h": 3, "w": 3, "cin": 3, "cout": 2} and body["lr"] == 0.05
    assert body["state"] == {"steps": "6", "lr": "0.05", "seed": "4"}
    assert len(body["steps"]) == 7 and "grad" not in body["steps"][0]
    np.testing.assert_array_equal(body["x"], problem["x"])
    for sent, computed in zip(body["steps"], core["steps"], strict=True):
        assert sent["loss"] == computed["loss"]
        np.testing.assert_array_equal(sent["w"], computed["w"])
        np.testing.assert_array_equal(sent["untied"]["matrix"], computed["untied"]["matrix"])
        assert sent["untied"]["off_count"] == computed["untied"]["off_count"]
        # The twin's blocks are its big matrix's diagonal blocks, and nothing is off them.
        np.testing.assert_array_equal(np.array(sent["tied"]["blocks"]), np.einsum("popc->poc", computed["tied"]["matrix"].reshape(9, 2, 9, 3)))
        assert sent["tied"]["off_max"] == 0
    assert body["params"] == core["params"]
    assert body["other_size"] == {"h": 4, "w": 4, "inputs": 48, "matrix_columns": 27}
    assert body["summary"]["grad_max_abs_diff"] < 1e-12 and body["summary"]["tied_max_abs_diff"] < 1e-12


def test_after_one_step_the_untied_fc_has_left_its_blocks(client):
    steps = client.get("/api/train").json()["steps"]
    assert steps[0]["untied"]["off_count"] == 0
    assert steps[1]["untied"]["off_count"] > 0 and steps[1]["untied"]["off_max"] > 0
    assert steps[-1]["loss"]["untied"] < steps[-1]["loss"]["conv"] == steps[-1]["loss"]["tied"]


def test_every_allowed_run_converges_at_the_largest_learning_rate_and_shape(client):
    for seed in range(12):
        steps = client.get("/api/train", params={"cin": "4", "cout": "4", "steps": "30", "lr": "0.05", "seed": str(seed)}).json()["steps"]
        assert all(s["loss"]["untied"] <= steps[0]["loss"]["untied"] and s["loss"]["conv"] <= steps[0]["loss"]["conv"] for s in steps)


def test_one_pixel_leaves_nothing_off_the_blocks(client):
    steps = client.get("/api/train", params={"h": "1", "w": "1"}).json()["steps"]
    assert all(s["untied"]["off_count"] == 0 for s in steps)


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"h": "4"}, "h", "from 1 to 3"),
        ({"cin": "0"}, "cin", "from 1 to 4"),
        ({"steps": "31"}, "steps", "from 1 to 30"),
        ({"lr": "0.1"}, "lr", "0.005, 0.01, 0.02, 0.05"),
        ({"seed": "-1"}, "seed", "seed"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, params, field, words):
    response = client.get("/api/train", params=params)
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["field"] == field and words in problem["msg"]


def test_the_page_and_its_embed(client):
    page = client.get("/train")
    assert page.status_code == 200 and 'data-testid="train-models"' in page.text and "js/train_main.js" in page.text
    embed = client.get("/embed/train")
    assert embed.status_code == 200 and 'data-testid="train-models"' in embed.text
