"""A real Celery worker on Redis runs liaison.tasks.daily_sweep end to end against the test database."""

import datetime as dt
import os

import pytest

from portal.models import Notification
from tests.portal.test_worker import wait_for, worker  # noqa: F401  (the fixture that starts `celery worker`)

from .conftest import make_enterprise, make_pairing, make_user

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
                       reason="needs REDIS_URL and a PostgreSQL DATABASE_URL (set by .ci/run)"),
]


def test_worker_runs_the_daily_sweep_through_redis(people, worker):  # noqa: F811
    from portal.celery import app

    official = make_user("official")
    pairing = make_pairing(official, make_enterprise(), start=dt.date(2026, 1, 1))
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write() as conn:
            # An April day: the official has no visit and is behind the 30 April checkpoint.
            app.send_task("liaison.tasks.daily_sweep", args=["2026-04-10"], queue=worker, connection=conn)
        key = f"visit-quota:2026-1:pairing:{pairing.pk}"
        assert wait_for(lambda: Notification.objects.filter(recipient=official, key=key).exists()), \
            "the worker did not run the sweep"
        assert wait_for(lambda: Notification.objects.filter(key__startswith="forum-target:2026-1:").exists())
    finally:
        app.conf.task_always_eager = not os.environ.get("REDIS_URL")
