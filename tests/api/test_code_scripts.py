"""GET /api/code: the generated PyTorch and NumPy scripts run and print the server's numbers."""

import ast
import re
import subprocess
import sys

import numpy as np
import pytest

from tests.mixer_layout import shown

CONFIGS = [
    "",  # the default 4×4×3 -> 2 random example, ReLU
    "h=1&w=1&weight=0,1,1,2,3,5&bias=8,13&x=1,2,3",  # LeCun's FC 3 -> 2
    "h=2&w=2&cin=2&cout=1&act=none&x=1,5,2,6,3,7,4,8&weight=2,-1&bias=0",  # the question's 2×2×2 -> 1
    "h=8&w=8&cin=8&cout=8&seed=42&act=none",  # the largest allowed
    "h=3&w=5&cin=1&cout=4&seed=9&weight=0.5,-1.25,2,1e-3",
    "h=2&w=3&cin=2&cout=3&seed=5&order=chw",  # the FC twin channels first, as PyTorch flattens
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
    # The backward pass: the whole image's gradient is the sum of the per-pixel dense gradients.
    assert printed["max |conv gradient - sum of per-pixel dense gradients|"] <= 1e-9


@pytest.mark.parametrize("query", CONFIGS)
def test_the_pytorch_script_copies_linear_into_conv2d_and_prints_the_servers_output(client, query):
    pytest.importorskip("torch")
    expected = client.get(f"/api/mixer?{query}").json()["y"]
    printed = run(client.get(f"/api/code?{query}").json()["pytorch"])
    np.testing.assert_allclose(printed["y (H, W, C_out)"], expected, rtol=0, atol=1e-9)
    assert printed["max |conv - Linear on the channel axis|"] <= 1e-9
    assert printed["max |conv - Linear on the flattened image|"] <= 1e-9
    # The backward pass: autograd gives the Conv2d (reshaped) and the Linear the same gradient.
    assert printed["max |conv.weight.grad - fc.weight.grad|"] <= 1e-9
    assert printed["max |conv.bias.grad - fc.bias.grad|"] <= 1e-9


def test_the_backward_passes_print_the_gradient_the_training_core_computes(client):
    """The scripts' dL/dW against app.core.training's conv gradient, for the same layer and target (no activation)."""
    pytest.importorskip("torch")
    from app.core.training import conv_gradient

    query = "h=2&w=2&cin=2&cout=1&act=none&x=1,5,2,6,3,7,4,8&weight=2,-1&bias=0"
    answer = client.get(f"/api/mixer?{query}").json()
    x, w, b = (np.array(answer[k]) for k in ("x", "weight", "bias"))
    _, expected, _ = conv_gradient(x, np.ones((2, 2, 1)), w, b)
    code = client.get(f"/api/code?{query}").json()
    for script in code.values():
        np.testing.assert_allclose(run(script)["dL/dW"], expected, rtol=0, atol=1e-9)


def test_the_scripts_carry_the_readers_numbers_and_bad_input_is_a_422(client):
    scripts = client.get("/api/code?h=1&w=1&weight=0,1,1,2,3,5&bias=8,13&x=1,2,3").json()
    assert "weight = torch.tensor([[0.0, 1.0, 1.0], [2.0, 3.0, 5.0]]" in scripts["pytorch"]
    assert "conv.weight.copy_(fc.weight[:, :, None, None])" in scripts["pytorch"]
    assert "bias = np.array([8.0, 13.0])" in scripts["numpy"]
    r = client.get("/api/code?cin=9")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "cin"


@pytest.mark.parametrize(
    ("language", "comment", "label"),
    [
        ("zh", "# One by One：1x1 卷积就是在每个像素上使用同一个小全连接层。", "最大 |卷积 - 逐像素全连接层|"),
        ("ko", "# 1x1 합성곱", "최대 |합성곱 - 픽셀별 완전 연결 층|"),
    ],
)
def test_the_scripts_speak_the_readers_language_and_still_print_the_servers_numbers(client, language, comment, label):
    query = "h=2&w=2&cin=2&cout=1&act=none&x=1,5,2,6,3,7,4,8&weight=2,-1&bias=0"
    script = client.get(f"/api/code?{query}&lang={language}").json()["numpy"]
    assert comment in script and "2x2" in script.splitlines()[1]
    printed = run(script)
    np.testing.assert_allclose(printed["y (H, W, C_out)"], client.get(f"/api/mixer?{query}").json()["y"], rtol=0, atol=1e-9)
    assert printed[label] == 0.0


def test_a_language_the_scripts_do_not_speak_is_a_422_naming_lang_and_the_choices(client):
    r = client.get("/api/code?lang=fr")
    assert r.status_code == 422
    problem = r.json()["detail"][0]
    assert problem["field"] == "lang" and "en, zh, ko" in problem["msg"]


def test_every_catalog_word_in_the_scripts_is_one_line():
    from app.i18n.catalog import LANGUAGES, catalog

    words = {(code, key): text for code in LANGUAGES for key, text in catalog(code).items() if key.startswith("script.")}
    assert len(words) == 3 * 26  # 22 words, and 4 that depend on the flatten order
    assert not [place for place, text in words.items() if "\n" in text or "\r" in text]


@pytest.mark.parametrize(
    ("order", "numpy_big", "torch_big"),
    [("hwc", "np.kron(np.eye(", "torch.kron(torch.eye("), ("chw", "np.kron(weight,", "torch.kron(weight,")],
)
def test_the_scripts_build_the_fc_twin_in_the_pages_flatten_order(client, order, numpy_big, torch_big):
    """The page's FC twin is I ⊗ W channels last and W ⊗ I channels first; the scripts build the same matrix."""
    code = client.get(f"/api/code?h=2&w=2&order={order}").json()
    assert numpy_big in code["numpy"] and torch_big in code["pytorch"]
    twin = shown(lambda path: client.get(path).json(), f"h=2&w=2&order={order}")["fc"]
    printed = run(code["numpy"].replace("print(\"y (H, W, C_out) =\", y_conv.tolist())", "print(\"big =\", big.tolist())"))
    rebuilt = np.zeros(twin["shape"])
    rebuilt[twin["entries"]["row"], twin["entries"]["col"]] = twin["entries"]["value"]
    np.testing.assert_array_equal(np.array(printed["big"]), rebuilt)


@pytest.mark.parametrize(("language", "none"), [("en", "none"), ("zh", "无"), ("ko", "없음")])
def test_the_scripts_name_the_activation_as_the_page_does(client, language, none):
    """The setup comment says "activation: none" in the reader's words (the menu's), never the URL's code."""
    from app.i18n.catalog import catalog

    scripts = client.get(f"/api/code?h=2&w=2&cin=2&cout=1&act=none&lang={language}").json()
    for script in scripts.values():
        setup = script.splitlines()[1]
        assert setup.startswith("# ") and catalog(language)["controls.act.none"] == none and none in setup
        comments = [line.split("#", 1)[1] for line in script.splitlines() if "#" in line]
        if language != "en":
            assert not [c for c in comments if re.search(r"\bnone\b", c)], comments
    relu = client.get(f"/api/code?act=relu&lang={language}").json()["numpy"].splitlines()[1]
    assert "ReLU" in relu
