"""Celery beat's whole schedule, in one place, each entry with when it runs and why."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every 5 minutes: e-mails whose first send failed (broker or SMTP down) go out again.
    "retry-pending-emails": {
        "task": "portal.tasks.send_pending_emails",
        "schedule": crontab(minute="*/5"),
    },
}
