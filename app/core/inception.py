"""An Inception module (GoogLeNet's inception 3a) counted with the cost lab's arithmetic: exact integers.

Four branches read the same 28×28×192 volume and their outputs are concatenated along the
channels. Three of them put a 1×1 conv first: in front of the 3×3 and the 5×5 it cuts the
channels those big kernels read (192 → 96, 192 → 16), after the 3×3 max pool it cuts the
pool's 192 channels to 32. The same module without the 1×1 layers is the comparison.
"""

from __future__ import annotations

from functools import cache

from app.core.cost import chain_cost
from app.state.layer_spec import parse_chain

INPUT = (28, 28, 192)

# (branch, its chain in the cost lab's grammar, whether a 3×3 max pool of stride 1 comes first).
# The pool keeps 28×28×192 and has no weights; the grammar's pools are k×k of stride k, so it is
# named here rather than written in the chain.
REDUCED = (
    ("b1", "conv1:64", False),
    ("b3", "conv1:96,conv3:128", False),
    ("b5", "conv1:16,conv5:32", False),
    ("pool", "conv1:32", True),
)
WITHOUT_REDUCTION = (
    ("b1", "conv1:64", False),
    ("b3", "conv3:128", False),
    ("b5", "conv5:32", False),
    ("pool", None, True),  # the pool's 192 channels go straight to the concatenation
)


def _module(branches) -> dict:
    h, w, c = INPUT
    keys = ("weights", "biases", "params", "macs")
    rows = []
    for key, chain, pooled in branches:
        layers = parse_chain(chain, key) if chain else ()
        cost = chain_cost(list(layers), INPUT) if layers else {"layers": [], "totals": dict.fromkeys(keys, 0), "output": [h, w, c]}
        shown = [{"kind": "conv", "kernel": layer.kernel, "filters": row["out"][2], "in": row["in"][2], **{k: row[k] for k in keys}}
                 for layer, row in zip(layers, cost["layers"], strict=True)]
        rows.append({"key": key, "pool": pooled, "layers": shown, "out": cost["output"], **{k: cost["totals"][k] for k in keys}})
    return {"branches": rows, "out": [h, w, sum(row["out"][2] for row in rows)], **{k: sum(row[k] for row in rows) for k in keys}}


@cache
def inception_module() -> dict:
    """The module with its 1×1 reductions and without them, and how much the reductions save (fixed: counted once)."""
    reduced, naive = _module(REDUCED), _module(WITHOUT_REDUCTION)
    return {"input": list(INPUT), "reduced": reduced, "naive": naive, "macs_ratio": naive["macs"] / reduced["macs"]}
