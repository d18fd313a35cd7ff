"""The working-day calendar: 2026 National Day, make-up working days, a year the table does not cover."""

from __future__ import annotations

import logging
from datetime import date

import pytest
import time_machine

from complaints import services
from complaints.models import Complaint
from portal import calendar
from portal.models import Holiday, Notification

pytestmark = pytest.mark.django_db


def test_seeded_2026_national_day_and_its_make_up_days():
    rows = dict(Holiday.objects.filter(date__range=(date(2026, 9, 19), date(2026, 10, 11))).values_list("date", "kind"))
    for day in (1, 2, 3, 5, 6, 7):
        assert rows[date(2026, 10, day)] == Holiday.Kind.HOLIDAY
    assert rows[date(2026, 9, 20)] == Holiday.Kind.WORKDAY  # Sunday worked
    assert rows[date(2026, 10, 10)] == Holiday.Kind.WORKDAY  # Saturday worked
    assert date(2026, 10, 8) not in rows  # the State Council's 2026 arrangement: back to work on Thursday 10-08


def test_seeded_2026_make_up_saturdays():
    workdays = set(Holiday.objects.filter(kind=Holiday.Kind.WORKDAY, date__year=2026).values_list("date", flat=True))
    saturdays = {d for d in workdays if d.weekday() == 5}
    assert {date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 10, 10)} <= saturdays


def test_holidays_are_not_working_days_and_make_up_days_are():
    assert not calendar.is_working_day(date(2026, 10, 1))
    assert not calendar.is_working_day(date(2026, 10, 7))
    assert calendar.is_working_day(date(2026, 10, 8))
    assert calendar.is_working_day(date(2026, 10, 10))  # a Saturday
    assert not calendar.is_working_day(date(2026, 10, 11))  # an ordinary Sunday
    assert calendar.is_working_day(date(2026, 2, 14))  # a Saturday before the Spring Festival


def test_adding_working_days_jumps_the_national_day_holiday():
    assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert calendar.add_working_days(date(2026, 9, 30), 2) == date(2026, 10, 9)
    assert calendar.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)  # the make-up Saturday counts
    assert calendar.add_working_days(date(2026, 9, 30), 4) == date(2026, 10, 12)


def test_a_make_up_sunday_counts_as_a_working_day():
    assert calendar.add_working_days(date(2026, 9, 18), 1) == date(2026, 9, 20)


def test_working_days_between_counts_after_a_up_to_b():
    assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3
    assert calendar.working_days_between(date(2026, 10, 10), date(2026, 9, 30)) == -3
    assert calendar.working_days_between(date(2026, 10, 9), date(2026, 10, 9)) == 0


def test_an_admin_edit_of_the_table_changes_deadlines():
    assert calendar.add_working_days(date(2026, 11, 2), 1) == date(2026, 11, 3)
    Holiday.objects.create(date=date(2026, 11, 3), kind=Holiday.Kind.HOLIDAY, name="地方假日")
    assert calendar.add_working_days(date(2026, 11, 2), 1) == date(2026, 11, 4)


def test_a_year_without_rows_counts_weekends_only_and_warns_the_admins_once(people, caplog):
    calendar._warned_years.discard(2031)
    caplog.set_level(logging.WARNING, logger="portal.calendar")
    # 2031-01-03 is a Friday; its next working day is Monday 2031-01-06.
    assert calendar.add_working_days(date(2031, 1, 3), 1) == date(2031, 1, 6)
    calendar._warned_years.discard(2031)  # as if another process computed a 2031 date
    assert calendar.is_working_day(date(2031, 1, 1))  # no holiday rows: New Year's Day is just a Wednesday
    assert "2031" in caplog.text
    notes = Notification.objects.filter(recipient=people["admin"], key="calendar-missing:2031")
    assert notes.count() == 1


@time_machine.travel("2026-09-29 09:00 +0800", tick=False)
def test_assignment_deadlines_skip_the_national_day(make_complaint, people):
    c = make_complaint(Complaint.Status.ASSIGNED, category="政策咨询")
    assert c.sign_deadline == date(2026, 9, 30)
    assert c.answer_deadline == date(2026, 10, 9)  # 9-30, 10-08, 10-09


@time_machine.travel("2026-10-09 09:00 +0800", tick=False)
def test_a_friday_assignment_is_due_on_the_make_up_saturday(make_complaint):
    c = make_complaint(Complaint.Status.ASSIGNED, category="政策咨询")
    assert c.sign_deadline == date(2026, 10, 10)
    assert c.answer_deadline == date(2026, 10, 13)  # Sat 10-10, Mon 10-12, Tue 10-13


@time_machine.travel("2026-09-29 09:00 +0800", tick=False)
def test_extension_is_limited_to_ten_working_days_across_the_holiday(make_complaint, people):
    c = make_complaint(Complaint.Status.ACCEPTED, category="政策咨询")  # answer due 2026-10-09
    limit = calendar.add_working_days(c.answer_deadline, 10)
    assert limit == date(2026, 10, 22)  # 10-10 Saturday is one of the ten
    from portal.errors import TransitionRefused

    with pytest.raises(TransitionRefused, match="最多10个工作日"):
        services.request_extension(complaint=c, by=people["handler1"], reason="需现场勘查", new_deadline=date(2026, 10, 23))
    req = services.request_extension(complaint=c, by=people["handler1"], reason="需现场勘查", new_deadline=limit)
    assert req.new_deadline == limit
