"""The mixer's current layer as runnable scripts: PyTorch (an nn.Linear copied into an
nn.Conv2d(kernel_size=1)) and NumPy (the conv, a per-pixel dense layer and the big FC
matrix). Each prints the conv's output and the max |difference| of the other readings.

Text generation only: the numbers come in as arrays and go out as Python literals.
"""

from __future__ import annotations

import json

import numpy as np

PYTORCH = """\
# One by One: a 1x1 convolution is an nn.Linear on the channel axis.
# {h}x{w} image, {cin} -> {cout} channels, activation: {act}. Run with: python this_file.py
import torch

x = torch.tensor({x}, dtype=torch.float64)  # (H, W, C_in), channels last as on the page
weight = torch.tensor({weight}, dtype=torch.float64)  # W: (C_out, C_in)
bias = torch.tensor({bias}, dtype=torch.float64)  # b: (C_out,)
act = {act_torch}

fc = torch.nn.Linear({cin}, {cout}, dtype=torch.float64)
conv = torch.nn.Conv2d({cin}, {cout}, kernel_size=1, dtype=torch.float64)
# nn.Linear on the flattened image is a 1x1 conv only with the tied block weights W (x) I
# (PyTorch's flatten is channels first, C*H*W).
big = torch.nn.Linear({h} * {w} * {cin}, {h} * {w} * {cout}, dtype=torch.float64)
with torch.no_grad():
    fc.weight.copy_(weight)
    fc.bias.copy_(bias)
    conv.weight.copy_(fc.weight[:, :, None, None])  # (C_out, C_in) -> (C_out, C_in, 1, 1)
    conv.bias.copy_(fc.bias)
    big.weight.copy_(torch.kron(weight, torch.eye({h} * {w}, dtype=torch.float64)))
    big.bias.copy_(bias.repeat_interleave({h} * {w}))

    y_conv = act(conv(x.permute(2, 0, 1)[None]))[0].permute(1, 2, 0)  # NCHW in, (H, W, C_out) out
    y_linear = act(fc(x))  # nn.Linear applied along the last (channel) axis
    y_big = act(big(x.permute(2, 0, 1).flatten())).reshape({cout}, {h}, {w}).permute(1, 2, 0)

print("y (H, W, C_out) =", y_conv.tolist())
print("max |conv - Linear on the channel axis| =", (y_conv - y_linear).abs().max().item())
print("max |conv - Linear on the flattened image| =", (y_conv - y_big).abs().max().item())
"""

NUMPY = """\
# One by One: a 1x1 convolution is the same small dense layer at every pixel.
# {h}x{w} image, {cin} -> {cout} channels, activation: {act}. Run with: python this_file.py
import numpy as np

x = np.array({x})  # (H, W, C_in), channels last as on the page
weight = np.array({weight})  # W: (C_out, C_in)
bias = np.array({bias})  # b: (C_out,)
act = {act_numpy}

y_conv = act(np.einsum("hwc,oc->hwo", x, weight) + bias)  # the 1x1 convolution

y_pixel = np.empty_like(y_conv)  # a dense layer, pixel by pixel
for i in range({h}):
    for j in range({w}):
        y_pixel[i, j] = act(weight @ x[i, j] + bias)

# One big FC layer on the flattened image (channels last, H*W*C): block diagonal I (x) W.
big = np.kron(np.eye({h} * {w}), weight)
y_big = act(big @ x.reshape(-1) + np.tile(bias, {h} * {w})).reshape({h}, {w}, {cout})

print("y (H, W, C_out) =", y_conv.tolist())
print("max |conv - dense per pixel| =", float(np.abs(y_conv - y_pixel).max()))
print("max |conv - big FC matrix| =", float(np.abs(y_conv - y_big).max()))
"""


def _literal(array: np.ndarray) -> str:
    return json.dumps(np.asarray(array, dtype=float).tolist())


def scripts(x: np.ndarray, w: np.ndarray, b: np.ndarray, activation: str) -> dict[str, str]:
    """Both scripts for x (H, W, C_in), w (C_out, C_in), b (C_out,) and ``activation`` (none or relu)."""
    h, width, cin = x.shape
    fields = {
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
