"""The reminder sweep: checkpoints by time travel, once per recipient and period, batches of fixed queries."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison import reminders
from liaison.models import Forum, InspectionReport, Pairing, Visit
from portal.models import Department, Notification

from .conftest import make_enterprise, make_pairing, make_project, make_user, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(people):
    """An official with one pairing (started 1 January 2026) and no visits."""
    official = make_user("official")
    pairing = make_pairing(official, make_enterprise(), start=dt.date(2026, 1, 1))
    official.pairing = pairing
    return official


def quota_reminders(user):
    return Notification.objects.filter(recipient=user, key__startswith="visit-quota:")


# Both tracking offices of 恒口 (效能督查办公室 and 党政办督查室, measure 三) hold the oversight role in the demo.
TRACKERS = {"oversight1", "dzb_oversight1"}


def escalations(pairing):
    return Notification.objects.filter(key__startswith="visit-quota-missed:", key__endswith=f":pairing:{pairing.pk}")


def clear_pairings():
    Visit.objects.all().delete()
    Pairing.objects.all().delete()


def sweep(day: dt.date):
    with time_machine.travel(dt.datetime.combine(day, dt.time(8, 0)), tick=False):
        return reminders.run_sweep(day)


def test_zero_visits_gets_exactly_one_reminder_in_april_however_many_sweeps(people, official):
    for day in (dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 4, 1), dt.date(2026, 4, 15),
                dt.date(2026, 4, 30)):
        sweep(day)
    [n] = quota_reminders(official)
    assert n.key == f"visit-quota:2026-1:pairing:{official.pairing.pk}"
    assert "本年已走访 0 次" in n.subject and "应达到 1 次" in n.subject
    assert not escalations(official.pairing).exists()


def test_no_reminder_before_april(people, official):
    for month in (1, 2, 3):
        sweep(dt.date(2026, month, 10))
    assert not quota_reminders(official).exists()


def test_one_escalation_to_oversight_in_may(people, official):
    sweep(dt.date(2026, 4, 10))
    for day in (dt.date(2026, 5, 1), dt.date(2026, 5, 2), dt.date(2026, 5, 31)):
        sweep(day)
    ns = list(escalations(official.pairing))
    assert {n.recipient.username for n in ns} == TRACKERS and len(ns) == len(TRACKERS)
    assert all("未达到 1 次" in n.subject for n in ns)
    assert quota_reminders(official).count() == 1  # the official's April reminder, nothing more


def test_an_official_on_track_is_neither_reminded_nor_escalated(people, official):
    make_visit(official.pairing, dt.date(2026, 3, 2))
    sweep(dt.date(2026, 4, 10))
    sweep(dt.date(2026, 5, 10))
    assert not quota_reminders(official).exists() and not escalations(official.pairing).exists()


def test_a_disputed_visit_does_not_count(people, official):
    make_visit(official.pairing, dt.date(2026, 3, 2), status=Visit.Status.DISPUTED)
    sweep(dt.date(2026, 4, 10))
    assert quota_reminders(official).count() == 1


def test_a_visit_after_the_checkpoint_does_not_cancel_the_escalation(people, official):
    make_visit(official.pairing, dt.date(2026, 5, 1))
    sweep(dt.date(2026, 5, 2))
    assert escalations(official.pairing).count() == len(TRACKERS)


def test_august_and_december_checkpoints_pro_rate_the_quota(people, official):
    make_visit(official.pairing, dt.date(2026, 3, 2))
    sweep(dt.date(2026, 8, 1))  # 1 visit, 2 due by 31 August
    [n] = quota_reminders(official)
    assert n.key.startswith("visit-quota:2026-2:") and "应达到 2 次" in n.subject
    make_visit(official.pairing, dt.date(2026, 8, 20))
    sweep(dt.date(2026, 9, 1))
    assert not escalations(official.pairing).exists()
    sweep(dt.date(2026, 12, 1))  # 2 visits, 3 due by 31 December
    assert quota_reminders(official).filter(key__startswith="visit-quota:2026-3:").count() == 1
    sweep(dt.date(2027, 1, 5))  # January escalates the previous year's December checkpoint
    es = list(escalations(official.pairing))
    assert len(es) == len(TRACKERS)
    assert {e.key for e in es} == {f"visit-quota-missed:2026-3:pairing:{official.pairing.pk}"}


def test_quota_follows_the_jurisdiction_setting(people, official, hk):
    hk.visit_quota = 6
    hk.save(update_fields=["visit_quota"])
    make_visit(official.pairing, dt.date(2026, 3, 2))
    sweep(dt.date(2026, 4, 10))  # ceil(6*1/3) = 2 due
    assert "应达到 2 次" in quota_reminders(official).get().subject


def test_an_ended_pairing_is_not_reminded(people, official):
    Pairing.objects.filter(pk=official.pairing.pk).update(end=dt.date(2026, 3, 31))
    sweep(dt.date(2026, 4, 10))
    assert not quota_reminders(official).exists()


def statements(ctx) -> list[str]:
    """Captured SQL without the savepoints that notify_many's atomic block adds inside a test transaction."""
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_visit_steps_run_a_fixed_number_of_queries_per_batch(people, monkeypatch):
    monkeypatch.setattr(reminders, "BATCH_SIZE", 2)

    def count(day):
        Notification.objects.all().delete()
        with time_machine.travel(dt.datetime.combine(day, dt.time(8)), tick=False), \
                CaptureQueriesContext(connection) as ctx:
            reminders.visit_quota_reminders(day)
        return len(statements(ctx))

    clear_pairings()
    for _ in range(4):
        make_pairing(make_user("official"), make_enterprise(), start=dt.date(2026, 1, 1))
    # 4 pairings in batches of 2: two full batches (select + insert + read back + the e-mail delivery request in
    # the outbox) and an empty probe.
    assert count(dt.date(2026, 4, 10)) == 2 * 4 + 1
    make_pairing(make_user("official"), make_enterprise(), start=dt.date(2026, 1, 1))
    assert count(dt.date(2026, 4, 10)) == 3 * 4  # 5 pairings: 2 + 2 + 1, the short batch ends the walk


def test_escalation_step_runs_a_fixed_number_of_queries(people):
    clear_pairings()
    for _ in range(3):
        make_pairing(make_user("official"), make_enterprise(), start=dt.date(2026, 1, 1))
    make_user("oversight")
    with time_machine.travel(dt.datetime(2026, 5, 3, 8), tick=False), CaptureQueriesContext(connection) as ctx:
        assert reminders.visit_quota_escalations(dt.date(2026, 5, 3)) == 3 * 3  # oversight1, dzb_oversight1 + the new one
    # The oversight users, then one batch: select, insert, read back, the e-mail delivery request (outbox).
    assert len(statements(ctx)) == 1 + 4


def test_forum_organiser_is_reminded_when_the_year_falls_behind(people):
    Forum.objects.all().delete()
    sweep(dt.date(2026, 4, 5))
    sweep(dt.date(2026, 4, 6))
    # 恒口's organiser (湛江, a jurisdiction of its own, has its own forum target and organiser).
    n = Notification.objects.filter(key__startswith="forum-target:2026-1:", recipient__jurisdiction__code="HK")
    assert set(n.values_list("recipient__username", flat=True)) == {"dispatcher1"}
    assert "已召开 0 次" in n.get().subject
    sweep(dt.date(2026, 5, 5))
    missed = Notification.objects.filter(key__startswith="forum-target-missed:2026-1:",
                                         recipient__jurisdiction__code="HK")
    assert set(missed.values_list("recipient__username", flat=True)) == TRACKERS


def test_forum_head_of_the_dispatch_department_is_reminded_too(people):
    Forum.objects.all().delete()
    head = make_user("official")
    Department.objects.filter(jurisdiction__code="HK", kind=Department.Kind.DISPATCH).update(head=head)
    sweep(dt.date(2026, 8, 5))
    assert Notification.objects.filter(recipient=head, key__startswith="forum-target:2026-2:").count() == 1


def test_forums_on_track_send_no_forum_reminder(people, hk):
    Forum.objects.all().delete()
    dept = Department.objects.get(jurisdiction=hk, name="经济发展与招商局")
    Forum.objects.create(jurisdiction=hk, title="座谈", date=dt.date(2026, 3, 1), place="会议室", organiser=dept,
                         agenda="议程", status=Forum.Status.HELD, created_by=people["dispatcher1"])
    sweep(dt.date(2026, 4, 5))
    assert not Notification.objects.filter(key__startswith="forum-target:", recipient__jurisdiction__code="HK").exists()


def test_invitees_are_reminded_seven_days_and_one_day_before(people, hk, e1, e2):
    Forum.objects.all().delete()
    dept = Department.objects.get(jurisdiction=hk, name="经济发展与招商局")
    forum = Forum.objects.create(jurisdiction=hk, title="二季度政企座谈会", date=dt.date(2026, 6, 20), place="三楼",
                                 organiser=dept, agenda="议程", created_by=people["dispatcher1"])
    forum.invited_enterprises.set([e1])
    keys = lambda: sorted(Notification.objects.filter(key__startswith="forum-invitee:").values_list(  # noqa: E731
        "recipient__username", "key"))
    sweep(dt.date(2026, 6, 12))  # 8 days before: nothing yet
    assert keys() == []
    for day in (13, 14, 18):
        sweep(dt.date(2026, 6, day))
    assert keys() == [("enterprise1", f"forum-invitee:{forum.pk}:d7")]
    sweep(dt.date(2026, 6, 19))
    sweep(dt.date(2026, 6, 20))
    assert keys() == [("enterprise1", f"forum-invitee:{forum.pk}:d1"), ("enterprise1", f"forum-invitee:{forum.pk}:d7")]


def test_project_team_is_reminded_before_and_after_the_due_date(people):
    member = make_user("handler")
    project = make_project(members=[member])
    for day in (1, 3, 5):
        sweep(dt.date(2026, 7, day))
    due = Notification.objects.filter(recipient=member, key=f"project-report-due:2026-06:project:{project.pk}")
    assert due.count() == 1 and "2026-07-05 前提交" in due.get().subject
    for day in (6, 20):
        sweep(dt.date(2026, 7, day))
    assert Notification.objects.filter(recipient=member, key=f"project-report-late:2026-06:project:{project.pk}").count() == 1


def test_no_project_reminder_once_the_report_is_in(people):
    member = make_user("handler")
    project = make_project(members=[member])
    InspectionReport.objects.create(project=project, month=dt.date(2026, 6, 1), progress="进度", investment_month=1,
                                    investment_total=1, submitted_by=member)
    sweep(dt.date(2026, 7, 2))
    assert not Notification.objects.filter(recipient=member, key__startswith="project-report").exists()


def test_send_reminders_command_runs_the_sweep(people, official, capsys):
    with time_machine.travel(dt.datetime(2026, 4, 10, 8), tick=False):
        call_command("send_reminders", "--today", "2026-04-10")
        call_command("send_reminders", "--today", "2026-04-10")
    out = capsys.readouterr().out
    assert "visit_quota_reminders:" in out and "total:" in out
    assert quota_reminders(official).count() == 1


def test_daily_sweep_task_runs_every_step(people, official):
    from liaison.tasks import daily_sweep

    with time_machine.travel(dt.datetime(2026, 4, 10, 8), tick=False):
        result = daily_sweep("2026-04-10")
    from portal import sweep

    assert set(result) == {s.__name__ for s in [*reminders.STEPS, *sweep.STEPS]}
    assert quota_reminders(official).count() == 1


def test_beat_schedule_contains_the_daily_sweep():
    from celery.schedules import crontab

    from portal.celery import app

    entry = app.conf.beat_schedule["liaison-daily-sweep"]
    assert entry["task"] == "liaison.tasks.daily_sweep"
    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert "liaison.tasks.daily_sweep" in app.tasks
