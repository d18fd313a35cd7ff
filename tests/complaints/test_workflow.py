"""The workflow rules, at the service level (complaints.services is the only code that moves a complaint)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from complaints import services
from complaints.models import Complaint, Event, Request
from portal.errors import TransitionRefused
from portal.models import Department, Notification

pytestmark = pytest.mark.django_db
S = Complaint.Status


def dept(name: str) -> Department:
    return Department.objects.get(jurisdiction__code="HK", name=name)


def test_submission_gets_a_tracking_number_and_an_expected_answer_date(make_complaint, people):
    with time_machine.travel("2026-05-06 10:00 +0800", tick=False):
        c = make_complaint()
    assert c.number.startswith("HK-2026-") and len(c.number) == len("HK-2026-000001")
    assert c.status == S.SUBMITTED
    assert c.answer_deadline == date(2026, 5, 27)  # 1 + 15 working days after 05-06 (05-09 is a make-up Saturday)
    assert c.first_responder is None
    assert Notification.objects.filter(recipient=people["dispatcher1"], subject__contains="新诉求待受理").exists()
    assert Notification.objects.filter(recipient=people["enterprise1"], subject__contains="诉求已提交").exists()


def test_numbers_count_per_jurisdiction_and_year(make_complaint):
    with time_machine.travel("2026-12-31 10:00 +0800", tick=False):
        a, b = make_complaint(), make_complaint()
    with time_machine.travel("2027-01-04 10:00 +0800", tick=False):
        c = make_complaint()
    assert int(b.number[-6:]) == int(a.number[-6:]) + 1
    assert c.number == "HK-2027-000001"


def test_the_whole_path_records_every_step_and_first_responder(make_complaint, people):
    c = make_complaint(S.CLOSED)
    assert c.first_responder == people["dispatcher1"]
    assert c.handler == people["handler1"]
    actions = list(c.events.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("submit", "", "submitted"), ("assign", "submitted", "assigned"), ("accept", "assigned", "accepted"),
        ("answer", "accepted", "answered"), ("rate", "answered", "closed"),
    ]
    assert c.rating == Complaint.Rating.SATISFIED and c.closed_at


def test_an_official_files_on_behalf_and_stays_first_responder(people, categories):
    c = services.submit_complaint(enterprise=people["enterprise2"].enterprise, submitter=people["official1"],
                                  category=categories["困难诉求"], title="用电增容", description="走访中企业反映",
                                  source="走访 2026-05-01")
    assert c.first_responder == people["official1"] and c.source == "走访 2026-05-01"
    services.assign(complaint=c, department=dept("经济发展与招商局"), by=people["dispatcher1"])
    c.refresh_from_db()
    assert c.first_responder == people["official1"]
    assert Notification.objects.filter(recipient=people["enterprise2"], subject__contains="诉求已提交").exists()


def test_a_handler_cannot_file_a_complaint(people, categories):
    with pytest.raises(PermissionDenied):
        services.submit_complaint(enterprise=people["enterprise1"].enterprise, submitter=people["handler1"],
                                  category=categories["困难诉求"], title="x", description="y")


def test_assignment_notifies_the_department_and_the_enterprise(make_complaint, people):
    c = make_complaint(S.ASSIGNED)
    assert Notification.objects.filter(recipient=people["handler1"], subject__contains="待签收").exists()
    assert Notification.objects.filter(recipient=people["enterprise1"], subject__contains="分办").exists()
    assert not Notification.objects.filter(recipient=people["handler2"], url__contains=f"/{c.pk}/").exists()


def test_answer_before_signing_is_refused(make_complaint, people):
    c = make_complaint(S.ASSIGNED)
    with pytest.raises(TransitionRefused, match="请先签收"):
        services.answer(complaint=c, by=people["handler1"], text="答复")


def test_another_departments_handler_cannot_sign(make_complaint, people):
    c = make_complaint(S.ASSIGNED)
    with pytest.raises(PermissionDenied):
        services.accept(complaint=c, by=people["handler2"])


def test_a_stale_copy_loses_the_race_cleanly(make_complaint, people):
    c = make_complaint(S.ASSIGNED)
    stale = Complaint.objects.get(pk=c.pk)
    services.accept(complaint=c, by=people["handler1"])
    with pytest.raises(TransitionRefused, match="已被他人处理"):
        services.accept(complaint=stale, by=people["handler1"])
    assert c.events.filter(action=Event.Action.ACCEPT).count() == 1


def test_refusal_needs_a_reason_the_enterprise_sees(make_complaint, people):
    c = make_complaint()
    with pytest.raises(TransitionRefused, match="理由"):
        services.refuse(complaint=c, by=people["dispatcher1"], reason=" ")
    services.refuse(complaint=c, by=people["dispatcher1"], reason="属于司法诉讼范围")
    c.refresh_from_db()
    assert c.status == S.REFUSED and c.refuse_reason == "属于司法诉讼范围"
    assert c.first_responder == people["dispatcher1"]
    assert Notification.objects.filter(recipient=people["enterprise1"], body="属于司法诉讼范围").exists()
    with pytest.raises(TransitionRefused):
        services.assign(complaint=c, department=dept("司法所"), by=people["dispatcher1"])


def test_dissatisfied_rating_needs_a_reason_and_reopens_under_supervision(make_complaint, people):
    c = make_complaint(S.ANSWERED)
    with pytest.raises(TransitionRefused, match="原因"):
        services.rate(complaint=c, by=people["enterprise1"], rating="dissatisfied")
    services.rate(complaint=c, by=people["enterprise1"], rating="dissatisfied", reason="unsolved", comment="路还是坏的")
    c.refresh_from_db()
    assert (c.status, c.supervised, c.reopen_count) == (S.SUBMITTED, True, 1)
    assert c.rating_reason == "unsolved"
    assert Notification.objects.filter(recipient=people["oversight1"], subject__contains="督办").exists()
    assert Notification.objects.filter(recipient=people["dispatcher1"], subject__contains="重新办理").exists()
    # back to the dispatcher, who routes it again; the department answers again; 满意 closes it
    services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
    services.accept(complaint=c, by=people["handler1"])
    services.answer(complaint=c, by=people["handler1"], text="已重新铺设路面")
    services.rate(complaint=c, by=people["enterprise1"], rating="satisfied")
    c.refresh_from_db()
    assert c.status == S.CLOSED and c.rating == "satisfied" and c.reopen_count == 1


def test_other_reason_needs_a_comment(make_complaint, people):
    c = make_complaint(S.ANSWERED)
    with pytest.raises(TransitionRefused, match="说明"):
        services.rate(complaint=c, by=people["enterprise1"], rating="dissatisfied", reason="other")


def test_another_enterprise_cannot_rate(make_complaint, people):
    c = make_complaint(S.ANSWERED)
    with pytest.raises(PermissionDenied):
        services.rate(complaint=c, by=people["enterprise2"], rating="satisfied")


def test_rating_twice_is_refused(make_complaint, people):
    c = make_complaint(S.CLOSED)
    with pytest.raises(TransitionRefused, match="已办结"):
        services.rate(complaint=c, by=people["enterprise1"], rating="satisfied")


def test_transfer_within_two_working_days_goes_back_to_the_dispatcher(make_complaint, people):
    with time_machine.travel("2026-09-29 09:00 +0800", tick=False):
        c = make_complaint(S.ASSIGNED)
    with time_machine.travel("2026-10-08 09:00 +0800", tick=False):  # 2 working days after 09-29: 09-30, 10-08
        req = services.request_transfer(complaint=c, by=people["handler1"], reason="不属本部门职责")
        assert Notification.objects.filter(recipient=people["dispatcher1"], subject__contains="退回").exists()
        with pytest.raises(TransitionRefused, match="待审批"):
            services.request_transfer(complaint=c, by=people["handler1"], reason="again")
        services.decide_transfer(request=req, by=people["dispatcher1"], approve=True)
    c.refresh_from_db()
    req.refresh_from_db()
    assert c.status == S.SUBMITTED and c.department is None and req.status == Request.Status.APPROVED
    assert c.first_responder == people["dispatcher1"]


def test_transfer_after_the_window_is_refused(make_complaint, people):
    with time_machine.travel("2026-09-29 09:00 +0800", tick=False):
        c = make_complaint(S.ASSIGNED)
    with time_machine.travel("2026-10-09 09:00 +0800", tick=False), pytest.raises(TransitionRefused, match="2个工作日"):
        services.request_transfer(complaint=c, by=people["handler1"], reason="不属本部门职责")


def test_rejected_transfer_keeps_the_complaint_with_the_department(make_complaint, people):
    c = make_complaint(S.ACCEPTED)
    req = services.request_transfer(complaint=c, by=people["handler1"], reason="不属本部门职责")
    with pytest.raises(TransitionRefused, match="理由"):
        services.decide_transfer(request=req, by=people["dispatcher1"], approve=False)
    services.decide_transfer(request=req, by=people["dispatcher1"], approve=False, note="属于本部门职责")
    c.refresh_from_db()
    assert c.status == S.ACCEPTED and req.status == Request.Status.REJECTED
    with pytest.raises(TransitionRefused, match="已审批"):
        services.decide_transfer(request=req, by=people["dispatcher1"], approve=True)


def test_one_extension_only(make_complaint, people):
    c = make_complaint(S.ACCEPTED)
    new = services.request_extension(complaint=c, by=people["handler1"], reason="需协调",
                                     new_deadline=__import__("portal.calendar", fromlist=["x"]).add_working_days(
                                         c.answer_deadline, 5))
    services.decide_extension(request=new, by=people["dispatcher1"], approve=True)
    c.refresh_from_db()
    assert c.answer_deadline == new.new_deadline and c.extension_used
    assert Notification.objects.filter(recipient=people["enterprise1"], subject__contains="预计答复日期").exists()
    with pytest.raises(TransitionRefused, match="延期过一次"):
        services.request_extension(complaint=c, by=people["handler1"], reason="再延", new_deadline=date(2099, 1, 1))


def test_extension_must_be_later_than_the_current_deadline(make_complaint, people):
    c = make_complaint(S.ACCEPTED)
    with pytest.raises(TransitionRefused, match="晚于"):
        services.request_extension(complaint=c, by=people["handler1"], reason="x", new_deadline=c.answer_deadline)


def test_supervise_flags_and_notifies_the_department(make_complaint, people):
    c = make_complaint(S.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.supervise(complaint=c, by=people["dispatcher1"], notice="请加快")
    services.supervise(complaint=c, by=people["oversight1"], notice="请三日内答复")
    c.refresh_from_db()
    assert c.supervised and c.supervision_notice == "请三日内答复"
    assert Notification.objects.filter(recipient=people["handler1"], subject__contains="督办通知").exists()


def test_oversight_reopens_a_closed_complaint(make_complaint, people):
    c = make_complaint(S.CLOSED)
    services.reopen(complaint=c, by=people["oversight1"], reason="回访发现问题未解决")
    c.refresh_from_db()
    assert (c.status, c.supervised, c.reopen_count) == (S.SUBMITTED, True, 1)
    with pytest.raises(TransitionRefused):
        services.reopen(complaint=c, by=people["oversight1"], reason="again")


def test_dissatisfaction_reasons_survive_the_reopen_and_feed_the_figures(make_complaint, people):
    from complaints.models import Evaluation

    c = make_complaint(S.ANSWERED)
    services.rate(complaint=c, by=people["enterprise1"], rating="dissatisfied", reason="slow")
    services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
    services.accept(complaint=c, by=people["handler1"])
    services.answer(complaint=c, by=people["handler1"], text="再次答复")
    services.rate(complaint=c, by=people["enterprise1"], rating="basic")
    rounds = list(Evaluation.objects.filter(complaint=c).order_by("id").values_list("rating", "reason"))
    assert rounds == [("dissatisfied", "slow"), ("basic", "")]


def test_the_demo_step_is_idempotent(people):
    from portal import demo

    before = Complaint.objects.count()
    states = set(Complaint.objects.values_list("status", flat=True))
    demo.seed(password="pw-Test-12345")
    assert Complaint.objects.count() == before >= 5
    assert {S.SUBMITTED, S.ASSIGNED, S.ACCEPTED, S.ANSWERED, S.CLOSED} <= states
    assert not Notification.objects.filter(url__startswith="/complaints/").exists()  # demo keeps inboxes clean
