"""The dispatcher's desk (issue 15): 批量分办 through services.assign_many, the inbox's bulk form, sorting."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from complaints import services
from complaints.models import Complaint, Event
from portal.models import Department, Notification
from portal.params import sort_param

pytestmark = pytest.mark.django_db
S = Complaint.Status


def submitted(people, categories, n: int) -> list[Complaint]:
    cats = list(categories.values())
    return [services.submit_complaint(enterprise=people["enterprise1"].enterprise, submitter=people["enterprise1"],
                                      category=cats[i % len(cats)], title=f"批量{i}", description="x")
            for i in range(n)]


def test_twenty_complaints_assigned_in_one_action_each_with_its_event_and_notifications(people, categories):
    complaints = submitted(people, categories, 20)
    department = people["handler1"].department
    staff = services.department_staff(department)
    assert staff
    before = Notification.objects.count()

    done = services.assign_many(complaints=[c.pk for c in complaints], department=department,
                                by=people["dispatcher1"])

    assert sorted(c.pk for c in done) == sorted(c.pk for c in complaints)
    for c in Complaint.objects.filter(pk__in=[c.pk for c in complaints]).select_related("category"):
        assert (c.status, c.department_id, c.first_responder_id) == (S.ASSIGNED, department.pk, people["dispatcher1"].pk)
        assert c.sign_deadline and c.answer_deadline and c.assigned_at
    events = Event.objects.filter(complaint__in=complaints, action=Event.Action.ASSIGN)
    assert events.count() == 20
    assert set(events.values_list("complaint_id", flat=True)) == {c.pk for c in complaints}
    assert set(events.values_list("actor_id", flat=True)) == {people["dispatcher1"].pk}
    to_department = Notification.objects.filter(recipient__in=staff, subject__contains="新分办诉求待签收")
    assert to_department.count() == 20 * len(staff)
    for member in staff:  # one notification per complaint for each of the department's people
        assert to_department.filter(recipient=member).count() == 20
    to_enterprise = Notification.objects.filter(recipient=people["enterprise1"], subject__contains="诉求已受理并分办")
    assert to_enterprise.count() == 20
    assert Notification.objects.count() - before == 20 * len(staff) + to_enterprise.count()


# One bulk assignment, whatever the number of complaints: SAVEPOINT, the waiting rows locked and read (with
# their categories), one UPDATE … CASE, one INSERT of the events, one INSERT … SELECT of every notification, the
# e-mail delivery's outbox row, RELEASE.
ASSIGN_MANY_QUERIES = 7


@pytest.mark.parametrize("n", [5, 20])
def test_a_bulk_assignment_costs_the_same_number_of_queries_for_5_and_20(people, categories, n,
                                                                         django_assert_num_queries):
    complaints = submitted(people, categories, n)
    department = Department.objects.get(pk=people["handler1"].department_id)
    dispatcher = people["dispatcher1"]
    dispatcher.roles  # noqa: B018  (the roles are read once per request, before any action)
    with django_assert_num_queries(ASSIGN_MANY_QUERIES):
        done = services.assign_many(complaints=[c.pk for c in complaints], department=department, by=dispatcher)
    assert len(done) == n
    assert Event.objects.filter(complaint__in=complaints, action=Event.Action.ASSIGN).count() == n


def test_complaints_no_longer_waiting_are_left_out(people, categories):
    first, second, third = submitted(people, categories, 3)
    services.assign(complaint=first, department=people["handler1"].department, by=people["dispatcher1"])
    services.refuse(complaint=second, by=people["dispatcher1"], reason="不属于受理范围")
    done = services.assign_many(complaints=[first.pk, second.pk, third.pk], department=people["handler1"].department,
                                by=people["dispatcher1"])
    assert [c.pk for c in done] == [third.pk]
    assert Event.objects.filter(complaint=first, action=Event.Action.ASSIGN).count() == 1  # not assigned twice
    second.refresh_from_db()
    assert second.status == S.REFUSED


def test_only_a_dispatcher_of_the_departments_jurisdiction_assigns(people, categories):
    (c,) = submitted(people, categories, 1)
    with pytest.raises(PermissionDenied):
        services.assign_many(complaints=[c.pk], department=people["handler1"].department, by=people["handler1"])
    other = Department.objects.exclude(jurisdiction_id=people["dispatcher1"].jurisdiction_id).first()  # 湛江's
    assert other is not None
    with pytest.raises(PermissionDenied):
        services.assign_many(complaints=[c.pk], department=other, by=people["dispatcher1"])
    c.refresh_from_db()
    assert c.status == S.SUBMITTED


def test_the_inbox_assigns_the_ticked_rows(people, categories):
    complaints = submitted(people, categories, 3)
    client = Client()
    client.force_login(people["dispatcher1"])
    page = client.get("/complaints/inbox/").content.decode()
    assert 'id="bulk-assign"' in page and 'name="ids"' in page
    department = people["handler1"].department
    response = client.post("/complaints/inbox/assign/", {"ids": [complaints[0].pk, complaints[2].pk, "x", "²"],
                                                         "department": department.pk})
    assert response.status_code == 302 and response["Location"] == "/complaints/inbox/?tab=new"
    statuses = dict(Complaint.objects.filter(pk__in=[c.pk for c in complaints]).values_list("pk", "status"))
    assert statuses == {complaints[0].pk: S.ASSIGNED, complaints[1].pk: S.SUBMITTED, complaints[2].pk: S.ASSIGNED}
    follow = client.get(response["Location"]).content.decode()
    assert "已将 2 件诉求分办至" in follow


def test_the_inbox_refuses_a_bulk_assignment_without_rows_or_department(people, categories):
    (c,) = submitted(people, categories, 1)
    client = Client()
    client.force_login(people["dispatcher1"])
    assert "请先勾选" in client.post("/complaints/inbox/assign/", {"department": people["handler1"].department_id},
                                   follow=True).content.decode()
    assert "请选择承办部门" in client.post("/complaints/inbox/assign/", {"ids": [c.pk]}, follow=True).content.decode()
    c.refresh_from_db()
    assert c.status == S.SUBMITTED
    client.force_login(people["handler1"])
    assert client.post("/complaints/inbox/assign/", {"ids": [c.pk]}).status_code == 403


def test_sort_param_takes_known_columns_only():
    allowed = {"number": ("id",), "deadline": ("answer_deadline", "id")}
    assert sort_param({"sort": "deadline"}, allowed, default="-number") == ("deadline", ("answer_deadline", "id"))
    assert sort_param({"sort": "-deadline"}, allowed, default="-number") == ("-deadline", ("-answer_deadline", "-id"))
    for hostile in ("", "password", "-", "--number", "id; drop", "number\x00", None):
        assert sort_param({"sort": hostile}, allowed, default="-number") == ("-number", ("-id",))


@pytest.mark.parametrize("url", ["/complaints/inbox/?sort={}", "/complaints/all/?sort={}", "/complaints/queue/?sort={}"])
def test_desk_lists_sort_by_each_column_and_ignore_unknown_ones(people, categories, url):
    from complaints.views import SORTS

    complaints = submitted(people, categories, 3)
    if "queue" in url:
        services.assign_many(complaints=[c.pk for c in complaints], department=people["handler1"].department,
                             by=people["dispatcher1"])
    user = {"inbox": "dispatcher1", "all": "oversight1", "queue": "handler1"}[url.split("/")[2]]
    client = Client()
    client.force_login(people[user])
    for key in [*SORTS, *(f"-{k}" for k in SORTS), "nope", "-", "enterprise__password"]:
        response = client.get(url.format(key))
        assert response.status_code == 200, key
        body = response.content.decode()
        assert all(c.number in body for c in complaints), key
    newest_first = client.get(url.format("-number")).content.decode()
    oldest_first = client.get(url.format("number")).content.decode()
    first, last = complaints[0].number, complaints[-1].number
    assert newest_first.index(last) < newest_first.index(first)
    assert oldest_first.index(first) < oldest_first.index(last)
    assert 'aria-sort="ascending"' in oldest_first


def test_an_enterprise_list_names_no_enterprise_per_row_and_offers_no_department_filter(people, categories):
    submitted(people, categories, 2)
    client = Client()
    client.force_login(people["enterprise1"])
    body = client.get("/complaints/").content.decode()
    assert body.count(people["enterprise1"].enterprise.name) <= 1  # at most in the page's header, not per row
    assert 'name="department"' not in body
    assert 'data-bs-target="#list-filters"' in body  # the filters fold behind one button on phones
    client.force_login(people["oversight1"])
    body = client.get("/complaints/all/").content.decode()
    assert 'name="department"' in body and body.count(people["enterprise1"].enterprise.name) >= 2
