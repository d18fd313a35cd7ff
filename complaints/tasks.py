"""Thin Celery tasks of the complaints app."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="complaints.tasks.deadline_sweep")
def deadline_sweep() -> int:
    """The daily deadline sweep (reminders, 催办, escalation, auto-close) for today."""
    from complaints.reminders import sweep

    return sweep(timezone.localdate())
