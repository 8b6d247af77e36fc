"""GET /api/code: the generated PyTorch and NumPy scripts run and print the server's numbers."""

import ast
import subprocess
import sys

import numpy as np
import pytest

CONFIGS = [
    "",  # the default 4×4×3 -> 2 random example, ReLU
    "h=1&w=1&weight=0,1,1,2,3,5&bias=8,13&x=1,2,3",  # LeCun's FC 3 -> 2
    "h=2&w=2&cin=2&cout=1&act=none&x=1,5,2,6,3,7,4,8&weight=2,-1&bias=0",  # the question's 2×2×2 -> 1
    "h=8&w=8&cin=8&cout=8&seed=42&act=none",  # the largest allowed
    "h=3&w=5&cin=1&cout=4&seed=9&weight=0.5,-1.25,2,1e-3",
]


def run(script: str) -> dict[str, object]:
    """Run a script; return its printed lines as name -> value."""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    lines = dict(line.split(" = ", 1) for line in done.stdout.strip().splitlines())
    return {name: ast.literal_eval(value) for name, value in lines.items()}


@pytest.mark.parametrize("query", CONFIGS)
def test_the_numpy_script_prints_the_servers_output_and_zero_differences(client, query):
    expected = client.get(f"/api/mixer?{query}").json()["y"]
    printed = run(client.get(f"/api/code?{query}").json()["numpy"])
    np.testing.assert_allclose(printed["y (H, W, C_out)"], expected, rtol=0, atol=1e-9)
    assert printed["max |conv - dense per pixel|"] <= 1e-9
    assert printed["max |conv - big FC matrix|"] <= 1e-9


@pytest.mark.parametrize("query", CONFIGS)
def test_the_pytorch_script_copies_linear_into_conv2d_and_prints_the_servers_output(client, query):
    pytest.importorskip("torch")
    expected = client.get(f"/api/mixer?{query}").json()["y"]
    printed = run(client.get(f"/api/code?{query}").json()["pytorch"])
    np.testing.assert_allclose(printed["y (H, W, C_out)"], expected, rtol=0, atol=1e-9)
    assert printed["max |conv - Linear on the channel axis|"] <= 1e-9
    assert printed["max |conv - Linear on the flattened image|"] <= 1e-9


def test_the_scripts_carry_the_readers_numbers_and_bad_input_is_a_422(client):
    scripts = client.get("/api/code?h=1&w=1&weight=0,1,1,2,3,5&bias=8,13&x=1,2,3").json()
    assert "weight = torch.tensor([[0.0, 1.0, 1.0], [2.0, 3.0, 5.0]]" in scripts["pytorch"]
    assert "conv.weight.copy_(fc.weight[:, :, None, None])" in scripts["pytorch"]
    assert "bias = np.array([8.0, 13.0])" in scripts["numpy"]
    r = client.get("/api/code?cin=9")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "cin"
