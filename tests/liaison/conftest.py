"""Liaison test helpers: plain make_* functions (no JSON fixtures), built through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from portal.demo import make_credit_code
from portal.models import Department, Enterprise, Jurisdiction, Role, User

_seq = itertools.count(1000)


def make_enterprise(jurisdiction=None, *, is_key=True, name=None) -> Enterprise:
    n = next(_seq)
    jurisdiction = jurisdiction or Jurisdiction.objects.get(code="HK")
    return Enterprise.objects.create(jurisdiction=jurisdiction, name=name or f"测试企业{n}", is_key=is_key,
                                     credit_code=make_credit_code(n))


def make_user(role: str, *, jurisdiction=None, department=None, enterprise=None, username=None) -> User:
    n = next(_seq)
    jurisdiction = jurisdiction or Jurisdiction.objects.get(code="HK")
    user = User.objects.create_user(username=username or f"{role}{n}", password="pw-Test-12345",
                                    full_name=f"{role}{n}", jurisdiction=jurisdiction, department=department,
                                    enterprise=enterprise, email=f"{role}{n}@test.invalid")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def make_pairing(official, enterprise, *, start=None, by=None):
    from liaison import services

    by = by or User.objects.get(username="admin")
    return services.create_pairing(official=official, enterprise=enterprise, start=start or dt.date(2026, 1, 1),
                                   by=by)


def make_visit(pairing, date, *, by=None, **kw):
    from liaison.models import Visit

    fields = {"form": Visit.Form.ON_SITE, "discussed": "了解企业经营情况", **kw}
    return Visit.objects.create(pairing=pairing, date=date, logged_by=by or pairing.official, **fields)


def make_project(*, members=(), name="测试项目"):
    from liaison.models import KeyProject

    dept = Department.objects.get(jurisdiction__code="HK", name="经济发展与招商局")
    project = KeyProject.objects.create(jurisdiction=dept.jurisdiction, name=name, lead_department=dept,
                                        planned_investment=Decimal("100"))
    project.members.set(members)
    return project


@pytest.fixture
def hk(db):
    return Jurisdiction.objects.get(code="HK")


@pytest.fixture
def e1(people):
    return people["enterprise1"].enterprise


@pytest.fixture
def e2(people):
    return people["enterprise2"].enterprise


__all__ = ["Role", "make_enterprise", "make_pairing", "make_project", "make_user", "make_visit"]
