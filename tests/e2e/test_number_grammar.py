"""The page reads the numbers of a link by the same table as the API
(``tests/number_cases.py``): what the API accepts, the page shows; what the API
refuses, the page refuses too, and its banner quotes the text as the link had it."""

from __future__ import annotations

import math
import random
import struct
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from app.delivery.static_files import static_fingerprint
from app.state.numbers import number_text
from tests.e2e.helpers import address, cell_number, open_mixer, wait_until
from tests.number_cases import INTEGER_CASES, NUMBER_CASES, mixer_query

# In the page: read each case's link as the store does, and write the query it sends to the API.
READ_AND_WRITE = """async ([module, links]) => {
  const { parseQuery, toQuery } = await import(module);
  const fields = JSON.parse(document.getElementById("boot").textContent).fields;
  return links.map((link) => {
    const state = parseQuery(link, fields);
    return { x: state.x, h: state.h, query: toQuery(state, fields, { view: false }) };
  });
}"""


def test_the_page_reads_and_writes_every_case_as_the_api_reads_it(app_page, server_url):
    open_mixer(app_page, f"{server_url}/")
    module = f"/static/{static_fingerprint()}/js/urlstate.js"
    links = ["?" + mixer_query(entry) for entry, _ in NUMBER_CASES] + [f"?h={quote(text, safe='')}" for text, _ in INTEGER_CASES]
    read = app_page.evaluate(READ_AND_WRITE, [module, links])
    for (entry, value), seen in zip(NUMBER_CASES, read[: len(NUMBER_CASES)], strict=True):
        sent = parse_qs(seen["query"], keep_blank_values=True)["x"][0].split(",")[1]
        if value is None:
            assert sent == entry, f"{entry!r} was sent to the API as {sent!r}"
        else:
            assert seen["x"][1] == value and float(sent) == value, (entry, seen)
    for (text, value), seen in zip(INTEGER_CASES, read[len(NUMBER_CASES) :], strict=True):
        sent = parse_qs(seen["query"]).get("h", ["2"])[0]  # h=2... is not the default (4): always written
        assert (seen["h"], sent) == ((value, str(value)) if value is not None else (text, text)), (text, seen)


@pytest.mark.parametrize("entry", ["0x10", "\uff11", "1e309", " 5"])
def test_a_number_the_api_refuses_is_refused_by_the_page_quoting_the_reader(app_page, server_url, problems, entry):
    problems.allow("422")
    app_page.goto(f"{server_url}/?{mixer_query(entry)}")
    message = app_page.get_by_test_id("error-message")
    wait_until(app_page, "() => !document.querySelector('[data-testid=error-banner]')?.hidden && document.querySelector('[data-testid=y-0-0-0]')")
    assert repr(entry) in message.inner_text()
    assert "NaN" not in message.inner_text() and "Infinity" not in message.inner_text()
    # The refused list is dropped, never rewritten into a number the link did not say.
    x = parse_qs(urlsplit(address(app_page)).query).get("x")
    assert x is None, x


def test_a_number_the_api_accepts_is_shown_as_the_api_computes_it(app_page, server_url):
    open_mixer(app_page, f"{server_url}/?{mixer_query('+5')}")
    assert cell_number(app_page, "y-0-0-0") == 6.0
    assert app_page.get_by_test_id("error-banner").is_hidden()


def sample_floats() -> list[float]:
    """Floats of every kind a link may hold or a formatter may trip on: random bit patterns,
    the edited cells' six decimals, powers of ten on both sides of the notation switches."""
    rng = random.Random(20261202)
    bits = [struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(300)]
    edited = [round(rng.uniform(-1000, 1000), rng.randrange(7)) for _ in range(300)]
    powers = [sign * m * 10.0**e for e in range(-25, 25) for m in (1, 1.5, 123.456) for sign in (1, -1)]
    return [v for v in bits + edited + powers + [0.1 + 0.2, 5e-324, 2**53 + 2.0] if math.isfinite(v)]


def test_the_page_writes_every_number_as_the_server_does(app_page, server_url):
    open_mixer(app_page, f"{server_url}/")
    values = sample_floats()
    written = app_page.evaluate(
        """async ([module, values]) => {
          const { toQuery } = await import(module);
          const fields = JSON.parse(document.getElementById("boot").textContent).fields;
          return new URLSearchParams(toQuery({ x: values }, fields.filter((f) => f.name === "x"))).get("x").split(",");
        }""",
        [f"/static/{static_fingerprint()}/js/urlstate.js", values],
    )
    mismatches = [(v, page, number_text(v)) for v, page in zip(values, written, strict=True) if page != number_text(v)]
    assert not mismatches, mismatches[:5]
