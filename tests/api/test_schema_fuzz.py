"""The API fuzzed from its own OpenAPI schema (schemathesis): for generated valid and
invalid queries, no 5xx, every status code documented, every content type as
declared, every body matching its schema, and every invalid query refused."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from app.main import create_app

CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            # Invalid data is refused with the documented 422, or with a 414 when its mutation made
            # the address longer than app/delivery/limits.py allows (a refusal all the same).
            "negative_data_rejection": {"expected-statuses": ["400", "404", "414", "422"]},
            # How many numbers a list holds depends on other fields (weight: cout·cin), which OpenAPI
            # cannot say, so a schema-valid query may rightly be a 422 naming the field.
            "positive_data_acceptance": {"enabled": False},
        },
        # oEmbed 1.0 answers 501 for a format it does not offer: documented, not a server error.
        "operations": [{"include-path": "/oembed", "checks": {"not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "501"]}}}],
    }
)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(), config=CONFIG)


@schema.parametrize()
# Generated queries that break a cross-field rule are filtered out; that may be most of them.
@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
def test_every_operation_answers_as_its_schema_says(case):
    response = case.call()
    if response.status_code == 422:
        # A reader must learn which field to fix: one of this operation's own parameters.
        names = {parameter["name"] for parameter in case.operation.definition.raw.get("parameters", [])}
        assert response.json()["detail"][0]["field"] in names, response.text
    if response.status_code == 414:
        # Too long an address, or too many fields in its query: both documented (app/api/schema.py).
        assert response.json()["detail"][0]["field"] in ("request.url", "request.query"), response.text
    case.validate_response(response)


def test_every_operation_documents_its_refusals_with_their_json_shape():
    """A client reading the schema learns every answer it can get: the request limits apply to
    all operations, and every operation that reads a state documents its 422 and its 304."""
    paths = schema.raw_schema["paths"]
    assert {"/healthz", "/api/mixer", "/api/code", "/api/lab", "/api/real-heads", "/api/cost", "/oembed"} <= set(paths)
    for path, operations in paths.items():
        responses = operations["get"]["responses"]
        for status in ("413", "414", "431"):
            assert "detail" in responses[status]["content"]["application/json"]["schema"]["properties"], (path, status)
        if path.startswith("/api/") and path != "/api/real-heads":
            assert {"200", "304", "422"} <= set(responses), path
