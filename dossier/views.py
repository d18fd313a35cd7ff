"""Pages: the enterprise search (reached from the staff navigation) and one enterprise's file."""

from __future__ import annotations

from django.shortcuts import render

from dossier import queries
from portal.roles import access_required


@access_required(queries.may_read)
def search(request):
    text = (request.GET.get("q") or "").strip()[:100]
    return render(request, "dossier/search.html", {
        "q": text, "results": queries.search(request.user, text), "limit": queries.SEARCH_ROWS,
    })


@access_required(queries.may_read)
def enterprise(request, pk: int):
    found = queries.get_enterprise_for(request.user, pk)
    context = queries.profile(found, request.user)
    queries.record_flag_read(request, found, context["flags"])
    return render(request, "dossier/enterprise.html", context)
