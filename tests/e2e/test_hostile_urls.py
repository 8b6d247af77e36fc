"""Crafted links in a real browser: every state field of every view and embed set to
a payload at once. No dialog opens, no payload runs, no payload becomes markup; the
page shows the default example or an error, never a blank."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.e2e.helpers import wait_until
from tests.hostile import EMBEDS, FIELDS

# The payloads most likely to run if any text reached the page as HTML or as a URL.
DANGEROUS = [
    '"><img src=x onerror="window.__pwned=1">',
    "<svg><script>window.__pwned=1</script></svg>",
    "javascript:window.__pwned=1",
    "</textarea></title></style><script>alert(1)</script>",
    "{{7*7}}${alert(1)}\u2028<script>alert(1)</script>",
    "__proto__[__pwned]=1",
]
PAGES = {**{path: fields for path, fields in FIELDS.items()}, **{embed: FIELDS[view] for embed, view in EMBEDS.items()}}
CASES = [(path, payload) for path in PAGES for payload in DANGEROUS]

MARKUP_PROBE = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (a.name.startsWith("on")) bad.push(`${el.tagName} ${a.name}`);
      if (["href", "src", "action"].includes(a.name) && /^\\s*javascript:/i.test(a.value)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
    }
    if (el.tagName === "SCRIPT" && !el.src && el.type !== "application/json") bad.push("inline script");
  }
  return bad;
}"""


@pytest.mark.parametrize(("path", "payload"), CASES, ids=[f"{p} {i}" for p in PAGES for i in range(len(DANGEROUS))])
def test_a_crafted_link_runs_nothing_and_still_shows_something(page, server_url, path, payload):
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    query = "&".join(f"{field}={quote(payload, safe='')}" for field in PAGES[path])
    page.goto(f"{server_url}{path}?{query}")
    # Either the default example is drawn, or an error says what was wrong.
    wait_until(
        page,
        """() => Number(document.body.dataset.rendered || 0) > 0
        || [...document.querySelectorAll('[data-testid="error-message"]')].some(e => e.offsetParent && e.textContent.trim())""",
    )
    page.wait_for_timeout(300)  # let anything that would run, run
    assert not dialogs, dialogs
    assert not errors, errors
    assert page.evaluate("() => window.__pwned === undefined && ({}).__pwned === undefined")
    assert page.evaluate(MARKUP_PROBE) == []
    assert page.evaluate("() => document.body.innerText.trim().length") > 100
