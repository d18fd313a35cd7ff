"""The declarations' step of the daily sweep: pending approvals, the yearly interest declaration, late event records."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from declarations import reminders, services
from liaison.reminders import STEPS, run_sweep
from portal.models import Notification
from tests.declarations.conftest import make_event

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def keyed(prefix):
    return Notification.objects.filter(key__startswith=prefix)


def test_the_step_is_part_of_the_one_sweep():
    assert reminders.declaration_reminders in STEPS


def test_approver_reminded_after_a_working_day_once(people, official, e1):
    with time_machine.travel(MONDAY, tick=False):
        d = make_event(official, e1, date=dt.date(2026, 6, 10))
        assert reminders.pending_approvals(dt.date(2026, 6, 1)) == 0
    assert reminders.pending_approvals(dt.date(2026, 6, 2)) == 1
    assert reminders.pending_approvals(dt.date(2026, 6, 3)) == 0  # once per request and approver
    assert keyed("declaration-pending:").get().recipient == people["approver1"]
    services.approve(d, by=people["approver1"])


def test_interest_declaration_reminded_before_the_due_date_and_after(people, official, e1):
    services.settings_for(official.jurisdiction_id)  # defaults: due 31 March
    assert reminders.interest_declarations(dt.date(2026, 2, 1)) == 0
    before = reminders.interest_declarations(dt.date(2026, 3, 10))
    assert before >= 1 and keyed("interest-due:2026").filter(recipient=official).exists()
    assert reminders.interest_declarations(dt.date(2026, 3, 11)) == 0
    with time_machine.travel(dt.datetime(2026, 4, 2, 9, 0), tick=False):
        services.declare(by=official, kind="interest", data={
            "enterprise": None, "date": dt.date(2026, 4, 2), "relative": "张某", "relation": "配偶",
            "nature": "business", "description": "个体商店"})
    reminders.interest_declarations(dt.date(2026, 4, 5))
    assert not keyed("interest-overdue:2026").filter(recipient=official).exists()
    assert keyed("interest-overdue:2026").filter(recipient=people["handler1"]).exists()
    assert not keyed("interest-").filter(recipient=people["enterprise1"]).exists()


def test_late_event_record_reminder(people, official, e1):
    with time_machine.travel(MONDAY, tick=False):
        d = make_event(official, e1, date=dt.date(2026, 6, 2))
        services.approve(d, by=people["approver1"])
    assert reminders.event_reports(dt.date(2026, 6, 2)) == 0
    assert reminders.event_reports(dt.date(2026, 6, 3)) == 1
    assert keyed("declaration-report:").get().recipient == official
    run_sweep(dt.date(2026, 6, 4))
    assert keyed("declaration-report:").count() == 1
    assert timezone.localdate()  # the sweep ran through every step without error
