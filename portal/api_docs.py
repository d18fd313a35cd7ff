"""The API documentation page: Redoc at /api/docs/, served from drf-spectacular-sidecar (no CDN) under the portal's
Content-Security-Policy — no inline script, no inline style of ours (static/js/redoc-init.js starts it, the page's
rules live in static/css/api-docs.css). Redoc loads no web fonts, and its bundle is served with the one address it
would fetch from the internet (the "API docs by Redocly" logo) replaced by an empty inline image: the portal runs
offline and allows no foreign image.

Swagger UI, which /api/docs/ served before, was dropped: each operation's summary <button> holds its copy and lock
buttons (axe: nested-interactive, WCAG 4.1.2), its own markup that no setting or stylesheet changes, so it could
not meet the standard every page is held to (issue 15). /api/redoc/, Redoc's old address, redirects here."""

from __future__ import annotations

from functools import lru_cache

from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularRedocView

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
EMPTY_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


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


# Old links to /api/redoc/ keep working (a permanent redirect, the query string kept).
redoc_moved = RedirectView.as_view(pattern_name="api-docs", permanent=True, query_string=True,
                                   http_method_names=["get", "head", "options"])


@lru_cache(maxsize=1)
def _redoc_bundle() -> bytes:
    with open(finders.find(REDOC_BUNDLE), "rb") as f:
        return f.read().replace(REDOC_LOGO.encode(), EMPTY_IMAGE.encode())


@require_GET
def redoc_bundle(request):
    response = HttpResponse(_redoc_bundle(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
