"""The complaint workflow: the only code that changes a complaint's state.

Every function is keyword-only, atomic, checks the transition table and the actor's right to act, moves
the state with a compare-and-set UPDATE (a race loses cleanly with TransitionRefused), writes the timeline
event, and notifies (inbox now, e-mail after commit) whoever must act next and the enterprise.

    submitted ──assign──▶ assigned ──accept(签收)──▶ accepted ──answer(答复)──▶ answered ──rate 满意/基本满意──▶ closed
        │                    │  ▲                        │                        │   └─ 7 days unrated ─▶ closed
        └─refuse─▶ refused   └──┴── transfer approved ───┴──▶ submitted ◀── rate 不满意 / reopen (督办)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.sql import InsertQuery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import queries
from complaints.models import (
    BOUNCE_TRANSFERS,
    MAX_EXTENSION_DAYS,
    TRANSFER_WINDOW_DAYS,
    Attachment,
    Category,
    Complaint,
    Evaluation,
    Event,
    Request,
    SupervisionNotice,
    TrackingCounter,
)
from portal import calendar, figures
from portal.errors import TransitionRefused
from portal.models import TRACKING_OFFICE_KINDS, Department, Enterprise, Jurisdiction, Role, User
from portal.roles import holders
from portal.services import Audience, Draft, notify, notify_audiences, notify_many

log = logging.getLogger(__name__)
S = Complaint.Status
A = Event.Action

# The transition table: action → the states it may start from.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    A.ASSIGN: (S.SUBMITTED,),
    A.REFUSE: (S.SUBMITTED,),
    A.ACCEPT: (S.ASSIGNED,),
    A.REQUEST_TRANSFER: (S.ASSIGNED, S.ACCEPTED),
    A.REQUEST_EXTENSION: (S.ASSIGNED, S.ACCEPTED),
    A.APPROVE_TRANSFER: (S.ASSIGNED, S.ACCEPTED),
    A.APPROVE_EXTENSION: (S.ASSIGNED, S.ACCEPTED),
    A.ANSWER: (S.ACCEPTED,),
    A.RATE: (S.ANSWERED,),
    A.REOPEN: (S.ANSWERED, S.CLOSED),
    A.SUPERVISE: (S.SUBMITTED, S.ASSIGNED, S.ACCEPTED, S.ANSWERED),
    A.AUTO_CLOSE: (S.ANSWERED,),
    A.MEETING: (S.SUBMITTED, S.ASSIGNED, S.ACCEPTED),
}


# ---- who -----------------------------------------------------------------------------------------


def _active(qs) -> list[User]:
    return list(qs.filter(is_active=True).distinct())


def dispatchers_of(jurisdiction_id: int) -> list[User]:
    return list(holders(Role.DISPATCHER).filter(jurisdiction_id=jurisdiction_id))


def department_staff(department: Department | None) -> list[User]:
    """The department's handlers and its head."""
    return departments_staff([department])


def departments_staff(departments: Iterable[Department | None]) -> list[User]:
    """The handlers and heads of several departments, each user once, in one query (a meeting tells all of them)."""
    departments = [d for d in departments if d is not None]
    return list(staff_of(departments)) if departments else []


def staff_of(departments: Sequence[Department]):
    """The active handlers and heads of the departments as a queryset (a fan-out INSERT … SELECTs it)."""
    heads = {d.head_id for d in departments if d.head_id}
    handlers = holders(Role.HANDLER).filter(department__in=departments)
    if not heads:
        return handlers
    return User.objects.filter(Q(pk__in=handlers.values("pk")) | Q(pk__in=heads), is_active=True).order_by("pk")


def enterprise_users(complaint: Complaint) -> list[User]:
    """The enterprise's users, and the official who filed on its behalf."""
    users = list(holders(Role.ENTERPRISE).filter(enterprise_id=complaint.enterprise_id))
    if complaint.submitter_id not in {u.pk for u in users}:
        submitter = complaint.submitter  # already loaded when the complaint was just built
        if submitter.is_active:
            users.append(submitter)
    return users


def efficiency_office(jurisdiction_id: int) -> list[User]:
    """The tracking offices (效能督查办公室, 党政办督查室): oversight users of the jurisdiction and members of
    its tracking departments."""
    # Two indexed queries: an OR across the groups join would make PostgreSQL scan every user.
    oversight = holders(Role.OVERSIGHT).filter(jurisdiction_id=jurisdiction_id)
    office = User.objects.filter(is_active=True, department__kind__in=TRACKING_OFFICE_KINDS,
                                 department__jurisdiction_id=jurisdiction_id)
    return list({u.pk: u for u in [*oversight, *office]}.values())


def _url(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


def _drafts(users: Iterable[User | None], complaint: Complaint, subject: str, body: str = "",
            key: str = "") -> list[Draft]:
    """One inbox message about a complaint per (distinct) user."""
    seen: set[int] = set()
    drafts = []
    for user in users:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            drafts.append(Draft(recipient=user, subject=f"【{complaint.number}】{subject}", body=body or complaint.title,
                                url=_url(complaint), key=key))
    return drafts


def _audience(users, complaint: Complaint, subject: str, body: str) -> Audience:
    return Audience(users, subject=f"【{complaint.number}】{subject}", body=body, url=_url(complaint))


def _tell(users: Iterable[User | None], complaint: Complaint, subject: str, body: str = "", key: str = "") -> None:
    notify_many(_drafts(users, complaint, subject, body, key))


# ---- checks --------------------------------------------------------------------------------------


def _require_role(user: User, *roles: str) -> None:
    if not user.has_role(*roles):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _require_state(complaint: Complaint, action: str) -> None:
    if complaint.status not in TRANSITIONS[action]:
        raise TransitionRefused(
            _("诉求当前状态为“%(status)s”，不能%(action)s。")
            % {"status": complaint.get_status_display(), "action": Event.Action(action).label}
        )


def _require_dispatcher(complaint: Complaint, user: User) -> None:
    _require_role(user, Role.DISPATCHER, Role.ADMIN)
    if not user.has_role(Role.ADMIN) and user.jurisdiction_id != complaint.jurisdiction_id:
        raise PermissionDenied(_("该诉求不属于您所在的辖区。"))


def _require_department(complaint: Complaint, user: User) -> None:
    _require_role(user, Role.HANDLER)
    if not complaint.department_id or user.department_id != complaint.department_id:
        raise PermissionDenied(_("该诉求未分办给您所在的部门。"))


def _move(complaint: Complaint, action: str, *, by: User | None, to: str | None = None, note: str = "",
          public_note: str = "", public: bool = True, **fields) -> Event:
    """Compare-and-set the complaint from its current state, apply fields, write the event.

    `note` is the staff's (internal); `public_note` is what the enterprise's timeline says for this step."""
    _require_state(complaint, action)
    before = complaint.status
    updates = dict(fields)
    if to:
        updates["status"] = to
    updates["updated_at"] = timezone.now()
    moved = Complaint.objects.filter(pk=complaint.pk, status=before).update(**updates)
    if moved != 1:
        raise TransitionRefused(_("该诉求刚刚已被他人处理，请刷新后重试。"))
    for name, value in updates.items():
        setattr(complaint, name, value)
    _changed(complaint, by)
    event = Event.objects.create(complaint=complaint, actor=by, action=action, from_status=before,
                                 to_status=to or before, note=note, public_note=public_note if public else "",
                                 public=public)
    _tell_first_responder(complaint, event, by)
    return event


def _changed(complaint: Complaint, by: User | None) -> None:
    """Every change of a complaint: the oversight figures are refreshed once it commits, and the user who made it
    sees it in their inbox's counts at once (the counts are cached for seconds: complaints.queries)."""
    figures.changed(complaint.jurisdiction_id, _year(complaint))
    if by is not None:
        queries.forget_inbox_counts(by)


def _year(complaint: Complaint) -> int:
    """The oversight figures count a complaint in the year it was submitted."""
    return timezone.localtime(complaint.created_at).year


def _record(complaint: Complaint, action: str, *, by: User | None, note: str) -> Event:
    """An event that leaves the status as it is (a request, a rejection, a reply, an escalation); staff only."""
    _changed(complaint, by)
    event = Event.objects.create(complaint=complaint, actor=by, action=action, from_status=complaint.status,
                                 to_status=complaint.status, note=note, public=False)
    _tell_first_responder(complaint, event, by)
    return event


def _tell_first_responder(complaint: Complaint, event: Event, by: User | None) -> None:
    """首问负责制: the first responder hears of every step until the complaint closes (not of their own steps).

    One INSERT … SELECT (the outbox row for the e-mail comes with it), whoever the first responder is: the row
    is never loaded to be told.
    """
    responder = complaint.first_responder_id
    if not responder or (by is not None and by.pk == responder):
        return
    step = Event.Action(event.action).label
    if event.to_status != event.from_status:
        step += " → " + Complaint.Status(event.to_status).label
    notify_audiences([_audience(User.objects.filter(pk=responder), complaint,
                                _("您首问的诉求：%(step)s") % {"step": step}, (event.note or complaint.title)[:500])])


def _next_number(jurisdiction_id: int, year: int) -> str:
    """Increment the (jurisdiction, year) counter in one statement; concurrent callers never share a value.

    The jurisdiction's code (the number's prefix) comes back with the count, saving a query on the
    submission path.
    """
    table = connection.ops.quote_name(TrackingCounter._meta.db_table)
    jurisdictions = connection.ops.quote_name(Jurisdiction._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (jurisdiction_id, year, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (jurisdiction_id, year) DO UPDATE SET last = {table}.last + 1 "
            f"RETURNING last, (SELECT code FROM {jurisdictions} WHERE id = %s)",
            [jurisdiction_id, year, jurisdiction_id],
        )
        last, code = cursor.fetchone()
    return f"{code.upper()}-{year}-{last:06d}"


# ---- intake --------------------------------------------------------------------------------------


def submit_complaint(*, enterprise: Enterprise, submitter: User, category: Category, title: str,
                     description: str, attachments: Sequence = (), source: str = "",
                     submission_token=None) -> Complaint:
    """An enterprise user files a complaint, or an official files one on an enterprise's behalf.

    `attachments` is what `portal.uploads.check_uploads` (or MultipleFileField) returned: (file, kind) pairs.

    The tracking number is taken first and, when no transaction is open yet (a web request), committed on
    its own: the counter row is the one lock every submission of a jurisdiction shares, so it is held for
    one statement instead of the whole submission (measured: with it held to the end, four web workers
    spent a quarter of their time queueing for it). Numbers are unique and increasing; one is skipped
    only if the database fails between the two steps. Inside a caller's transaction (a problem converted
    on a visit) the number simply commits with everything else.

    `submission_token` (the form's one-time token): a second filing with the same token returns the first
    complaint instead of filing again — the unique index decides, so two posts racing each other file once
    and cost no query more than one (the second's tracking number is skipped).
    """
    if submitter.has_role(Role.ENTERPRISE) and submitter.enterprise_id == enterprise.pk:
        on_behalf = False
    elif submitter.has_role(Role.OFFICIAL):
        on_behalf = True
        if submitter.jurisdiction_id and submitter.jurisdiction_id != enterprise.jurisdiction_id:
            raise PermissionDenied(_("只能为本辖区的企业代为提交诉求。"))
    else:
        raise PermissionDenied(_("只有企业用户或联系领导可以提交诉求。"))
    if category.jurisdiction_id != enterprise.jurisdiction_id or not category.is_active:
        raise TransitionRefused(_("该诉求类别不可用，请重新选择。"))
    if not title.strip() or not description.strip():
        raise TransitionRefused(_("请填写标题和诉求内容。"))
    if len(attachments) > 5:
        raise TransitionRefused(_("最多只能上传5个附件。"))
    today = timezone.localdate()
    complaint = Complaint(
        jurisdiction_id=enterprise.jurisdiction_id, enterprise=enterprise, submitter=submitter,
        category=category, title=title.strip(), description=description.strip(), source=source.strip()[:100],
        # 首问责任人: the official who received it on a visit; otherwise the dispatcher who first acts on it.
        first_responder=submitter if on_behalf else None,
        # What the enterprise is told to expect until a department is assigned.
        answer_deadline=calendar.add_working_days(today, category.sign_days + category.answer_days),
    )
    complaint.number = _next_number(enterprise.jurisdiction_id, today.year)
    complaint.submission_token = submission_token or None
    try:
        with transaction.atomic():
            _file(complaint, enterprise, submitter, attachments, on_behalf)
    except IntegrityError:
        first = submission_token and Complaint.objects.filter(submission_token=submission_token,
                                                              submitter=submitter).first()
        if not first:
            raise
        return first
    return complaint


def _file(complaint: Complaint, enterprise: Enterprise, submitter: User, attachments: Sequence,
          on_behalf: bool) -> None:
    """submit_complaint's one transaction: the row, its attachments and event, and who is told."""
    note = _("代企业提交；来源：%(source)s") % {"source": complaint.source} if on_behalf else ""
    event = Event(complaint=complaint, actor=submitter, action=A.SUBMIT, to_status=S.SUBMITTED, note=note,
                  public_note=note)
    _insert_with_event(complaint, event)
    for f, kind in attachments:
        Attachment.objects.create(complaint=complaint, file=f, name=getattr(f, "name", "file")[:200],
                                  content_type=kind.content_type, size=f.size, uploaded_by=submitter)
    figures.changed(complaint.jurisdiction_id, _year(complaint))  # the submitter has no inbox counts to forget
    # The dispatchers, the enterprise's users (and the official who filed it) are told in one statement:
    # submission is the busiest write path (see docs/benchmarks.md).
    filed = _("预计答复日期：%(date)s") % {"date": complaint.answer_deadline.isoformat()}
    notify_audiences([
        _audience(holders(Role.DISPATCHER).filter(jurisdiction_id=complaint.jurisdiction_id), complaint,
                  _("新诉求待受理"), _("%(enterprise)s：%(title)s") % {"enterprise": enterprise.name,
                                                                 "title": complaint.title}),
        _audience(holders(Role.ENTERPRISE).filter(enterprise_id=enterprise.pk), complaint, _("诉求已提交"), filed),
        *([_audience(User.objects.filter(pk=submitter.pk), complaint, _("诉求已提交"), filed)] if on_behalf else []),
    ])


def _insert_with_event(complaint: Complaint, event: Event) -> None:
    """Insert a new complaint and its first event; on PostgreSQL in one statement (the event's INSERT … SELECT
    reads the complaint's id from a data-modifying CTE): the submission is the busiest write path and each
    statement one more round trip in its transaction (docs/benchmarks.md). SQLite has no data-modifying CTE:
    two ORM inserts there."""
    if connection.vendor != "postgresql":
        complaint.save(force_insert=True)
        event.complaint = complaint
        event.save(force_insert=True)
        return
    qn = connection.ops.quote_name
    meta = Complaint._meta
    # What Model.save(force_insert=True) would insert (pre_save fills updated_at), without its RETURNING.
    query = InsertQuery(Complaint)
    query.insert_values([f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field],
                        [complaint])
    [(insert, params)] = query.get_compiler(connection=connection).as_sql()
    # The event's columns as its own save would write them (pre_save, prepared values); the complaint's id
    # comes from the CTE, a column left to its database default is left out.
    link = Event._meta.get_field("complaint")
    columns, values = [], []
    for f in Event._meta.local_concrete_fields:
        if f.generated or f is Event._meta.auto_field or f is link:
            continue
        value = f.pre_save(event, True)
        if hasattr(value, "resolve_expression"):
            continue
        columns.append(qn(f.column))
        values.append(f.get_db_prep_save(value, connection))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH c AS ({insert} RETURNING {qn(meta.pk.column)}) "
            f"INSERT INTO {qn(Event._meta.db_table)} ({qn(link.column)}, {', '.join(columns)}) "
            f"SELECT c.{qn(meta.pk.column)}, {', '.join(['%s'] * len(values))} FROM c "
            f"RETURNING {qn(link.column)}, {qn(Event._meta.pk.column)}",
            [*params, *values],
        )
        complaint.pk, event.pk = cursor.fetchone()
    complaint._state.adding = event._state.adding = False
    complaint._state.db = event._state.db = connection.alias
    event.complaint = complaint


def submit_routed(*, enterprise: Enterprise, submitter: User, category: Category, title: str, description: str,
                  department: Department, first_responder: User | None, source: str = "") -> Complaint:
    """An enterprise files a complaint that needs no triage: routed at once to `department`, whose
    `first_responder` (a question about a policy: the issuing department's 政策联络员) answers for it.

    The deadlines are the category's, counted from today as if the dispatcher had assigned it now; the
    dispatchers are not asked to act. The tracking number is taken as in submit_complaint.
    """
    if not (submitter.has_role(Role.ENTERPRISE) and submitter.enterprise_id == enterprise.pk):
        raise PermissionDenied(_("只有企业用户可以提交诉求。"))
    if category.jurisdiction_id != enterprise.jurisdiction_id or not category.is_active:
        raise TransitionRefused(_("该诉求类别不可用，请重新选择。"))
    if department.jurisdiction_id != enterprise.jurisdiction_id or not department.is_active:
        raise TransitionRefused(_("请选择本辖区启用中的部门。"))
    if not title.strip() or not description.strip():
        raise TransitionRefused(_("请填写标题和诉求内容。"))
    today = timezone.localdate()
    cal = calendar.for_dates(today)
    now = timezone.now()
    complaint = Complaint(
        jurisdiction_id=enterprise.jurisdiction_id, enterprise=enterprise, submitter=submitter, category=category,
        title=title.strip()[:100], description=description.strip(), source=source.strip()[:100],
        status=S.ASSIGNED, department=department, first_responder=first_responder, assigned_at=now,
        sign_deadline=cal.add_working_days(today, category.sign_days),
        answer_deadline=cal.add_working_days(today, category.answer_days),
    )
    complaint.number = _next_number(enterprise.jurisdiction_id, today.year)
    with transaction.atomic():
        complaint.save(force_insert=True)
        Event.objects.create(complaint=complaint, actor=submitter, action=A.SUBMIT, to_status=S.SUBMITTED,
                             note=complaint.source, public_note=complaint.source)
        responder = first_responder.display_name if first_responder else "-"
        Event.objects.create(complaint=complaint, actor=None, action=A.ASSIGN, from_status=S.SUBMITTED,
                             to_status=S.ASSIGNED,
                             note=_("直接分办至%(department)s，首问责任人：%(responder)s")
                             % {"department": department.name, "responder": responder},
                             public_note=_assigned_line(department, complaint.answer_deadline))
        figures.changed(complaint.jurisdiction_id, _year(complaint))
        body = _("签收期限：%(sign)s；答复期限：%(answer)s") % {
            "sign": complaint.sign_deadline.isoformat(), "answer": complaint.answer_deadline.isoformat()}
        _tell([first_responder, *department_staff(department)], complaint, _("新分办诉求待签收"), body)
        _tell(enterprise_users(complaint), complaint, _("诉求已提交并分办"),
              _("已分办至%(department)s，预计答复日期：%(date)s")
              % {"department": department.name, "date": complaint.answer_deadline.isoformat()})
    return complaint


# ---- joint meetings (联席会议) ------------------------------------------------------------------------
# The meetings app records a meeting's decision on a problem; these two functions make the decision a complaint
# in the department's queue with the meeting's deadline. Who may decide is the meetings app's check; the ones
# here are the complaint's own (jurisdiction, department, deadline, state).

MEETING_ROLES = (Role.OVERSIGHT, Role.DISPATCHER, Role.HANDLER, Role.ADMIN)


def _check_meeting_decision(jurisdiction_id: int, department: Department, deadline: date, by: User) -> None:
    _require_role(by, *MEETING_ROLES)
    if not by.has_role(Role.ADMIN) and by.jurisdiction_id != jurisdiction_id:
        raise PermissionDenied(_("该诉求不属于您所在的辖区。"))
    if department.jurisdiction_id != jurisdiction_id or not department.is_active:
        raise TransitionRefused(_("请选择本辖区启用中的部门。"))
    if deadline < timezone.localdate():
        raise TransitionRefused(_("办结期限不能早于今天。"))


@transaction.atomic
def submit_decided(*, enterprise: Enterprise, category: Category, title: str, description: str,
                   department: Department, deadline: date, by: User, source: str) -> Complaint:
    """A joint meeting assigns a problem (found on a visit, in a project, at a forum) to `department` with
    `deadline`: it becomes a complaint already routed there, answer due on the meeting's deadline; whoever
    recorded the decision is its 首问责任人."""
    _check_meeting_decision(enterprise.jurisdiction_id, department, deadline, by)
    if category.jurisdiction_id != enterprise.jurisdiction_id or not category.is_active:
        raise TransitionRefused(_("该诉求类别不可用，请重新选择。"))
    if not title.strip() or not description.strip():
        raise TransitionRefused(_("请填写标题和诉求内容。"))
    today = timezone.localdate()
    complaint = Complaint(
        jurisdiction_id=enterprise.jurisdiction_id, enterprise=enterprise, submitter=by, category=category,
        title=title.strip()[:100], description=description.strip(), source=source.strip()[:100],
        status=S.ASSIGNED, department=department, first_responder=by, assigned_at=timezone.now(),
        sign_deadline=min(calendar.add_working_days(today, category.sign_days), deadline), answer_deadline=deadline,
    )
    complaint.number = _next_number(enterprise.jurisdiction_id, today.year)
    complaint.save(force_insert=True)
    Event.objects.create(complaint=complaint, actor=by, action=A.SUBMIT, to_status=S.SUBMITTED, note=complaint.source)
    note = _("联席会议议定：交%(department)s办理，办结期限%(date)s") % {
        "department": department.name, "date": deadline.isoformat()}
    Event.objects.create(complaint=complaint, actor=by, action=A.MEETING, from_status=S.SUBMITTED,
                         to_status=S.ASSIGNED, note=note)
    _tell(department_staff(department), complaint, _("联席会议交办诉求待签收"), note)
    _tell(holders(Role.ENTERPRISE).filter(enterprise_id=enterprise.pk), complaint, _("问题已由联席会议交办"),
          _("已交%(department)s办理，预计答复日期：%(date)s") % {"department": department.name,
                                                          "date": deadline.isoformat()})
    return complaint


@transaction.atomic
def route_decided(*, complaint: Complaint, department: Department, deadline: date, by: User,
                  note: str = "") -> Complaint:
    """A joint meeting decides on an open complaint: `department` answers it by `deadline`. The same department
    keeps its 签收; another one has to sign for it anew."""
    _check_meeting_decision(complaint.jurisdiction_id, department, deadline, by)
    same = complaint.department_id == department.pk and complaint.status == S.ACCEPTED
    text = _("联席会议议定：交%(department)s办理，办结期限%(date)s") % {
        "department": department.name, "date": deadline.isoformat()} + (f"；{note.strip()}" if note.strip() else "")
    today = timezone.localdate()
    if same:
        _move(complaint, A.MEETING, by=by, note=text, answer_deadline=deadline)
    else:
        _move(complaint, A.MEETING, by=by, to=S.ASSIGNED, note=text, department=department, handler=None,
              assigned_at=timezone.now(), accepted_at=None, first_responder=complaint.first_responder or by,
              sign_deadline=min(calendar.add_working_days(today, complaint.category.sign_days), deadline),
              answer_deadline=deadline)
    _tell(department_staff(department), complaint,
          _("联席会议交办，请按期办结") if same else _("联席会议交办诉求待签收"), text)
    _tell(enterprise_users(complaint), complaint, _("问题已由联席会议交办"),
          _("已交%(department)s办理，预计答复日期：%(date)s") % {"department": department.name,
                                                          "date": deadline.isoformat()})
    return complaint


# ---- dispatcher ----------------------------------------------------------------------------------


def _assigned_line(department: Department, answer_deadline: date) -> str:
    return _("已分办至%(department)s，预计答复日期：%(date)s") % {
        "department": department.name, "date": answer_deadline.isoformat()}


def routed_deadline(complaint: Complaint, department: Department, fresh: date) -> tuple[date, bool, str]:
    """The answer deadline of a (re-)assignment: (date, extension used, why it is that date).

    The rule (README "答复期限"): a department gets fresh deadlines from its assignment, counted in working
    days from today by the category; an approved extension moves the deadline of the assignment it was
    granted in. When a complaint comes back to a department that already had an extension approved on it
    (sent back and re-routed to it again), that department keeps what it was granted: its deadline is the
    later of the fresh one and the extended date, and it cannot extend a second time. The enterprise was told
    that date; silently taking it back is what lost the extension before.
    """
    granted = (complaint.requests.filter(kind=Request.Kind.EXTENSION, status=Request.Status.APPROVED,
                                         department=department).order_by("-new_deadline")
               .values_list("new_deadline", flat=True).first())
    if granted is None:
        return fresh, False, _("分办至%(department)s，按类别时限自分办日起计算") % {"department": department.name}
    if granted > fresh:
        return granted, True, _("重新分办至%(department)s，保留该部门已获同意的延期（%(date)s）") % {
            "department": department.name, "date": granted.isoformat()}
    return fresh, True, _("重新分办至%(department)s，按类别时限自分办日起计算（晚于其已获同意的延期）") % {
        "department": department.name}


def _record_deadline(complaint: Complaint, before: date | None, by: User | None, why: str) -> None:
    """Every change of the answer deadline is a step of the timeline, with its reason (staff and enterprise)."""
    after = complaint.answer_deadline
    if before is None or after is None or before == after:
        return
    Event.objects.create(
        complaint=complaint, actor=by, action=A.DEADLINE, from_status=complaint.status, to_status=complaint.status,
        note=_("答复期限由%(before)s调整为%(after)s：%(why)s") % {
            "before": before.isoformat(), "after": after.isoformat(), "why": why},
        public_note=_("预计答复日期由%(before)s调整为%(after)s（%(why)s）") % {
            "before": before.isoformat(), "after": after.isoformat(), "why": why})


@transaction.atomic
def assign(*, complaint: Complaint, department: Department, by: User, note: str = "") -> Complaint:
    """The dispatcher routes a complaint to a department; deadlines start from today (see routed_deadline)."""
    _require_dispatcher(complaint, by)
    if department.jurisdiction_id != complaint.jurisdiction_id or not department.is_active:
        raise TransitionRefused(_("请选择本辖区启用中的部门。"))
    today = timezone.localdate()
    cal = calendar.for_dates(today)
    category = complaint.category
    # The date given at submission is an estimate the assignment replaces (its line states the new date);
    # a deadline a department already had is a commitment, and replacing it is a step of its own.
    before = complaint.answer_deadline if complaint.assigned_at else None
    deadline, extended, why = routed_deadline(complaint, department,
                                              cal.add_working_days(today, category.answer_days))
    _move(complaint, A.ASSIGN, by=by, to=S.ASSIGNED,
          note=(note or _("分办至%(department)s") % {"department": department.name}) + _(
              "（答复期限%(date)s）") % {"date": deadline.isoformat()},
          public_note=_assigned_line(department, deadline),
          department=department, handler=None, assigned_at=timezone.now(), accepted_at=None,
          first_responder=complaint.first_responder or by,
          sign_deadline=cal.add_working_days(today, category.sign_days),
          answer_deadline=deadline, extension_used=extended)
    _record_deadline(complaint, before, by, why)
    body = _("签收期限：%(sign)s；答复期限：%(answer)s") % {
        "sign": complaint.sign_deadline.isoformat(), "answer": complaint.answer_deadline.isoformat()}
    if complaint.supervised:
        body += " " + _("（督办件）")
    _tell(department_staff(department), complaint, _("新分办诉求待签收"), body)
    _tell(enterprise_users(complaint), complaint, _("诉求已受理并分办"),
          _("已分办至%(department)s，预计答复日期：%(date)s")
          % {"department": department.name, "date": complaint.answer_deadline.isoformat()})
    return complaint


# A bulk assignment takes at most this many complaints (a list page's worth and more): the notifications are
# one INSERT … SELECT with two audiences per complaint, and that statement should stay a modest size.
ASSIGN_MANY_LIMIT = 100


@transaction.atomic
def assign_many(*, complaints: Iterable[int], department: Department, by: User, note: str = "") -> list[Complaint]:
    """The dispatcher routes several complaints to one department at once (受理台, 批量分办).

    Each complaint is assigned as `assign` would do it — the same deadlines from today, its own timeline
    event, its department and enterprise told — but in a fixed number of statements whatever their number:
    the complaints still waiting are locked and read in one query (those someone else has just handled are
    left out and not returned), updated in one, their events written in one, and everyone told in one
    INSERT … SELECT (as submission does). Returns the complaints assigned, by id.
    """
    _require_role(by, Role.DISPATCHER, Role.ADMIN)
    if not by.has_role(Role.ADMIN) and by.jurisdiction_id != department.jurisdiction_id:
        raise PermissionDenied(_("该部门不属于您所在的辖区。"))
    if not department.is_active:
        raise TransitionRefused(_("请选择本辖区启用中的部门。"))
    ids = sorted(set(complaints))
    if len(ids) > ASSIGN_MANY_LIMIT:
        raise TransitionRefused(_("一次最多分办 %(n)d 件诉求。") % {"n": ASSIGN_MANY_LIMIT})
    if not ids:
        return []
    rows = list(Complaint.objects.filter(pk__in=ids, status=S.SUBMITTED, jurisdiction_id=department.jurisdiction_id)
                .select_related("category").select_for_update(of=("self",)).order_by("id"))
    if not rows:
        return []
    today = timezone.localdate()
    cal = calendar.for_dates(today)
    now = timezone.now()
    note = note.strip() or _("分办至%(department)s") % {"department": department.name}
    for c in rows:
        c.status, c.department, c.handler, c.assigned_at, c.accepted_at = S.ASSIGNED, department, None, now, None
        c.first_responder_id = c.first_responder_id or by.pk
        c.sign_deadline = cal.add_working_days(today, c.category.sign_days)
        c.answer_deadline = cal.add_working_days(today, c.category.answer_days)
        c.updated_at = now
    Complaint.objects.bulk_update(rows, ["status", "department", "handler", "assigned_at", "accepted_at",
                                         "first_responder", "sign_deadline", "answer_deadline", "updated_at"])
    Event.objects.bulk_create([
        Event(complaint=c, actor=by, action=A.ASSIGN, from_status=S.SUBMITTED, to_status=S.ASSIGNED, note=note,
              created_at=now)
        for c in rows
    ])
    for year in {_year(c) for c in rows}:
        figures.changed(department.jurisdiction_id, year)
    queries.forget_inbox_counts(by)
    staff = staff_of([department])
    audiences = []
    for c in rows:
        body = _("签收期限：%(sign)s；答复期限：%(answer)s") % {
            "sign": c.sign_deadline.isoformat(), "answer": c.answer_deadline.isoformat()}
        if c.supervised:
            body += " " + _("（督办件）")
        audiences.append(_audience(staff, c, _("新分办诉求待签收"), body))
        # The enterprise's users and, when an official filed it on its behalf, that official.
        enterprise = User.objects.filter(Q(pk__in=holders(Role.ENTERPRISE).filter(enterprise_id=c.enterprise_id)
                                           .values("pk")) | Q(pk=c.submitter_id))
        audiences.append(_audience(enterprise, c, _("诉求已受理并分办"),
                                   _("已分办至%(department)s，预计答复日期：%(date)s")
                                   % {"department": department.name, "date": c.answer_deadline.isoformat()}))
    notify_audiences(audiences)
    return rows


@transaction.atomic
def refuse(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """不予受理: out of scope; the enterprise sees the reason."""
    _require_dispatcher(complaint, by)
    if not reason.strip():
        raise TransitionRefused(_("请填写不予受理的理由。"))
    _move(complaint, A.REFUSE, by=by, to=S.REFUSED, note=reason.strip(), public_note=reason.strip(),
          refuse_reason=reason.strip(),
          first_responder=complaint.first_responder or by, closed_at=timezone.now())
    _tell(enterprise_users(complaint), complaint, _("诉求不予受理"), reason.strip())
    return complaint


def _decide(request: Request, by: User, approve: bool, note: str) -> None:
    moved = Request.objects.filter(pk=request.pk, status=Request.Status.PENDING).update(
        status=Request.Status.APPROVED if approve else Request.Status.REJECTED, decided_by=by,
        decided_at=timezone.now(), decision_note=note.strip(),
    )
    if moved != 1:
        raise TransitionRefused(_("该申请已审批过了。"))
    request.status = Request.Status.APPROVED if approve else Request.Status.REJECTED


def _decidable(request: Request, by: User, kind: str, wrong_kind: str) -> Complaint:
    """The checks both decisions share: the dispatcher's own jurisdiction, the right kind, still pending."""
    complaint = request.complaint
    _require_dispatcher(complaint, by)
    if request.kind != kind:
        raise TransitionRefused(wrong_kind)
    if request.status != Request.Status.PENDING:
        raise TransitionRefused(_("该申请已审批过了。"))
    return complaint


def _reject(request: Request, *, by: User, note: str, checked: str, action: str, staff: list[User],
            subject: str) -> None:
    """驳回 a request: a reason is required, the complaint stays where it is, the department is told why."""
    if not note.strip():
        raise TransitionRefused(_("驳回时请填写理由。"))
    complaint = request.complaint
    _require_state(complaint, checked)
    _decide(request, by, False, note)
    _record(complaint, action, by=by, note=note)
    _tell(staff, complaint, subject, note)


@transaction.atomic
def decide_transfer(*, request: Request, by: User, approve: bool, note: str = "") -> Complaint:
    """The dispatcher approves (back to 待受理 for re-routing) or rejects a department's 退回 request."""
    complaint = _decidable(request, by, Request.Kind.TRANSFER, _("这不是退回申请。"))
    staff = department_staff(request.department)
    if approve:
        _move(complaint, A.APPROVE_TRANSFER, by=by, to=S.SUBMITTED, note=note or request.reason,
              public_note=_("诉求已转办，正在重新分办"),
              department=None, handler=None, sign_deadline=None, accepted_at=None,
              transfer_count=complaint.transfer_count + 1)
        _decide(request, by, True, note)
        _tell(staff, complaint, _("退回申请已同意"), note)
        _tell(enterprise_users(complaint), complaint, _("诉求正在重新分办"))
        if complaint.transfer_count >= BOUNCE_TRANSFERS:
            _ask_first_responder(complaint)
    else:
        _reject(request, by=by, note=note, checked=A.APPROVE_TRANSFER, action=A.REJECT_TRANSFER, staff=staff,
                subject=_("退回申请被驳回，请继续办理"))
    return complaint


@transaction.atomic
def decide_extension(*, request: Request, by: User, approve: bool, note: str = "") -> Complaint:
    """The dispatcher approves (new answer date) or rejects a department's 延期 request."""
    complaint = _decidable(request, by, Request.Kind.EXTENSION, _("这不是延期申请。"))
    staff = department_staff(request.department)
    if approve:
        if complaint.extension_used:
            raise TransitionRefused(_("该诉求已延期过一次，不能再次延期。"))
        # An approved extension moves the current answer deadline (see routed_deadline for re-routing).
        before = complaint.answer_deadline
        _move(complaint, A.APPROVE_EXTENSION, by=by,
              note=_("答复期限由%(before)s延至%(date)s：%(reason)s") % {
                  "before": before.isoformat() if before else "—", "date": request.new_deadline.isoformat(),
                  "reason": request.reason},
              public_note=_("答复期限已延至%(date)s") % {"date": request.new_deadline.isoformat()},
              answer_deadline=request.new_deadline, extension_used=True)
        _decide(request, by, True, note)
        _tell(staff, complaint, _("延期申请已同意"),
              _("答复期限延至%(date)s") % {"date": request.new_deadline.isoformat()})
        _tell(enterprise_users(complaint), complaint, _("预计答复日期已调整"),
              _("预计答复日期：%(date)s") % {"date": request.new_deadline.isoformat()})
    else:
        _reject(request, by=by, note=note, checked=A.APPROVE_EXTENSION, action=A.REJECT_EXTENSION, staff=staff,
                subject=_("延期申请被驳回，请按原期限答复"))
    return complaint


# ---- department ----------------------------------------------------------------------------------


@transaction.atomic
def accept(*, complaint: Complaint, by: User) -> Complaint:
    """签收: the department takes the complaint; the signer becomes its handler."""
    _require_department(complaint, by)
    _move(complaint, A.ACCEPT, by=by, to=S.ACCEPTED, handler=by, accepted_at=timezone.now(),
          public_note=_("%(department)s已签收") % {"department": complaint.department.name})
    _tell(enterprise_users(complaint), complaint, _("诉求已签收"),
          _("%(department)s已签收，预计答复日期：%(date)s")
          % {"department": complaint.department.name, "date": complaint.answer_deadline.isoformat()})
    return complaint


def _pending_request(complaint: Complaint) -> Request | None:
    return complaint.requests.filter(status=Request.Status.PENDING).first()


@transaction.atomic
def request_transfer(*, complaint: Complaint, by: User, reason: str) -> Request:
    """退回: the department asks to send the complaint back, within 2 working days of assignment."""
    _require_department(complaint, by)
    _require_state(complaint, A.REQUEST_TRANSFER)
    if not reason.strip():
        raise TransitionRefused(_("请填写退回理由。"))
    assigned = timezone.localdate(complaint.assigned_at)
    if timezone.localdate() > calendar.add_working_days(assigned, TRANSFER_WINDOW_DAYS):
        raise TransitionRefused(
            _("分办后%(days)d个工作日内才能申请退回，现已超过期限。") % {"days": TRANSFER_WINDOW_DAYS})
    return _create_request(complaint, by, Request.Kind.TRANSFER, reason.strip(), None, A.REQUEST_TRANSFER)


@transaction.atomic
def request_extension(*, complaint: Complaint, by: User, reason: str, new_deadline: date) -> Request:
    """延期: the department asks once for a later answer date, at most 10 working days later."""
    _require_department(complaint, by)
    _require_state(complaint, A.REQUEST_EXTENSION)
    if not reason.strip():
        raise TransitionRefused(_("请填写延期理由。"))
    if complaint.extension_used:
        raise TransitionRefused(_("该诉求已延期过一次，不能再次延期。"))
    if new_deadline <= complaint.answer_deadline:
        raise TransitionRefused(_("延期后的日期必须晚于当前答复期限（%(date)s）。")
                                % {"date": complaint.answer_deadline.isoformat()})
    if calendar.working_days_between(complaint.answer_deadline, new_deadline) > MAX_EXTENSION_DAYS:
        raise TransitionRefused(_("延期最多%(days)d个工作日（最晚%(date)s）。") % {
            "days": MAX_EXTENSION_DAYS,
            "date": calendar.add_working_days(complaint.answer_deadline, MAX_EXTENSION_DAYS).isoformat()})
    note = _("申请延期至%(date)s：%(reason)s") % {"date": new_deadline.isoformat(), "reason": reason.strip()}
    return _create_request(complaint, by, Request.Kind.EXTENSION, reason.strip(), new_deadline,
                           A.REQUEST_EXTENSION, note=note)


def _create_request(complaint, by, kind, reason, new_deadline, action, note="") -> Request:
    if _pending_request(complaint):
        raise TransitionRefused(_("已有一个待审批的申请，请等待受理员审批。"))
    request = Request.objects.create(complaint=complaint, kind=kind, department_id=complaint.department_id,
                                     reason=reason, new_deadline=new_deadline, requested_by=by)
    _record(complaint, action, by=by, note=note or reason)
    _tell(dispatchers_of(complaint.jurisdiction_id), complaint,
          _("%(dept)s申请%(kind)s") % {"dept": complaint.department.name, "kind": request.get_kind_display()}, reason)
    return request


@transaction.atomic
def answer(*, complaint: Complaint, by: User, text: str) -> Complaint:
    """答复: the department answers the enterprise; the enterprise is asked to rate it."""
    _require_department(complaint, by)
    if complaint.status == S.ASSIGNED:
        raise TransitionRefused(_("请先签收该诉求，再进行答复。"))
    if not text.strip():
        raise TransitionRefused(_("请填写答复内容。"))
    _move(complaint, A.ANSWER, by=by, to=S.ANSWERED, note=text.strip(), public_note=text.strip(),
          answer=text.strip(),
          answered_at=timezone.now(), first_answered_at=complaint.first_answered_at or timezone.now(),
          handler=complaint.handler or by, rating="", rating_reason="", rating_comment="")
    _tell(enterprise_users(complaint), complaint, _("诉求已答复，请评价"), text.strip()[:200])
    return complaint


# ---- 首问负责制: the first responder answers for a bounced complaint ---------------------------------


def _ask_first_responder(complaint: Complaint) -> None:
    """Transferred a second time (踢皮球): the first responder is asked, with a link, to say what happened."""
    if not complaint.first_responder_id:
        return  # never routed by a dispatcher nor filed by an official: nobody to ask (still flagged)
    now = timezone.now()
    Complaint.objects.filter(pk=complaint.pk).update(responder_asked_at=now)
    complaint.responder_asked_at = now
    note = _("第%(n)d次转办，请首问责任人说明情况") % {"n": complaint.transfer_count}
    Event.objects.create(complaint=complaint, actor=None, action=A.ASK_RESPONDER, from_status=complaint.status,
                         to_status=complaint.status, note=note, public=False)
    # The efficiency office hears of it in the same statement: the complaint is now on its 问责 flag list.
    notify_audiences([
        Audience(User.objects.filter(pk=complaint.first_responder_id), subject=f"【{complaint.number}】" + note,
                 body=complaint.title, url=reverse("complaints:responder-answer", args=[complaint.pk])),
        _audience(holders(Role.OVERSIGHT).filter(jurisdiction_id=complaint.jurisdiction_id), complaint,
                  _("诉求已转办%(n)d次（踢皮球），列入问责提示") % {"n": complaint.transfer_count}, complaint.title),
    ])


def can_answer_as_first_responder(complaint: Complaint, user: User) -> bool:
    return bool(user.is_authenticated and complaint.first_responder_id == user.pk and complaint.responder_asked_at)


@transaction.atomic
def answer_as_first_responder(*, complaint: Complaint, by: User, text: str) -> Event:
    """The first responder answers for a bounced complaint; the answer is an event the efficiency office reads."""
    if complaint.first_responder_id != by.pk:
        raise PermissionDenied(_("只有该诉求的首问责任人可以说明。"))
    if not text.strip():
        raise TransitionRefused(_("请填写说明内容。"))
    moved = Complaint.objects.filter(pk=complaint.pk, responder_asked_at__isnull=False).update(
        responder_asked_at=None)
    if moved != 1:
        raise TransitionRefused(_("该诉求目前无需首问责任人说明。"))
    complaint.responder_asked_at = None
    event = Event.objects.create(complaint=complaint, actor=by, action=A.RESPONDER_ANSWER,
                                 from_status=complaint.status, to_status=complaint.status, note=text.strip(),
                                 public=False)
    oversight = holders(Role.OVERSIGHT).filter(jurisdiction_id=complaint.jurisdiction_id)
    notify_audiences([_audience(oversight, complaint, _("首问责任人已说明转办情况"), text.strip()[:500])])
    return event


# ---- enterprise ----------------------------------------------------------------------------------


@transaction.atomic
def rate(*, complaint: Complaint, by: User, rating: str, reason: str = "", comment: str = "") -> Complaint:
    """The enterprise rates the answer: 满意/基本满意 closes it; 不满意 (with a reason) reopens it under 督办."""
    _require_role(by, Role.ENTERPRISE)
    if by.enterprise_id != complaint.enterprise_id:
        raise PermissionDenied(_("只能评价本企业的诉求。"))
    if rating not in Complaint.Rating.values:
        raise TransitionRefused(_("请选择满意度。"))
    R = Complaint.Rating
    if rating == R.DISSATISFIED:
        if reason not in Complaint.Reason.values:
            raise TransitionRefused(_("选择“不满意”时请选择原因。"))
        if reason == Complaint.Reason.OTHER and not comment.strip():
            raise TransitionRefused(_("原因选择“其他”时请填写说明。"))
    else:
        reason = ""
    Evaluation.objects.create(complaint=complaint, department_id=complaint.department_id, rating=rating,
                              reason=reason, comment=comment.strip(), rated_by=by)
    label = Complaint.Rating(rating).label
    note = label + (f"（{Complaint.Reason(reason).label}）" if reason else "") + (
        f"：{comment.strip()}" if comment.strip() else "")
    if rating == R.DISSATISFIED:
        _move(complaint, A.RATE, by=by, to=S.SUBMITTED, note=note, public_note=note, rating=rating,
              rating_reason=reason,
              rating_comment=comment.strip(), supervised=True, reopen_count=complaint.reopen_count + 1,
              handler=None, sign_deadline=None, closed_at=None)
        Event.objects.create(complaint=complaint, actor=by, action=A.REOPEN, from_status=S.ANSWERED,
                             to_status=S.SUBMITTED, note=_("企业不满意，重新办理并督办"),
                             public_note=_("企业不满意，诉求重新办理"))
        _tell(dispatchers_of(complaint.jurisdiction_id) + efficiency_office(complaint.jurisdiction_id), complaint,
              _("企业不满意，诉求重新办理（督办）"), note)
        _tell(department_staff(complaint.department), complaint, _("企业对答复不满意"), note)
    else:
        _move(complaint, A.RATE, by=by, to=S.CLOSED, note=note, public_note=note, rating=rating,
              rating_reason="",
              rating_comment=comment.strip(), closed_at=timezone.now())
        _tell(department_staff(complaint.department), complaint, _("企业已评价，诉求办结"), note)
    return complaint


# ---- oversight -----------------------------------------------------------------------------------


@transaction.atomic
def reopen(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """The dispatcher or oversight reopens an answered or closed complaint, under 督办, back to 待受理."""
    _require_role(by, Role.DISPATCHER, Role.OVERSIGHT, Role.ADMIN)
    if not by.has_role(Role.ADMIN) and by.jurisdiction_id != complaint.jurisdiction_id:
        raise PermissionDenied(_("该诉求不属于您所在的辖区。"))
    if not reason.strip():
        raise TransitionRefused(_("请填写重新办理的理由。"))
    _move(complaint, A.REOPEN, by=by, to=S.SUBMITTED, note=reason.strip(), public_note=reason.strip(),
          supervised=True,
          reopen_count=complaint.reopen_count + 1, handler=None, sign_deadline=None, closed_at=None)
    _tell(dispatchers_of(complaint.jurisdiction_id), complaint, _("诉求重新办理（督办），请重新分办"), reason)
    _tell(enterprise_users(complaint), complaint, _("诉求重新办理"), reason)
    return complaint


@transaction.atomic
def supervise(*, complaint: Complaint, by: User, notice: str) -> Complaint:
    """督办: oversight flags an open complaint and sends a notice to the department (and the dispatcher)."""
    _require_role(by, Role.OVERSIGHT, Role.ADMIN)
    if not by.has_role(Role.ADMIN) and by.jurisdiction_id != complaint.jurisdiction_id:
        raise PermissionDenied(_("该诉求不属于您所在的辖区。"))
    if not notice.strip():
        raise TransitionRefused(_("请填写督办意见。"))
    _move(complaint, A.SUPERVISE, by=by, note=notice.strip(), public=False, supervised=True,
          supervision_notice=notice.strip())
    recipients = department_staff(complaint.department) or dispatchers_of(complaint.jurisdiction_id)
    _tell(recipients, complaint, _("督办通知"), notice.strip())
    return complaint


# ---- 督办通知 (supervision notices) ---------------------------------------------------------------


def notice_reason(complaint: Complaint) -> str | None:
    """Why a notice may be issued on this complaint now (overdue, or reopened and still open), else None."""
    if not complaint.is_open or not complaint.department_id:
        return None
    if complaint.is_overdue:
        return SupervisionNotice.Reason.OVERDUE
    if complaint.reopen_count:
        return SupervisionNotice.Reason.REOPENED
    return None


def issuing_office(user: User, jurisdiction_id: int) -> Department | None:
    """The tracking office a notice by `user` is issued in the name of: the user's own office (效能督查办公室 or
    党政办督查室) when they belong to one of the jurisdiction; otherwise (an admin, an oversight user without a
    department) the jurisdiction's 效能督查办公室, the office the platform reported to before 党政办督查室 joined."""
    department = user.department if user.department_id else None
    if department is not None and department.is_tracking_office and department.jurisdiction_id == jurisdiction_id:
        return department
    return (Department.objects.filter(jurisdiction_id=jurisdiction_id, kind=Department.Kind.EFFICIENCY,
                                      is_active=True).order_by("id").first())


def _notice_url(notice: SupervisionNotice) -> str:
    return reverse("complaints:notice-detail", args=[notice.pk])


@transaction.atomic
def issue_notice(*, complaint: Complaint, by: User, instruction: str, deadline: date) -> SupervisionNotice:
    """督办: oversight tells the department to act on an overdue or reopened complaint and answer by `deadline`."""
    _require_role(by, Role.OVERSIGHT, Role.ADMIN)
    if not by.has_role(Role.ADMIN) and by.jurisdiction_id != complaint.jurisdiction_id:
        raise PermissionDenied(_("该诉求不属于您所在的辖区。"))
    if not instruction.strip():
        raise TransitionRefused(_("请填写督办要求。"))
    if deadline < timezone.localdate():
        raise TransitionRefused(_("反馈期限不能早于今天。"))
    reason = notice_reason(complaint)
    if reason is None:
        raise TransitionRefused(_("只能对已分办、未办结且超期或重新办理的诉求下达督办通知。"))
    if complaint.notices.filter(status=SupervisionNotice.Status.OPEN).exists():
        raise TransitionRefused(_("该诉求已有一份待反馈的督办通知。"))
    note = _("督办（反馈期限%(date)s）：%(text)s") % {"date": deadline.isoformat(), "text": instruction.strip()}
    _move(complaint, A.SUPERVISE, by=by, note=note, public=False, supervised=True,
          supervision_notice=instruction.strip())
    notice = SupervisionNotice.objects.create(complaint=complaint, department_id=complaint.department_id,
                                              reason=reason, instruction=instruction.strip(), deadline=deadline,
                                              issued_by=by, office=issuing_office(by, complaint.jurisdiction_id))
    office = notice.office.name if notice.office_id else ""
    notify(department_staff(complaint.department), subject=f"【{complaint.number}】" + _("督办通知，请于%(date)s前反馈")
           % {"date": deadline.isoformat()}, body=(f"{office}：" if office else "") + instruction.strip(),
           url=_notice_url(notice))
    return notice


def can_answer_notice(notice: SupervisionNotice, user: User) -> bool:
    """The department's handlers and its head answer a notice."""
    department = notice.department
    return user.is_authenticated and (
        (user.has_role(Role.HANDLER) and user.department_id == notice.department_id) or department.head_id == user.pk)


@transaction.atomic
def answer_notice(*, notice: SupervisionNotice, by: User, response: str) -> SupervisionNotice:
    """The department answers a supervision notice (what it did, what it will do); the issuer is told."""
    if not can_answer_notice(notice, by):
        raise PermissionDenied(_("只有被督办部门的承办人或负责人可以反馈。"))
    if not response.strip():
        raise TransitionRefused(_("请填写反馈内容。"))
    now = timezone.now()
    moved = SupervisionNotice.objects.filter(pk=notice.pk, status=SupervisionNotice.Status.OPEN).update(
        status=SupervisionNotice.Status.ANSWERED, response=response.strip(), answered_by=by, answered_at=now)
    if moved != 1:
        raise TransitionRefused(_("该督办通知已反馈过了。"))
    notice.status, notice.response, notice.answered_by, notice.answered_at = (
        SupervisionNotice.Status.ANSWERED, response.strip(), by, now)
    complaint = notice.complaint
    _record(complaint, A.NOTICE_REPLY, by=by, note=response.strip())
    recipients = {u.pk: u for u in [notice.issued_by, *efficiency_office(complaint.jurisdiction_id)]}
    notify(list(recipients.values()),
           subject=f"【{complaint.number}】" + _("督办通知已反馈"), body=response.strip()[:200], url=_notice_url(notice))
    return notice


# ---- the daily sweep's steps (complaints.reminders calls these) ---------------------------------


@transaction.atomic
def auto_close(*, complaint: Complaint) -> bool:
    """Close an answered complaint nobody rated within AUTO_CLOSE_DAYS; False when it moved meanwhile."""
    try:
        _move(complaint, A.AUTO_CLOSE, by=None, to=S.CLOSED, closed_at=timezone.now(),
              public_note=_("答复后7天内未评价，系统已自动办结。"))
    except TransitionRefused:
        return False
    _tell(enterprise_users(complaint), complaint, _("诉求已自动办结"), _("答复后7天内未评价，系统已自动办结。"))
    return True


@transaction.atomic
def escalate(*, complaint: Complaint, stage: str, deadline: date, office: list[User] | None = None) -> bool:
    """Overdue five working days: 督办 flag and the efficiency office told, once per complaint and stage.

    `office`: the jurisdiction's efficiency office when the caller (the daily sweep) already has it.
    """
    label = _("签收") if stage == "sign" else _("答复")
    key = f"complaint:{complaint.pk}:{stage}:{deadline.isoformat()}:escalate"
    if office is None:
        office = efficiency_office(complaint.jurisdiction_id)
    sent = notify(office, subject=f"【{complaint.number}】" + _(
        "%(stage)s超期5个工作日，请督办") % {"stage": label}, body=complaint.title, url=_url(complaint), key=key)
    if sent and not complaint.supervised:
        moved = Complaint.objects.filter(pk=complaint.pk, supervised=False).update(supervised=True)
        if moved:
            complaint.supervised = True
            _record(complaint, A.ESCALATE, by=None,
                    note=_("%(stage)s期限%(date)s已超期5个工作日") % {"stage": label, "date": deadline.isoformat()})
    return bool(sent)
