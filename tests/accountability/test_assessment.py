"""Acceptance 2: the department's 亲清考核 score changes by exactly what the formula says once cases are decided."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client, RequestFactory

from accountability import services
from accountability.models import Case, Measure, deductions
from oversight.assessment import LATE_NOTICE_PENALTY, NOTICE_PENALTY
from oversight.views import _assessment_rows
from tests.oversight.conftest import TODAY, at, world  # noqa: F401  (the hand-counted data set)

pytestmark = pytest.mark.django_db


def rows_for(user) -> dict:
    request = RequestFactory().get("/oversight/assessment/", {"year": "2026"})
    request.user = user
    with time_machine.travel(at(TODAY.month, TODAY.day), tick=False):
        return {a.department_id: a for a in _assessment_rows(request)[1]}


def decide(people, complaint, measure, *, official=None, day=dt.date(2026, 4, 8)):
    with time_machine.travel(at(TODAY.month, TODAY.day), tick=False):
        return services.open_case(
            by=people["oversight1"], source=Case.Source.COMPLAINT, complaint=complaint,
            target=Case.Target.OFFICIAL if official else Case.Target.DEPARTMENT,
            department=None if official else complaint.department, official=official, grounds="推拖绕",
            facts="超期未签收", measure=measure, decided_on=day, decided_by="监察审计局")


def test_cases_lower_the_departments_score_by_their_deductions(world, people):  # noqa: F811
    d1 = world["d1"]
    before = rows_for(people["oversight1"])[d1.pk]
    # The hand-counted figures (tests/oversight/test_figures.py): base 56.7, one notice answered late.
    assert (before.base, before.notices, before.notices_late, before.cases) == (56.7, 1, 1, 0)
    assert before.score == round(56.7 - NOTICE_PENALTY - LATE_NOTICE_PENALTY, 1) == 51.7

    c2 = world["c2"]
    decide(people, c2, Measure.INTERVIEW)  # on the department: 约谈
    decide(people, c2, Measure.ADMONITION, official=people["handler1"])  # on one of its officials: 诫勉
    decide(people, c2, Measure.REFERRAL, day=dt.date(2025, 12, 31))  # another year: not counted
    after = rows_for(people["oversight1"])[d1.pk]

    points = deductions()
    expected_cases = points[Measure.INTERVIEW] + points[Measure.ADMONITION]
    assert expected_cases == 2 + 4
    expected = max(0.0, round(before.base - (NOTICE_PENALTY * 1 + LATE_NOTICE_PENALTY * 1 + expected_cases), 1))
    assert (after.cases, after.case_penalty, after.base) == (2, expected_cases, before.base)
    assert after.score == expected == 45.7
    assert round(before.score - after.score, 1) == expected_cases
    # Other departments are untouched.
    assert rows_for(people["oversight1"])[world["d2"].pk].score == 100.0


def test_the_assessment_page_states_the_deduction_per_measure_and_counts_the_cases(world, people, settings):  # noqa: F811
    decide(people, world["c2"], Measure.CRITICISM)
    settings.ACCOUNTABILITY_DEDUCTIONS = {"criticism": 5}
    client = Client()
    client.force_login(people["oversight1"])
    with time_machine.travel(at(TODAY.month, TODAY.day), tick=False):
        page = client.get("/oversight/assessment/?year=2026").content.decode()
    assert 'id="case-deductions"' in page
    for label, points in (("提醒谈话", 1), ("约谈", 2), ("通报批评", 5), ("诫勉", 4), ("移送纪检监察", 5)):
        assert f"{label} {points}" in page
    assert "46.7" in page  # 51.7 − 5 (通报批评, as configured)
