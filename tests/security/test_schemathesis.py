"""schemathesis against /api/schema/, through the WSGI app, as an enterprise, a dispatcher and an investigator.

Checks (every generated request):
- not_a_server_error — no 5xx, ever.
- status_code_conformance — the status is one the schema documents for the operation. Every operation documents
  400, 403, 404 and 409 with the error shape (portal/api/schema.py adds them): a role refusal, a foreign object
  and a workflow refusal are answers the API promises, not surprises. 401 is never answered (session auth first).
- content_type_conformance and response_schema_conformance — the body is what the schema says for that status.
Bounded: a fixed seed, MAX_EXAMPLES per operation and user, each request rolled back (no state drifts between
examples); the whole run is a few seconds per operation on this machine.
"""

from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, seed, settings
from rest_framework.authtoken.models import Token

MAX_EXAMPLES = 10
USERS = ("enterprise1", "dispatcher1", "investigator1")


@pytest.fixture
def api_schema(people):
    import schemathesis
    from django.core.wsgi import get_wsgi_application

    from tests.security import access_matrix as am

    am.extra_objects(people)
    # Requests run inside the test's transaction, as with Django's test client: the WSGI app must not close the
    # connection when a request ends.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(operation, token: str) -> list[str]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    failures: list[str] = []
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

    @seed(20261130)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True, print_blob=False,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def explore(case):
        with transaction.atomic():
            response = case.call(headers={"Authorization": f"Token {token}"})
            transaction.set_rollback(True)
        try:
            case.validate_response(response, checks=checks)
        except (AssertionError, BaseExceptionGroup) as exc:  # a Failure, or a FailureGroup of several
            failures.append(f"{case.method} {case.formatted_path} {response.status_code}: {str(exc)[:600]}")

    explore()
    return failures


@pytest.mark.parametrize("username", USERS)
def test_the_api_keeps_its_schema(api_schema, people, username):
    token = Token.objects.get_or_create(user=people[username])[0].key
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        failures += _run(operation, token)
    assert operations > 40
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} schemathesis failures as {username}:\n" + "\n\n".join(unique[:40])
