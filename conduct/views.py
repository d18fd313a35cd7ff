from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conduct import changelog, queries, services
from conduct.forms import ConcludeForm, DecisionForm, EntryForm, NoteForm, ReasonForm, RepairForm, ReportForm
from conduct.models import ConductReport, IntegrityEntry, Pledge, Register, ReportAccessLog
from portal.errors import TransitionRefused
from portal.models import Role
from portal.pagination import CappedPaginator as Paginator
from portal.params import parse_id, year_param
from portal.roles import role_required
from portal.uploads import private_response

PAGE_SIZE = 20


def _refused(request, exc: TransitionRefused):
    messages.error(request, str(exc))


# ---- registers (public) ---------------------------------------------------------------------


def registers(request):
    """Every register and its rules in force, with source and effective date: public, printable."""
    can_read_changes = request.user.is_authenticated and request.user.has_role(*queries.CHANGE_LOG_READERS)
    return render(request, "conduct/registers.html", {"registers": queries.public_registers(),
                                                      "can_read_changes": can_read_changes})


@role_required(*queries.CHANGE_LOG_READERS)
def changes(request):
    """Every change to rules (or registers): who, when, each field before → after."""
    kind = request.GET.get("kind") if request.GET.get("kind") in changelog.FIELDS else "rule"
    rows = changelog.history_rows(kind)
    register_id = parse_id(request.GET.get("register"))
    if kind == "rule" and register_id:
        rows = rows.filter(register_id=register_id)
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(text__icontains=q) if kind == "rule" else rows.filter(title__icontains=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    changelog.annotate_changes(kind, list(page.object_list))
    return render(request, "conduct/changes.html", {
        "page": page, "kind": kind, "q": q, "register_id": register_id,
        "registers": Register.objects.order_by("order", "id").only("id", "title", "short_name"),
        "action_label": changelog.action_label,
    })


# ---- conduct reports --------------------------------------------------------------------------


@login_required
def report_new(request):
    """Any logged-in user reports a suspected breach."""
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.file_report(
                reporter=request.user, rules=d["rules"], description=d["description"],
                subject_name=d["subject_name"], subject_enterprise=d["subject_enterprise"],
                anonymous=d["anonymous"], files=d["evidence"], submission_token=d.get("submission_token"),
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("举报已提交，监察审计局将依规处理。"))
            return redirect("conduct:my-reports")
    elif request.method == "GET" and parse_id(request.GET.get("rule")):
        form.initial["rules"] = [parse_id(request.GET["rule"])]
    return render(request, "conduct/report_new.html", {"form": form})


@login_required
def my_reports(request):
    """The reporter's receipts: status and outcome of their own reports, never the investigation notes."""
    page = Paginator(queries.reports_filed_by(request.user).order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    services.log_access(request.user, page.object_list, via=ReportAccessLog.Via.RECEIPT)
    return render(request, "conduct/my_reports.html", {"page": page})


@role_required(Role.INVESTIGATOR)
def report_list(request):
    qs = queries.report_list(request.user).order_by("-created_at", "-id")
    status = request.GET.get("status", "")
    if status in ConductReport.Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(description__icontains=q) | Q(subject_name__icontains=q)
                       | Q(subject_enterprise__name__icontains=q))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    services.log_access(request.user, page.object_list, via=ReportAccessLog.Via.LIST)
    return render(request, "conduct/report_list.html", {
        "page": page, "status": status, "q": q, "statuses": ConductReport.Status.choices,
    })


@login_required
def report_detail(request, pk: int):
    report = queries.get_report_for_user(request.user, pk)
    services.log_access(request.user, [report], via=ReportAccessLog.Via.PAGE)
    return render(request, "conduct/report_detail.html", {
        "report": report,
        "evidence": report.evidence.all(),
        "events": report.events.select_related("actor"),
        "access_log": report.access_log.select_related("user")[:50],
        "note_form": NoteForm(), "conclude_form": ConcludeForm(),
    })


@login_required
def report_evidence(request, pk: int, evidence_pk: int):
    report = queries.get_report_for_user(request.user, pk)
    item = report.evidence.filter(pk=evidence_pk).first()
    if item is None:
        raise Http404
    services.log_access(request.user, [report], via=ReportAccessLog.Via.EVIDENCE)
    return private_response(item.file, filename=item.original_name, content_type=item.content_type)


@login_required
@require_POST
def report_investigate(request, pk: int):
    report = queries.get_report_for_user(request.user, pk)
    try:
        services.start_investigation(report, by=request.user)
        messages.success(request, _("已开始调查。"))
    except TransitionRefused as exc:
        _refused(request, exc)
    return redirect("conduct:report-detail", pk=report.pk)


@login_required
@require_POST
def report_note(request, pk: int):
    report = queries.get_report_for_user(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(report, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("调查记录已保存。"))
        except TransitionRefused as exc:
            _refused(request, exc)
    else:
        messages.error(request, _("请填写调查记录。"))
    return redirect("conduct:report-detail", pk=report.pk)


@login_required
@require_POST
def report_conclude(request, pk: int):
    report = queries.get_report_for_user(request.user, pk)
    form = ConcludeForm(request.POST)
    if form.is_valid():
        try:
            services.conclude(report, by=request.user, outcome=form.cleaned_data["outcome"],
                              status=form.cleaned_data["status"])
            messages.success(request, _("举报已办结。"))
            return redirect("conduct:report-detail", pk=report.pk)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
    services.log_access(request.user, [report], via=ReportAccessLog.Via.PAGE)
    return render(request, "conduct/report_detail.html", {
        "report": report, "evidence": report.evidence.all(), "events": report.events.select_related("actor"),
        "access_log": report.access_log.select_related("user")[:50], "note_form": NoteForm(), "conclude_form": form,
    }, status=400)


# ---- integrity list ---------------------------------------------------------------------------


def integrity(request):
    """The entries in force (public): published and within their period today."""
    qs = queries.public_integrity().order_by("list", "-valid_from", "id")
    which = request.GET.get("list", "")
    if which in IntegrityEntry.List.values:
        qs = qs.filter(list=which)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(enterprise__name__icontains=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "conduct/integrity.html", {"page": page, "which": which, "q": q})


@role_required(*queries.INTEGRITY_STAFF)
def integrity_manage(request):
    qs = queries.integrity_visible_to(request.user).order_by("-proposed_at", "-id")
    status = request.GET.get("status", "")
    if status in IntegrityEntry.Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(enterprise__name__icontains=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "conduct/integrity_manage.html", {
        "page": page, "status": status, "q": q, "statuses": IntegrityEntry.Status.choices,
        "can_propose": request.user.has_role(*services.INTEGRITY_STAFF),
    })


@role_required(*services.INTEGRITY_STAFF)
def integrity_new(request):
    form = EntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            entry = services.propose_entry(
                by=request.user, enterprise=d["enterprise"], list=d["list"], reason=d["reason"], basis=d["basis"],
                valid_from=d["valid_from"], valid_until=d["valid_until"], basis_report=d.get("basis_report"),
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已提交，待另一位督查人员审核。"))
            return redirect("conduct:integrity-detail", pk=entry.pk)
    return render(request, "conduct/integrity_new.html", {"form": form})


@role_required(*queries.INTEGRITY_STAFF)
def integrity_detail(request, pk: int):
    entry = queries.get_entry_for_staff(request.user, pk)
    services.log_integrity_read(request.user, entry, via="page")
    return render(request, "conduct/integrity_detail.html", {
        "entry": entry, "reason_form": ReasonForm(),
        "repairs": entry.repairs.select_related("applicant", "decided_by"),
        "can_act": request.user.has_role(*services.INTEGRITY_STAFF),
    })


@role_required(*services.INTEGRITY_STAFF)
@require_POST
def integrity_act(request, pk: int, action: str):
    entry = queries.get_entry_for_staff(request.user, pk)
    reason = request.POST.get("reason", "")
    try:
        if action == "approve":
            services.approve_entry(entry, by=request.user)
        elif action == "publish":
            services.publish_entry(entry, by=request.user)
        elif action == "reject":
            if not reason.strip():
                raise TransitionRefused(_("请填写理由。"))
            services.reject_entry(entry, by=request.user, reason=reason)
        elif action == "withdraw":
            services.withdraw_entry(entry, by=request.user, reason=reason)
        else:
            raise Http404
        messages.success(request, _("操作成功。"))
    except TransitionRefused as exc:
        _refused(request, exc)
    return redirect("conduct:integrity-detail", pk=entry.pk)


# ---- credit repair ----------------------------------------------------------------------------


@role_required(Role.ENTERPRISE)
def repair_mine(request):
    """An enterprise's black entries in force, its applications, and the form to apply."""
    entries = queries.repairable_entries(request.user)
    form = RepairForm(request.POST or None, request.FILES or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_for_repair(entry=form.cleaned_data["entry"], by=request.user,
                                      reason=form.cleaned_data["reason"], files=form.cleaned_data["evidence"])
        except (TransitionRefused, ValidationError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("信用修复申请已提交，请等待督查人员审核。"))
            return redirect("conduct:repair-mine")
    applications = queries.repairs_visible_to(request.user).order_by("-created_at", "-id")
    return render(request, "conduct/repair_mine.html", {"form": form, "entries": entries,
                                                        "applications": applications})


@role_required(Role.OVERSIGHT)
def repair_list(request):
    qs = queries.repairs_visible_to(request.user).order_by("-created_at", "-id")
    status = request.GET.get("status", "")
    if status in ("pending", "approved", "rejected"):
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "conduct/repair_list.html", {"page": page, "status": status})


@login_required
def repair_detail(request, pk: int):
    repair = queries.get_repair_for_user(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_role(Role.OVERSIGHT):
            raise Http404
        if form.is_valid():
            try:
                services.decide_repair(repair, by=request.user, approve=form.cleaned_data["decision"] == "approve",
                                       note=form.cleaned_data["note"])
                messages.success(request, _("审核意见已保存。"))
                return redirect("conduct:repair-detail", pk=repair.pk)
            except TransitionRefused as exc:
                form.add_error(None, str(exc))
    return render(request, "conduct/repair_detail.html", {
        "repair": repair, "evidence": repair.evidence.all(), "form": form,
        "can_decide": request.user.has_role(Role.OVERSIGHT),
    })


@login_required
def repair_evidence(request, pk: int, evidence_pk: int):
    repair = queries.get_repair_for_user(request.user, pk)
    item = repair.evidence.filter(pk=evidence_pk).first()
    if item is None:
        raise Http404
    return private_response(item.file, filename=item.original_name, content_type=item.content_type)


# ---- pledge -----------------------------------------------------------------------------------


@role_required(Role.OFFICIAL, Role.ENTERPRISE)
def pledge(request):
    """The officials' registers and the 我已阅读并承诺遵守 button, once a year."""
    year = timezone.localdate().year
    if request.method == "POST":
        try:
            services.make_pledge(user=request.user, year=year)
            if queries.pledges_as_enterprise(request.user):
                messages.success(request, _("已签署%(year)d年度廉洁承诺。") % {"year": year})
            else:
                messages.success(request, _("已作出%(year)d年度亲清承诺。") % {"year": year})
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect("conduct:pledge")
    registers_qs = queries.pledge_registers(request.user).prefetch_related(
        _current_rules_prefetch()).select_related("jurisdiction")
    return render(request, "conduct/pledge.html", {
        "year": year, "registers": registers_qs, "as_enterprise": queries.pledges_as_enterprise(request.user),
        "pledge": Pledge.objects.filter(user=request.user, year=year).first(),
    })


def _current_rules_prefetch():
    from django.db.models import Prefetch

    from conduct.models import Rule

    return Prefetch("rules", queryset=Rule.objects.current().order_by("order", "number"), to_attr="current_rules")


@role_required(Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)
def pledge_outstanding(request):
    """Officials who have not pledged this year, or (?who=enterprises) enterprises that have not signed."""
    year = year_param(request.GET, default=timezone.localdate().year)
    # Oversight sees its own jurisdiction; admins and staff without a jurisdiction see every one.
    jurisdiction_id = None if request.user.has_role(Role.ADMIN) else request.user.jurisdiction_id
    who = "enterprises" if request.GET.get("who") == "enterprises" else "officials"
    done = Pledge.objects.filter(year=year)
    if who == "enterprises":
        rows = queries.enterprises_without_pledge(year, jurisdiction_id=jurisdiction_id)
        done = done.filter(user__enterprise__isnull=False)
        if jurisdiction_id:
            done = done.filter(user__enterprise__jurisdiction_id=jurisdiction_id)
        done = done.values("user__enterprise_id").distinct()
    else:
        rows = queries.officials_without_pledge(year, jurisdiction_id=jurisdiction_id)
        done = done.filter(user__enterprise__isnull=True)
        if jurisdiction_id:
            done = done.filter(user__jurisdiction_id=jurisdiction_id)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "conduct/pledge_outstanding.html", {"page": page, "year": year, "done": done.count(),
                                                               "who": who})
