"""Pages: the enterprise search (reached from the staff navigation) and one enterprise's file."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from dossier import queries


def _gate(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not queries.may_read(request.user):
        raise PermissionDenied
    return None


def search(request):
    refused = _gate(request)
    if refused:
        return refused
    text = (request.GET.get("q") or "").strip()[:100]
    return render(request, "dossier/search.html", {
        "q": text, "results": queries.search(request.user, text), "limit": queries.SEARCH_ROWS,
    })


def enterprise(request, pk: int):
    refused = _gate(request)
    if refused:
        return refused
    found = queries.get_enterprise_for(request.user, pk)
    context = queries.profile(found, request.user)
    queries.record_flag_read(request, found, context["flags"])
    return render(request, "dossier/enterprise.html", context)
