"""Thin tasks of the conduct app."""

from __future__ import annotations

from celery import shared_task

from conduct import services


@shared_task(name="conduct.tasks.expire_integrity_entries")
def expire_integrity_entries() -> int:
    """Daily: lapsed red/black entries expire and every enterprise's flag is brought up to date."""
    return services.expire_entries()
