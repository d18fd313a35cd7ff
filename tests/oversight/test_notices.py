"""督办通知: issued by oversight on overdue or reopened complaints, answered by the department."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from complaints import services
from complaints.models import Event, SupervisionNotice
from portal.errors import TransitionRefused
from portal.models import Notification
from tests.oversight.conftest import at

pytestmark = pytest.mark.django_db


def test_notice_on_overdue_complaint_flags_it_writes_the_timeline_and_tells_the_department(world, people):
    n = world["notice"]
    c = n.complaint
    c.refresh_from_db()
    assert (n.status, n.reason, n.department, c.supervised) == ("open", "overdue", world["d1"], True)
    assert c.events.filter(action=Event.Action.SUPERVISE).exists()
    assert Notification.objects.filter(recipient=people["handler1"], url__endswith=f"/notices/{n.pk}/").exists()


def test_notice_is_refused_on_a_complaint_neither_overdue_nor_reopened(world, people):
    with time_machine.travel(at(3, 3), tick=False):
        fresh = services.submit_complaint(enterprise=people["enterprise1"].enterprise, submitter=people["enterprise1"],
                                          category=world["cat_a"], title="新", description="x")
        services.assign(complaint=fresh, department=world["d1"], by=people["dispatcher1"])
        with pytest.raises(TransitionRefused):
            services.issue_notice(complaint=fresh, by=people["oversight1"], instruction="x",
                                  deadline=dt.date(2026, 3, 10))


def test_only_oversight_issues_and_only_one_open_notice_per_complaint(world, people):
    c2 = world["c2"]
    with time_machine.travel(at(4, 2), tick=False):
        with pytest.raises(PermissionDenied):
            services.issue_notice(complaint=c2, by=people["dispatcher1"], instruction="x", deadline=dt.date(2026, 4, 9))
        with pytest.raises(TransitionRefused):
            services.issue_notice(complaint=c2, by=people["oversight1"], instruction="x", deadline=dt.date(2026, 4, 9))


def test_reopened_complaint_may_be_supervised(world, people):
    c4 = world["c4"]  # reopened once, answered again: still open (awaiting the rating)
    with time_machine.travel(at(3, 7), tick=False):
        n = services.issue_notice(complaint=c4, by=people["oversight1"], instruction="请回访企业",
                                  deadline=dt.date(2026, 3, 12))
    assert n.reason == SupervisionNotice.Reason.REOPENED


def test_department_answers_once_and_another_department_cannot(world, people):
    n = world["notice"]
    with pytest.raises(PermissionDenied):
        services.answer_notice(notice=n, by=people["handler2"], response="x")
    with time_machine.travel(at(4, 2), tick=False):
        services.answer_notice(notice=n, by=people["handler1"], response="已签收，三日内答复")
    n.refresh_from_db()
    assert (n.status, n.is_late) == ("answered", False)
    assert Notification.objects.filter(recipient=people["oversight1"], subject__contains="督办通知已反馈").exists()
    with pytest.raises(TransitionRefused):
        services.answer_notice(notice=n, by=people["handler1"], response="again")


def test_open_notice_shows_on_the_department_queue_and_not_on_another(world, people, client):
    client.force_login(people["handler1"])
    page = client.get("/complaints/queue/").content.decode()
    assert f'data-notice="{world["notice"].pk}"' in page
    client.force_login(people["handler2"])
    assert f'data-notice="{world["notice"].pk}"' not in client.get("/complaints/queue/").content.decode()
    assert client.get(f"/complaints/notices/{world['notice'].pk}/").status_code == 404


def test_department_answers_through_the_page(world, people, client):
    client.force_login(people["handler1"])
    url = f"/complaints/notices/{world['notice'].pk}/"
    r = client.post(url, {"response": ""})
    assert r.status_code == 200 and "该字段是必填项" in r.content.decode()
    assert client.post(url, {"response": "已安排专人办理"}).status_code == 302
    world["notice"].refresh_from_db()
    assert world["notice"].status == "answered"


def test_api_issue_and_answer_with_409_on_a_refused_step(world, people):
    api = APIClient()
    api.force_authenticate(people["oversight1"])
    r = api.post(f"/api/v1/complaints/{world['c2'].pk}/notice/", {"instruction": "x", "deadline": "2099-01-01"},
                 format="json")
    assert r.status_code == 409  # one open notice already
    api.force_authenticate(people["dispatcher1"])
    r = api.post(f"/api/v1/complaints/{world['c2'].pk}/notice/", {"instruction": "x", "deadline": "2099-01-01"},
                 format="json")
    assert r.status_code == 403
    api.force_authenticate(people["handler1"])
    r = api.get("/api/v1/supervision-notices/?status=open")
    assert [n["id"] for n in r.json()["results"]] == [world["notice"].pk]
    r = api.post(f"/api/v1/supervision-notices/{world['notice'].pk}/answer/", {"response": "已办理"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "answered"
    r = api.post(f"/api/v1/supervision-notices/{world['notice'].pk}/answer/", {"response": "again"}, format="json")
    assert r.status_code == 409
    api.force_authenticate(people["handler2"])
    assert api.get(f"/api/v1/supervision-notices/{world['notice'].pk}/").status_code == 404
