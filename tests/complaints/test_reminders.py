"""The daily sweep: warning, 催办, escalation, auto-close — each once per complaint and stage."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from complaints.models import Complaint, Event
from complaints.reminders import sweep
from liaison.reminders import run_sweep
from portal.models import Notification

pytestmark = pytest.mark.django_db
S = Complaint.Status


@pytest.fixture
def accepted(make_complaint):
    """政策咨询 accepted on 2026-09-29: answer due 2026-10-09 (the National Day holiday in between)."""
    with time_machine.travel("2026-09-29 09:00 +0800", tick=False):
        return make_complaint(S.ACCEPTED, category="政策咨询")


def keyed(user, suffix):
    return Notification.objects.filter(recipient=user, key__endswith=suffix)


def test_warning_goes_the_working_day_before_the_deadline_once(accepted, people):
    sweep(date(2026, 10, 7))  # still the holiday: the next working day 10-08 is not the deadline
    assert not keyed(people["handler1"], ":warn").exists()
    sweep(date(2026, 10, 8))
    sweep(date(2026, 10, 8))
    assert keyed(people["handler1"], ":warn").count() == 1


def test_urge_goes_to_handler_and_head_the_working_day_after(accepted, people):
    sweep(date(2026, 10, 10))  # the deadline 10-09 has passed, but 10-10 (make-up Saturday) is 1 working day late
    urges = Notification.objects.filter(key__endswith=":urge")
    assert set(urges.values_list("recipient__username", flat=True)) == {"handler1"}  # handler1 is also the head
    assert "催办" in urges.get().subject
    sweep(date(2026, 10, 12))
    assert urges.count() == 1


def test_the_department_head_is_urged_too(accepted, people):
    from portal.models import Department

    Department.objects.filter(pk=people["handler1"].department_id).update(head=people["handler2"])
    sweep(date(2026, 10, 12))
    assert keyed(people["handler2"], ":urge").count() == 1
    assert keyed(people["handler1"], ":urge").count() == 1


def test_escalation_five_working_days_after_goes_to_the_efficiency_office_once(accepted, people):
    sweep(date(2026, 10, 15))  # 4 working days late: 10-10, 12, 13, 14, 15 → that is 5
    assert keyed(people["oversight1"], ":escalate").count() == 1
    accepted.refresh_from_db()
    assert accepted.supervised
    assert accepted.events.filter(action=Event.Action.ESCALATE).count() == 1
    sweep(date(2026, 10, 16))
    assert keyed(people["oversight1"], ":escalate").count() == 1
    assert accepted.events.filter(action=Event.Action.ESCALATE).count() == 1


def test_no_escalation_four_working_days_after(accepted, people):
    sweep(date(2026, 10, 14))
    assert not keyed(people["oversight1"], ":escalate").exists()


def test_sign_deadline_is_watched_while_not_signed(make_complaint, people):
    with time_machine.travel("2026-09-29 09:00 +0800", tick=False):
        c = make_complaint(S.ASSIGNED, category="政策咨询")  # sign by 09-30
    sweep(date(2026, 10, 8))
    assert Notification.objects.filter(key=f"complaint:{c.pk}:sign:2026-09-30:urge").exists()


def test_unrated_answers_close_after_seven_days(make_complaint, people):
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        c = make_complaint(S.ANSWERED)
    with time_machine.travel("2026-06-07 09:00 +0800", tick=False):
        assert sweep(date(2026, 6, 7)) == 0
    with time_machine.travel("2026-06-08 09:00 +0800", tick=False):
        run_sweep(date(2026, 6, 8))
    c.refresh_from_db()
    assert c.status == S.CLOSED and c.rating == ""
    assert c.events.filter(action=Event.Action.AUTO_CLOSE, actor=None).exists()


def test_the_daily_sweep_runs_the_complaint_deadlines():
    from liaison.reminders import STEPS, complaint_deadlines
    from portal.schedule import BEAT_SCHEDULE

    assert complaint_deadlines in STEPS
    assert BEAT_SCHEDULE["liaison-daily-sweep"]["task"] == "liaison.tasks.daily_sweep"


def test_urging_many_complaints_of_one_department_costs_no_query_per_complaint(make_complaint, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def urge_queries(n: int, day: date) -> int:
        with time_machine.travel("2026-09-29 09:00 +0800", tick=False):
            for _ in range(n):
                make_complaint(S.ACCEPTED, category="政策咨询")
        with CaptureQueriesContext(connection) as q:
            sweep(day)
        return len(q)

    few = urge_queries(2, date(2026, 10, 10))
    many = urge_queries(12, date(2026, 10, 12))  # the earlier two were urged already; 12 new ones now
    assert Notification.objects.filter(key__endswith=":urge").count() == 14
    assert many == few
