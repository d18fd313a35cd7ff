"""Read-heavy pages on a replica (settings DATABASE_REPLICA_URL); writes, and reads after a write, on the primary.

Only views wrapped in `reads_from_replica` read from the replica, and only while they have written nothing: the
first write of a request sends its later reads to the primary too. A request that wrote sets a short-lived
cookie, so the same browser reads from the primary for REPLICA_PIN_SECONDS afterwards — long enough for the
replica to catch up, so a user never sees their own change missing from the page they open next.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import wraps

from django.conf import settings

REPLICA = "replica"
PIN_COOKIE = "portal_primary"

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def enabled() -> bool:
    return bool(getattr(settings, "REPLICA_READS", False)) and REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() and not _wrote.get() and enabled():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either may point at one from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None


def reads_from_replica(view):
    """Let this view's reads go to the replica (put it innermost: the session and the user are read before,
    from the primary, so a password change or a deactivation is never read stale)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _replica_reads.set(not request.COOKIES.get(PIN_COOKIE))
        try:
            return view(request, *args, **kwargs)
        finally:
            _replica_reads.reset(token)

    return wrapper


def pin_after_write(get_response):
    """Middleware: forget the last request's writes, and pin a browser that just wrote to the primary."""

    def middleware(request):
        token = _wrote.set(False)
        try:
            response = get_response(request)
            wrote = _wrote.get()
        finally:
            _wrote.reset(token)
        if wrote and enabled():
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    return middleware
