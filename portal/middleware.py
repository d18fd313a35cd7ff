"""Response headers every page carries besides Django's own (SecurityMiddleware) and the CSP (django-csp)."""

from __future__ import annotations

from django.conf import settings


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
