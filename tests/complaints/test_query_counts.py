"""Every list page and API list runs a fixed number of queries, whatever the number of complaints."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from complaints import queries, services
from complaints.models import Complaint
from portal.models import Notification

pytestmark = pytest.mark.django_db
S = Complaint.Status

# (username, url, pinned number of queries)
PAGES = [
    ("enterprise1", "/complaints/", 7),
    ("enterprise1", "/complaints/?status=assigned&q=道路", 6),  # a search whose first page is not full: no COUNT
    ("handler1", "/complaints/queue/", 8),  # + the department's open 督办 notices
    ("dispatcher1", "/complaints/first-asked/", 7),
    # The inbox measured counting its tabs (not from the cache, see count()); the unfiltered list is paged by
    # the 待受理 count, so no COUNT of its own (tests/complaints/test_inbox_counts.py pins the cached path).
    ("dispatcher1", "/complaints/inbox/", 6),  # + the departments of the 批量分办 form
    ("dispatcher1", "/complaints/inbox/?sort=-deadline", 6),
    ("dispatcher1", "/complaints/inbox/?category={cat}", 7),  # filtered: the list's own COUNT
    ("handler1", "/complaints/queue/?sort=enterprise", 8),
    ("oversight1", "/complaints/all/?sort=-status", 7),
    ("dispatcher1", "/complaints/inbox/?tab=transfer", 6),
    ("dispatcher1", "/complaints/inbox/?tab=extension", 6),
    ("dispatcher1", "/complaints/all/?overdue=1", 7),
    ("oversight1", "/complaints/all/", 7),
    ("oversight1", "/complaints/overdue/", 7),
    ("admin", "/complaints/all/?department={dept}&category={cat}", 7),
    ("investigator1", "/complaints/all/", 7),
    ("official1", "/complaints/", 7),
    # Home pages carry every app's cards (complaints, liaison, conduct): the totals are pinned here and
    # in tests/liaison/test_query_counts.py.
    ("enterprise1", "/", 10),  # the enterprise comes with the user (portal/auth.py); + pending join requests; 2 for policies for you
    # Staff: the department comes with the user too (portal/auth.py), one query less than its own lookup.
    ("dispatcher1", "/", 8),  # + the 我首问的诉求 card's aggregate
    ("handler1", "/", 6),
    ("oversight1", "/", 10),
    ("official1", "/", 11),
    ("enterprise1", "/api/v1/complaints/", 2),
    ("handler1", "/api/v1/complaints/", 2),
    ("dispatcher1", "/api/v1/complaints/?status=submitted", 2),
    ("oversight1", "/api/v1/complaints/?overdue=true", 2),
    ("admin", "/api/v1/complaints/?q=道路&status=submitted", 1),  # a search whose first page is not full: no COUNT
    ("enterprise1", "/api/v1/categories/", 2),
]


def add_complaints(people, categories, n: int) -> None:
    """n complaints in a spread of states, with pending transfer and extension requests among them."""
    cats = list(categories.values())
    for i in range(n):
        by = people["official1"] if i % 5 == 0 else people["enterprise1"]
        c = services.submit_complaint(enterprise=people["enterprise1"].enterprise, submitter=by,
                                      category=cats[i % len(cats)], title=f"道路问题{i}", description="x")
        if i % 3 == 0:
            continue
        services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
        if i % 3 == 1:
            services.request_transfer(complaint=c, by=people["handler1"], reason="不属本部门")
            continue
        services.accept(complaint=c, by=people["handler1"])
        from portal.calendar import add_working_days

        services.request_extension(complaint=c, by=people["handler1"], reason="需协调",
                                   new_deadline=add_working_days(c.answer_deadline, 2))
        Complaint.objects.filter(pk=c.pk).update(answer_deadline="2026-01-05")  # overdue
        if i % 4 == 1:  # answered, rated 不满意 (reopened), so the satisfaction figures have rows
            services.decide_extension(request=c.requests.get(status="pending"), by=people["dispatcher1"],
                                      approve=False, note="不同意")
            services.answer(complaint=c, by=people["handler1"], text="已处理")
            services.rate(complaint=c, by=people["enterprise1"], rating="dissatisfied", reason="slow")


def count(people, username: str, url: str) -> int:
    """Queries of one request (after a warm-up request), and the page is not empty."""
    client = APIClient() if url.startswith("/api/") else Client()
    if url.startswith("/api/"):
        client.force_authenticate(people[username])
    else:
        client.force_login(people[username])
    client.get(url)  # warm-up: sessions, content types
    queries.forget_inbox_counts(people[username])  # the inbox's counts counted, not from the cache
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    if url.startswith("/api/v1/complaints/"):
        assert r.json()["count"] > 0
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("username", "url", "pinned"), PAGES)
def test_list_queries_do_not_grow_with_the_data(people, categories, username, url, pinned):
    url = url.format(dept=people["handler1"].department_id, cat=categories["困难诉求"].pk)
    add_complaints(people, categories, 3)
    few = count(people, username, url)
    add_complaints(people, categories, 27)
    many = count(people, username, url)
    assert few == many
    if pinned:
        assert many == pinned


def test_the_submission_form_post_runs_a_fixed_number_of_queries(people, categories, django_assert_num_queries):
    """The busiest write: user with enterprise, roles, category; the number; complaint and event (one
    statement on PostgreSQL), fan-out, and the e-mail delivery request written in the same transaction (the
    transactional outbox: one INSERT … ON CONFLICT DO NOTHING, so no e-mail is lost while the broker is
    down); the session comes from the cache."""
    client = Client()
    client.force_login(people["enterprise1"])
    form = {"category": categories["政策咨询"].pk, "title": "用电增容", "description": "请协调供电部门"}
    client.post("/complaints/new/", form)  # the holiday rows are now cached, as in a running worker
    with django_assert_num_queries(9 if connection.vendor == "postgresql" else 10):
        response = client.post("/complaints/new/", form)
    assert response.status_code == 302
    number = Complaint.objects.latest("id").number
    assert Notification.objects.filter(recipient=people["dispatcher1"], subject__startswith=f"【{number}】").exists()
    assert Notification.objects.filter(recipient=people["enterprise1"], subject__startswith=f"【{number}】").exists()
    complaint = Complaint.objects.get(number=number)
    assert (complaint.title, complaint.status, complaint.submitter, complaint.updated_at is not None) == (
        "用电增容", Complaint.Status.SUBMITTED, people["enterprise1"], True)
    [event] = complaint.events.all()
    assert (event.action, event.actor, event.to_status, event.from_status, event.public) == (
        "submit", people["enterprise1"], "submitted", "", True)
