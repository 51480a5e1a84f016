"""Schemathesis against /api/openapi.json on a real server: no input ever makes it answer 5xx,
and every answer matches the document (status codes and response schemas).

Content types are not checked: for header bytes that HTTP forbids, uvicorn itself answers a
plain-text 400 before the application runs, which is right but not in the document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks as openapi_checks

from tests.support.live_server import run_cli, start_server

pytestmark = pytest.mark.slow
CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    folder = tmp_path_factory.mktemp("fuzz")
    db = f"sqlite:///{folder / 'fuzz.db'}"
    json.loads(
        run_cli("sites", "create", "--name", "Fuzz", "--url", "https://fuzz.example", db_url=db).stdout
    )
    env = {"REJOINDER_RATE_LIMIT_PER_MINUTE": "1000000", "REJOINDER_SITE_RATE_LIMIT_PER_MINUTE": "1000000"}
    server = start_server(db, workers=1, log_dir=folder, extra_env=env)
    try:
        loaded = schemathesis.openapi.from_url(f"{server.url}/api/openapi.json")
        # The coverage phase enumerates every boundary of every field (minutes on this shared
        # machine); random fuzzing, positive and negative, with a fixed seed keeps it near a minute.
        loaded.config.phases.coverage.enabled = False
        yield loaded.include(path_regex="^/api/(?!v1/)")
    finally:
        server.stop()
    assert "Traceback" not in server.log()


# The comments API only: the Akismet and dashboard engineers own their endpoints' fuzzing.
schema = schemathesis.pytest.from_fixture("api_schema").include(path_regex="^/api/(?!v1/)")


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
