"""Celery tasks (thin): the morning check for the monthly build, and sending one report."""

from __future__ import annotations

from celery import shared_task


@shared_task
def monthly_reports() -> int:
    from leadership import services

    return len(services.run_schedule())


@shared_task
def send_monthly_report(report_id: int) -> bool:
    from leadership import services

    return services.send_report(report_id)
