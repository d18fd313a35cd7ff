"""Thin tasks: load rows by id, send, record the outcome."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from portal import emails
from portal.models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@shared_task(name="portal.tasks.send_notification_emails")
def send_notification_emails(ids: list[int]) -> int:
    """E-mail the given notifications that are still pending; returns how many were sent."""
    sent = 0
    for pk in ids:
        # Claim the row first (compare-and-set), so two workers never send the same e-mail.
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=pk, email_status=Notification.EmailStatus.PENDING).update(
                email_status=Notification.EmailStatus.SENT
            )
        if not claimed:
            continue
        n = Notification.objects.select_related("recipient").get(pk=pk)
        try:
            emails.send("notification", [n.recipient.email], {"notification": n, "user": n.recipient})
            sent += 1
        except Exception:
            log.exception("e-mail for notification %s failed", pk)
            attempts = n.email_attempts + 1
            status = Notification.EmailStatus.FAILED if attempts >= MAX_ATTEMPTS else Notification.EmailStatus.PENDING
            Notification.objects.filter(pk=pk).update(email_status=status, email_attempts=attempts)
    return sent


@shared_task(name="portal.tasks.deliver_emails")
def deliver_emails(batch: int = 500) -> int:
    """Send every first-attempt e-mail pending now (queued through the outbox by
    portal.services.request_email_delivery). Idempotent: each e-mail is claimed before it is sent, so a message
    published twice, or two deliveries at once, send nothing twice.

    Retries of failed sends are left to the periodic sweep below, so a broken mail server is not hammered
    on every new notification.
    """
    sent = 0
    while True:
        # Each pass claims or fails every row it read (attempts > 0 drops out), so the loop ends.
        ids = list(Notification.objects.email_pending().filter(email_attempts=0).order_by("id")
                   .values_list("pk", flat=True)[:batch])
        sent += send_notification_emails(ids) if ids else 0
        if len(ids) < batch:
            return sent


@shared_task(name="portal.tasks.send_pending_emails")
def send_pending_emails(limit: int = 500) -> int:
    """Pick up e-mails whose first attempt never ran (broker was down) or failed."""
    ids = list(Notification.objects.email_pending().order_by("id").values_list("pk", flat=True)[:limit])
    return send_notification_emails(ids) if ids else 0


@shared_task(name="portal.tasks.relay_outbox")
def relay_outbox(limit: int = 500) -> int:
    """Publish outbox messages left unsent (the broker was down when their transaction committed)."""
    from portal import outbox

    return outbox.relay(limit=limit)


@shared_task(name="portal.tasks.purge_audit_log")
def purge_audit_log() -> int:
    """Daily: security audit rows past AUDIT_RETENTION_DAYS (>= 180) go (portal.audit.purge)."""
    from portal import audit

    return audit.purge()


@shared_task(name="portal.tasks.purge_outbox")
def purge_outbox(days: int = 7) -> int:
    """Delete outbox messages published more than `days` days ago."""
    from portal import outbox

    return outbox.purge_sent(days)
