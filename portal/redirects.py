"""Where to send the user after a POST: only ever a URL on this site (no open redirect)."""

from __future__ import annotations

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe(request, url: str | None) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def safe_next(request, fallback, *, param: str = "next") -> str:
    """The `next` of the form (or query string) when it stays on this site, else `fallback` (a URL name or path)."""
    target = request.POST.get(param) or request.GET.get(param)
    return target if is_safe(request, target) else resolve_url(fallback)
