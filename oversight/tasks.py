"""Celery tasks (thin): the summaries' refresh."""

from __future__ import annotations

from celery import shared_task


@shared_task
def refresh_summaries() -> int:
    from oversight import rollups

    return rollups.refresh_all()
