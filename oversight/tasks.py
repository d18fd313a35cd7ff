"""Celery tasks (thin): the summaries' refresh."""

from __future__ import annotations

from celery import shared_task


@shared_task
def refresh_summaries() -> int:
    from oversight import rollups

    return rollups.refresh_all()


@shared_task
def refresh_summary(year: int, jurisdiction_id: int, department_id: int | None = None) -> None:
    """One scope, queued when a page found its stored summary older than MAX_AGE."""
    from oversight import queries, rollups
    from portal.models import Department, Jurisdiction

    jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id).first()
    department = Department.objects.filter(pk=department_id).first() if department_id else None
    if jurisdiction is not None and (department_id is None or department is not None):
        rollups.refresh(queries.Scope(year, jurisdiction, department))


@shared_task
def refresh_changed(jurisdiction_id: int, year: int) -> int:
    """Queued (through the outbox, after commit) by a change that moves a figure: see rollups.on_figures_changed."""
    from oversight import rollups

    return rollups.refresh_changed(jurisdiction_id, year)
