"""Transactional outbox: queue a Celery task in the same transaction as the change that needs it.

    from portal import outbox
    outbox.send("policies.tasks.push_policy", policy.pk)           # inside the service's transaction

The row commits (or rolls back) with the change. After commit the relay publishes it at once; if the broker is
down the row waits and the beat schedule's relay (portal.tasks.relay_outbox, every minute) publishes it when
the broker is back. Tasks sent this way must be idempotent: a crash between publishing and marking the row sent
publishes it again.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.models import OutboxMessage

log = logging.getLogger(__name__)


def _task_name(task) -> str:
    return task if isinstance(task, str) else task.name


def send(task, *args, key: str = "") -> OutboxMessage | None:
    """Write the message in the caller's transaction; published after commit. A pending `key` is not repeated."""
    name = _task_name(task)
    if key and OutboxMessage.objects.filter(key=key, sent_at__isnull=True).exists():
        return None
    with transaction.atomic():
        message = OutboxMessage.objects.create(task=name, args=list(args), key=key)
    transaction.on_commit(lambda: relay([message.pk]))
    return message


def relay(ids: list[int] | None = None, *, limit: int = 500) -> int:
    """Publish unsent messages (the given ones, or the oldest `limit`); returns how many were published.

    Stops at the first broker failure: the rest wait for the next relay.
    """
    from portal.celery import app

    qs = OutboxMessage.objects.filter(sent_at__isnull=True).order_by("id")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    published = 0
    for message in qs[:limit]:
        try:
            app.send_task(message.task, args=message.args)
        except Exception:
            log.warning("broker unavailable; outbox message %s waits for the relay", message.pk, exc_info=True)
            OutboxMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
            break
        OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        published += 1
    return published
