"""Meeting pages and API through HTTP: who sees what (jurisdiction, department), who may act, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Complaint
from liaison.models import ProblemStatus
from meetings import services
from meetings.models import AgendaItem, Meeting
from portal.models import Department

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_create_pull_decide_close_through_the_pages(people, visit_problem):
    client = _client(people["oversight1"])
    hk = people["oversight1"].jurisdiction
    convenor = Department.objects.get(jurisdiction=hk, name="经济发展与招商局")
    r = client.post("/meetings/new/", {"kind": "topical", "title": "用地专题协调会", "date": timezone.localdate().isoformat(),
                                       "convenor_department": convenor.pk, "convenor": "dispatcher1",
                                       "members": [people["handler1"].department_id]})
    meeting = Meeting.objects.get(title="用地专题协调会")
    assert r.status_code == 302 and r["Location"] == f"/meetings/{meeting.pk}/"
    assert (meeting.kind, meeting.convenor, meeting.created_by) == (
        "topical", people["dispatcher1"], people["oversight1"])
    page = client.get(f"/meetings/{meeting.pk}/pull/").content.decode()
    assert f'data-candidate="visit-{visit_problem.pk}"' in page
    r = client.post(f"/meetings/{meeting.pk}/pull/", {"source": "visit", "id": visit_problem.pk})
    assert r.status_code == 302
    item = meeting.items.get()
    deadline = timezone.localdate() + dt.timedelta(days=9)
    r = client.post(f"/meetings/{meeting.pk}/items/{item.pk}/decide/", {
        "department": people["handler2"].department_id, "deadline": deadline.isoformat(), "action": "现场办公解决"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.complaint.department, item.complaint.answer_deadline) == (
        "decided", people["handler2"].department, deadline)
    detail = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert item.complaint.number in detail and "现场办公解决" in detail
    r = client.post(f"/meetings/{meeting.pk}/close/", {"minutes": "会议议定一项。"})
    meeting.refresh_from_db()
    assert r.status_code == 302 and meeting.status == "closed"
    # The assigned department finds it in its queue, and may read the meeting that gave it the task (though it
    # was not a member).
    handler2 = _client(people["handler2"])
    assert item.complaint.number in handler2.get("/complaints/queue/").content.decode()
    assert handler2.get(f"/meetings/{meeting.pk}/").status_code == 200


def test_a_bad_decision_form_is_refused_with_a_message(people, visit_problem, make_meeting):
    meeting = make_meeting()
    item = services.add_problem(meeting=meeting, by=people["dispatcher1"], problem=visit_problem)
    client = _client(people["dispatcher1"])
    r = client.post(f"/meetings/{meeting.pk}/items/{item.pk}/decide/", {"department": "x", "deadline": "no"},
                    follow=True)
    assert r.status_code == 200
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.PENDING


def test_a_foreign_problem_id_is_404(people, make_meeting):
    meeting = make_meeting()
    from complaints import services as cs
    from complaints.models import Category

    zj = people["zj_enterprise1"]
    c = cs.submit_complaint(enterprise=zj.enterprise, submitter=zj, title="x", description="x",
                            category=Category.objects.filter(jurisdiction__code="ZJ").first())
    r = _client(people["dispatcher1"]).post(f"/meetings/{meeting.pk}/pull/", {"source": "complaint", "id": c.pk})
    assert r.status_code == 404


@pytest.mark.parametrize(("username", "status"), [
    ("oversight1", 200), ("dzb_oversight1", 200), ("dispatcher1", 200), ("admin", 200),
    ("handler1", 200),  # a member department
    ("zj_oversight1", 404), ("zj_dispatcher1", 404), ("zj_handler1", 404),
])
def test_meeting_detail_is_scoped_to_jurisdiction_and_department(people, make_meeting, username, status):
    meeting = make_meeting()
    assert _client(people[username]).get(f"/meetings/{meeting.pk}/").status_code == status
    assert _api(people[username]).get(f"/api/v1/meetings/{meeting.pk}/").status_code == status


def test_a_handler_of_a_department_neither_convening_nor_attending_gets_404(people, make_meeting):
    meeting = make_meeting(members=[people["handler2"].department])
    assert _client(people["handler1"]).get(f"/meetings/{meeting.pk}/").status_code == 404
    assert _client(people["handler1"]).get("/meetings/").content.decode().count("data-meeting=") == 1  # the demo's


@pytest.mark.parametrize("username", ["enterprise1", "official1", "investigator1", "approver1"])
def test_other_roles_are_refused(people, make_meeting, username):
    meeting = make_meeting()
    client = _client(people[username])
    for url in ("/meetings/", "/meetings/new/", f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/pull/"):
        assert client.get(url).status_code == 403, url
    assert _api(people[username]).get("/api/v1/meetings/").status_code == 403


def test_a_member_handler_reads_but_does_not_run_the_meeting(people, visit_problem, make_meeting):
    meeting = make_meeting()
    client = _client(people["handler1"])
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="pull-problems"' not in page and 'id="close-meeting"' not in page
    assert client.get(f"/meetings/{meeting.pk}/pull/").status_code == 403
    assert client.post(f"/meetings/{meeting.pk}/pull/", {"source": "visit", "id": visit_problem.pk}).status_code == 403
    assert client.post(f"/meetings/{meeting.pk}/close/", {"minutes": "x"}).status_code == 403
    visit_problem.refresh_from_db()
    assert visit_problem.status == ProblemStatus.OPEN


def test_the_api_lists_meetings_with_their_decisions(people, visit_problem, make_meeting):
    meeting = make_meeting()
    item = services.add_problem(meeting=meeting, by=people["dispatcher1"], problem=visit_problem)
    services.decide(item=item, by=people["dispatcher1"], department=people["handler1"].department,
                    deadline=timezone.localdate() + dt.timedelta(days=5), action="协调")
    api = _api(people["oversight1"])
    listing = api.get("/api/v1/meetings/").json()
    row = next(r for r in listing["results"] if r["id"] == meeting.pk)
    assert (row["item_count"], row["decided_count"], row["kind"]) == (1, 1, "joint")
    body = api.get(f"/api/v1/meetings/{meeting.pk}/").json()
    got = body["items"][0]
    complaint = Complaint.objects.get(pk=got["complaint"]["id"])
    assert (got["department"]["id"], got["decision_status"], got["visit_problem"]) == (
        people["handler1"].department_id, "open", visit_problem.pk)
    assert complaint.department == people["handler1"].department


# ---- query counts -------------------------------------------------------------------------------------


def _fill(people, make_meeting, make_complaint, n: int) -> Meeting:
    meeting = None
    for i in range(n):
        meeting = make_meeting(title=f"会议{i}")
        for j in range(2):
            item = services.add_problem(meeting=meeting, by=people["dispatcher1"],
                                        problem=make_complaint("assigned", title=f"事项{i}-{j}"))
            if j:
                services.decide(item=item, by=people["dispatcher1"], department=people["handler2"].department,
                                deadline=timezone.localdate() + dt.timedelta(days=5), action="协调")
    return meeting


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("username", "url", "pinned"), [
    ("oversight1", "/meetings/", 5),
    ("handler1", "/meetings/", 5),
    ("oversight1", "/meetings/{pk}/", 9),  # + the decision form's departments and categories
    ("handler1", "/meetings/{pk}/", 7),
    ("dispatcher1", "/meetings/{pk}/pull/", 11),  # four kinds of candidates (20 at most each)
    ("oversight1", "/api/v1/meetings/", 2),
    ("oversight1", "/api/v1/meetings/{pk}/", 4),
])
def test_meeting_pages_run_a_fixed_number_of_queries(people, make_meeting, make_complaint, username, url, pinned):
    client = APIClient() if url.startswith("/api/") else Client()
    if url.startswith("/api/"):
        client.force_authenticate(people[username])
    else:
        client.force_login(people[username])
    first = _fill(people, make_meeting, make_complaint, 1)
    services.close_meeting(meeting=first, by=people["dispatcher1"], minutes="x")
    few = _count(client, url.format(pk=make_meeting(title="few").pk))
    _fill(people, make_meeting, make_complaint, 4)
    last = make_meeting(title="many")  # carries nothing more: the earlier ones are open
    for j in range(3):
        services.add_problem(meeting=last, by=people["dispatcher1"], problem=make_complaint("assigned", title=f"多{j}"))
    many = _count(client, url.format(pk=last.pk))
    assert few == many
    assert many == pinned
