"""`python manage.py send_reminders [--today YYYY-MM-DD]`: one reminder sweep, what the scheduler runs."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liaison.reminders import run_sweep


class Command(BaseCommand):
    help = "Run one reminder sweep (visit quotas, forums, invitees, project reports); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to sweep as, YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today must be YYYY-MM-DD, not {today!r}")
        counts = run_sweep(day)
        for step, n in counts.items():
            self.stdout.write(f"{step}: {n}")
        self.stdout.write(f"total: {sum(counts.values())} ({day})")
