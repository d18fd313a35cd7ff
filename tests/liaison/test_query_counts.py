"""Every list page and API list runs a fixed number of queries whatever the data size."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from liaison import services
from liaison.models import Forum, Visit
from portal.models import Department

from .conftest import make_enterprise, make_pairing, make_project, make_user, make_visit

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 6, 15, 10, 0)


def grow(people, n: int) -> None:
    """Add n pairings with visits and problems, n forums with invitees, n projects with reports."""
    dept = Department.objects.get(jurisdiction__code="HK", name="经济发展与招商局")
    for i in range(n):
        official = make_user("official")
        enterprise = make_enterprise()
        pairing = make_pairing(official, enterprise)
        visit = make_visit(pairing, dt.date(2026, 3, 1 + i), status=Visit.Status.CONFIRMED)
        visit.problems.create(description="问题")
        forum = Forum.objects.create(jurisdiction=dept.jurisdiction, title=f"座谈{i}", date=dt.date(2026, 5, 1),
                                     place="会议室", organiser=dept, agenda="议程", created_by=people["dispatcher1"])
        forum.invited_enterprises.set([enterprise])
        project = make_project(members=[official], name=f"项目{i}")
        report = services.submit_report(project=project, by=official, month=dt.date(2026, 5, 1), progress="p",
                                        investment_month=Decimal("1"), investment_total=Decimal("2"),
                                        problems=[("问题", True)])
        assert report.pk


def count(client_or_api, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client_or_api.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("oversight1", "/liaison/", 6),
    ("oversight1", "/liaison/visits/", 5),
    ("enterprise1", "/liaison/visits/", 5),
    ("oversight1", "/liaison/forums/", 7),
    ("oversight1", "/liaison/projects/", 5),
    ("official1", "/liaison/mine/", 4),
    ("official1", "/", 11),  # every app's cards: complaints (+ 我首问的诉求), liaison, conduct (亲清承诺), declarations (报备); the department comes with the user
    ("enterprise1", "/", 10),  # + the enterprise's pending join requests (portal/accounts.py), policies for you
]
# API: the caller's groups, the count, the page (+ one prefetch where the rows carry problems).
API = [
    ("oversight1", "/api/v1/pairings/", 3),
    ("oversight1", "/api/v1/visits/", 4),
    ("oversight1", "/api/v1/forums/", 3),
    ("oversight1", "/api/v1/projects/", 3),
    ("oversight1", "/api/v1/inspection-reports/", 4),
]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("username,url,expected", PAGES)
def test_list_page_query_count_is_fixed(client, people, username, url, expected):
    client.force_login(people[username])
    grow(people, 1)
    small = count(client, url)
    grow(people, 4)
    big = count(client, url)
    assert (small, big) == (expected, expected)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("username,url,expected", API)
def test_api_list_query_count_is_fixed(people, username, url, expected):
    from portal.models import User

    api = APIClient()
    grow(people, 1)
    api.force_authenticate(User.objects.get(username=username))  # a fresh instance: roles not cached yet
    small = count(api, url)
    grow(people, 4)
    api.force_authenticate(User.objects.get(username=username))
    big = count(api, url)
    assert (small, big) == (expected, expected)
