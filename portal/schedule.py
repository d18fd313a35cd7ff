"""Celery beat's whole schedule, in one place, each entry with when it runs and why."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every 5 minutes: e-mails whose first send failed (broker or SMTP down) go out again.
    "retry-pending-emails": {
        "task": "portal.tasks.send_pending_emails",
        "schedule": crontab(minute="*/5"),
    },
    # Every day at 07:30 (Asia/Shanghai): complaint deadlines — warn the day before, 催办 the day after,
    # escalate to 效能督查办公室 five working days after, close answers left unrated for 7 days.
    "complaints-deadline-sweep": {
        "task": "complaints.tasks.deadline_sweep",
        "schedule": crontab(hour=7, minute=30),
    },
}
