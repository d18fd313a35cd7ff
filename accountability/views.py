"""Pages: the 问责 flag list, cases (list, open, detail, revise) and an official's yearly record. Thin views over
accountability.queries (reads) and accountability.services (changes)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accountability import queries, services
from accountability.forms import CaseForm, ReviseForm
from accountability.models import Case, deductions
from portal import audit
from portal.errors import TransitionRefused
from portal.pagination import CappedPaginator as Paginator
from portal.params import parse_id, parse_year
from portal.roles import role_required

PAGE_SIZE = 20
Source = Case.Source


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    if value == "all":
        return None
    return parse_year(value) or timezone.localdate().year


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 5, -1))


@role_required(*queries.READER_ROLES)
def flags(request):
    """Complaints flagged for 问责 (踢皮球, 督办后仍超期), each with a button to open a case."""
    year = _year(request)
    page = Paginator(queries.flag_list(request.user, year=year), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accountability/flags.html", {
        "page": page, "year": year, "years": _years(), "can_open": services.can_open(request.user)})


@role_required(*queries.READER_ROLES)
def cases(request):
    year = _year(request)
    department = parse_id(request.GET.get("department"))
    qs = queries.case_list(request.user, year=year, department_id=department)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accountability/cases.html", {
        "page": page, "year": year, "years": _years(), "can_open": services.can_open(request.user),
        "deductions": _deduction_rows()})


def _deduction_rows() -> list[tuple[str, float]]:
    points = deductions()
    return [(label, points.get(value, 0)) for value, label in Case.Measure.choices]


def _clue(request):
    """Where the new case comes from (?source=…&complaint=… or ?notice=…), with what the form starts with."""
    user = request.user
    source = request.GET.get("source", "")
    if source not in Source.values:
        source = Source.NOTICE if request.GET.get("notice") else Source.COMPLAINT
    notice, complaint = None, None
    if source == Source.NOTICE:
        notice = queries.get_notice(user, parse_id(request.GET.get("notice")) or 0)
        complaint = queries.get_flagged_complaint(user, notice.complaint_id)
    else:
        complaint = queries.get_flagged_complaint(user, parse_id(request.GET.get("complaint")) or 0)
    initial = {"decided_on": timezone.localdate()}
    if source == Source.FLAG_BOUNCED:
        initial["grounds"] = _("服务企业“推拖绕”：诉求%(number)s已转办%(n)d次（首问负责制、强化监督执纪）") % {
            "number": complaint.number, "n": complaint.transfer_count}
    elif source in (Source.FLAG_LATE, Source.NOTICE):
        initial["grounds"] = _("督办后仍未按期办理：诉求%(number)s（强化监督执纪）") % {"number": complaint.number}
    else:
        initial["grounds"] = _("诉求%(number)s办理中不履行或不正确履行职责（强化监督执纪）") % {
            "number": complaint.number}
    department_id = (notice.department_id if notice else complaint.department_id) or \
        queries.last_transferred_from(complaint)
    if department_id:
        initial["department"] = department_id
    return source, complaint, notice, initial


@role_required(*queries.OPENER_ROLES)
def new(request):
    source, complaint, notice, initial = _clue(request)
    form = CaseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.open_case(by=request.user, source=source, target=d["target"], department=d["department"],
                                      official=d["official"], complaint=complaint, notice=notice,
                                      grounds=d["grounds"], facts=d["facts"], measure=d["measure"],
                                      decided_on=d["decided_on"], decided_by=d["decided_by"])
        except TransitionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("问责案件已登记。"))
            return redirect("accountability:detail", case.pk)
    query = urlencode({k: v for k, v in (("source", source), ("complaint", complaint.pk),
                                         ("notice", notice.pk if notice else "")) if v})
    return render(request, "accountability/new.html", {
        "form": form, "source": Source(source).label, "complaint": complaint, "notice": notice, "query": query})


@role_required(*queries.READER_ROLES)
def detail(request, pk: int):
    case = queries.get_case_for_user(request.user, pk)
    history = list(case.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])
    return render(request, "accountability/detail.html", {
        "case": case, "history": history, "can_open": services.can_open(request.user)})


@role_required(*queries.OPENER_ROLES)
def revise(request, pk: int):
    case = queries.get_case_for_user(request.user, pk)
    initial = {f: getattr(case, f) for f in ("grounds", "facts", "measure", "decided_on", "decided_by")}
    form = ReviseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_case(case, by=request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("问责案件已修改。"))
            return redirect("accountability:detail", case.pk)
    return render(request, "accountability/revise.html", {"form": form, "case": case})


@role_required(*queries.READER_ROLES)
def official(request, pk: int):
    """干部考核 input: one official's visits, pledge, declarations, flags and accountability cases of a year."""
    person = queries.get_official(request.user, pk)
    year = parse_year(request.GET.get("year", "")) or timezone.localdate().year
    data = queries.official_record(person, year)
    audit.record("accountability_official_record_read", request=request, obj=person, year=year)
    return render(request, "accountability/official.html", {"person": person, "year": year, "years": _years(),
                                                            **data})
