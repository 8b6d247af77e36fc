"""Payloads a crafted link may carry, and where they can go: one table for the HTTP
and the browser tests of hostile URLs.

Each payload, if it ever ran as script, would call ``alert`` (a dialog the
browser tests fail on) or set ``window.__pwned`` (which they check).
"""

from __future__ import annotations

from app.state import COST_FIELDS, LAB_FIELDS, MIXER_FIELDS

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>window.__pwned=1</script>',
    "'><img src=x onerror=alert(1)>",
    '"><img src=x onerror="window.__pwned=1">',
    "' onmouseover='alert(1)",
    "<svg onload=alert(1)>",
    "<svg><script>window.__pwned=1</script></svg>",
    "javascript:alert(1)",
    "JaVaScRiPt:window.__pwned=1",
    "data:text/html,<script>alert(1)</script>",
    "</textarea></title></style><script>alert(1)</script>",
    "＜script＞alert(1)＜/script＞",  # fullwidth angle brackets
    "\u202egnp.exe<script>alert(1)</script>",  # right-to-left override
    "1\u200d,2\u200b,<b>3</b>",  # zero-width joiner and space
    "\u2028<script>alert(1)</script>\u2029",  # line and paragraph separators
    "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",  # UTF-7
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",  # percent-encoded once more
    "%253Cscript%253Ealert(1)%253C%252Fscript%253E",  # and twice
    "{{7*7}}<script>alert(1)</script>",  # template injection
    "${alert(1)}`-alert(1)-`",
    "constructor.prototype.__pwned=1",
    "__proto__[__pwned]=1",
    "<" * 5_000 + "script>alert(1)",  # long
    "9" * 20_000,  # long number
]

# Payloads that hold markup, which must never reach a page unescaped.
MARKUP = [p for p in PAYLOADS if any(ch in p for ch in "<>\"'")]

VIEW_FIELDS = ["step", "chapter", "present", "theme", "lang"]
FIELDS = {
    "/": [f.name for f in MIXER_FIELDS] + VIEW_FIELDS,
    "/lab": [f.name for f in LAB_FIELDS] + VIEW_FIELDS,
    "/cost": [f.name for f in COST_FIELDS] + VIEW_FIELDS,
}
EMBEDS = {"/embed/mixer": "/", "/embed/fc": "/", "/embed/lab": "/lab", "/embed/cost": "/cost"}
API = {"/": "/api/mixer", "/lab": "/api/lab", "/cost": "/api/cost"}
