"""The grammar and the spelling of numbers in a link, the same in Python and in the browser.

The page writes a number as JavaScript's ``String(x)`` does (static/js/urlstate.js) and
the server as ``number_text`` does; both are the shortest text that reads back as the
same float, and ``number_text`` follows ECMAScript's Number::toString to the letter
(``1e-7``, ``0.000001``, ``1e+21``, where Python's ``repr`` says ``1e-07``, ``1e-06`` and
``1e+21``). So an edited link the page sends is byte for byte the one the server writes,
and the answer cache finds it by its bytes.
"""

from __future__ import annotations

import math
import re

# ASCII only, no spaces: int() and float() also read '٣', '３', '1_0' and ' 1 ', which no
# link of ours writes and the documented schema refuses. The page reads links with these
# same patterns (sent in each field's JSON), so a link means one thing to both.
INTEGER = re.compile(r"[+-]?[0-9]+")
NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
NUMBERS_PATTERN = rf"^({NUMBER}(,{NUMBER})*)?$"
NUMBER_RE = re.compile(NUMBER)


def _shortest_digits(value: float) -> tuple[str, int]:
    """The shortest round-trip digits of a finite positive float and n, with value = 0.digits × 10^n.

    >>> _shortest_digits(1234.5), _shortest_digits(1e-7)
    (('12345', 4), ('1', -6))
    """
    mantissa, _, exponent = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    n = len(whole) + int(exponent or 0) if whole != "0" else int(exponent or 0) - (len(fraction) - len(fraction.lstrip("0")))
    return digits.rstrip("0"), n


def number_text(value: float) -> str:
    """``value`` as JavaScript's ``String(value)`` writes it: 13, -0.5, 0.000001, 1e-7, 1.5e+21."""
    # The numbers an example holds, quickly: a whole number below 2^53 is exactly its own digits,
    # and any other below 2^53 (a fraction, then) down to 1e-4 is what Python's repr writes, the
    # shortest round-trip digits without an exponent, as in JavaScript. The rest: the general path.
    magnitude = abs(value)
    if magnitude < 2**53:
        if value == int(value):
            return str(int(value))
        if magnitude >= 1e-4:
            return repr(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits, n = _shortest_digits(abs(value))
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    exponent = f"e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + exponent
