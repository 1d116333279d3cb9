"""The search API against its own OpenAPI document, with schemathesis and every check it has.

schemathesis reads /api/v1/openapi.json and sends what the document allows (it must be
answered 2xx) and what it forbids (it must be a 4xx), probes methods the document does not
list (405 with an Allow header), and checks every answer against the documented status codes,
content types, headers and schemas. The calls go through Django's WSGI handler in this
process, so they read the shared corpus inside this test's transaction, on SQLite or
PostgreSQL, whichever the suite runs on.

A few rules span several parameters and no JSON Schema can say them (the year range's order,
the number of filter values in all, the length of the whole query string, sort=similar needing
`near`, which must name a kabupaten/kota that exists): they are written
in the document's text, tested by test_bad_input and test_request_limits, and taught to the
test below: such a request must get a 400 naming a parameter instead of the 2xx
schemathesis expects for what the schema allows.
"""

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from search.query import MAX_QUERY_STRING_LENGTH, MAX_SELECTED_VALUES

SCALARS = {"q", "page", "page_size", "sort", "year_from", "year_to", "near", "interpret", "lang"}
REGIONS = Path(__file__).resolve().parents[2] / "innovations" / "data" / "regions.json"
REGENCY_CODES = {
    regency["code"]
    for province in json.loads(REGIONS.read_text(encoding="utf-8"))["provinces"]
    for regency in province["regencies"]
}
# Enough to cover every parameter's edges (the coverage phase) and a fuzzed sample, within
# a minute or two on this machine's two cores.
MAX_EXAMPLES = 150


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def within_cross_parameter_rules(query):
    """What the document says in words: year_from <= year_to, at most MAX_SELECTED_VALUES
    filter values in all, a query string of at most MAX_QUERY_STRING_LENGTH characters,
    sort=similar with a near that names an existing kabupaten/kota."""
    if not isinstance(query, dict):
        return True
    near = query.get("near")
    if isinstance(near, str) and near not in REGENCY_CODES:
        return False
    if query.get("sort") == "similar" and near is None:
        return False
    years = [_as_int(query.get(name)) for name in ("year_from", "year_to")]
    if None not in years and years[0] > years[1]:
        return False
    values = [v for name, v in query.items() if name not in SCALARS]
    count = sum(len({str(x) for x in v}) if isinstance(v, list) else 1 for v in values)
    if count > MAX_SELECTED_VALUES:
        return False
    return len(urlencode(query, doseq=True)) <= MAX_QUERY_STRING_LENGTH


def load_schema():
    config = SchemathesisConfig.from_dict(
        {
            "checks": {"enabled": True},
            "generation": {"mode": "all", "max-examples": MAX_EXAMPLES},
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
            },
        }
    )
    # Read through the application itself (no database is touched to serve the document).
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=config)
    return loaded


schema = load_schema()


@pytest.fixture(autouse=True)
def connection_kept_between_requests():
    """Django closes the database connection when a request starts and finishes, which in a
    test's transaction (PostgreSQL) ends the transaction with it. Django's own test client
    keeps it open the same way: by not listening to those two signals meanwhile."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
# The corpus is shared by every generated request: fine, the API only reads. No deadline:
# timings are the benchmark's business, and a busy two-core machine would make them flaky.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_the_api_does_what_its_document_says(case, site):
    # A method the document does not list gets its 405 whatever the query says.
    if within_cross_parameter_rules(case.query) or case.method.upper() not in ("GET", "HEAD"):
        case.call_and_validate()
    else:
        # Valid for the schema, not for the rules in its text: a 400 naming a parameter,
        # and every check but "valid data is accepted".
        response = case.call()
        assert response.status_code == 400, response.text[:300]
        # The parameter at fault; "" is a real name ("?=x", a value without one).
        assert response.json()["error"]["parameter"] is not None
        case.validate_response(response, excluded_checks=[positive_data_acceptance])
