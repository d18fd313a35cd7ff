"""Site-wide middleware: input no view should see (NUL bytes: PostgreSQL refuses them in text, a 500), and response
headers every page carries besides Django's own (SecurityMiddleware) and the CSP (django-csp)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def bad_request(request, message: str):
    """400 with a message: JSON under /api/, the site's Chinese error page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}, request=request))


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectBadInputMiddleware:
    """Answer 400 to a query string or form field (name or value) holding a NUL byte, before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET) or (request.content_type in FORM_TYPES and _has_nul(request.POST)):
            return bad_request(request, _("请求参数包含无效字符（NUL），请检查后重试。"))
        return self.get_response(request)


def _has_nul(querydict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in querydict.lists())



class PermissionsPolicyMiddleware:
    """Permissions-Policy: camera, microphone, geolocation, payment… are off for the portal and any frame."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
