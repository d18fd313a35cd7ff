"""Issue 11's request-level controls: audit of refusals and foreign 404s, session limits, password expiry.

Plus the receivers (connected in PortalConfig.ready) that write the security audit log for logins, failed
logins, lockouts, logouts, password changes and admin changes, and that end a user's API tokens when their
password changes or the account is deactivated (their sessions end by themselves: Django checks each
session's password hash, and PortalBackend refuses inactive users).
"""

from __future__ import annotations

import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit

LOGIN_AT = "_portal_login_at"  # epoch seconds of the login (absolute limit)
SEEN_AT = "_portal_seen_at"  # epoch seconds of the last request, to the minute (idle limit)
TOUCH_EVERY = 60  # the session is written at most once a minute for the idle clock


class AuditMiddleware:
    """Makes the request known to portal.audit; logs every 403 and a logged-in user's 404 on an object route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            audit.current_request.reset(token)
        status = response.status_code
        if status == 403:
            audit.record("permission_denied", request=request, result=audit.Result.REFUSED, status=403,
                         view=_view_name(request))
        elif status == 404:
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            if match is not None and match.kwargs and user is not None and user.is_authenticated:
                kind, value = next(iter(match.kwargs.items()))
                audit.record("not_found", request=request, result=audit.Result.REFUSED,
                             object_type=match.view_name or "", object_id=str(value), status=404)
        return response


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name or "") if match is not None else ""


class SessionLimitsMiddleware:
    """A logged-in session ends SESSION_IDLE_MINUTES after its last request or SESSION_MAX_HOURS after login.

    The clocks live in the session; it is written for the idle clock at most once a minute, so a logged-in
    request does not pay a session write each time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            now = int(time.time())
            started = session.get(LOGIN_AT)
            seen = session.get(SEEN_AT)
            if started is None or seen is None:  # a session from before these limits: its clocks start now
                started = session.setdefault(LOGIN_AT, now)
                seen = session[SEEN_AT] = now
            idle = now - seen > settings.SESSION_IDLE_MINUTES * 60
            too_old = now - started > settings.SESSION_MAX_HOURS * 3600
            if idle or too_old:
                user = request.user
                audit.record("session_expired", request=request, user=user if user.is_authenticated else None,
                             reason="idle" if idle else "absolute")
                session.flush()
                request.user = AnonymousUser()
                if request.method == "GET" and not request.path.startswith("/api/"):
                    messages.info(request, _("您已长时间未操作或登录已超过时限，请重新登录。"))
            elif now - seen >= TOUCH_EVERY:
                session[SEEN_AT] = now
        return self.get_response(request)


def start_session_clocks(request) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[LOGIN_AT] = session[SEEN_AT] = now


def password_expired(user) -> bool:
    """Government staff (no enterprise) whose password is older than PASSWORD_EXPIRY_DAYS (0 = never)."""
    days = settings.PASSWORD_EXPIRY_DAYS
    if days <= 0 or not user.is_authenticated or user.enterprise_id is not None:
        return False
    changed = user.password_changed_at or user.date_joined
    return timezone.now() - changed > timedelta(days=days)


class PasswordExpiryMiddleware:
    """With PASSWORD_EXPIRY_DAYS set, a staff user whose password expired may only change it (or log out)."""

    ALLOWED = ("password_change", "password_change_done", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (settings.PASSWORD_EXPIRY_DAYS > 0 and session is not None and SESSION_KEY in session
                and not request.path.startswith((settings.STATIC_URL, "/i18n/"))
                and password_expired(request.user)
                and request.path not in {reverse(name) for name in self.ALLOWED}):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("密码已过期，请先在网页上修改密码。")}, status=403)
            messages.warning(request, _("您的密码已超过 %(days)d 天未修改，请先修改密码。") % {
                "days": settings.PASSWORD_EXPIRY_DAYS})
            return redirect("password_change")
        return self.get_response(request)


# ---- receivers (PortalConfig.ready connects them) ----

def on_logged_in(sender, request, user, **kwargs):
    start_session_clocks(request)
    audit.record("login", request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record("login_failed", request=request, user=None, username=str(credentials.get("username") or ""),
                 result=audit.Result.REFUSED if locked else audit.Result.FAILURE, locked_out=locked)


def on_logged_out(sender, request, user, **kwargs):
    audit.record("logout", request=request, user=user)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    # Axes also sends this for each attempt while locked; those are login_failed rows with locked_out=true.
    if getattr(request, "axes_failures_since_start", None) is not None:
        audit.record("lockout", request=request, user=None, username=str(username or ""),
                     result=audit.Result.REFUSED, failures=request.axes_failures_since_start)


def on_user_pre_save(sender, instance, **kwargs):
    if getattr(instance, "_password", None) is not None:  # set_password() was called: a real change
        instance.password_changed_at = timezone.now()
        instance._portal_password_changed = True


def on_user_post_save(sender, instance, created, **kwargs):
    from portal import tokens

    changed = getattr(instance, "_portal_password_changed", False)
    instance._portal_password_changed = False
    if created:
        return
    if changed:
        audit.record("password_change", user=instance)
    if changed or not instance.is_active:
        tokens.revoke(instance)


def audit_admin_log(log_actions):
    """Wraps LogEntry.objects.log_actions (every admin addition, change and deletion, single or bulk)."""

    from django.contrib.contenttypes.models import ContentType

    @wraps(log_actions)
    def wrapper(self, user_id, queryset, action_flag, change_message="", *, single_object=False):
        result = log_actions(self, user_id, queryset, action_flag, change_message, single_object=single_object)
        entries = [result] if single_object else list(result or [])
        flags = {1: "addition", 2: "change", 3: "deletion"}
        for entry in entries:
            ct = ContentType.objects.get_for_id(entry.content_type_id) if entry.content_type_id else None
            audit.record("admin_change", object_type=f"{ct.app_label}.{ct.model}" if ct else "",
                         object_id=entry.object_id or "", action=flags.get(entry.action_flag, str(entry.action_flag)),
                         repr=entry.object_repr[:200], message=str(entry.get_change_message())[:500])
        return result

    wrapper.audited = True
    return wrapper
