"""Thin pages: read through liaison.queries, change through liaison.services, redirect after POST."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison import queries, services
from liaison.forms import (
    CancelForumForm,
    ConvertProblemForm,
    DisputeForm,
    ForumForm,
    HoldForumForm,
    PairingForm,
    ProjectForm,
    ReportForm,
    ResolutionForm,
    VisitForm,
    add_service_error,
)
from liaison.models import Forum, ProblemStatus, Visit
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Role
from portal.pagination import CappedPaginator as Paginator
from portal.params import year_param
from portal.redirects import safe_next
from portal.roles import role_required

PAGE_SIZE = 20
REFUSED = (TransitionRefused, ValidationError)


def _year(request) -> int:
    return year_param(request.GET, default=timezone.localdate().year)


def _next_or(request, fallback: str):
    return redirect(safe_next(request, fallback))


# ---------------------------------------------------------------- pairings and visits


@role_required(*queries.STAFF_ROLES, Role.ENTERPRISE)
def pairing_list(request):
    """Pairings with this year's visits against the quota; staff filter and search."""
    year = _year(request)
    qs = queries.pairing_list(request.user, year=year)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(official__full_name__icontains=q)
                       | Q(official__username__icontains=q))
    state = request.GET.get("state", "active")
    if state == "active":
        qs = qs.active()
    elif state == "ended":
        qs = qs.filter(end__lt=timezone.localdate())
    if request.GET.get("mine"):
        qs = qs.filter(official=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    quota = request.user.jurisdiction.visit_quota if request.user.jurisdiction else 3
    return render(request, "liaison/pairing_list.html", {
        "page": page, "year": year, "q": q, "state": state, "quota": quota,
        "can_manage": request.user.has_role(*queries.PAIRING_MANAGERS),
    })


@role_required(Role.OFFICIAL)
def my_pairings(request):
    """The official's paired enterprises with this year's count and a visit log form each (phone-friendly)."""
    return render(request, "liaison/my_pairings.html", official_home_context(request))


def official_home_context(request) -> dict:
    """Home card and page context: the official's pairings with counts (two queries)."""
    year = timezone.localdate().year
    pairings = list(queries.my_pairings(request.user, year=year))
    return {"my_pairings": pairings, "visit_year": year, "visit_form": VisitForm(),
            "visit_forms": Visit.Form.choices}


@role_required(*queries.PAIRING_MANAGERS)
def pairing_create(request):
    form = PairingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pairing = services.create_pairing(official=d["official"], enterprise=d["enterprise"], start=d["start"],
                                              end=d["end"], delegates=d["delegates"], by=request.user)
        except REFUSED as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已建立联系：%(p)s") % {"p": pairing})
            return redirect("liaison:pairing-detail", pairing.pk)
    return render(request, "liaison/pairing_form.html", {"form": form})


@role_required(*queries.STAFF_ROLES, Role.ENTERPRISE)
def pairing_detail(request, pk: int):
    pairing = queries.get_pairing_for_user(request.user, pk)
    year = _year(request)
    visits = (pairing.visits.select_related("logged_by").prefetch_related("problems").order_by("-date", "-id"))
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = queries.pairing_list(request.user, year=year).filter(pk=pk).values(
        "visit_count", "confirmed_count", "disputed_count").first()
    return render(request, "liaison/pairing_detail.html", {
        "pairing": pairing, "page": page, "year": year, "counts": counts,
        "quota": pairing.enterprise.jurisdiction.visit_quota,
        "can_log": services.can_log_visit(request.user, pairing) and pairing.is_active(),
        "can_manage": request.user.has_role(*queries.PAIRING_MANAGERS),
        "form": VisitForm(),
    })


@role_required(*queries.PAIRING_MANAGERS)
@require_POST
def pairing_end(request, pk: int):
    pairing = queries.get_pairing_for_user(request.user, pk)
    try:
        services.end_pairing(pairing=pairing, end=timezone.localdate(), by=request.user)
        messages.success(request, _("已结束该联系。"))
    except REFUSED as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("liaison:pairing-detail", pk)


@role_required(*queries.STAFF_ROLES)
def visit_create(request, pk: int):
    """Log a visit for a pairing (the paired official or a delegate); errors come back with the input kept."""
    pairing = queries.get_pairing_for_user(request.user, pk)
    if not services.can_log_visit(request.user, pairing):  # a role refusal: 403 before any form is shown
        raise RoleRefused(_("只有该企业的联系领导或其委托登记人可以登记走访。"))
    form = VisitForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            visit = services.log_visit(pairing=pairing, by=request.user, date=d["date"], form=d["form"],
                                       companions=d["companions"], discussed=d["discussed"],
                                       follow_up=d["follow_up"], problems=form.problem_lines(),
                                       had_meal=d["had_meal"])
        except TransitionRefused as exc:
            add_service_error(form, exc)
            status = 409
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已登记对%(name)s的走访（%(date)s）。") % {
                "name": pairing.enterprise.name, "date": visit.date})
            return _next_or(request, reverse("liaison:visit-detail", args=[visit.pk]))
    return render(request, "liaison/visit_form.html", {"form": form, "pairing": pairing,
                                                       "next": request.POST.get("next", "")}, status=status)


@role_required(*queries.STAFF_ROLES, Role.ENTERPRISE)
def visit_list(request):
    """Staff: visits of the jurisdiction; an enterprise: visits to it, with confirm/dispute."""
    year = _year(request)
    qs = queries.visit_list(request.user).filter(date__year=year)
    status = request.GET.get("status", "")
    if status in Visit.Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(pairing__enterprise__name__icontains=q) | Q(pairing__official__full_name__icontains=q)
                       | Q(discussed__icontains=q))
    if request.GET.get("mine"):
        qs = qs.filter(Q(pairing__official=request.user) | Q(logged_by=request.user))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "liaison/visit_list.html", {
        "page": page, "year": year, "status": status, "q": q, "statuses": Visit.Status.choices,
        "is_enterprise": request.user.has_role(Role.ENTERPRISE) and not request.user.has_role(*queries.STAFF_ROLES),
    })


@role_required(*queries.STAFF_ROLES, Role.ENTERPRISE)
def visit_detail(request, pk: int):
    visit = queries.get_visit_for_user(request.user, pk)
    is_visited = request.user.has_role(Role.ENTERPRISE) and request.user.enterprise_id == visit.pairing.enterprise_id
    return render(request, "liaison/visit_detail.html", {
        "visit": visit, "can_answer": is_visited and visit.status == Visit.Status.LOGGED,
        "dispute_form": DisputeForm(),
        "can_resolve": request.user.pk == visit.pairing.official_id or request.user.has_role(Role.ADMIN),
    })


@role_required(Role.ENTERPRISE)
@require_POST
def visit_confirm(request, pk: int):
    visit = queries.get_visit_for_user(request.user, pk)
    try:
        services.confirm_visit(visit=visit, by=request.user)
        messages.success(request, _("已确认该走访记录。"))
    except REFUSED as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return _next_or(request, reverse("liaison:visit-detail", args=[pk]))


@role_required(Role.ENTERPRISE)
def visit_dispute(request, pk: int):
    visit = queries.get_visit_for_user(request.user, pk)
    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dispute_visit(visit=visit, by=request.user, reason=form.cleaned_data["reason"])
        except REFUSED as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已提交异议，联系领导和督查人员会收到通知。"))
            return redirect("liaison:visit-detail", pk)
    return render(request, "liaison/visit_dispute.html", {"visit": visit, "form": form})


@role_required(*queries.STAFF_ROLES)
@require_POST
def problem_resolve(request, kind: str, pk: int):
    """Mark a problem solved (staff of the jurisdiction)."""
    problem = queries.get_problem_for_user(request.user, kind, pk)
    try:
        services.resolve_problem(problem=problem, by=request.user)
        messages.success(request, _("已标记为已解决。"))
    except REFUSED as exc:
        messages.error(request, str(exc))
    return _next_or(request, "liaison:pairings")


@role_required(Role.OFFICIAL)
def problem_convert(request, kind: str, pk: int):
    """An official files a problem as a complaint on the enterprise's behalf (it enters routing)."""
    problem = queries.get_problem_for_user(request.user, kind, pk)
    enterprise = services.problem_enterprise(problem)
    text = services.problem_text(problem)
    form = ConvertProblemForm(
        request.POST or None, jurisdiction_id=(enterprise or request.user).jurisdiction_id,
        initial={"title": text.splitlines()[0][:60] if text else "", "description": text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.convert_problem(problem=problem, by=request.user, **form.cleaned_data)
        except (*REFUSED, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已转为诉求 %(number)s，进入受理分办。") % {"number": complaint.number})
            return redirect("complaints:detail", complaint.pk)
    return render(request, "liaison/problem_convert.html", {
        "form": form, "problem": problem, "enterprise": enterprise, "source": services.problem_source(problem),
    })


# ---------------------------------------------------------------- forums


@role_required(*queries.STAFF_ROLES, Role.ENTERPRISE)
def forum_list(request):
    year = _year(request)
    qs = queries.forum_list(request.user).filter(date__year=year)
    status = request.GET.get("status", "")
    if status in Forum.Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(agenda__icontains=q))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    jurisdiction = request.user.jurisdiction
    return render(request, "liaison/forum_list.html", {
        "page": page, "year": year, "status": status, "q": q, "statuses": Forum.Status.choices,
        "held": queries.forums_held(jurisdiction.pk if jurisdiction else None, year),
        "target": jurisdiction.forum_target if jurisdiction else 3,
        "can_schedule": request.user.has_role(*queries.FORUM_ORGANISERS),
    })


@role_required(*queries.FORUM_ORGANISERS)
def forum_create(request):
    form = ForumForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            forum = services.schedule_forum(by=request.user, title=d["title"], date=d["date"], time=d["time"],
                                            place=d["place"], organiser=d["organiser"], agenda=d["agenda"],
                                            invited_enterprises=d["invited_enterprises"],
                                            invited_chambers=d["invited_chambers"], kind=d["kind"])
        except REFUSED as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已安排座谈会，受邀企业会收到通知。"))
            return redirect("liaison:forum-detail", forum.pk)
    return render(request, "liaison/forum_form.html", {"form": form})


@role_required(*queries.STAFF_ROLES, Role.ENTERPRISE)
def forum_detail(request, pk: int):
    forum = queries.get_forum_for_user(request.user, pk)
    can_organise = request.user.has_role(*queries.FORUM_ORGANISERS)
    return render(request, "liaison/forum_detail.html", {
        "forum": forum, "can_organise": can_organise,
        "attended_e": {e.pk for e in forum.attended_enterprises.all()},
        "attended_c": {c.pk for c in forum.attended_chambers.all()},
        "resolution_form": ResolutionForm(forum=forum) if can_organise and forum.status == Forum.Status.HELD else None,
        "cancel_form": CancelForumForm() if can_organise and forum.status == Forum.Status.SCHEDULED else None,
    })


@role_required(*queries.FORUM_ORGANISERS)
def forum_hold(request, pk: int):
    """Record that the forum was held: attendance and minutes."""
    forum = queries.get_forum_for_user(request.user, pk)
    form = HoldForumForm(request.POST or None, forum=forum,
                         initial={"minutes": forum.minutes} if forum.minutes else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if forum.status == Forum.Status.HELD:
                services.update_minutes(forum=forum, by=request.user, minutes=d["minutes"])
            else:
                services.hold_forum(forum=forum, by=request.user, minutes=d["minutes"],
                                    attended_enterprises=d["attended_enterprises"],
                                    attended_chambers=d["attended_chambers"])
        except REFUSED as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已登记座谈会召开情况。"))
            return redirect("liaison:forum-detail", pk)
    return render(request, "liaison/forum_hold.html", {"forum": forum, "form": form})


@role_required(*queries.FORUM_ORGANISERS)
@require_POST
def forum_cancel(request, pk: int):
    forum = queries.get_forum_for_user(request.user, pk)
    form = CancelForumForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_forum(forum=forum, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("已取消座谈会。"))
        except REFUSED as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.error(request, _("请填写取消原因。"))
    return redirect("liaison:forum-detail", pk)


@role_required(*queries.FORUM_ORGANISERS)
@require_POST
def resolution_create(request, pk: int):
    forum = queries.get_forum_for_user(request.user, pk)
    form = ResolutionForm(request.POST, forum=forum)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_resolution(forum=forum, by=request.user, text=d["text"], kind=d["kind"], owner=d["owner"],
                                    enterprise=d["enterprise"], due=d["due"])
        except REFUSED as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已登记议定事项。"))
            return redirect("liaison:forum-detail", pk)
    can_organise = True
    return render(request, "liaison/forum_detail.html", {
        "forum": forum, "can_organise": can_organise, "resolution_form": form,
        "attended_e": {e.pk for e in forum.attended_enterprises.all()},
        "attended_c": {c.pk for c in forum.attended_chambers.all()},
    }, status=400)


# ---------------------------------------------------------------- key projects


@role_required(*queries.STAFF_ROLES)
def project_list(request):
    qs = queries.project_list(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(lead_department__name__icontains=q))
    if request.GET.get("mine"):
        qs = qs.filter(members=request.user)
    state = request.GET.get("state", "active")
    if state == "active":
        qs = qs.filter(is_active=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "liaison/project_list.html", {
        "page": page, "q": q, "state": state, "can_create": request.user.has_role(*queries.PROJECT_MANAGERS),
    })


@role_required(*queries.PROJECT_MANAGERS)
def project_create(request):
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            project = services.create_project(by=request.user, name=d["name"], lead_department=d["lead_department"],
                                              members=d["members"], enterprise=d["enterprise"],
                                              description=d["description"],
                                              planned_investment=d["planned_investment"])
        except REFUSED as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已登记重点项目。"))
            return redirect("liaison:project-detail", project.pk)
    return render(request, "liaison/project_form.html", {"form": form})


@role_required(*queries.STAFF_ROLES)
def project_detail(request, pk: int):
    project = queries.get_project_for_user(request.user, pk)
    reports = project.reports.select_related("submitted_by").prefetch_related("problems").order_by("-month")
    page = Paginator(reports, 12).get_page(request.GET.get("page"))
    can_report = services.can_report(request.user, project)
    return render(request, "liaison/project_detail.html", {
        "project": project, "page": page, "can_report": can_report,
        "form": ReportForm() if can_report else None,
    })


@role_required(*queries.STAFF_ROLES)
def report_create(request, pk: int):
    project = queries.get_project_for_user(request.user, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report = services.submit_report(project=project, by=request.user, month=d["month"],
                                            progress=d["progress"], investment_month=d["investment_month"],
                                            investment_total=d["investment_total"], problems=form.problem_rows())
        except REFUSED as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已提交 %(month)s 巡查督导报告。") % {"month": f"{report.month:%Y-%m}"})
            return redirect("liaison:report-detail", report.pk)
    elif request.method == "GET" and not services.can_report(request.user, project):
        raise PermissionDenied
    return render(request, "liaison/report_form.html", {"project": project, "form": form})


@role_required(*queries.STAFF_ROLES)
def report_detail(request, pk: int):
    report = queries.get_report_for_user(request.user, pk)
    return render(request, "liaison/report_detail.html", {"report": report, "open": ProblemStatus.OPEN})
