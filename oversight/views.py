"""Pages: the dashboard, its exports, the department assessment. Reads only (oversight/queries.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accountability.models import Measure, deductions
from accountability.queries import deductions_by_department
from oversight import queries, rollups
from oversight.assessment import LATE_NOTICE_PENALTY, NOTICE_PENALTY, WEIGHTS, assess
from oversight.exports import export_response
from oversight.tables import VISIT_TABLES, assessment_table, dashboard_tables, export_visit_table
from party.queries import coverage_by_jurisdiction
from portal.dbrouters import reads_from_replica
from portal.models import Department, Role
from portal.roles import may_open, role_required

FORMATS = ("csv", "xlsx")


# Tables whose full rows the stored summary does not keep (only the lowest; see rollups.compact).
def _dashboard_data(request, links=None):
    scope = queries.scope_for(request.user, request.GET)
    snap = rollups.current(scope)
    return scope, snap, dashboard_tables(snap.data, scope.params(), links=links)


# The pages the dashboard's figures and table rows open (the page a row opens is one of its kind): a figure is a
# link only for a reader who may open its page (a leader reads the dashboard, not the complaint lists or the
# liaison pages behind it).
FIGURE_LINKS = {"complaints": ("complaints:all",), "complaint": ("complaints:detail", 0),
                "notices": ("complaints:notices",), "pairings": ("liaison:pairings",),
                "pairing": ("liaison:pairing-detail", 0), "forums": ("liaison:forums",),
                "projects": ("liaison:projects",), "integrity": ("conduct:integrity",), "party": ("party:coverage",),
                "assessment": ("oversight:assessment",)}


def _links(user) -> dict[str, bool]:
    return {key: may_open(user, *target) for key, target in FIGURE_LINKS.items()}


def _filter_context(request, scope) -> dict:
    """Years, jurisdictions (admins) and departments for the filter bar: one or two queries."""
    from portal.models import Jurisdiction

    this_year = timezone.localdate().year
    return {
        "years": list(range(this_year, this_year - 5, -1)),
        "jurisdictions": list(Jurisdiction.objects.all()) if request.user.has_role(Role.ADMIN) else [],
        "departments": list(Department.objects.filter(jurisdiction=scope.jurisdiction, is_active=True)),
    }


@role_required(*queries.DASHBOARD_ROLES)
@reads_from_replica
def dashboard(request):
    links = _links(request.user)
    scope, snap, tables = _dashboard_data(request, links)
    summary = snap.data
    c = summary["complaints"]
    charts = {
        "months": [_("%(m)d月") % {"m": m["month"]} for m in c["by_month"]],
        "labels": {"submitted": _("提交"), "answered": _("已答复"), "reopened": _("重办"), "held": _("已召开"),
                   "open": _("办理中"), "overdue": _("超期")},
        "submitted": [m["submitted"] for m in c["by_month"]],
        "answered": [m["answered"] for m in c["by_month"]],
        "reopened": [m["reopened"] for m in c["by_month"]],
        "forums": summary["forums"]["held_by_month"],
        "status_labels": [s["label"] for s in c["by_status"]],
        "status_counts": [s["count"] for s in c["by_status"]],
        "dept_labels": [d["department"] for d in c["by_department"]],
        "dept_overdue": [d["overdue"] for d in c["by_department"]],
        "dept_open": [d["open"] for d in c["by_department"]],
    }
    return render(request, "oversight/dashboard.html", {
        "scope": scope, "s": summary, "computed_at": snap.computed_at,
        "computed_today": timezone.localdate(snap.computed_at) == timezone.localdate(), "tables": tables, "charts": charts, "query": request.GET.urlencode(),
        "list_params": scope.params(), **_filter_context(request, scope),
        # Measure 十二, live (one GROUP BY over the jurisdiction's enterprises): not a yearly figure.
        "party": coverage_by_jurisdiction([scope.jurisdiction.pk])[0],
        "links": links,
    })


@role_required(*queries.DASHBOARD_ROLES)
@reads_from_replica
def export(request, table: str, fmt: str):
    """One dashboard table as CSV or XLSX, for the same filters as the page."""
    if fmt not in FORMATS:
        raise Http404
    if table in VISIT_TABLES:
        # Every official or pairing, live, streamed from the database (a province holds a million pairings); the
        # stored summary only says how many rows that is, for the audit row.
        scope = queries.scope_for(request.user, request.GET)
        visits = rollups.current(scope).data["visits"]
        total = visits.get(f"{table}_total")
        export = export_visit_table(table, queries.visit_rows_for_export(scope, table))
    else:
        scope, _snap, tables = _dashboard_data(request)
        if table not in tables:
            raise Http404
        export, total = tables[table], None
    name = f"{scope.jurisdiction.code}-{scope.year}-{table}" + (f"-{scope.department.pk}" if scope.department else "")
    return export_response(export, fmt, filename=name, rows_total=total)


@require_POST
@role_required(*queries.ASSESSMENT_ROLES)
def refresh(request):
    """立即刷新: recompute the dashboard's summary for the filters shown, then back to the dashboard."""
    scope = queries.scope_for(request.user, request.POST)
    rollups.refresh(scope)
    messages.success(request, _("数据已刷新。"))
    return redirect(reverse("oversight:dashboard") + "?" + urlencode(scope.params()))


def _assessment_rows(request):
    """Oversight and admins: every department; a department's handlers and head: their own row only."""
    user = request.user
    if not user.is_authenticated:
        return None, None
    params = request.GET.copy()
    params.pop("department", None)
    own = None
    if not user.has_role(*queries.ASSESSMENT_ROLES):
        own = {d.pk for d in Department.objects.filter(head=user)}
        if user.has_role(Role.HANDLER) and user.department_id:
            own.add(user.department_id)
        if not own:
            raise PermissionDenied
        if not user.jurisdiction_id:
            raise PermissionDenied
    scope = queries.scope_for(user, params)
    summary = rollups.current(scope).data
    departments = Department.objects.filter(jurisdiction=scope.jurisdiction, is_active=True).order_by("id")
    rows = assess(summary, departments, deductions_by_department(scope.jurisdiction.pk, scope.year))
    if own is not None:
        rows = [r for r in rows if r.department_id in own]
    return scope, rows


def _may_assess(user) -> bool:
    """Who _assessment_rows lets in: the assessment roles, a department's handlers and its head (the head of their
    own department: the session user comes with it, so a link asks without a query)."""
    return user.is_authenticated and (
        user.has_role(*queries.ASSESSMENT_ROLES) or bool(user.has_role(Role.HANDLER) and user.department_id)
        or bool(user.department_id and user.department.head_id == user.pk))


@reads_from_replica
def assessment(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    scope, rows = _assessment_rows(request)
    this_year = timezone.localdate().year
    return render(request, "oversight/assessment.html", {
        "scope": scope, "rows": rows, "table": assessment_table(rows), "weights": WEIGHTS,
        "notice_penalty": NOTICE_PENALTY, "late_penalty": LATE_NOTICE_PENALTY, "query": request.GET.urlencode(),
        "case_deductions": [(label, deductions().get(value, 0)) for value, label in Measure.choices],
        "years": list(range(this_year, this_year - 5, -1)),
    })


assessment.allowed = _may_assess  # read by links to the page (portal.roles.may_open)


@reads_from_replica
def assessment_export(request, fmt: str):
    if not request.user.is_authenticated:
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404
    scope, rows = _assessment_rows(request)
    return export_response(assessment_table(rows), fmt, filename=f"{scope.jurisdiction.code}-{scope.year}-assessment")
