"""The cost lab's counts against PyTorch modules of the same shapes: parameters as
``sum(p.numel() for p in module.parameters())``, MACs from each weight's size times
the positions it was applied at (read off a real forward pass), output shapes.

Skipped where torch is not installed.
"""

import pytest

from app.core.convolutionalize import same_padding
from app.core.cost import chain_cost
from app.layer_spec import parse_chain

torch = pytest.importorskip("torch")
nn = torch.nn


def padded(layer, size_h, size_w, module):
    """TensorFlow's SAME (extra on the bottom/right) in front of ``module``; torch's own 'same' has no stride."""
    if layer.padding != "same":
        return module
    top, bottom = same_padding(size_h, layer.kernel, layer.stride)
    left, right = same_padding(size_w, layer.kernel, layer.stride)
    return nn.Sequential(nn.ZeroPad2d((left, right, top, bottom)), module)


def torch_module(layer, volume):
    """The nn.Module of one of our layers, for an (H, W, C) input."""
    h, w, c = volume
    k, s = layer.kernel, layer.stride
    if layer.kind == "conv":
        return padded(layer, h, w, nn.Conv2d(c, layer.filters, k, stride=s, groups=layer.groups))
    if layer.kind == "dw":
        return padded(layer, h, w, nn.Conv2d(c, c, k, stride=s, groups=c))
    if layer.kind == "sep":
        return nn.Sequential(padded(layer, h, w, nn.Conv2d(c, c, k, stride=s, groups=c)), nn.Conv2d(c, layer.filters, 1))
    if layer.kind == "fc":
        out = layer.out_h * layer.out_w * layer.filters
        return nn.Sequential(nn.Flatten(), nn.Linear(h * w * c, out), nn.Unflatten(1, (layer.filters, layer.out_h, layer.out_w)))
    if layer.kind == "gap":
        return nn.AdaptiveAvgPool2d(1)
    return nn.MaxPool2d(k, stride=k)


def macs_of(module, x):
    """Multiply-adds of a forward pass: each Conv2d's weight size times its output positions, each Linear's weight size."""
    total = 0

    def count(mod, _inputs, output):
        nonlocal total
        positions = output.shape[-2] * output.shape[-1] if isinstance(mod, nn.Conv2d) else 1
        total += mod.weight.numel() * positions

    hooks = [m.register_forward_hook(count) for m in module.modules() if isinstance(m, nn.Conv2d | nn.Linear)]
    with torch.no_grad():
        out = module(x)
    for hook in hooks:
        hook.remove()
    return total, out


CHAINS = [
    ("conv4:32", (9, 9, 16)),
    ("conv1:8,conv4:32", (9, 9, 16)),
    ("conv1:8,conv3:8,conv1:32", (14, 14, 32)),
    ("conv3:32:g8", (10, 10, 32)),
    ("conv3:16:s2", (7, 7, 8)),
    ("conv4:16:s2", (9, 8, 8)),
    ("conv3:16:s2:valid", (9, 9, 8)),
    ("dw3:s2,conv1:16", (12, 12, 8)),
    ("sep3:24", (10, 10, 8)),
    ("sep5:24:s3:valid", (16, 16, 8)),
    ("fc:64", (7, 7, 16)),
    ("fc:3x3x4", (5, 5, 6)),
    ("gap,conv1:20", (7, 7, 16)),
    ("pool2,conv2:10:valid,fc:7", (9, 9, 4)),
]


@pytest.mark.parametrize("spec, volume", CHAINS)
def test_counts_and_shapes_equal_pytorch_modules(spec, volume):
    layers = parse_chain(spec, "a")
    ours = chain_cost(list(layers), volume)
    x = torch.zeros(1, volume[2], volume[0], volume[1])
    for layer, row in zip(layers, ours["layers"], strict=True):
        module = torch_module(layer, tuple(row["in"]))
        macs, y = macs_of(module, x)
        assert sum(p.numel() for p in module.parameters()) == row["params"], spec
        weights = sum(m.weight.numel() for m in module.modules() if isinstance(m, nn.Conv2d | nn.Linear))
        assert weights == row["weights"], spec
        assert macs == row["macs"], spec
        assert [y.shape[2], y.shape[3], y.shape[1]] == row["out"], spec
        x = y
