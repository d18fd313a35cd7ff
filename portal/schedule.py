"""Celery beat's whole schedule, in one place, each entry with when it runs and why."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
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
    # Every day at 08:00 (Asia/Shanghai): the reminder sweep — visit quotas, forums, forum invitees,
    # project reports (liaison/reminders.py STEPS). Each reminder goes once however often this runs.
    "liaison-daily-sweep": {
        "task": "liaison.tasks.daily_sweep",
        "schedule": crontab(hour=8, minute=0),
    },
}
