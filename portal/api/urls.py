"""One router for the whole API; each app adds its resources through `register(router)` in its api.py."""

from importlib import import_module

from django.contrib.auth import authenticate
from django.urls import include, path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from portal import audit, lockout, tokens
from portal.api import views
from portal.api.parsers import SafeJSONParser


class Router(DefaultRouter):
    """Object ids in API URLs are digits (a viewset may say otherwise with lookup_value_regex): /complaints/abc/
    and /complaints/<5,000 digits>/ are a 404 from the URL conf, never a ValueError in a view."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if not getattr(viewset, "lookup_value_regex", None):
            viewset.lookup_value_regex = "[0-9]{1,18}"
        return super().get_lookup_regex(viewset, lookup_prefix)


# The apps with an `api` module (register(router) and, optionally, urlpatterns of their own).
API_APPS = ("complaints", "liaison", "conduct", "declarations", "oversight", "policies", "leadership", "accountability",
            "dossier", "meetings")

router = Router()
router.include_format_suffixes = False
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("notifications", views.NotificationViewSet, basename="notification")
for app in API_APPS:
    import_module(f"{app}.api").register(router)


class TokenView(ObtainAuthToken):
    """POST username and password, receive {"token": …, "expires": …} for the Authorization: Token header.

    Authenticates with the HTTP request, so the login protection (portal/lockout.py) counts and refuses here
    as on the login form: a locked-out user name or address gets 429 with when to try again.
    """

    authentication_classes: list = []
    permission_classes: list = []
    # ObtainAuthToken names its own parsers, DRF's plain JSONParser among them; use the site's.
    parser_classes = (FormParser, MultiPartParser, SafeJSONParser)

    @extend_schema(responses={
        200: {"type": "object", "properties": {"token": {"type": "string"}, "expires": {"type": "string",
                                                                                         "format": "date-time"}}},
        400: {"type": "object", "properties": {"detail": {"type": "string"}}},
        429: {"type": "object", "properties": {"detail": {"type": "string"}, "retry_after": {"type": "string"}}},
    })
    def post(self, request, *args, **kwargs):
        data = request.data if hasattr(request.data, "get") else {}
        username, password = data.get("username"), data.get("password")
        if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
            return Response({"detail": _("请提供用户名和密码。")}, status=400)
        # No account has such a name: refused before the lockout records it (its columns hold 150 characters, and
        # PostgreSQL refuses a NUL in text).
        if len(username) > 150 or len(password) > 4096 or "\x00" in username or "\x00" in password:
            return Response({"detail": _("用户名或密码不正确。")}, status=400)
        http = request._request
        user = authenticate(http, username=username, password=password)
        if getattr(http, "axes_locked_out", False):
            return lockout.lockout_response(http, None, {"username": username})
        if user is None:
            return Response({"detail": _("用户名或密码错误。")}, status=400)
        lockout.forget_failures(http, username)
        key = tokens.issue(user)
        token = user.auth_token
        audit.record("login", request=http, user=user, via="token")
        return Response({"token": key, "expires": timezone.localtime(tokens.expires_at(token)).isoformat()})


api_urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
for app in API_APPS:
    api_urlpatterns += getattr(import_module(f"{app}.api"), "extra_urlpatterns", [])
