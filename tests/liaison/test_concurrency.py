"""Two sweeps at once against PostgreSQL: the unique (recipient, key) constraint sends each reminder once."""

import datetime as dt
import os
import threading

import pytest
import time_machine
from django.db import connection, connections

from liaison import reminders
from portal.models import Notification

from .conftest import make_enterprise, make_pairing, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif("postgres" not in os.environ.get("DATABASE_URL", ""),
                       reason="needs a PostgreSQL DATABASE_URL (real concurrent transactions)"),
]


def test_two_sweeps_at_once_send_each_reminder_once(people):
    officials = [make_user("official") for _ in range(30)]
    for official in officials:
        make_pairing(official, make_enterprise(), start=dt.date(2026, 1, 1))
    day = dt.date(2026, 4, 10)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(reminders.run_sweep(day))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    with time_machine.travel(dt.datetime(2026, 4, 10, 8), tick=False):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert errors == []
    assert connection.vendor == "postgresql"
    sent = Notification.objects.filter(key__startswith="visit-quota:2026-1:")
    # official1's two demo pairings are behind too.
    assert sent.count() == len(officials) + 2
    assert sent.values("recipient", "key").distinct().count() == sent.count()
    # Together the two sweeps report exactly the rows that exist: none was counted twice.
    assert sum(r["visit_quota_reminders"] for r in results) == sent.count()
