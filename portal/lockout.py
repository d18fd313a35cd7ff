"""Login protection (issue 11): django-axes with two limits, a Chinese "try again at" message, and unlocking.

Axes counts failed logins in its AccessAttempt rows (one per user name × address × browser) on every way in —
the login form, the admin login and POST /api/v1/auth/token/ — because each authenticates with the request
and axes' backend comes first in AUTHENTICATION_BACKENDS. This handler adds what axes has no setting for:

- two limits: a user name is locked after LOGIN_FAILURE_LIMIT failures, an address after LOGIN_IP_FAILURE_LIMIT
  (many officials share one NAT, so an address must take far more than one person's typos);
- a window: failures count only while each follows the previous one by less than LOGIN_FAILURE_WINDOW_MINUTES;
  a lock lasts LOGIN_LOCKOUT_MINUTES (axes' cool-off) after the last failure;
- a success clears that user name's failures only, never the address's (one valid account must not reset the
  throttle on a shared address).
"""

from __future__ import annotations

from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """Failures on the scale of LOGIN_FAILURE_LIMIT: the user name's, or the address's scaled down.

        Axes compares this one number with AXES_FAILURE_LIMIT (= LOGIN_FAILURE_LIMIT); the address's count
        n reaches it exactly when n >= LOGIN_IP_FAILURE_LIMIT (floor(n·L/M) >= L  ⇔  n >= M).
        """
        username = get_client_username(request, credentials)
        ip = request.axes_ip_address
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        by_name = Q(username=username) if username else Q(pk__in=[])
        counts = recent.filter(by_name | Q(ip_address=ip)).aggregate(
            name=Sum("failures_since_start", filter=by_name),
            address=Sum("failures_since_start", filter=Q(ip_address=ip)),
        )
        limit, ip_limit = settings.LOGIN_FAILURE_LIMIT, max(1, settings.LOGIN_IP_FAILURE_LIMIT)
        return max(counts["name"] or 0, (counts["address"] or 0) * limit // ip_limit)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None:
            # A run of failures that is not (yet) a lock ends after the window: it counts no more.
            stale = request.axes_attempt_time - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
            AccessAttempt.objects.filter(attempt_time__lt=stale,
                                         failures_since_start__lt=settings.LOGIN_FAILURE_LIMIT).delete()
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login: that user name's failures go, the address's stay."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def locked_until(username: str | None, ip: str | None):
    """When the newest failure that keeps this user name or address locked stops counting."""
    cutoff = timezone.now() - settings.AXES_COOLOFF_TIME
    latest = AccessAttempt.objects.filter(Q(username=username or "\0") | Q(ip_address=ip),
                                          attempt_time__gte=cutoff).aggregate(t=Max("attempt_time"))["t"]
    return (latest or timezone.now()) + settings.AXES_COOLOFF_TIME


def lockout_message(until) -> str:
    minutes = max(1, int((until - timezone.now()).total_seconds() + 59) // 60)
    return _("登录失败次数过多，账号已暂时锁定。请于 %(time)s 后（约 %(minutes)d 分钟后）再试，或联系管理员解锁。") % {
        "time": timezone.localtime(until).strftime("%H:%M"), "minutes": minutes,
    }


def lockout_response(request, original_response=None, credentials=None):
    """Axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): 429 with when to try again."""
    from django.contrib.auth.forms import AuthenticationForm

    username = get_client_username(request, credentials) if credentials else request.POST.get("username")
    until = locked_until(username, getattr(request, "axes_ip_address", None))
    message = lockout_message(until)
    retry_after = str(max(1, int((until - timezone.now()).total_seconds())))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "retry_after": timezone.localtime(until).isoformat()}, status=429)
    else:
        form = AuthenticationForm(request, initial={"username": username or ""})
        response = render(request, "registration/login.html", {
            "form": form, "lockout_message": message, "next": request.POST.get("next", ""),
        }, status=429)
    response["Retry-After"] = retry_after
    return response


def unlock(username: str, *, by=None, request=None, via: str = "admin") -> int:
    """Clear a user name's failures (and so its lock); recorded in the audit log. Returns the rows removed."""
    from axes.handlers.proxy import AxesProxyHandler

    from portal import audit

    count = AxesProxyHandler.reset_attempts(username=username)
    audit.record("unlock", request=request, user=by, object_type="portal.user", object_id=username,
                 target=username, via=via, attempts=count)
    return count


def forget_failures(request, username: str) -> None:
    """A successful login outside django.contrib.auth.login (the API token): the user name's failures go."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.get_implementation().reset_user_attempts(request, {"username": username})
