"""The transactional outbox: written with the change, published after commit or by beat's relay, once."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from portal import outbox
from portal.models import OutboxMessage


@pytest.fixture
def published(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(outbox, "_publish", lambda message: calls.append(message.pk))
    return calls


@pytest.mark.django_db
def test_a_message_rolls_back_with_its_transaction(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.send("portal.tasks.deliver_emails", 1)
            raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists() and published == []


@pytest.mark.django_db
def test_a_keyed_message_waits_once_and_a_new_one_follows_once_it_is_published(published,
                                                                                 django_assert_num_queries):
    with django_assert_num_queries(1):  # one INSERT … ON CONFLICT DO NOTHING RETURNING
        first = outbox.send("oversight.tasks.refresh_summary", 2026, 1, None, key="k")
    assert outbox.send("oversight.tasks.refresh_summary", 2026, 1, None, key="k") is None
    assert OutboxMessage.objects.get().args == [2026, 1, None]
    assert outbox.relay() == 1 and published == [first.pk]
    assert outbox.send("oversight.tasks.refresh_summary", 2026, 1, None, key="k") is not None
    assert OutboxMessage.objects.filter(key="k").count() == 2


@pytest.mark.django_db
def test_the_relay_claims_its_messages_in_one_statement(monkeypatch, django_assert_num_queries):
    """Every submission's after-commit relay: the claim (UPDATE … RETURNING over SELECT … FOR UPDATE SKIP
    LOCKED) is one statement, not a read and a mark; what is published is the stored message."""
    first = outbox.send("oversight.tasks.refresh_summary", 2026, 1, None, key="k")
    second = outbox.send("portal.tasks.deliver_emails")
    seen: list[tuple] = []
    monkeypatch.setattr(outbox, "_publish", lambda m: seen.append((m.pk, m.task, m.args, m.key)))
    with django_assert_num_queries(3) as ctx:  # in a test's transaction: savepoint, the claim, release
        assert outbox.relay([second.pk], after_commit=True) == 1
    [claim] = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert claim.startswith("UPDATE") and (connection.vendor != "postgresql" or "SKIP LOCKED" in claim)
    assert seen == [(second.pk, "portal.tasks.deliver_emails", [], "")]
    assert outbox.relay() == 1 and seen[1] == (first.pk, "oversight.tasks.refresh_summary", [2026, 1, None], "k")
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_broker_failure_stops_the_relay_and_the_next_relay_publishes(monkeypatch):
    ids = [outbox.send("portal.tasks.deliver_emails").pk for _ in range(3)]
    down = [True]
    calls: list[int] = []

    def publish(message):
        if down[0]:
            raise ConnectionError("broker down")
        calls.append(message.pk)

    monkeypatch.setattr(outbox, "_publish", publish)
    assert outbox.relay() == 0
    assert list(OutboxMessage.objects.order_by("id").values_list("attempts", flat=True)) == [1, 0, 0]
    assert outbox.relay([ids[1]], after_commit=True) == 0 and calls == []  # a request does not wait for it
    down[0] = False
    assert outbox.relay() == 3 and calls == ids
    assert outbox.relay() == 0 and not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises writers)")
def test_two_relays_at_once_never_publish_the_same_message(monkeypatch):
    OutboxMessage.objects.bulk_create([OutboxMessage(task="portal.tasks.deliver_emails") for _ in range(20)])
    calls: list[int] = []
    lock = threading.Lock()

    def slow_publish(message):
        time.sleep(0.02)
        with lock:
            calls.append(message.pk)

    monkeypatch.setattr(outbox, "_publish", slow_publish)
    counts: list[int] = []

    def run():
        try:
            counts.append(outbox.relay(limit=5))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(calls) == sorted(set(calls)) and len(calls) == 20 == sum(counts)
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
