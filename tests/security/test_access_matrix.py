"""Every route × every role answers the status of its row in tests/security/access_matrix.py (see there)."""

from __future__ import annotations

import os
from collections import Counter

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from portal.models import Role
from tests.security import access_matrix as am
from tests.security.routes import Route, schema_methods, site_routes

ROLES = [am.ANONYMOUS, *Role.values]
HOW = ("Add or fix its row in tests/security/access_matrix.py (the module's docstring says how); "
       "ACCESS_MATRIX_PRINT=1 pytest tests/security/test_access_matrix.py -s prints what every route answers "
       "(ACCESS_MATRIX_PRINT=file writes it there).")


def row_for(route: Route) -> dict | None:
    if route.name in am.MATRIX:
        return am.MATRIX[route.name]
    if route.is_admin and route.name:
        for suffix, admin_row in am.ADMIN_SUFFIXES.items():
            if route.name.endswith(suffix) and getattr(route.callback, "model_admin", None):
                return admin_row
    return None


def checked_routes() -> list[Route]:
    # The admin's unnamed catch-all (<path:object_id>/) only redirects to the named change page.
    return [r for r in site_routes() if r.name or not r.is_admin]


def test_every_role_has_a_demo_user():
    missing = [role for role in Role.values if role not in am.ROLE_USERS]
    assert not missing, f"roles without a user in access_matrix.ROLE_USERS: {missing} (add a demo user for each)"


def test_every_route_and_api_operation_has_a_row():
    problems = []
    api = schema_methods()
    routes = checked_routes()
    for route in routes:
        if route.name is None:
            problems.append(f"route {route.pattern!r} has no name: give it name= so the matrix can name it")
            continue
        r = row_for(route)
        if r is None:
            problems.append(f"no row for route {route.name!r} ({route.pattern}). {HOW}")
            continue
        if not r["methods"]:
            problems.append(f"row {route.name!r} names no method")
        missing = api.get(route.name, set()) - set(r["methods"])
        if missing:
            problems.append(f"row {route.name!r} lacks {sorted(missing)}: the API schema documents them. {HOW}")
        unknown = [p for p in route.params if p not in r["kwargs"] and p != "format"]
        if unknown and not route.is_admin:
            problems.append(f"row {route.name!r} gives no kwargs for {unknown} ({route.pattern})")
    names = {r.name for r in routes}
    problems += [f"row {name!r} names no route (renamed or removed?): delete or rename the row"
                 for name in am.MATRIX if name not in names]
    problems += [f"the API schema documents {name!r}, which the URL conf does not name" for name in api
                 if name not in names]
    assert not problems, "\n".join(problems)


# ---- requesting every row as every role ---------------------------------------------------------------------


def _kwargs(route: Route, r: dict, people) -> dict:
    out = {}
    for key, value in r["kwargs"].items():
        if value == "<first>":
            obj = route.callback.model_admin.model._default_manager.order_by("pk").first()
            out[key] = obj.pk if obj else 0
        elif isinstance(value, str) and value in am.OBJECTS:
            out[key] = am.OBJECTS[value](people).pk
        else:
            out[key] = value
    if route.is_admin and "object_id" in route.params and "object_id" not in out:
        out["object_id"] = 0
    return out


def _request(client: Client, method: str, url: str, api: bool):
    if method == "get":
        return client.get(url)
    if api or method != "post":
        return getattr(client, method)(url, data="{}", content_type="application/json")
    return client.post(url, data={})


def _observe(clients, route: Route, method: str, url: str) -> dict[str, str | int]:
    seen: dict[str, str | int] = {}
    for role in ROLES:
        client = clients[role]
        before = client.cookies.get("sessionid")
        before = before.value if before else None
        with transaction.atomic():
            response = _request(client, method, url, route.is_api)
            transaction.set_rollback(True)
        status = response.status_code
        if status >= 500 and getattr(response, "exc_info", None):
            status = f"{status} {response.exc_info[1]!r}"[:200]
        seen[role] = status
        after = client.cookies.get("sessionid")
        if role != am.ANONYMOUS and (after.value if after else None) != before:
            client.force_login(clients["_users"][role])  # a login/logout route changed the session
    return seen


def _suggest(seen: dict) -> str:
    counts = Counter(v for v in seen.values())
    default = counts.most_common(1)[0][0]
    others = ", ".join(f"{k}={v}" for k, v in seen.items() if v != default)
    return f"s({default}{', ' + others if others else ''})"


@pytest.fixture
def clients(people):
    am.extra_objects(people)
    out: dict = {am.ANONYMOUS: Client(raise_request_exception=False), "_users": {}}
    for role in Role.values:
        user = people[am.ROLE_USERS[role]]
        out["_users"][role] = user
        out[role] = Client(raise_request_exception=False)
        out[role].force_login(user)
    return out


def test_access_matrix(people, clients):
    printing = os.environ.get("ACCESS_MATRIX_PRINT")
    failures, lines = [], []
    api = schema_methods()
    for route in checked_routes():
        r = row_for(route)
        if r is None:
            if not printing:
                continue  # the row test names it
            guess = {p: 1 for p in route.params}
            r = am.row(kwargs=guess, **{m: am.s(0) for m in sorted(api.get(route.name, {"get"}))})
        try:
            kwargs = _kwargs(route, r, people)
            try:
                url = reverse(route.name, kwargs=kwargs)
            except NoReverseMatch:  # a regex route with unnamed groups (django-simple-history's admin)
                url = reverse(route.name, args=list(kwargs.values()))
        except Exception as exc:  # a row whose object or kwargs do not resolve is a failure
            failures.append(f"{route.name}: cannot build its URL from kwargs {r['kwargs']}: {exc!r}")
            continue
        observed = {}
        for method, expected in r["methods"].items():
            seen = observed[method] = _observe(clients, route, method, url)
            for role in ROLES:
                if seen[role] != expected.expected(role):
                    failures.append(f"{route.name} {method.upper()} {url} as {role}: expected "
                                    f"{expected.expected(role)}, got {seen[role]}")
        if printing and not (route.is_admin and route.name not in am.MATRIX):
            kw = f", kwargs={r['kwargs']!r}" if r["kwargs"] else ""
            methods = ", ".join(f"{m}={_suggest(seen)}" for m, seen in observed.items())
            lines.append(f"    {route.name!r}: row({methods}{kw}),")
    if printing:
        text = "MATRIX = {\n" + "\n".join(lines) + "\n}\n"
        if printing == "1":
            print("\n" + text)
        else:
            with open(printing, "w") as out:
                out.write(text)
    assert not failures, f"{len(failures)} answers differ from the matrix:\n" + "\n".join(failures) + "\n" + HOW

