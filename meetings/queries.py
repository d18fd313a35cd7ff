"""Reads of the meetings app: who sees which meeting, the pages' querysets, the decisions of a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from complaints.models import Complaint
from complaints.search import matching
from liaison.models import ProblemStatus, ProjectProblem, Resolution, VisitProblem
from meetings.models import AgendaItem, Meeting, MeetingEvent
from portal.models import Jurisdiction, Role, User

CANDIDATES = 20


def meetings_visible_to(user: User):
    """The one place that says who sees which meeting: oversight and dispatchers their jurisdiction's; a handler
    the meetings their department convenes, attends or was given a decision by; admins all."""
    if not user.is_authenticated or not user.is_active:
        return Meeting.objects.none()
    roles = user.roles
    if Role.ADMIN in roles:
        return Meeting.objects.all()
    q = Q(pk__in=[])
    if roles & {Role.OVERSIGHT, Role.DISPATCHER} and user.jurisdiction_id:
        q |= Q(jurisdiction_id=user.jurisdiction_id)
    if Role.HANDLER in roles and user.department_id:
        attended = Meeting.members.through.objects.filter(department_id=user.department_id).values("meeting_id")
        assigned = AgendaItem.objects.filter(department_id=user.department_id).values("meeting_id")
        q |= Q(convenor_department_id=user.department_id) | Q(pk__in=attended) | Q(pk__in=assigned)
    return Meeting.objects.filter(q)


def meeting_list(user: User):
    """A list row: the meeting, its convenor and item counts, in one query."""
    return (meetings_visible_to(user).select_related("jurisdiction", "convenor_department", "convenor")
            .annotate(item_count=Count("items"),
                      decided_count=Count("items", filter=Q(items__status=AgendaItem.Status.DECIDED)))
            .order_by("-date", "-id"))


def items_for_detail():
    return (AgendaItem.objects.select_related("enterprise", "department", "complaint", "complaint__department",
                                              "decided_by", "carried_from__meeting")
            .order_by("id"))


def get_meeting_for_user(user: User, pk) -> Meeting:
    """The meeting with its members, items and history if this user may see it, else 404 (pages and API)."""
    meeting = (meetings_visible_to(user)
               .select_related("jurisdiction", "convenor_department", "convenor", "created_by", "closed_by")
               .prefetch_related("members", Prefetch("items", queryset=items_for_detail()),
                                 Prefetch("events", queryset=MeetingEvent.objects.select_related("actor")))
               .filter(pk=pk).first())
    if meeting is None:
        raise Http404
    return meeting


def get_item(meeting: Meeting, pk) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting", "enterprise", "complaint", "complaint__category",
                                             "complaint__department", "visit_problem", "project_problem",
                                             "resolution").filter(meeting=meeting, pk=pk).first()
    if item is None:
        raise Http404
    return item


# ---- what may be pulled into a meeting ---------------------------------------------------------------


def candidates(jurisdiction_id: int, q: str = "") -> dict:
    """Open problems of the jurisdiction, newest first (at most 20 of each kind), and open complaints: those
    matching `q`, or else the overdue ones. Five queries whatever the data size."""
    q = q.strip()
    visit = (VisitProblem.objects.filter(status=ProblemStatus.OPEN,
                                         visit__pairing__enterprise__jurisdiction_id=jurisdiction_id)
             .select_related("visit__pairing__enterprise"))
    project = (ProjectProblem.objects
               .filter(status=ProblemStatus.OPEN, report__project__jurisdiction_id=jurisdiction_id)
               .select_related("report__project__enterprise"))
    resolution = (Resolution.objects.filter(status=ProblemStatus.OPEN, forum__jurisdiction_id=jurisdiction_id,
                                            enterprise__isnull=False).select_related("forum", "enterprise"))
    complaints = Complaint.objects.filter(jurisdiction_id=jurisdiction_id, status__in=[
        Complaint.Status.SUBMITTED, Complaint.Status.ASSIGNED, Complaint.Status.ACCEPTED]).select_related(
        "enterprise", "department")
    if q:
        visit = visit.filter(description__icontains=q)
        project = project.filter(description__icontains=q)
        resolution = resolution.filter(text__icontains=q)
        complaints = complaints.filter(matching(q)).order_by("-id")
    else:
        complaints = complaints.overdue().order_by("answer_deadline", "id")
    return {
        "visit": list(visit.order_by("-id")[:CANDIDATES]),
        # Those the project team flagged for a joint meeting (提交联席会议) first.
        "project": list(project.order_by("-to_joint_meeting", "-id")[:CANDIDATES]),
        "resolution": list(resolution.order_by("-id")[:CANDIDATES]),
        "complaint": list(complaints[:CANDIDATES]),
    }


# ---- for the monthly report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """One decision of a joint meeting, as the monthly report lists it."""

    meeting_id: int
    meeting: str
    meeting_kind: str
    meeting_date: dt.date
    problem: str
    enterprise: str
    department: str
    deadline: dt.date | None
    action: str
    status: str  # meetings.models.DecisionStatus value
    status_label: str
    complaint_id: int | None
    complaint_number: str
    decided_at: dt.datetime


def decisions_between(jurisdiction: Jurisdiction | int, start: dt.date, end: dt.date) -> list[Decision]:
    """The decisions meetings of the jurisdiction took from `start` to `end` (both included, local dates), with
    where each stands today; one query."""
    jurisdiction_id = jurisdiction if isinstance(jurisdiction, int) else jurisdiction.pk
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    items = (AgendaItem.objects.filter(meeting__jurisdiction_id=jurisdiction_id, status=AgendaItem.Status.DECIDED,
                                       decided_at__gte=since, decided_at__lt=until)
             .select_related("meeting", "enterprise", "department", "complaint").order_by("decided_at", "id"))
    return [Decision(
        meeting_id=i.meeting_id, meeting=i.meeting.title, meeting_kind=i.meeting.get_kind_display(),
        meeting_date=i.meeting.date, problem=i.text, enterprise=i.enterprise.name,
        department=i.department.name if i.department_id else "", deadline=i.deadline, action=i.action,
        status=i.decision_status, status_label=i.get_decision_status_display(), complaint_id=i.complaint_id,
        complaint_number=i.complaint.number if i.complaint_id else "", decided_at=i.decided_at,
    ) for i in items]


# What may be pulled onto a meeting's agenda, by source, within the meeting's jurisdiction.
PULLABLE = {
    AgendaItem.Source.VISIT: lambda j: VisitProblem.objects.select_related("visit__pairing__enterprise").filter(
        visit__pairing__enterprise__jurisdiction_id=j),
    AgendaItem.Source.PROJECT: lambda j: ProjectProblem.objects.select_related("report__project__enterprise").filter(
        report__project__jurisdiction_id=j),
    AgendaItem.Source.RESOLUTION: lambda j: Resolution.objects.select_related("forum", "enterprise").filter(
        forum__jurisdiction_id=j),
    AgendaItem.Source.COMPLAINT: lambda j: Complaint.objects.filter(jurisdiction_id=j),
}
