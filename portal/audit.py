"""The security audit log: one call, `record()`, for every event an assessor asks about.

Events (SecurityEvent.event): login, login_failed, lockout, logout, password_change, permission_denied,
not_found (a foreign or missing object), export, admin_change, conduct_report_read, integrity_read, … —
a new kind is just a new string. Recording never fails the request it describes: the row is written outside
the caller's transaction only where the caller has none (a refused request rolls back, its record must not).
"""

from __future__ import annotations

import logging

from portal.models import SecurityEvent

log = logging.getLogger(__name__)

Result = SecurityEvent.Result


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR (a proxy in front sets it through gunicorn's forwarded-allow-ips)."""
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def record(event: str, *, request=None, user=None, username: str = "", result: str = Result.SUCCESS,
           obj=None, object_type: str = "", object_id: str = "", **detail) -> SecurityEvent | None:
    """Append one row to the audit log; returns it, or None if the database refused (logged, never raised)."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    row = SecurityEvent(
        event=event[:40], result=result,
        user_pk=user.pk if user is not None else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        ip=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        method=(request.method or "")[:8] if request is not None else "",
        path=request.path[:300] if request is not None else "",
        object_type=object_type[:60], object_id=str(object_id)[:64], detail=detail,
    )
    try:
        row.save(force_insert=True)
    except Exception:
        log.exception("security audit record failed: %s %s", event, row.username)
        return None
    return row
