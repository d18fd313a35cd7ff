"""The joint-meeting workflow at the service level: pull problems in, decide them into the department's queue,
close, carry the open decisions to the next meeting, and the read function for the monthly report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Complaint, Event
from liaison.models import ProblemStatus
from meetings import queries, services
from meetings.models import AgendaItem, Meeting, MeetingEvent
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Notification, SecurityEvent

pytestmark = pytest.mark.django_db
S = Complaint.Status


def _deadline(days: int = 10) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _decide(item, people, by="dispatcher1", department=None, days=10, action="协调国土部门落实用地指标"):
    return services.decide(item=item, by=people[by], department=department or people["handler1"].department,
                           deadline=_deadline(days), action=action)


def test_a_visit_problem_pulled_in_is_marked_and_linked(people, visit_problem, make_meeting):
    meeting = make_meeting()
    item = services.add_problem(meeting=meeting, by=people["dispatcher1"], problem=visit_problem)
    visit_problem.refresh_from_db()
    assert visit_problem.status == ProblemStatus.MEETING
    assert list(visit_problem.agenda_items.all()) == [item]
    assert (item.source, item.enterprise, item.status) == ("visit", people["enterprise1"].enterprise, "pending")
    # Taken to the meeting: the official can no longer convert it on their own, nor can it be pulled in twice.
    with pytest.raises(TransitionRefused):
        services.add_problem(meeting=meeting, by=people["dispatcher1"], problem=visit_problem)


def test_the_decision_routes_a_complaint_to_the_departments_queue_with_the_deadline(people, visit_problem,
                                                                                    make_meeting):
    meeting = make_meeting()
    item = services.add_problem(meeting=meeting, by=people["dispatcher1"], problem=visit_problem)
    item = _decide(item, people, days=12)
    c = item.complaint
    c.refresh_from_db()
    assert (c.status, c.department, c.answer_deadline) == (S.ASSIGNED, people["handler1"].department, _deadline(12))
    assert c.enterprise == people["enterprise1"].enterprise and c.first_responder == people["dispatcher1"]
    assert c.events.filter(action=Event.Action.MEETING).exists()
    visit_problem.refresh_from_db()
    assert (visit_problem.status, visit_problem.complaint) == (ProblemStatus.CONVERTED, c)
    # In the department's queue, and the department was told.
    client = Client()
    client.force_login(people["handler1"])
    assert c.number in client.get("/complaints/queue/").content.decode()
    assert Notification.objects.filter(recipient=people["handler1"], url=f"/complaints/{c.pk}/").exists()
    # History and the audit log.
    actions = list(meeting.events.values_list("action", flat=True))
    assert actions == [MeetingEvent.Action.CREATE, MeetingEvent.Action.ADD, MeetingEvent.Action.DECIDE]
    assert SecurityEvent.objects.filter(event="meeting_decide", object_id=str(meeting.pk)).exists()
    # The handler signs for it and answers as for any complaint.
    complaint_services.accept(complaint=c, by=people["handler1"])
    complaint_services.answer(complaint=c, by=people["handler1"], text="已落实。")


def test_a_complaint_pulled_in_is_rerouted_by_the_decision(people, make_complaint, make_meeting):
    c = make_complaint("accepted")
    meeting = make_meeting()
    item = services.add_problem(meeting=meeting, by=people["oversight1"], problem=c)
    _decide(item, people, by="oversight1", department=people["handler2"].department, days=5)
    c.refresh_from_db()
    assert (c.status, c.department, c.handler, c.answer_deadline) == (
        S.ASSIGNED, people["handler2"].department, None, _deadline(5))


def test_the_same_department_keeps_its_sign_for_with_the_new_deadline(people, make_complaint, make_meeting):
    c = make_complaint("accepted")
    item = services.add_problem(meeting=make_meeting(), by=people["dispatcher1"], problem=c)
    _decide(item, people, days=7)
    c.refresh_from_db()
    assert (c.status, c.handler, c.answer_deadline) == (S.ACCEPTED, people["handler1"], _deadline(7))


def test_a_decision_is_taken_once_and_needs_an_action_and_a_future_deadline(people, visit_problem, make_meeting):
    item = services.add_problem(meeting=make_meeting(), by=people["dispatcher1"], problem=visit_problem)
    with pytest.raises(TransitionRefused):
        _decide(item, people, action=" ")
    with pytest.raises(TransitionRefused):
        _decide(item, people, days=-1)
    _decide(item, people)
    with pytest.raises(TransitionRefused):
        _decide(item, people)


def test_closed_or_answered_complaints_are_not_pulled_in(people, make_complaint, make_meeting):
    meeting = make_meeting()
    for state in ("answered", "closed"):
        with pytest.raises(TransitionRefused):
            services.add_problem(meeting=meeting, by=people["dispatcher1"], problem=make_complaint(state))


def test_a_closed_meeting_takes_nothing_more(people, visit_problem, make_meeting):
    meeting = make_meeting()
    services.close_meeting(meeting=meeting, by=people["dispatcher1"], minutes="会议纪要")
    with pytest.raises(TransitionRefused):
        services.add_problem(meeting=meeting, by=people["dispatcher1"], problem=visit_problem)
    with pytest.raises(TransitionRefused):
        services.close_meeting(meeting=meeting, by=people["dispatcher1"], minutes="再次")


# ---- carry-over ----------------------------------------------------------------------------------------


def test_the_next_meeting_starts_from_the_open_decisions_of_the_previous_ones(people, visit_problem, make_problem,
                                                                             make_complaint, make_meeting):
    first = make_meeting(title="第一次")
    decided_open = _decide(services.add_problem(meeting=first, by=people["dispatcher1"], problem=visit_problem), people)
    undecided = services.add_problem(meeting=first, by=people["dispatcher1"], problem=make_problem())
    done_complaint = make_complaint("accepted")
    done = _decide(services.add_problem(meeting=first, by=people["dispatcher1"], problem=done_complaint), people)
    complaint_services.answer(complaint=done.complaint, by=people["handler1"], text="已办结")
    complaint_services.rate(complaint=done.complaint, by=people["enterprise1"], rating="satisfied")
    services.close_meeting(meeting=first, by=people["dispatcher1"], minutes="纪要")

    second = make_meeting(title="第二次")
    carried = {i.carried_from_id: i for i in second.items.all()}
    assert set(carried) == {decided_open.pk, undecided.pk}  # the finished decision is not carried
    again = carried[decided_open.pk]
    assert (again.status, again.department, again.deadline, again.complaint) == (
        AgendaItem.Status.PENDING, decided_open.department, decided_open.deadline, decided_open.complaint)
    assert second.events.filter(action=MeetingEvent.Action.CARRY).exists()

    # The second meeting re-decides the carried complaint (another department, a new deadline) …
    _decide(again, people, department=people["handler2"].department, days=20)
    again.complaint.refresh_from_db()
    assert (again.complaint.department, again.complaint.answer_deadline) == (people["handler2"].department,
                                                                            _deadline(20))
    # … and the carried undecided problem becomes a complaint now.
    new = _decide(carried[undecided.pk], people)
    assert new.complaint.status == S.ASSIGNED
    services.close_meeting(meeting=second, by=people["dispatcher1"], minutes="纪要")

    # A third meeting takes over from the second, never twice from the first.
    third = make_meeting(title="第三次")
    assert {i.carried_from.meeting_id for i in third.items.select_related("carried_from")} == {second.pk}
    assert third.items.count() == 2


def test_open_meetings_hand_nothing_over(people, visit_problem, make_meeting):
    first = make_meeting(title="进行中")
    _decide(services.add_problem(meeting=first, by=people["dispatcher1"], problem=visit_problem), people)
    assert make_meeting(title="另一次").items.count() == 0


def test_carry_over_stays_in_the_jurisdiction(people, visit_problem, make_meeting):
    first = make_meeting()
    services.add_problem(meeting=first, by=people["dispatcher1"], problem=visit_problem)
    services.close_meeting(meeting=first, by=people["dispatcher1"], minutes="纪要")
    zj = people["zj_oversight1"]
    from portal.models import Department

    zj_meeting = services.create_meeting(by=zj, kind=Meeting.Kind.TOPICAL, title="专题协调会", date=timezone.localdate(),
                                         convenor_department=Department.objects.get(name="市政府督查室"))
    assert zj_meeting.items.count() == 0


# ---- who may ---------------------------------------------------------------------------------------------


def test_a_handler_convenes_only_for_their_own_department_and_runs_only_its_meetings(people, visit_problem,
                                                                                  make_meeting):
    h1 = people["handler1"]
    with pytest.raises(RoleRefused):
        make_meeting(by=h1)  # convened by the dispatch department: not theirs
    own = make_meeting(by=h1, convenor_department=h1.department, members=[people["handler2"].department])
    services.add_problem(meeting=own, by=h1, problem=visit_problem)
    other = make_meeting()
    with pytest.raises(RoleRefused):
        services.close_meeting(meeting=other, by=h1, minutes="x")
    with pytest.raises(RoleRefused):
        services.close_meeting(meeting=own, by=people["handler2"], minutes="x")  # a member, not the convenor


@pytest.mark.parametrize("username", ["enterprise1", "official1", "investigator1", "approver1", "zj_oversight1"])
def test_others_may_not_convene_or_run(people, make_meeting, username):
    meeting = make_meeting()
    with pytest.raises(RoleRefused):
        make_meeting(by=people[username])
    with pytest.raises(RoleRefused):
        services.close_meeting(meeting=meeting, by=people[username], minutes="x")


def test_a_foreign_problem_is_refused(people, make_meeting):
    from complaints.models import Category

    zj = people["zj_enterprise1"]
    c = complaint_services.submit_complaint(enterprise=zj.enterprise, submitter=zj,
                                            category=Category.objects.filter(jurisdiction__code="ZJ").first(),
                                            title="湛江的诉求", description="x")
    with pytest.raises(TransitionRefused):
        services.add_problem(meeting=make_meeting(), by=people["admin"], problem=c)


# ---- decisions_between (the monthly report lists them) ------------------------------------------------


def test_decisions_between_lists_the_period_with_where_each_stands(people, visit_problem, make_complaint,
                                                                   make_meeting):
    meeting = make_meeting()
    item = _decide(services.add_problem(meeting=meeting, by=people["dispatcher1"], problem=visit_problem), people)
    services.add_problem(meeting=meeting, by=people["dispatcher1"], problem=make_complaint("submitted"))  # undecided
    today = timezone.localdate()
    hk = people["dispatcher1"].jurisdiction
    rows = queries.decisions_between(hk, today.replace(day=1), today)
    assert len(rows) == 1
    d = rows[0]
    assert (d.complaint_id, d.department, d.deadline, d.status, d.meeting_id) == (
        item.complaint.pk, people["handler1"].department.name, item.deadline, "open", meeting.pk)
    assert d.problem == item.text and d.complaint_number == item.complaint.number and d.status_label == "办理中"
    assert queries.decisions_between(hk.pk, today + dt.timedelta(days=1), today + dt.timedelta(days=30)) == []
    assert queries.decisions_between(people["zj_oversight1"].jurisdiction, today.replace(day=1), today) == []
    Complaint.objects.filter(pk=item.complaint.pk).update(answer_deadline=dt.date(2026, 1, 5))
    assert queries.decisions_between(hk, today.replace(day=1), today)[0].status == "overdue"


def test_a_carried_complaint_that_was_closed_meanwhile_is_not_carried_again(people, make_complaint, make_meeting):
    first = make_meeting(title="第一次")
    c = make_complaint("accepted")
    services.add_problem(meeting=first, by=people["dispatcher1"], problem=c)  # left undecided
    services.close_meeting(meeting=first, by=people["dispatcher1"], minutes="纪要")
    second = make_meeting(title="第二次")
    assert second.items.get().complaint == c
    complaint_services.answer(complaint=c, by=people["handler1"], text="已办结")
    complaint_services.rate(complaint=c, by=people["enterprise1"], rating="satisfied")
    services.close_meeting(meeting=second, by=people["dispatcher1"], minutes="纪要")
    assert make_meeting(title="第三次").items.count() == 0
