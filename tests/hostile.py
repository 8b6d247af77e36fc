"""Payloads a crafted link may carry, and where they can go: one table for the HTTP
and the browser tests of hostile URLs.

Each payload, if it ever ran as script, would call ``alert`` (a dialog the
browser tests fail on), set ``window.__pwned`` (which they check) or log a word
that only running code can spell (``EXECUTED``, written as ``'EXEC'+'UTED'``).
"""

from __future__ import annotations

from app.state.spec import VIEW_FIELDS as STATE_VIEW_FIELDS
from app.web.guide import CHAPTERS
from app.web.views import PANELS, VIEWS

# (id, payload): the id names the trick in test ids and failure messages.
NAMED_PAYLOADS: list[tuple[str, str]] = [
    # script tags, bare and breaking out of an attribute or a text element
    ("script", "<script>alert(1)</script>"),
    ("attr-script", '"><script>alert(1)</script>'),
    ("attr-script-pwned", '"><script>window.__pwned=1</script>'),
    ("svg-script", "<svg><script>window.__pwned=1</script></svg>"),
    ("close-text", "</textarea></title></style></script><script>alert(1)</script>"),
    # event-handler attributes
    ("img-onerror", '"><img src=x onerror=alert(1)>'),
    ("img-onerror-single", '\'><img src=x onerror="window.__pwned=1">'),
    ("onmouseover", "' onmouseover='alert(1)"),
    ("onfocus", '" autofocus onfocus="window.__pwned=1'),
    ("svg-onload", "<svg onload=alert(1)>"),
    # script URLs
    ("javascript-url", "javascript:alert(1)"),
    ("javascript-url-mixed", " JaVaScRiPt:window.__pwned=1"),
    ("data-url", "data:text/html,<script>alert(1)</script>"),
    # unicode tricks
    ("fullwidth", "＜script＞alert(1)＜/script＞"),
    ("rtl-override", "\u202egnp.exe<script>alert(1)</script>"),
    ("zero-width", "1\u200d,2\u200b,<b\u200d>3</b>\ufeff"),
    ("line-separator", "\u2028<script>alert(1)</script>\u2029"),
    ("utf7", "+ADw-script+AD4-alert(1)+ADw-/script+AD4-"),
    ("percent-encoded", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("double-encoded", "%253Cscript%253Ealert(1)%253C%252Fscript%253E"),
    ("entity-encoded", "&lt;script&gt;alert(1)&lt;/script&gt;&#x3C;img src=x onerror=alert(1)&#x3E;"),
    ("nul-and-controls", "\x00\x1b[31m\r\n<script>alert(1)</script>"),
    # template and prototype injection
    ("jinja", "{{7*7}}"),
    ("jinja-script", "{{7*7}}{% raw %}<script>alert(1)</script>"),
    ("js-template", "${alert(1)}`-alert(1)-`"),
    ("console", "');console.log('EXEC'+'UTED');('"),
    ("proto", "__proto__[__pwned]=1"),
    ("constructor", "constructor.prototype.__pwned=1"),
    # very long: within the address limit, and far beyond it (answered 414)
    ("long-5k", "<" * 4_985 + "script>alert(1)"),
    ("long-number", "9" * 20_000),
    ("long-100k", "<script>alert(1)</script>" * 4_000),
]
PAYLOADS = [payload for _, payload in NAMED_PAYLOADS]
PAYLOAD_IDS = [name for name, _ in NAMED_PAYLOADS]

# Fragments that exist only when a payload became markup or a live URL.
EXECUTABLE_FRAGMENTS = ["<script>alert(1)", "<script>window.__pwned", "onerror=alert", 'onerror="window', "<svg onload", "<img src=x"]


# The page's own fields (app/state/spec.py): a field added there is attacked here too.
VIEW_FIELDS = [f.name for f in STATE_VIEW_FIELDS]
STATE_FIELDS = {key: [f.name for f in view.spec.fields] for key, view in VIEWS.items()}
API = {"mixer": ["/api/mixer", "/api/code"], "lab": ["/api/lab"], "cost": ["/api/cost"]}

# Every HTML page and the URL fields it reads: the views, each embed, the guide's contents, a chapter.
PAGES: dict[str, list[str]] = {
    **{VIEWS[view].path: fields + VIEW_FIELDS for view, fields in STATE_FIELDS.items()},
    **{f"/embed/{key}": STATE_FIELDS[panel.view] + VIEW_FIELDS for key, panel in PANELS.items()},
    "/guide": VIEW_FIELDS,
}
# A chapter of the guided path is a view's page with chapter=n (the first chapter of each view);
# /guide/n redirects there.
FIRST_CHAPTERS = list({c.view: c for c in reversed(CHAPTERS)}.values())
CHAPTER_PAGES = {f"{VIEWS[c.view].path}?chapter={c.number}": STATE_FIELDS[c.view] + [f for f in VIEW_FIELDS if f != "chapter"] for c in FIRST_CHAPTERS}
GUIDE_SHORT_LINKS = [f"/guide/{c.number}" for c in CHAPTERS]
