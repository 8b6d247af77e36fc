"""Crafted links in a real browser: the most dangerous payloads of ``tests/hostile.py`` in
every URL field of every kind of page (the three views, a guided-path chapter, the
guide's contents, each embed).

What they prove: no dialog opens, no payload runs (``window.__pwned`` stays unset,
nothing logs ``EXECUTED``, no uncaught exception, no CSP violation: the payload
never even reached the page as markup), no payload becomes an element or an
attribute, nothing is fetched from elsewhere, and the page still shows the default
example or says which field was wrong, never a blank.

A refused field is dropped and the page asks again (``static/js/store.js``), so one
load with every field hostile shows each field's refusal in turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import pytest

from app.web.views import VIEWS as REGISTRY
from tests.e2e.helpers import wait_until
from tests.hostile import CHAPTER_PAGES, EXECUTABLE_FRAGMENTS, NAMED_PAYLOADS, PAGES, STATE_FIELDS

DANGEROUS_IDS = [
    "img-onerror",
    "attr-script-pwned",
    "svg-script",
    "onfocus",
    "javascript-url-mixed",
    "close-text",
    "js-template",
    "console",
    "line-separator",
    "proto",
]
DANGEROUS = [payload for name, payload in NAMED_PAYLOADS if name in DANGEROUS_IDS]
# Prototype pollution through the query's names rather than its values.
HOSTILE_NAMES = "__proto__[__pwned]=1&constructor[prototype][__pwned]=1&__proto__.__pwned=1"

# Each load puts all the dangerous payloads in play at once, one per field (a page has more fields
# than there are payloads, but for the guide), shifted by one from load to load: a field of a view meets two of them,
# a field of the other pages (embeds, chapters, the guide: the views' own code again) one.
VIEWS = [view.path for view in REGISTRY.values()]
OTHERS = [*(p for p in PAGES if p not in VIEWS), *CHAPTER_PAGES]
FIELDS = {**PAGES, **CHAPTER_PAGES}
# A page with fewer fields than payloads (the guide) takes as many loads as all of them need.
LOADS = {path: max(2 if path in VIEWS else 1, -(-len(DANGEROUS) // len(FIELDS[path]))) for path in FIELDS}
CASES = [(path, load) for path in [*VIEWS, *OTHERS] for load in range(LOADS[path])]

FINDINGS_PROBE = """fragments => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (a.name.startsWith("on")) bad.push(`${el.tagName} ${a.name}=${a.value}`);
      if (["href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"].includes(a.name)
          && /^(javascript|vbscript|data:text)/i.test(a.value.replace(/\\s/g, ""))) bad.push(`${el.tagName} ${a.name}=${a.value}`);
    }
    if (el.tagName === "SCRIPT") {
      if (!el.src && el.type !== "application/json") bad.push(`inline script: ${el.textContent.slice(0, 80)}`);
      if (el.src && new URL(el.src).origin !== location.origin) bad.push(`script from ${el.src}`);
    }
    if (el.tagName === "IMG" && el.getAttribute("src") === "x") bad.push("img src=x");
    if (["IFRAME", "OBJECT", "EMBED", "BASE"].includes(el.tagName) && (el.getAttribute("src") || el.getAttribute("href") || el.getAttribute("data"))) {
      const url = new URL(el.getAttribute("src") || el.getAttribute("href") || el.getAttribute("data"), location.href);
      if (url.origin !== location.origin) bad.push(`${el.tagName} to ${url.href}`);
    }
  }
  // Serialised, text has its "<" escaped: a fragment starting with "<" is found only as real markup.
  const html = document.documentElement.outerHTML;
  for (const fragment of fragments) if (html.includes(fragment)) bad.push(`markup: ${fragment}`);
  return bad;
}"""
PWNED_PROBE = "() => [window.__pwned, ({}).__pwned, Object.prototype.__pwned, Array.prototype.__pwned].filter(v => v !== undefined)"
SHOWS_SOMETHING = """() => {
  const visible = (el) => !!el && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const error = document.querySelector('[data-testid="error-message"]');
  const said = visible(error) && error.textContent.trim().length > 0;
  const drawn = Number(document.body.dataset.rendered || 0) > 0;
  const contents = visible(document.querySelector('[data-testid="guide-chapter-1"]'));
  return {said, drawn, contents, text: document.body.innerText.trim().length, error: error ? error.textContent : null};
}"""


@dataclass
class Seen:
    """What a page did that a test judges afterwards (app_page would fail at the first console error,
    but a refused field logs the browser's own 422 line, which is legitimate here)."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def hostile_context(browser, server_url):
    """One browser context for the module (its HTTP cache keeps plotly.js between loads), refusing any
    outside request; yields the context and the list of refused addresses."""
    context = browser.new_context()
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(server_url + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield context, outside
    context.close()


@pytest.fixture
def hostile_page(hostile_context):
    """A fresh page recording dialogs (dismissed), uncaught exceptions, console messages and outside requests."""
    context, outside = hostile_context
    page, seen, before = context.new_page(), Seen(), len(outside)
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("console", lambda message: seen.console.append((message.type, message.text)))
    page.set_default_timeout(10_000)
    yield page, seen
    page.close()
    assert outside[before:] == [], f"requests to other hosts: {outside[before:]}"


def hostile_url(server_url: str, path: str, load: int) -> str:
    """Every field of ``path`` hostile, field i carrying dangerous payload i + load (so a load uses them all)."""
    fields = FIELDS[path]
    query = "&".join(f"{name}={quote(DANGEROUS[(i + load) % len(DANGEROUS)], safe='')}" for i, name in enumerate(fields))
    return f"{server_url}{path}{'&' if '?' in path else '?'}{query}&{HOSTILE_NAMES}"


def settle(page, has_store: bool) -> None:
    """Wait until the page has refused every hostile field and drawn the example that is left: its store
    then rewrites the address from its own state, which drops every hostile field and name. Then a
    moment more, for anything a payload would have set on a timer or an event."""
    if has_store:
        wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0 && !location.search.includes('__proto__')", timeout=15)
    else:
        wait_until(page, "() => document.readyState === 'complete'")
    page.wait_for_timeout(150)


def is_legitimate(kind: str, text: str) -> bool:
    """Console lines a refused field may cause: the browser's note of the API's 422, and nothing else."""
    return kind != "error" or ("Failed to load resource" in text and "422" in text)


@pytest.mark.parametrize(("path", "load"), CASES, ids=[f"{p} {n}" for p, n in CASES])
def test_a_crafted_link_runs_nothing_and_still_shows_something(hostile_page, server_url, path, load):
    """Every field hostile at once: nothing runs, nothing becomes markup, the page shows the example or the error."""
    page, seen = hostile_page
    page.goto(hostile_url(server_url, path, load))
    has_store = not path.startswith("/guide")
    settle(page, has_store)
    assert seen.dialogs == [], seen.dialogs
    assert seen.errors == [], seen.errors
    assert page.evaluate(PWNED_PROBE) == []
    assert not [m for m in seen.console if "EXECUTED" in m[1] or "__pwned" in m[1]], seen.console
    assert all(is_legitimate(kind, text) for kind, text in seen.console), seen.console  # a CSP refusal would show here
    assert page.evaluate(FINDINGS_PROBE, [f for f in EXECUTABLE_FRAGMENTS if f.startswith("<")]) == []
    shown = page.evaluate(SHOWS_SOMETHING)
    assert shown["text"] > 100, shown
    if has_store:
        # The state fields were all refused, so the default example is drawn and the last refusal is said.
        assert shown["drawn"] and shown["said"], shown
        state_fields = {name for names in STATE_FIELDS.values() for name in names}
        view_state_fields = [name for name in FIELDS[path] if name in state_fields]
        assert any(shown["error"].startswith(name) for name in view_state_fields), shown["error"]
    else:
        assert shown["contents"], shown
    if path in CHAPTER_PAGES:
        assert page.get_by_test_id("chapter").is_visible()
