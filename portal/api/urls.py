"""One router for the whole API; each app adds its resources through `register(router)` in its api.py."""

from importlib import import_module

from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from portal.api import views

router = DefaultRouter()
router.include_format_suffixes = False
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("notifications", views.NotificationViewSet, basename="notification")
for app in ("complaints", "liaison", "conduct", "oversight"):
    import_module(f"{app}.api").register(router)


class TokenView(ObtainAuthToken):
    """POST username and password, receive {"token": …} for the Authorization: Token header."""

    authentication_classes: list = []
    permission_classes: list = []


api_urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
for app in ("complaints", "liaison", "conduct", "oversight"):
    api_urlpatterns += getattr(import_module(f"{app}.api"), "extra_urlpatterns", [])
