"""Thin pages: read through declarations.queries, change through declarations.services, redirect after POST."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from declarations import queries, services
from declarations.forms import DeclarationForm, NoteForm, OutcomeForm
from declarations.models import Declaration, Flag
from portal import audit
from portal.errors import TransitionRefused
from portal.models import Role
from portal.pagination import CappedPaginator as Paginator
from portal.params import parse_year
from portal.roles import role_required

PAGE_SIZE = 20
REFUSED = (TransitionRefused, ValidationError)


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    if value == "all":
        return None
    return parse_year(value) or timezone.localdate().year


def _refused(request, exc: Exception) -> None:
    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)


def _put_on_form(form, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    else:
        form.add_error(None, str(exc))


@role_required(*services.DECLARANT_ROLES)
def mine(request):
    """The declarant's own declarations, newest first, and a button per kind."""
    qs = (queries.declarations_visible_to(request.user).filter(official=request.user)
          .select_related("enterprise").order_by("-created_at", "-id"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "declarations/mine.html", {"page": page, "kinds": Declaration.Kind.choices})


@role_required(*services.DECLARANT_ROLES)
def new(request, kind: str):
    if kind not in Declaration.Kind.values:
        raise Http404
    form = DeclarationForm(request.POST or None, kind=kind, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.declare(by=request.user, kind=kind, data=form.cleaned_data)
        except REFUSED as exc:
            _put_on_form(form, exc)
        else:
            messages.success(request, _("已提交：%(kind)s。") % {"kind": declaration.get_kind_display()})
            return redirect("declarations:detail", declaration.pk)
    return render(request, "declarations/form.html", {"form": form, "kind": kind,
                                                      "kind_label": Declaration.Kind(kind).label})


@role_required(*queries.READER_ROLES)
def edit(request, pk: int):
    declaration = queries.get_declaration_for_user(request.user, pk)
    if declaration.official_id != request.user.pk:
        raise PermissionDenied
    initial = {name: getattr(declaration, name) for name in services.FIELDS[declaration.kind]}
    form = DeclarationForm(request.POST or None, kind=declaration.kind, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_declaration(declaration, by=request.user, data=form.cleaned_data)
        except REFUSED as exc:
            _put_on_form(form, exc)
        else:
            messages.success(request, _("报备已修改，修改前的内容保留在历史记录中。"))
            return redirect("declarations:detail", pk)
    return render(request, "declarations/form.html", {"form": form, "kind": declaration.kind, "declaration": declaration,
                                                      "kind_label": declaration.get_kind_display()})


def history_of(model_history) -> list[dict]:
    """Each historical version with who, when, why and the fields it changed (before → after)."""
    records = list(model_history.select_related("history_user").order_by("history_date", "history_id"))
    rows, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = record.instance._meta.get_field(change.field)
                changes.append({"field": field.verbose_name, "old": change.old, "new": change.new})
        rows.append({"record": record, "changes": changes})
        previous = record
    return rows


def shown_fields(declaration: Declaration) -> list[tuple[str, object]]:
    """The kind's columns as (label, value) for the detail page, choices by their labels."""
    from declarations.forms import _field

    rows = []
    for name in services.FIELDS[declaration.kind]:
        value = getattr(declaration, name)
        display = getattr(declaration, f"get_{name}_display", None)
        rows.append((_field(declaration.kind, name).label, display() if display and value else value))
    return rows


@role_required(*queries.READER_ROLES)
def detail(request, pk: int):
    declaration = queries.get_declaration_for_user(request.user, pk)
    user = request.user
    is_checker = user.has_role(*queries.FLAG_READER_ROLES)
    flags = list(declaration.flags.select_related("closed_by").order_by("id")) if is_checker else []
    if is_checker:
        audit.record("declaration_read", request=request, obj=declaration, official=declaration.official_id)
    return render(request, "declarations/detail.html", {
        "declaration": declaration, "fields": shown_fields(declaration), "history": history_of(declaration.history.all()), "flags": flags,
        "is_checker": is_checker, "can_close": user.has_role(*services.CHECKER_ROLES),
        "can_decide": declaration.status == Declaration.Status.PENDING and services.can_approve(user, declaration),
        "is_mine": declaration.official_id == user.pk,
        "can_record": (declaration.official_id == user.pk and declaration.status == Declaration.Status.APPROVED
                       and declaration.date <= timezone.localdate()),
        "note_form": NoteForm(), "outcome_form": OutcomeForm(),
    })


@require_POST
@role_required(*queries.READER_ROLES)
def act(request, pk: int, action: str):
    """approve, refuse, record, withdraw: one service call each."""
    declaration = queries.get_declaration_for_user(request.user, pk)
    note = request.POST.get("note", "")
    calls = {
        "approve": lambda: services.approve(declaration, by=request.user, note=note),
        "refuse": lambda: services.refuse(declaration, by=request.user, note=note),
        "record": lambda: services.record_outcome(declaration, by=request.user, outcome=request.POST.get("outcome", "")),
        "withdraw": lambda: services.withdraw(declaration, by=request.user),
    }
    if action not in calls:
        raise Http404
    try:
        done = calls[action]()
    except REFUSED as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已办理：%(status)s。") % {"status": done.get_status_display()})
    return redirect("declarations:detail", pk)


@role_required(Role.APPROVER, *services.DECLARANT_ROLES)
def approvals(request):
    """Event requests waiting for the user's decision."""
    page = Paginator(queries.pending_for_approver(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "declarations/approvals.html", {"page": page})


@role_required(*queries.FLAG_READER_ROLES)
def flags(request):
    """The cross-check's flags, by year and status; each links to the official's page and the declaration."""
    year = _year(request)
    status = request.GET.get("status", "open")
    qs = queries.flag_list(request.user, year=year, status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record("declaration_flags_read", request=request, year=year, status=status)
    return render(request, "declarations/flags.html", {"page": page, "year": year, "status": status,
                                                       "statuses": Flag.Status.choices,
                                                       "can_close": request.user.has_role(*services.CHECKER_ROLES)})


@require_POST
@role_required(*services.CHECKER_ROLES)
def flag_close(request, pk: int):
    flag = queries.get_flag_for_user(request.user, pk)
    try:
        services.close_flag(flag, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("核查提示已关闭。"))
    except REFUSED as exc:
        _refused(request, exc)
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect("declarations:official", flag.official_id)


@role_required(*queries.FLAG_READER_ROLES)
def official(request, pk: int):
    """The cross-check page of one official: declarations beside visits, forums and complaints, and flags."""
    person = queries.get_official_for_checker(request.user, pk)
    year = _year(request)
    data = queries.cross_check(person, year=year)
    audit.record("declaration_cross_check_read", request=request, obj=person, year=year)
    return render(request, "declarations/official.html", {"person": person, "year": year, **data,
                  "can_close": request.user.has_role(*services.CHECKER_ROLES)})
