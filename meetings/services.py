"""Every joint-meeting state change: keyword-only, atomic, history row + audit-log row, who must act is told.

    create (carries over the open decisions of earlier closed meetings) → add problems → decide each
    (a complaint in the department's queue with the meeting's deadline) → close (undecided items wait for the next)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import services as complaint_services
from complaints.models import Category, Complaint
from liaison.models import ProblemStatus, ProjectProblem, Resolution, VisitProblem
from liaison.services import problem_enterprise, problem_source, problem_text
from meetings.models import AgendaItem, Meeting, MeetingEvent
from portal import audit
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Department, Role, User
from portal.services import notify

# Who may see and run meetings (README, 联席会议): the tracking offices and the dispatchers of the jurisdiction
# run any; a department's handlers run the meetings their department convenes and see those it attends.
RUNNERS = (Role.OVERSIGHT, Role.DISPATCHER, Role.ADMIN)
VIEWERS = (*RUNNERS, Role.HANDLER)
OPEN_COMPLAINT = (Complaint.Status.SUBMITTED, Complaint.Status.ASSIGNED, Complaint.Status.ACCEPTED)
PROBLEM_MODELS = {AgendaItem.Source.VISIT: VisitProblem, AgendaItem.Source.PROJECT: ProjectProblem,
                  AgendaItem.Source.RESOLUTION: Resolution}
SOURCE_FIELD = {AgendaItem.Source.VISIT: "visit_problem", AgendaItem.Source.PROJECT: "project_problem",
                AgendaItem.Source.RESOLUTION: "resolution"}


# ---- who -----------------------------------------------------------------------------------------


def can_convene(user: User, department: Department) -> bool:
    """Oversight and dispatchers convene for any department of their jurisdiction, a handler for their own."""
    if user.has_role(Role.ADMIN):
        return True
    if user.jurisdiction_id != department.jurisdiction_id:
        return False
    return user.has_role(Role.OVERSIGHT, Role.DISPATCHER) or (
        user.has_role(Role.HANDLER) and user.department_id == department.pk)


def can_run(user: User, meeting: Meeting) -> bool:
    """Add problems, decide, close: oversight and dispatchers of the jurisdiction, the convenor's handlers."""
    if user.has_role(Role.ADMIN):
        return True
    if user.jurisdiction_id != meeting.jurisdiction_id:
        return False
    return user.has_role(Role.OVERSIGHT, Role.DISPATCHER) or (
        user.has_role(Role.HANDLER) and user.department_id == meeting.convenor_department_id)


def _require_run(user: User, meeting: Meeting) -> None:
    if not can_run(user, meeting):
        raise RoleRefused(_("只有督查人员、受理员和召集部门的承办人可以主持会议事项。"))
    if not meeting.is_open:
        raise TransitionRefused(_("会议已结束。"))


def _url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def _history(meeting: Meeting, action: str, by: User, note: str = "", item: AgendaItem | None = None) -> None:
    MeetingEvent.objects.create(meeting=meeting, item=item, actor=by, action=action, note=note)


# ---- create (and carry over) -----------------------------------------------------------------------


@transaction.atomic
def create_meeting(*, by: User, kind: str, title: str, date: dt.date, convenor_department: Department,
                   convenor: User | None = None, members: Iterable[Department] = ()) -> Meeting:
    """Convene a meeting; the open decisions of the jurisdiction's earlier closed meetings join its agenda."""
    if not by.has_role(*VIEWERS) or not can_convene(by, convenor_department):
        raise RoleRefused(_("只有督查人员、受理员或召集部门的承办人可以召集会议。"))
    if kind not in Meeting.Kind.values:
        raise TransitionRefused(_("请选择会议类型。"))
    if not title.strip():
        raise TransitionRefused(_("请填写会议名称。"))
    jurisdiction_id = convenor_department.jurisdiction_id
    members = [d for d in members if d.pk != convenor_department.pk]
    if any(d.jurisdiction_id != jurisdiction_id for d in members):
        raise TransitionRefused(_("成员单位必须属于召集部门所在辖区。"))
    if convenor is not None and convenor.jurisdiction_id not in (None, jurisdiction_id):
        raise TransitionRefused(_("召集人必须属于本辖区。"))
    meeting = Meeting.objects.create(jurisdiction_id=jurisdiction_id, kind=kind, title=title.strip()[:200],
                                     date=date, convenor_department=convenor_department, convenor=convenor or by,
                                     created_by=by)
    meeting.members.set(members)
    _history(meeting, MeetingEvent.Action.CREATE, by)
    carried = carry_over(meeting=meeting, by=by)
    audit.record("meeting_create", user=by, obj=meeting, kind=kind, carried=carried)
    notify(complaint_services.departments_staff(members), subject=_("%(kind)s通知：%(title)s（%(date)s）") % {
        "kind": meeting.get_kind_display(), "title": meeting.title, "date": date.isoformat()},
        body=_("召集部门：%(department)s") % {"department": convenor_department.name}, url=_url(meeting))
    return meeting


def open_decisions(jurisdiction_id: int, *, before: Meeting | None = None):
    """Items of closed meetings still open — undecided, or decided and their complaint not finished — that no
    later meeting has taken over yet."""
    qs = AgendaItem.objects.filter(meeting__jurisdiction_id=jurisdiction_id, meeting__status=Meeting.Status.CLOSED,
                                   carried_to__isnull=True)
    if before is not None:
        qs = qs.exclude(meeting=before)
    # Undecided problems have no complaint yet; everything else is open while its complaint is (answered counts:
    # the enterprise may still reopen it).
    return qs.filter(Q(complaint__isnull=True) | Q(complaint__status__in=[*OPEN_COMPLAINT, Complaint.Status.ANSWERED]))


def carry_over(*, meeting: Meeting, by: User) -> int:
    """Bring the open decisions of earlier meetings to this one (each carried item starts with its last
    decision, for the meeting to confirm or change); returns how many."""
    items = []
    for old in open_decisions(meeting.jurisdiction_id, before=meeting).order_by("id"):
        items.append(AgendaItem(
            meeting=meeting, source=old.source, visit_problem_id=old.visit_problem_id,
            project_problem_id=old.project_problem_id, resolution_id=old.resolution_id, enterprise_id=old.enterprise_id,
            text=old.text, carried_from=old, department_id=old.department_id, deadline=old.deadline,
            action=old.action, complaint_id=old.complaint_id, added_by=by))
    if items:
        AgendaItem.objects.bulk_create(items)
        _history(meeting, MeetingEvent.Action.CARRY, by, _("结转%(n)d项") % {"n": len(items)})
    return len(items)


# ---- agenda ----------------------------------------------------------------------------------------


def source_jurisdiction_id(obj) -> int | None:
    if isinstance(obj, Complaint):
        return obj.jurisdiction_id
    if isinstance(obj, VisitProblem):
        return obj.visit.pairing.enterprise.jurisdiction_id
    if isinstance(obj, Resolution):
        return obj.forum.jurisdiction_id
    return obj.report.project.jurisdiction_id


@transaction.atomic
def add_problem(*, meeting: Meeting, by: User,
                problem: VisitProblem | ProjectProblem | Resolution | Complaint) -> AgendaItem:
    """Take a problem to the meeting: an open visit/project problem or forum resolution is marked 已提交联席会议
    (no longer converted on its own); an open complaint stays where it is until the meeting decides."""
    _require_run(by, meeting)
    if source_jurisdiction_id(problem) != meeting.jurisdiction_id:
        raise TransitionRefused(_("只能提交本辖区的问题。"))
    if isinstance(problem, Complaint):
        if problem.status not in OPEN_COMPLAINT:
            raise TransitionRefused(_("只能提交未答复、未办结的诉求。"))
        fields = dict(source=AgendaItem.Source.COMPLAINT, complaint=problem, enterprise_id=problem.enterprise_id,
                      text=f"{problem.number} {problem.title}")
    else:
        source = next(k for k, model in PROBLEM_MODELS.items() if isinstance(problem, model))
        enterprise = problem_enterprise(problem)
        if enterprise is None:
            raise TransitionRefused(_("该事项未指定涉及企业，请先转为诉求或补充企业。"))
        changes = {"status": ProblemStatus.MEETING}
        if isinstance(problem, ProjectProblem):
            changes["to_joint_meeting"] = True
        moved = type(problem).objects.filter(pk=problem.pk, status=ProblemStatus.OPEN).update(**changes)
        if moved != 1:
            raise TransitionRefused(_("该事项已处理或已提交会议。"))
        problem.status = ProblemStatus.MEETING
        fields = {"source": source, SOURCE_FIELD[source]: problem, "enterprise": enterprise,
                  "text": f"{problem_source(problem)}：{problem_text(problem)}"}
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(meeting=meeting, added_by=by, **fields)
    except IntegrityError:
        raise TransitionRefused(_("该问题已在本次会议议题中。")) from None
    _history(meeting, MeetingEvent.Action.ADD, by, item.text[:200], item=item)
    audit.record("meeting_item_add", user=by, obj=meeting, item=item.pk, source=item.source)
    return item


def default_category(jurisdiction_id: int) -> Category | None:
    """The category a decided problem is filed under unless the meeting picks one: 困难诉求 where it exists."""
    qs = Category.objects.filter(jurisdiction_id=jurisdiction_id, is_active=True)
    return qs.filter(name="困难诉求").first() or qs.order_by("order", "id").first()


@transaction.atomic
def decide(*, item: AgendaItem, by: User, department: Department, deadline: dt.date, action: str,
           category: Category | None = None) -> AgendaItem:
    """The meeting's decision: `department` solves the problem by `deadline` doing `action`. A problem becomes a
    complaint routed to the department's queue (and is linked to it); a complaint is routed there."""
    meeting = item.meeting
    _require_run(by, meeting)
    if not action.strip():
        raise TransitionRefused(_("请填写议定措施。"))
    moved = AgendaItem.objects.filter(pk=item.pk, status=AgendaItem.Status.PENDING).update(
        status=AgendaItem.Status.DECIDED)
    if moved != 1:
        raise TransitionRefused(_("该议题已议定。"))
    complaint = item.complaint
    if complaint is not None and complaint.is_open and complaint.status != Complaint.Status.ANSWERED:
        complaint_services.route_decided(complaint=complaint, department=department, deadline=deadline, by=by,
                                         note=action.strip())
    elif complaint is not None:
        raise TransitionRefused(_("该诉求已答复或已办结，无需再交办。"))
    else:
        category = category or default_category(meeting.jurisdiction_id)
        if category is None:
            raise TransitionRefused(_("本辖区没有启用的诉求类别。"))
        problem = getattr(item, SOURCE_FIELD[item.source])
        complaint = complaint_services.submit_decided(
            enterprise=item.enterprise, category=category, title=problem_text(problem)[:100],
            description=_("%(text)s\n\n%(kind)s“%(title)s”（%(date)s）议定措施：%(action)s") % {
                "text": problem_text(problem), "kind": meeting.get_kind_display(), "title": meeting.title,
                "date": meeting.date.isoformat(), "action": action.strip()},
            department=department, deadline=deadline, by=by,
            source=_("%(kind)s %(date)s") % {"kind": meeting.get_kind_display(), "date": meeting.date.isoformat()})
        type(problem).objects.filter(pk=problem.pk).update(status=ProblemStatus.CONVERTED, complaint=complaint)
    now = timezone.now()
    AgendaItem.objects.filter(pk=item.pk).update(department=department, deadline=deadline, action=action.strip(),
                                                 complaint=complaint, decided_by=by, decided_at=now)
    item.status, item.department, item.deadline = AgendaItem.Status.DECIDED, department, deadline
    item.action, item.complaint, item.decided_by, item.decided_at = action.strip(), complaint, by, now
    note = _("交%(department)s办理，办结期限%(date)s：%(action)s") % {
        "department": department.name, "date": deadline.isoformat(), "action": action.strip()}
    _history(meeting, MeetingEvent.Action.DECIDE, by, note, item=item)
    audit.record("meeting_decide", user=by, obj=meeting, item=item.pk, complaint=complaint.pk,
                 department=department.pk, deadline=deadline.isoformat())
    notify(complaint_services.department_staff(department),
           subject=_("%(title)s交办：%(number)s，办结期限%(date)s") % {
               "title": meeting.title, "number": complaint.number, "date": deadline.isoformat()},
           body=action.strip(), url=reverse("complaints:detail", args=[complaint.pk]))
    return item


@transaction.atomic
def close_meeting(*, meeting: Meeting, by: User, minutes: str) -> Meeting:
    """End the meeting with its minutes; undecided items and unfinished decisions go to the next meeting."""
    _require_run(by, meeting)
    if not minutes.strip():
        raise TransitionRefused(_("请填写会议纪要。"))
    now = timezone.now()
    moved = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.OPEN).update(
        status=Meeting.Status.CLOSED, minutes=minutes.strip(), closed_by=by, closed_at=now)
    if moved != 1:
        raise TransitionRefused(_("会议已结束。"))
    meeting.status, meeting.minutes = Meeting.Status.CLOSED, minutes.strip()
    meeting.closed_by, meeting.closed_at = by, now
    _history(meeting, MeetingEvent.Action.CLOSE, by, minutes.strip()[:500])
    audit.record("meeting_close", user=by, obj=meeting)
    return meeting
