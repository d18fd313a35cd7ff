"""党政办督查室 tracks with 效能督查办公室 (恒口 measure 三): both see overdue items and issue 督办 notices; every
notice records and shows the office that issued it; each office sees the other's notices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from complaints import services
from complaints.models import Complaint
from portal.models import Department, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(make_complaint):
    """Two complaints of handler1's department, both past their sign-for deadline."""
    cs = [make_complaint("assigned", title=f"超期事项{i}") for i in range(2)]
    Complaint.objects.filter(pk__in=[c.pk for c in cs]).update(sign_deadline=dt.date(2026, 1, 5),
                                                                answer_deadline=dt.date(2026, 1, 9))
    for c in cs:
        c.refresh_from_db()
    return cs


def _issue(complaint, user):
    return services.issue_notice(complaint=complaint, by=user, instruction="请三日内办结并反馈。",
                                 deadline=timezone.localdate() + dt.timedelta(days=3))


def test_the_demo_has_a_dangzhengban_oversight_user_in_the_supervision_office(people):
    user = people["dzb_oversight1"]
    assert user.has_role("oversight")
    assert (user.department.name, user.department.kind) == ("党政办督查室", Department.Kind.SUPERVISION)
    assert people["oversight1"].department.kind == Department.Kind.EFFICIENCY


@pytest.mark.parametrize("username", ["oversight1", "dzb_oversight1"])
def test_both_offices_see_the_overdue_items(people, overdue, username):
    client = Client()
    client.force_login(people[username])
    r = client.get("/complaints/overdue/")
    assert r.status_code == 200
    assert all(c.number in r.content.decode() for c in overdue)


def test_each_notice_records_the_office_that_issued_it(people, overdue):
    efficiency = _issue(overdue[0], people["oversight1"])
    supervision = _issue(overdue[1], people["dzb_oversight1"])
    assert efficiency.office.name == "效能督查办公室"
    assert supervision.office.name == "党政办督查室"
    # The department is told in the office's name.
    told = Notification.objects.filter(recipient=people["handler1"], url__endswith=f"/notices/{supervision.pk}/").get()
    assert told.body.startswith("党政办督查室")


def test_an_admin_issues_in_the_name_of_the_efficiency_office(people, overdue):
    notice = _issue(overdue[0], people["admin"])
    assert notice.office.name == "效能督查办公室"


@pytest.mark.parametrize(("viewer", "issuer"), [("oversight1", "dzb_oversight1"), ("dzb_oversight1", "oversight1")])
def test_each_office_sees_the_other_offices_notices_with_the_office_shown(people, overdue, viewer, issuer):
    notice = _issue(overdue[0], people[issuer])
    office = notice.office.name
    client = Client()
    client.force_login(people[viewer])
    listing = client.get("/complaints/notices/").content.decode()
    assert f'data-notice="{notice.pk}"' in listing and office in listing
    detail = client.get(f"/complaints/notices/{notice.pk}/")
    assert detail.status_code == 200 and office in detail.content.decode()
    api = APIClient()
    api.force_authenticate(people[viewer])
    body = api.get(f"/api/v1/supervision-notices/{notice.pk}/").json()
    assert body["office"] == {"id": notice.office_id, "name": office}
    by_office = api.get(f"/api/v1/supervision-notices/?office={notice.office_id}").json()
    assert [n["id"] for n in by_office["results"]] == [notice.pk]


def test_the_answer_reaches_both_offices(people, overdue):
    notice = _issue(overdue[0], people["dzb_oversight1"])
    services.answer_notice(notice=notice, by=people["handler1"], response="已签收并办理。")
    for username in ("dzb_oversight1", "oversight1"):
        assert Notification.objects.filter(recipient=people[username], url__endswith=f"/notices/{notice.pk}/",
                                           subject__contains="已反馈").exists()


def test_the_other_jurisdictions_office_sees_neither(people, overdue):
    notice = _issue(overdue[0], people["dzb_oversight1"])
    client = Client()
    client.force_login(people["zj_oversight1"])
    assert client.get(f"/complaints/notices/{notice.pk}/").status_code == 404
