"""The API reads the numbers of a link by the table the page's test uses too."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.state.numbers import NUMBER_RE, number_text
from tests.number_cases import INTEGER_CASES, NUMBER_CASES, mixer_query


@pytest.mark.parametrize(("entry", "value"), NUMBER_CASES)
def test_a_list_entry_means_the_same_number_or_is_refused_quoting_it(client, entry, value):
    response = client.get(f"/api/mixer?{mixer_query(entry)}")
    if value is None:
        assert response.status_code == 422
        detail = response.json()["detail"][0]
        assert detail["field"] == "x" and repr(entry) in detail["msg"]
    else:
        assert response.status_code == 200, response.text
        assert response.json()["x"] == [[[1.0, value]]]
        assert response.json()["y"] == [[[1.0 + value]]]


@pytest.mark.parametrize(("text", "value"), INTEGER_CASES)
def test_an_integer_field_means_the_same_number_or_is_refused(client, text, value):
    response = client.get(f"/api/mixer?h={quote(text, safe='')}")
    if value is None:
        assert response.status_code == 422 and response.json()["detail"][0]["field"] == "h"
    else:
        assert response.status_code == 200 and response.json()["shape"]["h"] == value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_is_written_in_the_links_grammar_and_reads_back_the_same(value):
    text = number_text(value)
    assert NUMBER_RE.fullmatch(text), text
    assert float(text) == value


def test_the_answer_spells_its_numbers_as_the_page_does(client):
    # Python's repr would say 1e-07 and 1e-05; the page's String() says 1e-7 and 0.00001.
    response = client.get("/api/mixer?h=1&w=1&cin=4&x=1e-07,0.00001,-2.50,1E2")
    assert response.json()["state"]["x"] == "1e-7,0.00001,-2.5,100"
