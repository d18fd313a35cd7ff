"""No input answers 5xx: every page and API route of the URL conf, with hostile values in every parameter.

Parameter names are generated, not listed: the API schema's parameters and request bodies, every field of every
form in the apps, and every name the code reads with GET.get / POST.get / query_params.get / params.get. Each GET
route is requested by a role its access-matrix row lets in (200), each POST route by the roles allowed to post.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from django import forms as django_forms
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from portal.models import Role
from tests.security import access_matrix as am
from tests.security.routes import schema, site_routes
from tests.security.test_access_matrix import _kwargs, row_for

APPS = ("portal", "complaints", "liaison", "conduct", "oversight", "leadership", "meetings")
# One value per kind of trouble (each request sets every parameter to it): NUL, not a number, negative, beyond
# bigint, beyond Python's int() digit limit, a digit int() refuses, an impossible date, SQL and LIKE wildcards,
# very long text, JSON-looking text, a character outside the BMP.
HOSTILE = ["\x00", "abc", "-1", "99999999999999999999", "9" * 5000, "²", "2026-13-45", "' OR 1=1 --", "%_\\",
           "x" * 3000, "[]", "🙂"]
PAGING_VALUES = ["abc", "-1", "99999999999999999999", "9" * 5000]
PAGING = ["page", "page_size", "limit", "offset", "cursor"]
READS = re.compile(r"""(?:GET|POST|query_params|params|data)\.(?:get|getlist)\(\s*["']([a-z_]+)["']""")


def _code_names() -> set[str]:
    names = set()
    for app in APPS:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            names.update(READS.findall(path.read_text(encoding="utf-8")))
    return names


def _form_fields() -> set[str]:
    names = set()
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, django_forms.BaseForm) and hasattr(obj, "base_fields"):
                names.update(obj.base_fields)
    return names


def _schema_names(doc: dict) -> tuple[set[str], set[str]]:
    params, body = set(), set()
    components = doc.get("components", {}).get("schemas", {})
    for ops in doc["paths"].values():
        for op in ops.values():
            if not isinstance(op, dict):
                continue
            params.update(p["name"] for p in op.get("parameters", []) if p.get("in") == "query")
            for media in op.get("requestBody", {}).get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                body.update(components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}))
    return params, body


@pytest.fixture(scope="module")
def names():
    doc = schema()
    query, body = _schema_names(doc)
    code = _code_names()
    query |= code
    body |= code | _form_fields()
    return sorted(query - set(PAGING) - {"next", "csrfmiddlewaretoken"}), sorted(body - {"csrfmiddlewaretoken"})


@pytest.fixture
def clients(people):
    am.extra_objects(people)
    out = {am.ANONYMOUS: Client(raise_request_exception=False)}
    for role in Role.values:
        out[role] = Client(raise_request_exception=False)
        out[role].force_login(people[am.ROLE_USERS[role]])
    return out


def _roles_allowed(expected: am.S, ok=(200, 201, 204, 400, 409)) -> list[str]:
    roles = [am.ANONYMOUS, *Role.values]
    return [r for r in roles if expected.expected(r) in ok]


def _url(route, r, people) -> str | None:
    kwargs = _kwargs(route, r, people)
    try:
        return reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(route.name, args=list(kwargs.values()))


def _call(client, method, url, **kw):
    with transaction.atomic():
        response = getattr(client, method)(url, **kw)
        transaction.set_rollback(True)
    return response


def _describe(response) -> str:
    exc = getattr(response, "exc_info", None)
    return f"{response.status_code} {exc[1]!r}"[:300] if exc else str(response.status_code)


def test_no_server_error_on_hostile_input(people, clients, names):
    query_names, body_names = names
    failures, requests = [], 0
    for route in site_routes():
        r = row_for(route) if route.name else None
        if r is None or route.name in ("logout", "admin:logout", "set_language"):
            continue
        if route.is_admin and not route.name.endswith("_changelist"):
            continue  # the admin's own forms are Django's; its change lists take ?q= and filters
        url = _url(route, r, people)
        for method, expected in r["methods"].items():
            roles = _roles_allowed(expected)[:1]
            for role in roles:
                client = clients[role]
                for value in HOSTILE:
                    if method == "get":
                        # Paging apart: an API page that does not exist is a 404 before the filters run.
                        calls = [{"data": {n: value for n in query_names}}]
                        if value in PAGING_VALUES:
                            calls.append({"data": {n: value for n in PAGING}})
                    elif route.is_api:
                        calls = [{"data": json.dumps({n: value for n in body_names}),
                                  "content_type": "application/json"}]
                    else:
                        calls = [{"data": {n: value for n in body_names}}]
                    for kw in calls:
                        response = _call(client, method, url, **kw)
                        requests += 1
                        if response.status_code >= 500:
                            failures.append(f"{method.upper()} {url} as {role} with {value[:20]!r}: "
                                            f"{_describe(response)}")
    assert requests > 1500, requests
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:80])
