import pytest
from django.core import mail

from portal.models import Notification
from portal.services import Draft, notify, notify_many
from portal.tasks import deliver_emails, send_notification_emails, send_pending_emails

pytestmark = pytest.mark.django_db


def test_notify_writes_the_inbox_and_mails_after_commit(people, django_capture_on_commit_callbacks):
    user = people["enterprise1"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [n] = notify(user, subject="诉求已受理", body="您的诉求已受理", url="/")
    assert n.email_status == Notification.EmailStatus.PENDING
    assert len(callbacks) == 1 and len(mail.outbox) == 0  # nothing is sent before commit
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
    with django_assert_num_queries(2):  # the insert and reading back what it created
        first = notify_many(drafts)
    second = notify_many(drafts)
    assert len(first) == 1 and second == []
    assert Notification.objects.filter(recipient=user, key="visit-quota:2026-04:1").count() == 1


def test_plain_notifications_are_one_insert(people, django_assert_num_queries):
    users = [people["dispatcher1"], people["enterprise1"], people["enterprise2"]]
    with django_assert_num_queries(1):  # INSERT … RETURNING: no read-back
        created = notify_many([Draft(recipient=u, subject="新诉求待受理") for u in users])
    assert [n.recipient_id for n in created] == [u.pk for u in users] and all(n.pk for n in created)


@pytest.fixture
def published(monkeypatch):
    """Every delivery request that reaches the broker, without a broker."""
    from portal import tasks

    calls = []
    monkeypatch.setattr(tasks.deliver_emails, "delay", lambda *a, **k: calls.append(a))
    return calls


def test_one_queued_delivery_covers_many_notifications(people, published, django_capture_on_commit_callbacks):
    for name in ("dispatcher1", "handler1", "enterprise1"):
        with django_capture_on_commit_callbacks(execute=True):
            notify(people[name], subject=f"给{name}的通知")
    assert len(published) == 1  # the later commits found a delivery already queued
    assert deliver_emails() == 3 and len(mail.outbox) == 3
    # The task cleared the flag as it started: the next notification queues a new delivery.
    with django_capture_on_commit_callbacks(execute=True):
        notify(people["handler2"], subject="又一条")
    assert len(published) == 2


def test_delivery_leaves_failed_sends_to_the_periodic_sweep(people):
    [n] = notify(people["handler1"], subject="上次发送失败")
    Notification.objects.filter(pk=n.pk).update(email_attempts=1)
    assert deliver_emails() == 0 and len(mail.outbox) == 0
    assert send_pending_emails() == 1 and len(mail.outbox) == 1


def test_broker_down_keeps_the_notification_and_the_sweep_sends_it(people, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from portal import tasks
    from portal.services import EMAIL_DELIVERY_QUEUED

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.deliver_emails, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        [n] = notify(people["dispatcher1"], subject="新诉求待分办")
    assert Notification.objects.get(pk=n.pk).email_status == Notification.EmailStatus.PENDING
    assert len(mail.outbox) == 0
    assert cache.get(EMAIL_DELIVERY_QUEUED) is None  # nothing queued, so the next commit tries again
    assert send_pending_emails() == 1
    assert len(mail.outbox) == 1


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
