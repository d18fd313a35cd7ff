"""The beat entry and the first-working-day rule (holidays and make-up working days respected)."""

from __future__ import annotations

import datetime as dt

import pytest

from leadership import services
from leadership.models import MonthlyReport
from portal.models import Holiday, OutboxMessage
from portal.schedule import BEAT_SCHEDULE

pytestmark = pytest.mark.django_db


def test_beat_runs_the_monthly_check_every_morning():
    entry = BEAT_SCHEDULE["leadership-monthly-reports"]
    assert entry["task"] == "leadership.tasks.monthly_reports"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {30}
    from portal.celery import app

    app.loader.import_default_modules()
    assert "leadership.tasks.monthly_reports" in app.tasks


def _holidays(*days, kind=Holiday.Kind.HOLIDAY):
    for day in days:
        Holiday.objects.update_or_create(date=day, defaults={"kind": kind, "name": "t"})


def test_first_working_day_skips_weekend_and_holidays():
    # 2030-10-01 is a Tuesday; 国庆 1–7 October; the 8th (Tuesday) is the first working day.
    _holidays(*(dt.date(2030, 10, d) for d in range(1, 8)))
    _holidays(dt.date(2030, 1, 1))
    assert services.first_working_day(dt.date(2030, 10, 20)) == dt.date(2030, 10, 8)
    # 2030-06-01 is a Saturday: Monday the 3rd.
    assert services.first_working_day(dt.date(2030, 6, 1)) == dt.date(2030, 6, 3)


def test_a_make_up_working_day_counts():
    # 2030-09-01 is a Sunday declared a working day (调休上班).
    _holidays(dt.date(2030, 1, 1))
    _holidays(dt.date(2030, 9, 1), kind=Holiday.Kind.WORKDAY)
    assert services.first_working_day(dt.date(2030, 9, 15)) == dt.date(2030, 9, 1)


def test_schedule_builds_the_previous_month_on_the_first_working_day_only(people):
    _holidays(*(dt.date(2030, 10, d) for d in range(1, 8)))
    assert services.run_schedule(dt.date(2030, 10, 1)) == []  # a holiday
    assert services.run_schedule(dt.date(2030, 10, 7)) == []
    assert not MonthlyReport.objects.exists()
    built = services.run_schedule(dt.date(2030, 10, 8))
    assert {(r.jurisdiction.code, r.month) for r in built} == {("HK", dt.date(2030, 9, 1)),
                                                              ("ZJ", dt.date(2030, 9, 1))}
    assert OutboxMessage.objects.filter(task="leadership.tasks.send_monthly_report").count() == 2
    # The same morning again (a second beat, a retry): rebuilt in place, nothing queued twice.
    services.run_schedule(dt.date(2030, 10, 8))
    assert MonthlyReport.objects.count() == 2
    assert OutboxMessage.objects.filter(task="leadership.tasks.send_monthly_report").count() == 2
    # Later in the month only a missing report is built.
    MonthlyReport.objects.filter(jurisdiction__code="ZJ").delete()
    assert [r.jurisdiction.code for r in services.run_schedule(dt.date(2030, 10, 9))] == ["ZJ"]
