"""Celery beat's whole schedule, in one place, each entry with when it runs and why."""

import os

from celery.schedules import crontab

# OUTBOX_RELAY_SECONDS (default 60) sets how often beat relays the outbox (the outage test uses 2).
_relay_seconds = float(os.environ.get("OUTBOX_RELAY_SECONDS") or 60)

BEAT_SCHEDULE = {
    # Every day at 03:30 (Asia/Shanghai): security audit rows older than AUDIT_RETENTION_DAYS (never below
    # 180 days; 网络安全法 art. 21) are deleted — the only DELETE the PostgreSQL trigger lets through.
    "purge-audit-log": {
        "task": "portal.tasks.purge_audit_log",
        "schedule": crontab(hour=3, minute=30),
    },
    # Every minute: outbox messages whose transaction committed while the broker was down are published
    # (portal/outbox.py), so nothing waits for the next user's action once Redis is back.
    "relay-outbox": {
        "task": "portal.tasks.relay_outbox",
        "schedule": crontab(minute="*") if _relay_seconds == 60 else _relay_seconds,
    },
    # Every day at 03:30 (Asia/Shanghai): outbox messages published a week ago are deleted.
    "purge-outbox": {
        "task": "portal.tasks.purge_outbox",
        "schedule": crontab(hour=3, minute=30),
    },
    # Every 5 minutes: e-mails whose first send failed (broker or SMTP down) go out again.
    "retry-pending-emails": {
        "task": "portal.tasks.send_pending_emails",
        "schedule": crontab(minute="*/5"),
    },
    # Every day at 00:05 (Asia/Shanghai): red/black-list entries past their validity expire, and each
    # enterprise's integrity flag follows. Pages already hide lapsed entries by date before this runs.
    "expire-integrity-entries": {
        "task": "conduct.tasks.expire_integrity_entries",
        "schedule": crontab(hour=0, minute=5),
    },
    # Every day at 08:00 (Asia/Shanghai): the one reminder sweep (liaison/reminders.py STEPS) — complaint
    # deadlines (warn the working day before, 催办 the day after, escalate to 效能督查办公室 five working
    # days after, close answers left unrated for 7 days), visit quotas, forums, forum invitees, project
    # reports, then the steps other apps register in portal/sweep.py (policies: consultations closed with
    # comments unanswered, overdue policy commitments). Each reminder goes once however often this runs;
    # `send_reminders` runs the same sweep.
    "liaison-daily-sweep": {
        "task": "liaison.tasks.daily_sweep",
        "schedule": crontab(hour=8, minute=0),
    },
    # Every 10 minutes: the oversight dashboard's summaries (this year, every jurisdiction, all departments and
    # each department) are recomputed into oversight_summarysnapshot, so the dashboard and
    # /api/v1/dashboard/summary read one row instead of aggregating a million complaints per request.
    "oversight-refresh-summaries": {
        "task": "oversight.tasks.refresh_summaries",
        "schedule": crontab(minute="*/10"),
    },
    # Every day at 07:30 (Asia/Shanghai): on the first working day of a month (portal.calendar: holidays and
    # make-up working days), every jurisdiction's report for the previous month is built and sent to the
    # leadership and the configured recipients, once (leadership/services.py run_schedule); later in the month
    # only a report still missing is built. Other days it does nothing.
    "leadership-monthly-reports": {
        "task": "leadership.tasks.monthly_reports",
        "schedule": crontab(hour=7, minute=30),
    },
}
