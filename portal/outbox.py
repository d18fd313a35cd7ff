"""Transactional outbox: queue a Celery task in the same transaction as the change that needs it.

    from portal import outbox
    outbox.send("policies.tasks.push_policy", policy.pk)           # inside the service's transaction
    outbox.send("portal.tasks.deliver_emails", key="deliver-emails")  # one pending message however many ask

`send()` is one INSERT in the caller's transaction (with a key: `INSERT … ON CONFLICT DO NOTHING`, so a
message with the same key still waiting makes it a no-op). The row commits or rolls back with the change.
After commit the relay publishes it at once; when the broker is down the row waits, and the beat schedule's
relay (portal.tasks.relay_outbox, every minute) publishes it once the broker is back — nobody has to file the
next complaint for it to go.

Exactly once: a relay claims the rows it publishes (one UPDATE … RETURNING over SELECT … FOR UPDATE SKIP LOCKED,
in a transaction that commits after publishing), so two relays — the request's and beat's, or two workers' — never publish
the same row. A crash after publishing but before that commit publishes the row again later: every task sent
this way must be idempotent (deliver_emails claims each notification with a compare-and-set; a summary
refresh recomputes). The Celery task id is `outbox-<row id>`, the same for both publications.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from portal.models import OutboxMessage

log = logging.getLogger(__name__)

# After a failed publish, the after-commit relay of this process leaves messages to the beat relay for this
# long instead of making every request wait for the broker's connection timeout.
BROKER_RETRY_SECONDS = 10.0
_broker_down_until = 0.0


def _task_name(task) -> str:
    return task if isinstance(task, str) else task.name


def send(task, *args, key: str = "") -> OutboxMessage | None:
    """Write the message in the caller's transaction (one statement); it is published after commit.

    Returns the message, or None when `key` is given and a message with that key is still unpublished (that
    one will do the work: tasks sent with a key read their work from the database when they run).
    """
    name = _task_name(task)
    qn = connection.ops.quote_name
    table = qn(OutboxMessage._meta.db_table)
    payload = json.dumps(list(args), cls=DjangoJSONEncoder)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({qn('task')}, {qn('args')}, {qn('key')}, {qn('attempts')}) "
            f"VALUES (%s, %s, %s, 0) ON CONFLICT DO NOTHING RETURNING {qn('id')}",
            [name, payload, key],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    pk = row[0]
    transaction.on_commit(lambda: relay([pk], after_commit=True))
    return OutboxMessage(pk=pk, task=name, args=list(args), key=key)


def _publish(message: OutboxMessage) -> None:
    """Hand one message to Celery (in tests without a broker, eager tasks run here)."""
    from portal.celery import app

    app.signature(message.task, args=message.args).apply_async(task_id=f"outbox-{message.pk}")


def relay(ids: list[int] | None = None, *, limit: int = 500, after_commit: bool = False) -> int:
    """Publish unsent messages (the given ones, or all of them oldest first, `limit` a batch); returns how many
    were published. Stops at the first broker failure: the rest wait for the next relay."""
    global _broker_down_until
    if after_commit and time.monotonic() < _broker_down_until:
        return 0  # the broker failed a moment ago: beat's relay publishes these
    published = 0
    while True:
        done, failed = _relay_batch(ids, limit)
        published += done
        if failed:
            _broker_down_until = time.monotonic() + BROKER_RETRY_SECONDS
            return published
        if ids is not None or done < limit:
            return published


def _relay_batch(ids: list[int] | None, limit: int) -> tuple[int, bool]:
    with transaction.atomic():
        claimed = _claim(ids, limit)
        for i, message in enumerate(claimed):
            try:
                _publish(message)
            except Exception:
                log.warning("broker unavailable; outbox message %s (%s) waits for the relay", message.pk,
                            message.task, exc_info=True)
                # Unclaim this one and the rest of the batch (still locked by this transaction): they wait.
                OutboxMessage.objects.filter(pk=message.pk).update(sent_at=None, attempts=F("attempts") + 1)
                if rest := [m.pk for m in claimed[i + 1:]]:
                    OutboxMessage.objects.filter(pk__in=rest).update(sent_at=None)
                return i, True
    return len(claimed), False


def _claim(ids: list[int] | None, limit: int) -> list[OutboxMessage]:
    """Mark up to `limit` unsent messages sent and return them, oldest first, in one statement (UPDATE …
    RETURNING over a SELECT … FOR UPDATE SKIP LOCKED): rows another relay holds are skipped, not waited for
    (SQLite: the write lock serialises). The mark commits only with the caller's transaction, after the
    publishing — a crash before that leaves the rows unsent. (The after-commit relay of every submission:
    one round trip fewer than reading the rows and marking them apart.)"""
    qs = OutboxMessage.objects.filter(sent_at__isnull=True).order_by("id")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    inner, params = qs.select_for_update(skip_locked=True).values("pk")[:limit].query.sql_with_params()
    qn = connection.ops.quote_name
    table = qn(OutboxMessage._meta.db_table)
    fields = [OutboxMessage._meta.get_field(f) for f in ("id", "task", "args", "key", "attempts")]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {qn('sent_at')} = %s WHERE {qn('id')} IN ({inner}) "
            f"RETURNING {', '.join(qn(f.column) for f in fields)}",
            [timezone.now(), *params],
        )
        rows = cursor.fetchall()
    args = fields[2]
    claimed = [OutboxMessage(pk=pk, task=task, args=args.from_db_value(value, None, connection), key=key,
                             attempts=attempts) for pk, task, value, key, attempts in rows]
    return sorted(claimed, key=lambda m: m.pk)


def pending() -> int:
    """How many messages wait for the broker (for /healthz)."""
    return OutboxMessage.objects.filter(sent_at__isnull=True).count()


def purge_sent(older_than_days: int = 7) -> int:
    """Delete published messages older than the given age; returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
