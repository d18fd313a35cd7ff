import pytest
from django.core import mail

from portal import outbox
from portal.models import Notification, OutboxMessage
from portal.services import EMAIL_DELIVERY_KEY, Draft, notify, notify_many
from portal.tasks import deliver_emails, relay_outbox, send_notification_emails, send_pending_emails

pytestmark = pytest.mark.django_db


def delivery_messages():
    return OutboxMessage.objects.filter(key=EMAIL_DELIVERY_KEY, task="portal.tasks.deliver_emails")


def test_notify_writes_the_inbox_and_the_delivery_request_in_one_transaction(people,
                                                                              django_capture_on_commit_callbacks):
    user = people["enterprise1"]
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [n] = notify(user, subject="诉求已受理", body="您的诉求已受理", url="/")
    assert n.email_status == Notification.EmailStatus.PENDING
    assert delivery_messages().filter(sent_at__isnull=True).count() == 1  # written with the notification
    assert len(callbacks) == 1 and len(mail.outbox) == 0  # published after commit, nothing sent before
    send_notification_emails([n.pk])
    assert len(mail.outbox) == 1
    assert "诉求已受理" in mail.outbox[0].subject and mail.outbox[0].to == [user.email]
    n.refresh_from_db()
    assert n.email_status == Notification.EmailStatus.SENT


def test_an_email_is_sent_once_even_if_the_task_runs_twice(people):
    [n] = notify(people["handler1"], subject="请签收")
    send_notification_emails([n.pk])
    send_notification_emails([n.pk])
    assert len(mail.outbox) == 1


def test_keyed_notification_goes_once(people, django_assert_num_queries):
    user = people["official1"]
    drafts = [Draft(recipient=user, subject="走访提醒", key="visit-quota:2026-04:1")]
    with django_assert_num_queries(3):  # the insert, reading back what it created, the delivery request
        first = notify_many(drafts)
    second = notify_many(drafts)
    assert len(first) == 1 and second == []
    assert Notification.objects.filter(recipient=user, key="visit-quota:2026-04:1").count() == 1


def test_plain_notifications_are_one_insert(people, django_assert_num_queries):
    users = [people["dispatcher1"], people["enterprise1"], people["enterprise2"]]
    with django_assert_num_queries(2):  # INSERT … RETURNING: no read-back; the outbox row for the e-mail
        created = notify_many([Draft(recipient=u, subject="新诉求待受理") for u in users])
    assert [n.recipient_id for n in created] == [u.pk for u in users] and all(n.pk for n in created)


@pytest.fixture
def broker(monkeypatch):
    """A stand-in broker: records what the outbox publishes and runs it inline; `broker.down = True` fails."""
    from portal.celery import app

    class Broker:
        down = False
        published: list[tuple[str, list]] = []

        def publish(self, message):
            if self.down:
                raise ConnectionError("broker unreachable")
            self.published.append((message.task, message.args))
            app.tasks[message.task].apply(args=message.args)

    # A worker imports every app's tasks module at start; so does this stand-in (the seed's pending messages name
    # tasks of apps the test never imported, e.g. policies.tasks.push_policy).
    app.loader.import_default_modules()
    b = Broker()
    b.published = []
    monkeypatch.setattr(outbox, "_publish", b.publish)
    return b


def test_each_commit_publishes_its_delivery_request_once(people, broker, django_capture_on_commit_callbacks):
    relay_outbox()  # the seed's pending request
    broker.published.clear()
    mail.outbox.clear()
    for name in ("dispatcher1", "handler1", "enterprise1"):
        with django_capture_on_commit_callbacks(execute=True):
            notify(people[name], subject=f"给{name}的通知")
    assert broker.published == [("portal.tasks.deliver_emails", [])] * 3
    assert len(mail.outbox) == 3
    assert not delivery_messages().filter(sent_at__isnull=True).exists()
    assert relay_outbox() == 0  # nothing left to publish, nothing published twice


def test_with_the_broker_down_one_pending_request_covers_every_notification(people, broker,
                                                                          django_capture_on_commit_callbacks):
    relay_outbox()
    mail.outbox.clear()
    broker.down = True
    for name in ("dispatcher1", "handler1", "enterprise1"):
        with django_capture_on_commit_callbacks(execute=True):
            notify(people[name], subject=f"给{name}的通知")
    pending = delivery_messages().filter(sent_at__isnull=True)
    assert pending.count() == 1 and pending.get().attempts == 1  # one tried, then left to beat's relay
    assert len(mail.outbox) == 0
    assert Notification.objects.filter(email_status=Notification.EmailStatus.PENDING).count() >= 3
    relay_outbox()  # beat, while the broker is still down
    assert pending.get().attempts == 2 and len(mail.outbox) == 0
    broker.down = False
    assert relay_outbox() == 1  # beat, once the broker is back
    assert sorted(m.to[0] for m in mail.outbox) == sorted(people[n].email for n in (
        "dispatcher1", "handler1", "enterprise1"))
    assert relay_outbox() == 0 and deliver_emails() == 0 and len(mail.outbox) == 3  # once


def test_delivery_leaves_failed_sends_to_the_periodic_sweep(people):
    [n] = notify(people["handler1"], subject="上次发送失败")
    Notification.objects.filter(pk=n.pk).update(email_attempts=1)
    assert deliver_emails() == 0 and len(mail.outbox) == 0
    assert send_pending_emails() == 1 and len(mail.outbox) == 1


def test_broker_down_keeps_the_notification_and_the_sweep_sends_it(people, broker,
                                                                   django_capture_on_commit_callbacks):
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        [n] = notify(people["dispatcher1"], subject="新诉求待分办")
    assert Notification.objects.get(pk=n.pk).email_status == Notification.EmailStatus.PENDING
    assert len(mail.outbox) == 0
    assert send_pending_emails() >= 1
    assert [m.to for m in mail.outbox if "新诉求待分办" in m.subject] == [[people["dispatcher1"].email]]


def test_inbox_page_shows_unread_count_and_marks_read(client, people):
    user = people["enterprise1"]
    notify(user, subject="测试通知一", email=False)
    notify(user, subject="测试通知二", email=False)
    client.force_login(user)
    html = client.get("/inbox/").content.decode()
    assert "测试通知一" in html and 'id="unread-count">2<' in html
    client.post("/inbox/read/")
    assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0


def test_inbox_shows_only_ones_own(client, people):
    notify(people["enterprise2"], subject="别人的通知", email=False)
    client.force_login(people["enterprise1"])
    assert "别人的通知" not in client.get("/inbox/").content.decode()
    other = Notification.objects.get(subject="别人的通知")
    assert client.get(f"/inbox/{other.pk}/").status_code == 404


def test_inbox_query_count_is_fixed(client, people, django_assert_max_num_queries):
    user = people["enterprise1"]
    client.force_login(user)
    for i in range(3):
        notify(user, subject=f"n{i}", email=False)
    client.get("/inbox/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/inbox/")
    for i in range(30):
        notify(user, subject=f"m{i}", email=False)
    with CaptureQueriesContext(connection) as large:
        client.get("/inbox/")
    assert len(small) == len(large)
