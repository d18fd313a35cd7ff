"""问责 cases: opened by oversight from a flag, a 督办 notice or a complaint; audited, kept in history, scoped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accountability import services
from accountability.models import Case, Measure
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Notification, SecurityEvent

pytestmark = pytest.mark.django_db


def open_from_flag(people, c, **kw):
    args = dict(by=people["oversight1"], source=Case.Source.FLAG_BOUNCED, target=Case.Target.DEPARTMENT,
                department=people["handler2"].department, complaint=c, grounds="推拖绕", facts="两次退回，均未说明理由",
                measure=Measure.INTERVIEW, decided_on=timezone.localdate(), decided_by="监察审计局")
    args.update(kw)
    return services.open_case(**args)


def test_oversight_opens_a_case_on_a_department_from_the_bounce_flag(people, bounced):
    c = bounced()
    head = people["handler2"]
    dept = head.department
    dept.head = head
    dept.save(update_fields=["head"])
    case = open_from_flag(people, c)
    assert (case.jurisdiction_id, case.department, case.official, case.complaint) == (
        c.jurisdiction_id, dept, None, c)
    assert case.deduction == 2  # 约谈
    assert case.history.count() == 1 and case.history.first().history_user == people["oversight1"]
    audit = SecurityEvent.objects.get(event="accountability_case_open")
    assert audit.object_id == str(case.pk) and audit.user_pk == people["oversight1"].pk
    assert Notification.objects.filter(recipient=head, subject__contains="问责决定").exists()


def test_a_case_on_an_official_counts_in_the_officials_department(people, bounced):
    case = open_from_flag(people, bounced(), target=Case.Target.OFFICIAL, official=people["handler1"],
                          department=None, measure=Measure.ADMONITION)
    assert (case.official, case.department) == (people["handler1"], people["handler1"].department)
    assert Notification.objects.filter(recipient=people["handler1"], subject__contains="诫勉").exists()


def test_the_flag_must_hold_and_the_fields_are_required(people, submit, transfer):
    once = transfer(submit(), "handler1")
    with pytest.raises(TransitionRefused):
        open_from_flag(people, once)
    with pytest.raises(TransitionRefused):
        open_from_flag(people, once, source=Case.Source.FLAG_LATE)
    case = open_from_flag(people, once, source=Case.Source.COMPLAINT)  # any complaint may be the clue
    assert case.source == "complaint"
    with pytest.raises(TransitionRefused):
        open_from_flag(people, once, source=Case.Source.COMPLAINT, facts=" ")
    with pytest.raises(TransitionRefused):
        open_from_flag(people, once, source=Case.Source.COMPLAINT, measure="dismissal")
    with pytest.raises(TransitionRefused):
        open_from_flag(people, once, source=Case.Source.COMPLAINT,
                       decided_on=timezone.localdate() + dt.timedelta(days=1))


def test_only_oversight_of_the_jurisdiction_opens_cases_on_its_own_departments(people, bounced):
    c = bounced()
    for username in ("handler1", "dispatcher1", "investigator1", "enterprise1"):
        with pytest.raises(RoleRefused):
            open_from_flag(people, c, by=people[username])
    with pytest.raises(RoleRefused):
        open_from_flag(people, c, by=people["zj_oversight1"])
    with pytest.raises(TransitionRefused):  # a department of another jurisdiction
        open_from_flag(people, c, department=people["zj_handler1"].department)
    with pytest.raises(TransitionRefused):
        open_from_flag(people, c, target=Case.Target.OFFICIAL, official=people["zj_official1"], department=None)
    assert not Case.objects.exists()


def test_a_case_opened_from_a_notice_names_it(people, submit):
    from tests.accountability.test_first_responder import _overdue_with_notice

    c = _overdue_with_notice(people, submit)
    notice = c.notices.get()
    case = open_from_flag(people, None, source=Case.Source.NOTICE, notice=notice,
                          department=people["handler1"].department, measure=Measure.REMINDER)
    assert (case.notice, case.complaint, case.deduction) == (notice, c, 1)


def test_revising_a_case_keeps_the_earlier_version(people, bounced):
    case = open_from_flag(people, bounced())
    services.revise_case(case, by=people["oversight1"], grounds=case.grounds, facts=case.facts + "；复核",
                         measure=Measure.CRITICISM, decided_on=case.decided_on, decided_by=case.decided_by,
                         note="复核后改为通报批评")
    versions = list(case.history.order_by("history_id"))
    assert [v.measure for v in versions] == ["interview", "criticism"]
    assert versions[-1].history_change_reason == "复核后改为通报批评"
    assert SecurityEvent.objects.filter(event="accountability_case_revise", object_id=str(case.pk)).exists()
    with pytest.raises(RoleRefused):
        services.revise_case(case, by=people["handler1"], grounds="x", facts="x", measure="reminder",
                             decided_on=case.decided_on, decided_by="x", note="x")


def test_deductions_are_a_setting(settings):
    from accountability.models import deductions

    assert deductions() == {"reminder": 1, "interview": 2, "criticism": 3, "admonition": 4, "referral": 5}
    settings.ACCOUNTABILITY_DEDUCTIONS = {"referral": 10}
    assert deductions()["referral"] == 10 and deductions()["reminder"] == 1
