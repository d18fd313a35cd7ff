"""The security audit log: one call, `record()`, for every event an assessor asks about.

Events (SecurityEvent.event): login, login_failed, lockout, logout, password_change, permission_denied,
not_found (a foreign or missing object), export, admin_change, conduct_report_read, integrity_read, … —
a new kind is just a new string. Recording never fails the request it describes: the row is written outside
the caller's transaction only where the caller has none (a refused request rolls back, its record must not).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from portal.models import SecurityEvent

log = logging.getLogger(__name__)

Result = SecurityEvent.Result

# The request being served (set by portal.security.AuditMiddleware), so rows written where no request is at
# hand — a signal from the admin's change log, a service logging reads — still carry the address and agent.
current_request: ContextVar = ContextVar("portal_audit_request", default=None)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR (a proxy in front sets it through gunicorn's forwarded-allow-ips)."""
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def record(event: str, *, request=None, user=None, username: str = "", result: str = Result.SUCCESS,
           obj=None, object_type: str = "", object_id: str = "", **detail) -> SecurityEvent | None:
    """Append one row to the audit log; returns it, or None if the database refused (logged, never raised)."""
    row = build(event, request=request, user=user, username=username, result=result, obj=obj,
                object_type=object_type, object_id=object_id, **detail)
    try:
        row.save(force_insert=True)
    except Exception:
        log.exception("security audit record failed: %s %s", event, row.username)
        return None
    return row


def record_many(event: str, objs, *, request=None, user=None, **detail) -> None:
    """One row per object in one INSERT (e.g. every conduct report a list page showed)."""
    rows = [build(event, request=request, user=user, obj=obj, **detail) for obj in objs]
    if not rows:
        return
    try:
        SecurityEvent.objects.bulk_create(rows)
    except Exception:
        log.exception("security audit record failed: %s × %d", event, len(rows))


def build(event: str, *, request=None, user=None, username: str = "", result: str = Result.SUCCESS,
          obj=None, object_type: str = "", object_id: str = "", **detail) -> SecurityEvent:
    if request is None:
        request = current_request.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return SecurityEvent(
        event=event[:40], result=result,
        user_pk=user.pk if user is not None else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        ip=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        method=(request.method or "")[:8] if request is not None else "",
        path=request.path[:300] if request is not None else "",
        object_type=object_type[:60], object_id=str(object_id)[:64], detail=detail,
    )


def purge(now=None) -> int:
    """Delete rows older than AUDIT_RETENTION_DAYS (never below 180: settings refuse less, and so does the
    database trigger on PostgreSQL). Returns how many went; the purge itself is recorded."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    days = max(180, settings.AUDIT_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    count, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    record("audit_purge", deleted=count, retention_days=days, before=cutoff.isoformat())
    return count
