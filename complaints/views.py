"""Pages: thin views over complaints.services (changes) and complaints.queries (reads); POST → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from complaints import queries, services
from complaints.forms import (
    AnswerForm,
    AssignForm,
    BulkAssignForm,
    ComplaintForm,
    DecisionForm,
    ExtensionForm,
    NoticeAnswerForm,
    NoticeForm,
    RateForm,
    ReasonForm,
    ResponderAnswerForm,
    SuperviseForm,
)
from complaints.models import READER_ROLES, Complaint, Request, SupervisionNotice
from portal import calendar, uploads
from portal.errors import TransitionRefused
from portal.models import Role
from portal.pagination import CappedPaginator as Paginator
from portal.pagination import SearchPaginator
from portal.params import parse_ids, sort_param
from portal.roles import role_required
from portal.uploads import private_response

S = Complaint.Status
PAGE_SIZE = 20
ANYONE = tuple(Role.values)
STAFF_ALL = (Role.DISPATCHER, Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)


# ---- lists ---------------------------------------------------------------------------------------


# The desk table's columns a list may be sorted by (?sort=key, ?sort=-key descending): key → order_by fields,
# the last unique so that pages never overlap.
SORTS = {
    "number": ("id",),
    "enterprise": ("enterprise__name", "id"),
    "category": ("category__name", "id"),
    "received": ("created_at", "id"),
    "deadline": ("answer_deadline", "id"),
    "status": ("status", "id"),
}

WAITING = (S.SUBMITTED, S.ASSIGNED, S.ACCEPTED)
SORT_COLUMNS = [
    ("number", gettext_lazy("编号")), ("enterprise", gettext_lazy("企业")), ("category", gettext_lazy("类别")),
    ("received", gettext_lazy("收到日期")), ("deadline", gettext_lazy("答复期限")), ("status", gettext_lazy("状态")),
]


def _desk_rows(page, today) -> None:
    """Days left to each open complaint's answer deadline (negative: overdue), for the desk table."""
    for c in page:
        c.days_left = (c.answer_deadline - today).days if c.answer_deadline and c.status in WAITING else None
        c.days_over = -c.days_left if c.days_left is not None and c.days_left < 0 else 0


def _list(request, qs, *, title: str, scope: str, show_new: bool = False, notices=None, default_sort="-number"):
    """One list page: filters, search, sort, pagination; a fixed number of queries whatever the data size.
    An enterprise's own list is cards (its phone is the main screen); desks get the sortable table."""
    qs = queries.filter_complaints(qs, request.GET)
    sort, order = sort_param(request.GET, SORTS, default=default_sort)
    paginator = SearchPaginator if request.GET.get("q", "").strip() else Paginator
    page = paginator(qs.for_list().order_by(*order), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    _desk_rows(page, today)
    own = scope == "mine" and bool(request.user.enterprise_id)
    return render(request, "complaints/list.html", {
        "page": page, "title": title, "scope": scope, "show_new": show_new, "today": today,
        "notices": notices, "sort": sort, "desk": scope != "mine", "sort_columns": SORT_COLUMNS,
        # An enterprise sees only its own complaints: its name on every row and a department filter say nothing.
        "own_enterprise": own, "department_filter": not own and scope != "queue",
        "filtered": any(request.GET.get(k) for k in ("q", "status", "category", "department", "overdue")),
        **queries.filter_choices(request.user),
    })


@role_required(Role.ENTERPRISE, Role.OFFICIAL)
def mine(request):
    """The enterprise's complaints; for an official, the ones they filed."""
    qs = Complaint.objects.visible_to(request.user)
    title = _("我的诉求") if request.user.enterprise_id else _("我代为提交的诉求")
    return _list(request, qs, title=title, scope="mine", show_new=True)


@role_required(Role.HANDLER)
def queue(request):
    """The department's complaints to sign for and answer."""
    qs = Complaint.objects.filter(department_id=request.user.department_id or 0)
    if not request.GET.get("status") and not request.GET.get("notice"):
        qs = qs.filter(status__in=[S.ASSIGNED, S.ACCEPTED])
    # 督办通知 the department has yet to answer, above its list (one query, at most 20 shown).
    notices = list(queries.notice_list(request.user).open().filter(department_id=request.user.department_id or 0)
                   .order_by("deadline", "id")[:PAGE_SIZE])
    return _list(request, qs, title=_("本部门待办诉求"), scope="queue", notices=notices, default_sort="deadline")


@role_required(*STAFF_ALL)
def all_complaints(request):
    return _list(request, Complaint.objects.visible_to(request.user), title=_("全部诉求"), scope="all")


@role_required(Role.OVERSIGHT, Role.DISPATCHER, Role.ADMIN)
def overdue(request):
    qs = Complaint.objects.visible_to(request.user).overdue()
    return _list(request, qs, title=_("超期诉求"), scope="overdue")


FIRST_RESPONDER_ROLES = (Role.OFFICIAL, Role.DISPATCHER, Role.HANDLER)


@role_required(*FIRST_RESPONDER_ROLES)
def first_asked(request):
    """我首问的诉求: the complaints this user first received (首问负责制), wherever they are now."""
    qs = Complaint.objects.filter(first_responder=request.user)
    if request.GET.get("asked") in ("1", "true", "True"):
        qs = qs.filter(responder_asked_at__isnull=False)
    return _list(request, qs, title=_("我首问的诉求"), scope="first-asked")


@role_required(Role.DISPATCHER, Role.ADMIN)
def inbox(request):
    """The dispatcher's inbox: new complaints (a table to assign in bulk), transfer requests, extension requests."""
    tab = request.GET.get("tab", "new")
    context = {}
    # The tab counts, from the cache when counted seconds ago (queries.inbox_counts).
    counts = queries.inbox_counts(request.user)
    if tab == "transfer" or tab == "extension":
        kind = Request.Kind.TRANSFER if tab == "transfer" else Request.Kind.EXTENSION
        page = Paginator(queries.pending_requests(request.user, kind), PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        tab = "new"
        sort, order = sort_param(request.GET, SORTS, default="number")
        qs = queries.filter_complaints(
            Complaint.objects.visible_to(request.user).filter(status=S.SUBMITTED), request.GET
        ).for_list().order_by(*order)
        searching = bool(request.GET.get("q", "").strip())
        paginator = (SearchPaginator if searching else Paginator)(qs, PAGE_SIZE)
        if not queries.is_filtered(request.GET):
            # The unfiltered list is the 待受理 tab's count: no second COUNT of the same rows.
            paginator.count = min(counts["submitted"], paginator.cap + 1)
        page = paginator.get_page(request.GET.get("page"))
        _desk_rows(page, timezone.localdate())
        context = {"sort": sort, "sort_columns": SORT_COLUMNS, "bulk_form": BulkAssignForm(user=request.user)}
    return render(request, "complaints/inbox.html", {"page": page, "tab": tab, "counts": counts, **context})


@require_POST
@role_required(Role.DISPATCHER, Role.ADMIN)
def assign_many(request):
    """批量分办: the rows ticked in the inbox → one department; back to the inbox with what was done."""
    form = BulkAssignForm(request.POST, user=request.user)
    ids = parse_ids(request.POST.getlist("ids"))
    if not ids:
        messages.error(request, _("请先勾选要分办的诉求。"))
    elif not form.is_valid():
        messages.error(request, _("请选择承办部门。"))
    else:
        department = form.cleaned_data["department"]
        try:
            done = services.assign_many(complaints=ids, department=department, by=request.user)
        except TransitionRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("已将 %(n)d 件诉求分办至%(department)s。")
                             % {"n": len(done), "department": department.name})
            if len(done) < len(ids):
                messages.warning(request, _("另有 %(n)d 件已被他人处理或不在待受理状态，未分办。")
                                 % {"n": len(ids) - len(done)})
    return redirect(reverse("complaints:inbox") + "?tab=new")


# ---- intake and detail ---------------------------------------------------------------------------


@role_required(Role.ENTERPRISE, Role.OFFICIAL)
def new(request):
    form = ComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    token = _token(request)
    kept = uploads.keep_only(request, token, request.POST.getlist("keep_upload")) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        enterprise = d.get("enterprise") or request.user.enterprise
        try:
            if len(kept) + len(d["attachments"]) > uploads.MAX_FILES:
                raise TransitionRefused(_("最多只能上传5个附件。"))
            complaint = services.submit_complaint(
                enterprise=enterprise, submitter=request.user, category=d["category"], title=d["title"],
                description=d["description"], attachments=uploads.claim(kept) + d["attachments"],
                source=d.get("source") or "", submission_token=d.get("submission_token"),
            )
        except TransitionRefused as e:
            messages.error(request, str(e))
        else:
            uploads.release(request, token)
            messages.success(request, _("诉求已提交，编号 %(number)s。") % {"number": complaint.number})
            return redirect("complaints:detail", complaint.pk)
    elif request.method == "POST":
        # The files that passed their checks are kept for the next submit (portal.uploads.hold).
        checked = [] if "attachments" in form.errors else form.cleaned_data.get("attachments") or []
        kept = uploads.hold(request, token, checked) if checked else kept
        messages.error(request, _("请按提示修改后重新提交。"))
    return render(request, "complaints/new.html", {"form": form, "held": kept})


def _token(request):
    """The form's one-time submission token as posted (a UUID), or None."""
    import uuid

    try:
        return uuid.UUID(request.POST.get("submission_token", ""))
    except ValueError:
        return None


def _actions(user, c: Complaint, pending: Request | None) -> set[str]:
    """Which buttons this user gets on this complaint (the services check again)."""
    acts: set[str] = set()
    same_jurisdiction = user.has_role(Role.ADMIN) or user.jurisdiction_id == c.jurisdiction_id
    if user.has_role(Role.DISPATCHER, Role.ADMIN) and same_jurisdiction:
        if c.status == S.SUBMITTED:
            acts |= {"assign", "refuse"}
        if pending:
            acts.add("decide")
    if user.has_role(Role.DISPATCHER, Role.OVERSIGHT, Role.ADMIN) and same_jurisdiction and c.status in (
            S.ANSWERED, S.CLOSED):
        acts.add("reopen")
    if user.has_role(Role.OVERSIGHT, Role.ADMIN) and same_jurisdiction and c.is_open:
        acts.add("supervise")
        if services.notice_reason(c):
            acts.add("notice")
    if user.has_role(Role.HANDLER) and c.department_id and user.department_id == c.department_id:
        if c.status == S.ASSIGNED:
            acts.add("accept")
        if c.status == S.ACCEPTED:
            acts.add("answer")
        if c.status in (S.ASSIGNED, S.ACCEPTED) and not pending:
            acts.add("transfer")
            if not c.extension_used:
                acts.add("extend")
    if user.has_role(Role.ENTERPRISE) and user.enterprise_id == c.enterprise_id and c.status == S.ANSWERED:
        acts.add("rate")
    if services.can_answer_as_first_responder(c, user):
        acts.add("responder-answer")
    return acts


def detail(request, pk: int):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    c = queries.get_complaint_for_user(request.user, pk)
    return _detail(request, c)


# Who may open a complaint page at all — visible_to (a 404) decides which one; links ask (portal.roles.may_open).
detail.allowed = lambda user: user.has_role(*READER_ROLES)


def _detail(request, c: Complaint, *, rate_form: RateForm | None = None, status: int = 200):
    """The complaint page; `rate_form` bound when a rating came back with errors (shown beside its fields)."""
    staff = not request.user.has_role(Role.ENTERPRISE) or request.user.has_role(*STAFF_ALL, Role.HANDLER)
    events = c.events.select_related("actor").order_by("created_at", "id")
    if not staff:
        events = events.filter(public=True)
    pending = c.requests.filter(status=Request.Status.PENDING).select_related("requested_by").first()
    actions = _actions(request.user, c, pending)
    notices = list(c.notices.select_related("issued_by", "answered_by", "department", "office", "complaint").order_by("id")) if staff else []
    if any(n.status == SupervisionNotice.Status.OPEN for n in notices):
        actions.discard("notice")
    if "rate" in actions and rate_form is None:
        rate_form = RateForm()
    return render(request, "complaints/detail.html", {
        "c": c, "events": events, "notices": notices, "attachments": c.attachments.all(), "pending": pending, "actions": actions,
        "staff": staff, "rate_form": rate_form if "rate" in actions else None,
        "requests": c.requests.select_related("requested_by", "decided_by").order_by("id") if staff else [],
    }, status=status)


def attachment(request, pk: int, attachment_pk: int):
    """Download an attachment: only for those who may see the complaint."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    c = queries.get_complaint_for_user(request.user, pk)
    att = c.attachments.filter(pk=attachment_pk).first()
    if att is None:
        raise Http404
    return private_response(att.file, filename=att.name, content_type=att.content_type)


# ---- actions -------------------------------------------------------------------------------------


def _action_page(request, pk, *, roles, form_class, title, act, form_kwargs=None):
    """GET: the form with the complaint's summary. POST: validate → service → redirect to detail."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not request.user.has_role(*roles):
        raise PermissionDenied
    c = queries.get_complaint_for_user(request.user, pk)
    form = form_class(request.POST or None, **(form_kwargs(c) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        try:
            message = act(c, form.cleaned_data)
        except TransitionRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, message)
            return redirect("complaints:detail", c.pk)
    return render(request, "complaints/action.html", {"c": c, "form": form, "title": title})


def assign(request, pk: int):
    def act(c, d):
        services.assign(complaint=c, department=d["department"], by=request.user, note=d["note"])
        return _("已分办至%(department)s。") % {"department": d["department"].name}

    return _action_page(request, pk, roles=(Role.DISPATCHER, Role.ADMIN), form_class=AssignForm, title=_("分办诉求"),
                        act=act, form_kwargs=lambda c: {"complaint": c})


def refuse(request, pk: int):
    def act(c, d):
        services.refuse(complaint=c, by=request.user, reason=d["reason"])
        return _("已不予受理，企业将看到理由。")

    return _action_page(request, pk, roles=(Role.DISPATCHER, Role.ADMIN), form_class=ReasonForm,
                        title=_("不予受理"), act=act)


def answer(request, pk: int):
    def act(c, d):
        services.answer(complaint=c, by=request.user, text=d["text"])
        return _("已答复，等待企业评价。")

    return _action_page(request, pk, roles=(Role.HANDLER,), form_class=AnswerForm, title=_("答复诉求"), act=act)


def request_transfer(request, pk: int):
    def act(c, d):
        services.request_transfer(complaint=c, by=request.user, reason=d["reason"])
        return _("退回申请已提交，等待受理员审批。")

    return _action_page(request, pk, roles=(Role.HANDLER,), form_class=ReasonForm, title=_("申请退回"), act=act)


def responder_answer(request, pk: int):
    """The first responder answers for a complaint transferred a second time (the link of the request)."""
    def act(c, d):
        if c.first_responder_id != request.user.pk:
            raise PermissionDenied
        services.answer_as_first_responder(complaint=c, by=request.user, text=d["text"])
        return _("说明已提交，督查部门可见。")

    def form_kwargs(c):
        # Only the complaint's first responder gets the form (the service checks again).
        if c.first_responder_id != request.user.pk:
            raise PermissionDenied
        return {}

    return _action_page(request, pk, roles=FIRST_RESPONDER_ROLES, form_class=ResponderAnswerForm,
                        title=_("首问责任人说明"), act=act, form_kwargs=form_kwargs)


def request_extension(request, pk: int):
    def act(c, d):
        services.request_extension(complaint=c, by=request.user, reason=d["reason"], new_deadline=d["new_deadline"])
        return _("延期申请已提交，等待受理员审批。")

    return _action_page(request, pk, roles=(Role.HANDLER,), form_class=ExtensionForm, title=_("申请延期"), act=act)


def supervise(request, pk: int):
    def act(c, d):
        services.supervise(complaint=c, by=request.user, notice=d["notice"])
        return _("已督办，督办意见已发送承办部门。")

    return _action_page(request, pk, roles=(Role.OVERSIGHT, Role.ADMIN), form_class=SuperviseForm,
                        title=_("督办"), act=act)


def reopen(request, pk: int):
    def act(c, d):
        services.reopen(complaint=c, by=request.user, reason=d["reason"])
        return _("诉求已重新办理（督办），请重新分办。")

    return _action_page(request, pk, roles=(Role.DISPATCHER, Role.OVERSIGHT, Role.ADMIN), form_class=ReasonForm,
                        title=_("重新办理"), act=act)


@role_required(Role.ENTERPRISE)
def rate(request, pk: int):
    """The rating form lives on the complaint page: errors come back there, beside the field, the choice kept."""
    c = queries.get_complaint_for_user(request.user, pk)
    if request.method != "POST":  # an old link to the separate rating page: the form is on the complaint's
        return redirect("complaints:detail", c.pk)
    form = RateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.rate(complaint=c, by=request.user, rating=d["rating"], reason=d["reason"], comment=d["comment"])
        except TransitionRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("感谢您的评价。"))
            return redirect("complaints:detail", c.pk)
    return _detail(request, c, rate_form=form, status=200 if form.is_valid() else 400)


@require_POST
@role_required(Role.HANDLER)
def accept(request, pk: int):
    c = queries.get_complaint_for_user(request.user, pk)
    try:
        services.accept(complaint=c, by=request.user)
    except TransitionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("已签收，请在%(date)s前答复。") % {"date": c.answer_deadline.isoformat()})
    return redirect("complaints:detail", c.pk)


@role_required(Role.DISPATCHER, Role.ADMIN)
def decide(request, pk: int):
    """Approve or reject a pending transfer or extension request."""
    req = get_object_or_404(Request.objects.select_related("complaint"), pk=pk)
    c = queries.get_complaint_for_user(request.user, req.complaint_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fn = services.decide_transfer if req.kind == Request.Kind.TRANSFER else services.decide_extension
        try:
            fn(request=req, by=request.user, approve=form.cleaned_data["approve"], note=form.cleaned_data["note"])
        except TransitionRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("已审批。"))
            return redirect("complaints:detail", c.pk)
    return render(request, "complaints/decide.html", {"c": c, "req": req, "form": form})



# ---- 督办通知 (supervision notices) ----------------------------------------------------------------


def notice_new(request, pk: int):
    """Oversight issues a supervision notice on an overdue or reopened complaint."""
    today = timezone.localdate()

    def act(c, d):
        notice = services.issue_notice(complaint=c, by=request.user, instruction=d["instruction"],
                                       deadline=d["deadline"])
        return _("已下达督办通知，%(department)s须于%(date)s前反馈。") % {
            "department": notice.department.name, "date": notice.deadline.isoformat()}

    return _action_page(request, pk, roles=(Role.OVERSIGHT, Role.ADMIN), form_class=NoticeForm,
                        title=_("下达督办通知"), act=act,
                        form_kwargs=lambda c: {"initial": {"deadline": calendar.add_working_days(today, 3)}})


@role_required(*ANYONE)
def notice_list(request):
    """Supervision notices: oversight sees its jurisdiction's; a department its own."""
    qs = queries.filter_notices(queries.notice_list(request.user), request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/notices.html", {
        "page": page, "statuses": SupervisionNotice.Status.choices, "today": timezone.localdate()})


def notice_detail(request, pk: int):
    """A notice, and the department's answer form while it is open."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    notice = queries.get_notice_for_user(request.user, pk)
    can_answer = notice.status == SupervisionNotice.Status.OPEN and services.can_answer_notice(notice, request.user)
    form = NoticeAnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.answer_notice(notice=notice, by=request.user, response=form.cleaned_data["response"])
            except TransitionRefused as e:
                messages.error(request, str(e))
            else:
                messages.success(request, _("已反馈督办通知。"))
                return redirect("complaints:notice-detail", notice.pk)
    return render(request, "complaints/notice_detail.html", {"n": notice, "c": notice.complaint, "form": form})
