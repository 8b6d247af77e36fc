"""How a number in a link is read, one table for both readers: the API (app/state/spec.py)
and the page (static/js/urlstate.js). Each case is the text of one entry of ``x`` and
the number it means, or None where both must refuse it and quote it as written."""

from __future__ import annotations

# One list entry of the mixer's x, within its range of ±1000.
NUMBER_CASES: list[tuple[str, float | None]] = [
    ("5", 5.0),
    ("+5", 5.0),
    ("-0", 0.0),
    (".5", 0.5),
    ("5.", 5.0),
    ("1.50", 1.5),
    ("1e2", 100.0),
    ("1E-2", 0.01),
    ("2.5e+2", 250.0),
    ("0.0000001", 1e-7),
    ("0x10", None),
    ("0b11", None),
    ("0o7", None),
    (" 5", None),
    ("5 ", None),
    ("\uff11", None),  # fullwidth 1
    ("\u0663", None),  # Arabic-Indic 3
    ("1_0", None),
    ("1e309", None),
    ("-1e309", None),
    ("1001", None),
    ("Infinity", None),
    ("NaN", None),
    ("", None),
    ("--5", None),
    ("5e", None),
]

# The mixer's h, an integer from 1 to 8.
INTEGER_CASES: list[tuple[str, int | None]] = [
    ("2", 2),
    ("+2", 2),
    ("02", 2),
    ("0x2", None),
    (" 2", None),
    ("\uff12", None),
    ("2.0", None),
    ("1e0", None),
    ("9", None),
]


def mixer_query(entry: str) -> str:
    """A 1×1×2 → 1 example whose second input is ``entry`` (percent-encoded): y = relu(1 + entry)."""
    from urllib.parse import quote

    return f"h=1&w=1&cin=2&cout=1&weight=1,1&bias=0&act=none&x=1,{quote(entry, safe='')}"
