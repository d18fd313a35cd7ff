"""The API documentation pages (Swagger UI and Redoc, served from drf-spectacular-sidecar, no CDN) under the
portal's Content-Security-Policy: no inline script or style. Swagger UI's start-up script is fetched as a file
(`SpectacularSwaggerSplitView`) and the page's own rules live in static/css/api-docs.css. Redoc loads no web
fonts, and its bundle is served with the one address it would fetch from the internet (the "API docs by
Redocly" logo) replaced by an empty inline image: the portal runs offline and allows no foreign image."""

from __future__ import annotations

from functools import lru_cache

from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
EMPTY_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "portal/swagger_ui.html"


# Redoc styles its components by adding <style> elements (styled-components), stamped with the nonce given to
# Redoc.init (static/js/redoc-init.js); the two its bundle adds while loading, before it knows the nonce, are
# allowed by their hashes (an empty sheet it fills through the CSSOM, and its scrollbar rules — checked by
# tests/browser/test_csp_pages.py against the pinned drf-spectacular-sidecar). Its search index runs in a
# worker made from a blob: URL. Only this page's policy allows these; scripts stay 'self' only.
REDOC_STYLE_HASHES = ["'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
                      "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='"]


@method_decorator(csp_update({"style-src": [SELF, NONCE, *REDOC_STYLE_HASHES], "worker-src": [SELF, "blob:"]}),
                  name="dispatch")
class RedocView(SpectacularRedocView):
    template_name = "portal/redoc.html"

    def _redoc_standalone(self):
        return reverse("api-redoc-bundle")


@lru_cache(maxsize=1)
def _redoc_bundle() -> bytes:
    with open(finders.find(REDOC_BUNDLE), "rb") as f:
        return f.read().replace(REDOC_LOGO.encode(), EMPTY_IMAGE.encode())


@require_GET
def redoc_bundle(request):
    response = HttpResponse(_redoc_bundle(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
