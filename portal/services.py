"""Site-wide state changes: notifications (inbox + e-mail after commit) and user activation."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portal.models import Notification, User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Draft:
    """A notification to be sent; `key` set means 'at most once for this recipient'."""

    recipient: User
    subject: str
    body: str = ""
    url: str = ""
    key: str = ""


def enqueue(task, *args) -> bool:
    """Queue a Celery task; a broker outage must not fail the caller (the row stays pending)."""
    try:
        task.delay(*args)
        return True
    except Exception:  # kombu raises many types when the broker is unreachable
        log.warning("broker unavailable; %s will be retried by the pending sweep", task.name, exc_info=True)
        return False


def notify_many(drafts: Iterable[Draft], *, email: bool = True) -> list[Notification]:
    """Create inbox rows in one insert; keyed drafts already sent are skipped. E-mail goes after commit.

    Two queries whatever the number of drafts: the insert and reading back the rows this call created
    (rows skipped by the unique key keep the batch token of the call that created them).
    """
    drafts = [d for d in drafts if d.recipient is not None and d.recipient.is_active]
    if not drafts:
        return []
    token = uuid.uuid4().hex
    rows = [
        Notification(
            recipient=d.recipient,
            subject=d.subject[:200],
            body=d.body,
            url=d.url,
            key=d.key,
            batch=token,
            email_status=(
                Notification.EmailStatus.PENDING if email and d.recipient.email else Notification.EmailStatus.NONE
            ),
        )
        for d in drafts
    ]
    # No savepoint inside a caller's transaction: ignore_conflicts means the insert does not fail on a
    # repeated key, and two round trips less matter on the complaint submission path.
    with transaction.atomic(savepoint=False):
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        # By recipient first: the inbox index finds the rows; `batch` has no index of its own.
        recipients = {d.recipient.pk for d in drafts}
        created = list(Notification.objects.filter(recipient_id__in=recipients, batch=token).order_by("id"))
        ids = [n.pk for n in created if n.email_status == Notification.EmailStatus.PENDING]
        if ids:
            from portal.tasks import send_notification_emails

            transaction.on_commit(lambda: enqueue(send_notification_emails, ids))
    return created


def notify(recipients: User | Iterable[User | None] | None, *, subject: str, body: str = "", url: str = "",
           key: str = "", email: bool = True) -> list[Notification]:
    """Tell one or several users something: an inbox row each, and an e-mail after commit."""
    if recipients is None:
        return []
    if isinstance(recipients, User):
        recipients = [recipients]
    seen: set[int] = set()
    drafts = []
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        drafts.append(Draft(recipient=user, subject=subject, body=body, url=url, key=key))
    return notify_many(drafts, email=email)


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ones) read; returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def activate_user(user: User, *, by: User) -> User:
    """An admin activates a self-registered enterprise account."""
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        notify(user, subject="您的企业账号已激活", body=f"{by.display_name} 已激活您的账号，现在可以登录。", url="/")
    return user
