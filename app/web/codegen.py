"""The mixer's current layer as runnable scripts: PyTorch (an nn.Linear copied into an
nn.Conv2d(kernel_size=1)) and NumPy (the conv, a per-pixel dense layer and the big FC
matrix). Each prints the conv's output and the max |difference| of the other readings.

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
    big.weight.copy_(torch.kron(weight, torch.eye({h} * {w}, dtype=torch.float64)))
    big.bias.copy_(bias.repeat_interleave({h} * {w}))

    y_conv = act(conv(x.permute(2, 0, 1)[None]))[0].permute(1, 2, 0)  # {conv_io}
    y_linear = act(fc(x))  # {channel_axis}
    y_big = act(big(x.permute(2, 0, 1).flatten())).reshape({cout}, {h}, {w}).permute(1, 2, 0)

print("y (H, W, C_out) =", y_conv.tolist())
print({max_channel_axis}, (y_conv - y_linear).abs().max().item())
print({max_flattened}, (y_conv - y_big).abs().max().item())
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
big = np.kron(np.eye({h} * {w}), weight)
y_big = act(big @ x.reshape(-1) + np.tile(bias, {h} * {w})).reshape({h}, {w}, {cout})

print("y (H, W, C_out) =", y_conv.tolist())
print({max_per_pixel}, float(np.abs(y_conv - y_pixel).max()))
print({max_big}, float(np.abs(y_conv - y_big).max()))
"""


def _literal(array: np.ndarray) -> str:
    return json.dumps(np.asarray(array, dtype=float).tolist())


# The catalog's words in the scripts (``script.<name>``): comments, and labels the scripts print.
COMMENTS = ("title_torch", "title_numpy", "x_shape", "flattened", "flatten_order", "conv_io", "channel_axis", "conv", "per_pixel", "big")
PRINTED = ("max_channel_axis", "max_flattened", "max_per_pixel", "max_big")


def scripts(x: np.ndarray, w: np.ndarray, b: np.ndarray, activation: str, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Both scripts for x (H, W, C_in), w (C_out, C_in), b (C_out,) and ``activation`` (none or relu),
    commented in ``language``."""
    h, width, cin = x.shape
    words = {name: translate(f"script.{name}", language) for name in COMMENTS}
    words["setup"] = translate("script.setup", language, h=h, w=width, cin=cin, cout=w.shape[0], act=activation)
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
    }
    return {"pytorch": PYTORCH.format(**fields), "numpy": NUMPY.format(**fields)}
