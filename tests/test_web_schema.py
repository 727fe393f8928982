"""schemathesis against the desk's OpenAPI document: generated requests to every
operation never get a server error (a bounded run: a few examples per operation)."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from claimledger.settings import Settings
from claimledger.web import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def desk_app(desk_db):
    return create_app(Settings(db_url=desk_db), ingest_token="schema-test-token")


schema = schemathesis.pytest.from_fixture("desk_schema")


@pytest.fixture(scope="module")
def desk_schema(desk_app):
    return schemathesis.openapi.from_asgi("/openapi.json", desk_app)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_web_schema_no_server_error(case):
    """Every generated request is answered without a 5xx; POST bodies without the token are refused."""
    case.call_and_validate(checks=[not_a_server_error])
