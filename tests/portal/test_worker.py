"""A real Celery worker against the real broker (Redis) and the real database (PostgreSQL)."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from portal.models import Notification

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
                       reason="needs REDIS_URL and a PostgreSQL DATABASE_URL (set by .ci/run)"),
]


@pytest.fixture
def worker():
    """Start `celery worker` on a private queue, pointed at the test database; stop it afterwards."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
    queue = f"test-{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": url, "PORTAL_TESTING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    yield queue
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    print(out[-4000:])


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def test_worker_sends_notification_email_through_redis(people, worker):
    from portal.celery import app
    from portal.services import notify

    app.conf.task_always_eager = False
    try:
        with app.connection_for_write() as conn:
            [n] = notify(people["handler1"], subject="真实队列测试")
            app.send_task("portal.tasks.send_notification_emails", args=[[n.pk]], queue=worker, connection=conn)
        assert wait_for(
            lambda: Notification.objects.get(pk=n.pk).email_status == Notification.EmailStatus.SENT
        ), "the worker did not process the task"
    finally:
        app.conf.task_always_eager = not os.environ.get("REDIS_URL")
