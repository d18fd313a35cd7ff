"""`python manage.py build_monthly_reports [--month YYYY-MM]`: every jurisdiction's monthly report (月报)."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from leadership import queries, services
from portal.models import Jurisdiction


class Command(BaseCommand):
    help = ("Build (or rebuild in place) each jurisdiction's monthly report for a month (default: the previous "
            "month) and queue it for sending to its recipients, once; idempotent per jurisdiction and month.")

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: the previous month)")
        parser.add_argument("--jurisdiction", help="a jurisdiction's code (default: every jurisdiction)")
        parser.add_argument("--no-send", action="store_true", help="build only; queue nothing for sending")

    def handle(self, *args, month=None, jurisdiction=None, no_send=False, **options):
        if month:
            try:
                first = dt.datetime.strptime(month, "%Y-%m").date()
            except ValueError:
                raise CommandError(f"--month must be YYYY-MM, not {month!r}") from None
        else:
            first = queries.previous_month(timezone.localdate())
        jurisdictions = Jurisdiction.objects.order_by("id")
        if jurisdiction:
            jurisdictions = jurisdictions.filter(code__iexact=jurisdiction)
            if not jurisdictions.exists():
                raise CommandError(f"no jurisdiction with code {jurisdiction!r}")
        for j in jurisdictions:
            started = time.monotonic()
            report = services.build_report(j, first)
            if not no_send:
                services.queue_sending(report)
            self.stdout.write(f"{j.code} {first:%Y-%m}: built in {time.monotonic() - started:.1f} s "
                              f"({report.pdf.name}, {report.xlsx.name})")
