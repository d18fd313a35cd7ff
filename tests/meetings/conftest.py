"""Joint-meeting fixtures: an open visit problem of the demo (恒口, enterprise1) and a meeting factory."""

from __future__ import annotations

import pytest
from django.utils import timezone

from liaison.models import ProblemStatus, VisitProblem
from meetings import services
from meetings.models import Meeting
from portal.models import Department
from tests.complaints.conftest import categories, make_complaint  # noqa: F401  (fixtures)


@pytest.fixture
def visit_problem(people):
    """The demo's open problem found on official1's visit to enterprise1."""
    problem = VisitProblem.objects.filter(visit__pairing__enterprise=people["enterprise1"].enterprise,
                                          status=ProblemStatus.OPEN).first()
    assert problem is not None
    return problem


@pytest.fixture
def make_problem(people, visit_problem):
    """Another open problem on the same visit."""

    def _make(text: str = "厂区道路排水不畅。") -> VisitProblem:
        return VisitProblem.objects.create(visit=visit_problem.visit, description=text)

    return _make


@pytest.fixture
def make_meeting(people):
    """A joint meeting convened by the dispatch department (经济发展与招商局), handler1's and handler2's
    departments as members."""

    def _make(by=None, title: str = "政企联席会议", convenor_department=None, members=None) -> Meeting:
        by = by or people["dispatcher1"]
        hk = people["dispatcher1"].jurisdiction
        convenor_department = convenor_department or Department.objects.get(jurisdiction=hk, name="经济发展与招商局")
        if members is None:
            members = [people["handler1"].department, people["handler2"].department]
        return services.create_meeting(by=by, kind=Meeting.Kind.JOINT, title=title, date=timezone.localdate(),
                                       convenor_department=convenor_department, members=members)

    return _make
