import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from portal import api_docs, auditlog, lookups, views
from portal.api.urls import api_urlpatterns
from portal.api_docs import RedocView

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("inbox/", views.inbox, name="inbox"),
        path("accounts/profile/", views.profile, name="profile"),
        path("inbox/read/", views.inbox_read, name="inbox-read"),
        path("inbox/<int:pk>/", views.notification_open, name="notification-open"),
        path("lookup/<slug:kind>/", lookups.lookup, name="lookup"),
        path("audit/", auditlog.audit_log, name="audit"),
        path("audit/export.csv", auditlog.audit_export, name="audit-export"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/register/", views.register, name="register"),
    path("accounts/join-requests/", views.join_requests, name="join-requests"),
    path("accounts/join-requests/<int:pk>/decide/", views.join_request_decide, name="join-request-decide"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", RedocView.as_view(url_name="schema"), name="api-docs"),
    path("api/docs/redoc.standalone.js", api_docs.redoc_bundle, name="api-redoc-bundle"),
    path("api/redoc/", api_docs.redoc_moved, name="api-redoc"),
    path("complaints/", include("complaints.urls")),
    path("liaison/", include("liaison.urls")),
    path("conduct/", include("conduct.urls")),
    path("declarations/", include("declarations.urls")),
    path("oversight/", include("oversight.urls")),
    path("policies/", include("policies.urls")),
    path("leadership/", include("leadership.urls")),
    path("accountability/", include("accountability.urls")),
    path("enterprises/", include("dossier.urls")),
    path("party/", include("party.urls")),
    path("meetings/", include("meetings.urls")),
]

if os.environ.get("PORTAL_BENCH") == "1":
    # `make bench` compares the portal's rates with this bare view under the same gunicorn; never routed otherwise.
    urlpatterns += [path("bench/bare/", views.bench_bare, name="bench-bare"),
                    path("bench/signed-in/", views.bench_signed_in, name="bench-signed-in")]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

admin.site.site_header = "亲清政商服务平台 管理后台"
admin.site.site_title = "亲清政商服务平台"
