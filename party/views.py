"""Pages of 党务群团工作局: the list of enterprises that need a party organisation, and one enterprise's follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from party import queries, services
from party.forms import CoverageForm, OrganisedForm
from portal.pagination import CappedPaginator as Paginator
from portal.params import parse_id
from portal.roles import access_required


@access_required(queries.can_read)
def coverage(request):
    user = request.user
    jurisdiction_id = parse_id(request.GET.get("jurisdiction")) if user.has_role("admin") else None
    unassigned = request.GET.get("unassigned") == "1"
    rows = queries.coverage_list(user, jurisdiction_id=jurisdiction_id, unassigned=unassigned)
    page = Paginator(rows, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    scope = None if user.has_role("admin") else [user.jurisdiction_id]
    return render(request, "party/coverage.html", {
        "page": page, "figures": queries.coverage_by_jurisdiction(scope), "unassigned": unassigned,
        "can_manage": queries.can_manage(user), "min_members": queries.MIN_MEMBERS,
    })


@access_required(queries.can_read)
def edit(request, pk: int):
    enterprise = queries.get_enterprise_for(request.user, pk)
    coverage = getattr(enterprise, "party_coverage", None)
    can_manage = queries.can_manage(request.user)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    initial = {"instructor": coverage.instructor if coverage else None,
               "follow_up_on": coverage.follow_up_on if coverage else None, "note": coverage.note if coverage else ""}
    form = CoverageForm(request.POST if request.method == "POST" and "organised_on" not in request.POST else None,
                        initial=initial, enterprise=enterprise)
    organised = OrganisedForm(request.POST if request.method == "POST" and "organised_on" in request.POST else None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        services.assign(enterprise, by=request.user, instructor=d["instructor"], follow_up_on=d["follow_up_on"],
                        note=d["note"])
        messages.success(request, _("已保存党建指导安排。"))
        return redirect("party:edit", enterprise.pk)
    if organised.is_bound and organised.is_valid():
        services.record_organised(enterprise, by=request.user, on=organised.cleaned_data["organised_on"])
        messages.success(request, _("已记录党组织建立。"))
        return redirect("party:coverage")
    history = list(coverage.history.select_related("history_user", "instructor").order_by("-history_date")[:20]) \
        if coverage else []
    return render(request, "party/edit.html", {
        "enterprise": enterprise, "coverage": coverage, "form": form, "organised": organised,
        "can_manage": can_manage, "history": history,
    })
