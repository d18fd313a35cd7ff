"""Thin tasks: the daily reminder sweep."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from liaison.reminders import run_sweep


@shared_task(name="liaison.tasks.daily_sweep")
def daily_sweep(today: str | None = None) -> dict[str, int]:
    """Run every reminder step for today (or the given ISO date); safe to run twice."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return run_sweep(day)
