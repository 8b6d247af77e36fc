"""What the mixer page shows of an answer: the example's numbers (``/api/mixer``) put where its
shape's layout (``/api/mixer/layout``) says, as the browser does (static/js/layout.js), so that
tests can compare the page, or an independent reference, with the server's numbers."""

from __future__ import annotations

from collections.abc import Callable


def with_layout(answer: dict, layout: dict) -> dict:
    """The answer with the walk's pixels, the batch's rows and the whole FC layer, as the views read it."""
    i, j = layout["steps"]["i"], layout["steps"]["j"]
    fc = layout["fc"]
    x, weight, bias = answer["x"], answer["weight"], answer["bias"]
    row, col = fc["entries"]["row"], fc["entries"]["col"]
    return answer | {
        "steps": answer["steps"] | {"i": i, "j": j},
        "batch": answer["batch"] | {"rows": [x[r][c] for r, c in zip(i, j, strict=True)]},
        "fc": fc
        | answer["fc"]
        | {
            "order": layout["order"],
            "entries": {"row": row, "col": col, "value": [weight[fc["row_channel"][r]][fc["col_channel"][c]] for r, c in zip(row, col, strict=True)]},
            "x_flat": [x[i[p]][j[p]][c] for p, c in zip(fc["col_pixel"], fc["col_channel"], strict=True)],
            "bias": [bias[o] for o in fc["row_channel"]],
        },
    }


def shown(get: Callable[[str], dict], query: str) -> dict:
    """What the mixer page shows for the API query ``query``; ``get(path)`` is the JSON at a path."""
    return with_layout(get(f"/api/mixer?{query}"), get(f"/api/mixer/layout?{query}"))
