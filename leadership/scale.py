"""`make bench`: the monthly report of the city-scale jurisdiction, built as the schedule builds it."""

from __future__ import annotations


def bench_build() -> str:
    """Build 恒口's (the scale data's jurisdiction) report for the previous month: figures, PDF and XLSX, stored."""
    from django.utils import timezone

    from leadership import queries, services
    from portal.models import Jurisdiction

    month = queries.previous_month(timezone.localdate())
    report = services.build_report(Jurisdiction.objects.get(code="HK"), month)
    return f"{report.jurisdiction.code} {report.label}: {report.figures['complaints']['received']} received"
