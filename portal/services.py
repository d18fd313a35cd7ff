"""Site-wide state changes: notifications (inbox + e-mail after commit) and user activation."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from portal import outbox
from portal.cache import is_down as cache_is_down
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
    # A message that would tie its recipient to a confidential matter (a conduct reporter's own report):
    # only the recipient ever sees it — the admin lists none of them.
    confidential: bool = False


def enqueue_once(flag: str, timeout: int, task, *args) -> None:
    """Queue `task` through the outbox unless someone asked with the same `flag` in the last `timeout` seconds.

    The flag lives in the shared cache, so a page many people open queues one message per interval; with the
    cache down every caller writes the message, and the outbox key still keeps one of them pending.
    """
    if not cache.add(flag, 1, timeout=timeout) and not cache_is_down(cache):
        return
    outbox.send(task, *args, key=flag)


# The one pending e-mail delivery message (portal.tasks.deliver_emails sends every e-mail pending when it runs).
EMAIL_DELIVERY_KEY = "portal:deliver-emails"


def request_email_delivery() -> None:
    """Ask the worker, in the caller's transaction, to e-mail what is pending (one outbox row, INSERT … ON
    CONFLICT DO NOTHING: while a delivery message waits to be published, later requests add nothing).

    The message commits with the notifications, so a broker outage delays e-mail until beat's relay runs once
    the broker is back (portal/outbox.py); no later user action is needed.
    """
    outbox.send("portal.tasks.deliver_emails", key=EMAIL_DELIVERY_KEY)


def notify_many(drafts: Iterable[Draft], *, email: bool = True) -> list[Notification]:
    """Create inbox rows; keyed drafts already sent are skipped. E-mail is requested in the same transaction.

    Plain drafts are one INSERT … RETURNING. Keyed drafts are a second insert that skips keys already
    used, read back through the (recipient, key) unique index; rows skipped keep the batch token of the
    call that created them, so they are not read back (nor e-mailed) twice.
    """
    drafts = [d for d in drafts if d.recipient is not None and d.recipient.is_active]
    if not drafts:
        return []
    token = uuid.uuid4().hex

    def row(d: Draft) -> Notification:
        pending = email and d.recipient.email
        return Notification(
            recipient=d.recipient, subject=d.subject[:200], body=d.body, url=d.url, key=d.key, batch=token,
            confidential=d.confidential,
            email_status=Notification.EmailStatus.PENDING if pending else Notification.EmailStatus.NONE,
        )

    plain = [row(d) for d in drafts if not d.key]
    keyed = [row(d) for d in drafts if d.key]
    # No savepoint inside a caller's transaction: neither insert can fail on a repeated key, and two round
    # trips less matter on the complaint submission path.
    with transaction.atomic(savepoint=False):
        created = Notification.objects.bulk_create(plain) if plain else []
        if keyed:
            Notification.objects.bulk_create(keyed, ignore_conflicts=True)
            created += Notification.objects.filter(
                recipient_id__in={n.recipient_id for n in keyed}, key__in={n.key for n in keyed}, batch=token
            ).order_by("id")
        if any(n.email_status == Notification.EmailStatus.PENDING for n in created):
            request_email_delivery()
    return created


@dataclass(frozen=True)
class Audience:
    """Everyone a queryset of users selects, told the same thing (see notify_audiences)."""

    users: QuerySet
    subject: str
    body: str = ""
    url: str = ""


def notify_audiences(audiences: Iterable[Audience], *, email: bool = True) -> int:
    """Tell whole audiences in one INSERT … SELECT; returns how many inbox rows were written.

    The recipients are chosen in the database and never loaded into Python: this is the complaint
    submission's fan-out, the busiest write of the portal (docs/benchmarks.md). No once-only keys here
    (use notify_many for those). E-mail is requested in the same transaction, as with notify_many (call it
    inside the caller's transaction).
    """
    audiences = list(audiences)
    if not audiences:
        return 0
    qn = connection.ops.quote_name
    table = qn(Notification._meta.db_table)
    column = {f: qn(Notification._meta.get_field(f).column) for f in (
        "recipient", "subject", "body", "url", "key", "batch", "email_status", "email_attempts")}
    token = uuid.uuid4().hex
    selects, params = [], []
    for a in audiences:
        users = a.users.filter(is_active=True).order_by().values(user_id=F("pk"), user_email=F("email"))
        sql, p = users.query.sql_with_params()
        selects.append("SELECT r.user_id, %s, %s, %s, '', %s, "
                       "CASE WHEN %s AND r.user_email <> '' THEN %s ELSE %s END, 0 "
                       f"FROM ({sql}) AS r")
        params += [a.subject[:200], a.body, a.url, token, email,
                   Notification.EmailStatus.PENDING, Notification.EmailStatus.NONE, *p]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(column.values())}) " + " UNION ALL ".join(selects), params)
        written = cursor.rowcount
    if email and written:
        request_email_delivery()
    return written


def notify(recipients: User | Iterable[User | None] | None, *, subject: str, body: str = "", url: str = "",
           key: str = "", email: bool = True, confidential: bool = False) -> list[Notification]:
    """Tell one or several users something: an inbox row each, and an e-mail after commit.

    `confidential`: the message ties its recipient to a confidential matter (a conduct reporter's report);
    nobody but the recipient sees it (the admin hides it)."""
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
        drafts.append(Draft(recipient=user, subject=subject, body=body, url=url, key=key, confidential=confidential))
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
