"""Real networks' FC layers as convolutions: shapes and parameter counts only (exact ints, no arrays)."""

from __future__ import annotations


def vgg_feature(size: int) -> int:
    """VGG-16: 3×3 SAME convs and five 2×2 max-pools of stride 2, so pool5 is size // 32."""
    for _ in range(5):
        size //= 2
    return size


def alexnet_feature(size: int) -> int:
    """AlexNet (227-pixel variant): conv1 11×11 stride 4, three 3×3 stride-2 max-pools, the other convs SAME."""
    size = (size - 11) // 4 + 1
    for _ in range(3):
        size = (size - 3) // 2 + 1
    return size


def lenet_feature(size: int) -> int:
    """LeNet-5: C1 5×5 valid, S2 /2, C3 5×5 valid, S4 /2: what C5 sees."""
    size = (size - 4) // 2
    return (size - 4) // 2


def dense_params(inputs: int, outputs: int) -> int:
    """Weights and biases of an FC layer (= of the conv it becomes)."""
    return inputs * outputs + outputs


def head_rows(name: str, feature, kernel: int, channels: int, widths: list[int], image_sizes: list[int]) -> dict:
    """One network's head: its layers as convs with parameter counts, and the score map per input size."""
    layers = []
    fan_in = kernel * kernel * channels
    for n, width in enumerate(widths):
        size = kernel if n == 0 else 1
        layers.append({"kernel": [size, size, channels if n == 0 else widths[n - 1]], "filters": width, "params": dense_params(fan_in, width)})
        fan_in = width
    maps = []
    for image in image_sizes:
        f = feature(image)
        side = max(f - kernel + 1, 0)
        maps.append({"image": image, "feature": f, "map": [side, side]})
    return {"key": name, "input": [kernel, kernel, channels], "layers": layers, "maps": maps, "total_params": sum(layer["params"] for layer in layers)}


def real_heads() -> list[dict]:
    """The presets of the lab: LeNet-5 C5, AlexNet fc6-8, VGG-16's head, the 200×200 network of the question."""
    return [
        head_rows("lenet5", lenet_feature, 5, 16, [120], [32, 64]),
        head_rows("alexnet", alexnet_feature, 6, 256, [4096, 4096, 1000], [227, 451]),
        head_rows("vgg16", vgg_feature, 7, 512, [4096, 4096, 1000], [224, 384]),
        head_rows("net200", vgg_feature, 6, 512, [1000], [200, 400]),
    ]
