"""The mixer's current layer as runnable scripts: PyTorch (an nn.Linear copied into an
nn.Conv2d(kernel_size=1)) and NumPy (the conv, a per-pixel dense layer and the big FC
matrix). Each prints the conv's output and the max |difference| of the other readings,
then a backward pass: PyTorch's autograd gives the Conv2d and the Linear the same
gradient; NumPy's whole-image gradient is the sum of the per-pixel dense gradients.

Text generation only: the numbers come in as arrays and go out as Python literals; the
comments and printed labels come from the reader's catalog (``script.*`` keys).
"""

from __future__ import annotations

import json

import numpy as np

from app.i18n.catalog import DEFAULT_LANGUAGE, translate

PYTORCH = """\
# {title_torch}
# {setup}
import torch

x = torch.tensor({x}, dtype=torch.float64)  # {x_shape}
weight = torch.tensor({weight}, dtype=torch.float64)  # W: (C_out, C_in)
bias = torch.tensor({bias}, dtype=torch.float64)  # b: (C_out,)
act = {act_torch}

fc = torch.nn.Linear({cin}, {cout}, dtype=torch.float64)
conv = torch.nn.Conv2d({cin}, {cout}, kernel_size=1, dtype=torch.float64)
# {flattened}
# {flatten_order}
big = torch.nn.Linear({h} * {w} * {cin}, {h} * {w} * {cout}, dtype=torch.float64)
with torch.no_grad():
    fc.weight.copy_(weight)
    fc.bias.copy_(bias)
    conv.weight.copy_(fc.weight[:, :, None, None])  # (C_out, C_in) -> (C_out, C_in, 1, 1)
    conv.bias.copy_(fc.bias)
    big.weight.copy_({big_torch})
    big.bias.copy_({big_bias_torch})

    y_conv = act(conv(x.permute(2, 0, 1)[None]))[0].permute(1, 2, 0)  # {conv_io}
    y_linear = act(fc(x))  # {channel_axis}
    y_big = act(big({x_flat_torch})){y_big_torch}

print("y (H, W, C_out) =", y_conv.tolist())
print({max_channel_axis}, (y_conv - y_linear).abs().max().item())
print({max_flattened}, (y_conv - y_big).abs().max().item())

# {backward_torch}
target = torch.ones({h}, {w}, {cout}, dtype=torch.float64)  # {target}
loss_conv = 0.5 * ((act(conv(x.permute(2, 0, 1)[None]))[0].permute(1, 2, 0) - target) ** 2).sum()
loss_linear = 0.5 * ((act(fc(x)) - target) ** 2).sum()
loss_conv.backward()
loss_linear.backward()
print("dL/dW =", fc.weight.grad.tolist())
print({max_grad_weight}, (conv.weight.grad.reshape({cout}, {cin}) - fc.weight.grad).abs().max().item())
print({max_grad_bias}, (conv.bias.grad - fc.bias.grad).abs().max().item())
"""

NUMPY = """\
# {title_numpy}
# {setup}
import numpy as np

x = np.array({x})  # {x_shape}
weight = np.array({weight})  # W: (C_out, C_in)
bias = np.array({bias})  # b: (C_out,)
act = {act_numpy}

y_conv = act(np.einsum("hwc,oc->hwo", x, weight) + bias)  # {conv}

y_pixel = np.empty_like(y_conv)  # {per_pixel}
for i in range({h}):
    for j in range({w}):
        y_pixel[i, j] = act(weight @ x[i, j] + bias)

# {big}
big = {big_numpy}
y_big = act(big @ {x_flat_numpy} + {big_bias_numpy}){y_big_numpy}

print("y (H, W, C_out) =", y_conv.tolist())
print({max_per_pixel}, float(np.abs(y_conv - y_pixel).max()))
print({max_big}, float(np.abs(y_conv - y_big).max()))

# {backward_numpy}
target = np.ones(({h}, {w}, {cout}))  # {target}
act_slope = {act_slope_numpy}
pre = np.einsum("hwc,oc->hwo", x, weight) + bias
error = (act(pre) - target) * act_slope(pre)  # dL/d(pre), L = 0.5 * sum((y - target) ** 2)
grad_weight = np.einsum("hwo,hwc->oc", error, x)
grad_bias = error.sum(axis=(0, 1))

grad_weight_pixels = np.zeros_like(weight)  # {per_pixel_grad}
grad_bias_pixels = np.zeros_like(bias)
for i in range({h}):
    for j in range({w}):
        z = weight @ x[i, j] + bias
        e = (act(z) - target[i, j]) * act_slope(z)
        grad_weight_pixels += np.outer(e, x[i, j])
        grad_bias_pixels += e

print("dL/dW =", grad_weight.tolist())
print({max_grad_pixels}, float(max(np.abs(grad_weight - grad_weight_pixels).max(), np.abs(grad_bias - grad_bias_pixels).max())))
"""


def _literal(array: np.ndarray) -> str:
    return json.dumps(np.asarray(array, dtype=float).tolist())


# The catalog's words in the scripts (``script.<name>``): comments, and labels the scripts print.
COMMENTS = (
    *("title_torch", "title_numpy", "x_shape", "conv_io", "channel_axis", "conv", "per_pixel"),
    *("backward_torch", "backward_numpy", "target", "per_pixel_grad"),
)
PRINTED = ("max_channel_axis", "max_flattened", "max_per_pixel", "max_big", "max_grad_weight", "max_grad_bias", "max_grad_pixels")
# Words that depend on the flatten order (``script.order.<order>``, ``script.structure.<order>``).
BY_ORDER = ("order", "structure")

# The big FC matrix in each flatten order (the page's FC twin): channels last, x as it is
# stored (H, W, C) read row by row, gives I ⊗ W; channels first (PyTorch's flatten) W ⊗ I.
BLOCKS = {"hwc": "I (x) W", "chw": "W (x) I"}
FLATTENED = {
    "hwc": {
        "big_torch": "torch.kron(torch.eye({h} * {w}, dtype=torch.float64), weight)",
        "big_bias_torch": "bias.repeat({h} * {w})",
        "x_flat_torch": "x.flatten()",
        "y_big_torch": ".reshape({h}, {w}, {cout})",
        "big_numpy": "np.kron(np.eye({h} * {w}), weight)",
        "big_bias_numpy": "np.tile(bias, {h} * {w})",
        "x_flat_numpy": "x.reshape(-1)",
        "y_big_numpy": ".reshape({h}, {w}, {cout})",
    },
    "chw": {
        "big_torch": "torch.kron(weight, torch.eye({h} * {w}, dtype=torch.float64))",
        "big_bias_torch": "bias.repeat_interleave({h} * {w})",
        "x_flat_torch": "x.permute(2, 0, 1).flatten()",
        "y_big_torch": ".reshape({cout}, {h}, {w}).permute(1, 2, 0)",
        "big_numpy": "np.kron(weight, np.eye({h} * {w}))",
        "big_bias_numpy": "np.repeat(bias, {h} * {w})",
        "x_flat_numpy": "x.transpose(2, 0, 1).reshape(-1)",
        "y_big_numpy": ".reshape({cout}, {h}, {w}).transpose(1, 2, 0)",
    },
}


def scripts(x: np.ndarray, w: np.ndarray, b: np.ndarray, activation: str, language: str = DEFAULT_LANGUAGE, order: str = "hwc") -> dict[str, str]:
    """Both scripts for x (H, W, C_in), w (C_out, C_in), b (C_out,), ``activation`` (none or relu)
    and the FC twin's flatten ``order`` (hwc or chw), commented in ``language``."""
    h, width, cin = x.shape
    words = {name: translate(f"script.{name}", language) for name in COMMENTS}
    order_words = translate(f"script.order.{order}", language)
    words["flattened"] = translate("script.flattened", language, blocks=BLOCKS[order])
    words["flatten_order"] = translate("script.flatten_order", language, order=order_words)
    words["big"] = translate("script.big", language, order=order_words, structure=translate(f"script.structure.{order}", language))
    # The activation by the name the page's menu gives it ("none" is 无 in Chinese, 없음 in Korean).
    words["setup"] = translate("script.setup", language, h=h, w=width, cin=cin, cout=w.shape[0], act=translate(f"controls.act.{activation}", language))
    # A printed label goes in as a string literal (a JSON string is a Python one).
    words |= {name: json.dumps(translate(f"script.{name}", language) + " =", ensure_ascii=False) for name in PRINTED}
    fields = words | {
        "h": h,
        "w": width,
        "cin": cin,
        "cout": w.shape[0],
        "act": activation,
        "x": _literal(x),
        "weight": _literal(w),
        "bias": _literal(b),
        "act_torch": "torch.relu" if activation == "relu" else "torch.nn.Identity()",
        "act_numpy": "lambda z: np.maximum(z, 0)" if activation == "relu" else "lambda z: z",
        # The activation's derivative, for the backward pass: ReLU passes the error where z > 0.
        "act_slope_numpy": "lambda z: (z > 0).astype(float)" if activation == "relu" else "lambda z: np.ones_like(z)",
    }
    fields |= {name: code.format(h=h, w=width, cout=w.shape[0]) for name, code in FLATTENED[order].items()}
    return {"pytorch": PYTORCH.format(**fields), "numpy": NUMPY.format(**fields)}
