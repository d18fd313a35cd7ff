"""Every liaison state change: keyword-only, atomic, compare-and-set where a race is possible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint
from complaints.services import submit_complaint
from liaison.models import (
    Chamber,
    Forum,
    InspectionReport,
    KeyProject,
    Pairing,
    ProblemStatus,
    ProjectProblem,
    Resolution,
    Visit,
    VisitProblem,
)
from portal import figures
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Department, Enterprise, Role, User
from portal.roles import holders
from portal.services import notify

# ---------------------------------------------------------------- pairings


def _require_role(user: User, *roles: str) -> None:
    if not user.has_role(*roles):
        raise RoleRefused(_("您没有执行此操作的权限。"))


def pairing_refusal(*, official: User, enterprise: Enterprise, start: dt.date, end: dt.date | None = None) -> str:
    """Why this pairing may not be created ('' when it may): role, key enterprise, dates, the jurisdiction's limit."""
    if not official.has_role(Role.OFFICIAL):
        return _("只能为联系领导（公职人员）建立联系。")
    if not enterprise.is_key:
        return _("“%(name)s”不是重点企业，不能建立包抓联系。") % {"name": enterprise.name}
    if end is not None and end < start:
        return _("结束日期不能早于开始日期。")
    jurisdiction = enterprise.jurisdiction
    # Pairings that overlap the new one from its start (or today, whichever is later) onwards.
    since = max(start, timezone.localdate())
    current = Pairing.objects.filter(official=official).filter(Q(end__isnull=True) | Q(end__gte=since))
    if end is not None:
        current = current.filter(start__lte=end)
    if current.filter(enterprise=enterprise).exists():
        return _("该领导已联系这家企业。")
    limit = jurisdiction.pairing_limit
    if current.count() >= limit:
        msg = _("%(official)s 已联系 %(limit)d 家重点企业，达到%(jurisdiction)s每位领导 %(limit)d 家的上限，不能再增加。")
        return msg % {"official": official.display_name, "jurisdiction": jurisdiction.name, "limit": limit}
    return ""


@transaction.atomic
def create_pairing(*, official: User, enterprise: Enterprise, start: dt.date, end: dt.date | None = None,
                   delegates: Iterable[User] = (), by: User) -> Pairing:
    """Pair an official with a key enterprise; refuses beyond the jurisdiction's limit of active pairings."""
    _require_role(by, Role.ADMIN, Role.OVERSIGHT)
    # Lock the official's row so two concurrent requests cannot both take the last free place.
    User.objects.select_for_update().filter(pk=official.pk).first()
    reason = pairing_refusal(official=official, enterprise=enterprise, start=start, end=end)
    if reason:
        raise TransitionRefused(reason)
    pairing = Pairing.objects.create(official=official, enterprise=enterprise, start=start, end=end, created_by=by)
    if delegates:
        pairing.delegates.set(list(delegates))
    notify(official, subject=_("您已被确定为%(name)s的联系领导") % {"name": enterprise.name},
           url=reverse("liaison:pairing-detail", args=[pairing.pk]))
    return pairing


@transaction.atomic
def end_pairing(*, pairing: Pairing, end: dt.date, by: User) -> Pairing:
    """Close a pairing on the given day."""
    _require_role(by, Role.ADMIN, Role.OVERSIGHT)
    if end < pairing.start:
        raise TransitionRefused(_("结束日期不能早于开始日期。"))
    moved = Pairing.objects.filter(pk=pairing.pk, end__isnull=True).update(end=end)
    if moved != 1:
        raise TransitionRefused(_("该联系已结束。"))
    pairing.end = end
    return pairing


@transaction.atomic
def set_delegates(*, pairing: Pairing, delegates: Iterable[User], by: User) -> Pairing:
    """The official (or an admin/oversight user) chooses who may log visits on the official's behalf."""
    if by.pk != pairing.official_id and not by.has_role(Role.ADMIN, Role.OVERSIGHT):
        raise RoleRefused(_("只有联系领导本人可以指定委托登记人。"))
    pairing.delegates.set(list(delegates))
    return pairing


# ---------------------------------------------------------------- visits


def can_log_visit(user: User, pairing: Pairing) -> bool:
    return user.pk == pairing.official_id or pairing.delegates.filter(pk=user.pk).exists()


@transaction.atomic
def log_visit(*, pairing: Pairing, by: User, date: dt.date, form: str, discussed: str, companions: str = "",
              follow_up: str = "", problems: Sequence[str] = (), had_meal: bool = False) -> Visit:
    """Record a visit; only the paired official or their delegate, never in the future, within the pairing."""
    if not can_log_visit(by, pairing):
        raise RoleRefused(_("只有该企业的联系领导或其委托登记人可以登记走访。"))
    if date > timezone.localdate():
        raise ValidationError({"date": _("走访日期不能晚于今天。")})
    if date < pairing.start or (pairing.end and date > pairing.end):
        raise ValidationError({"date": _("走访日期不在联系期内（%(period)s）。") % {
            "period": f"{pairing.start} ~ {pairing.end or _('至今')}"}})
    if form not in Visit.Form.values:
        raise ValidationError({"form": _("请选择走访形式。")})
    if not discussed.strip():
        raise ValidationError({"discussed": _("请填写交流内容。")})
    visit = Visit.objects.create(pairing=pairing, date=date, form=form, companions=companions.strip(),
                                 discussed=discussed.strip(), follow_up=follow_up.strip(), logged_by=by,
                                 had_meal=had_meal)
    VisitProblem.objects.bulk_create(
        [VisitProblem(visit=visit, description=p.strip()) for p in problems if p.strip()]
    )
    figures.changed(lambda: pairing.enterprise.jurisdiction_id, date.year)
    url = reverse("liaison:visit-detail", args=[visit.pk])
    enterprise_users = holders(Role.ENTERPRISE).filter(enterprise_id=pairing.enterprise_id)
    notify(list(enterprise_users), subject=_("请确认 %(date)s 的走访记录") % {"date": date}, url=url,
           key=f"visit-logged:{visit.pk}")
    return visit


def _require_enterprise_of(visit: Visit, by: User) -> None:
    if not (by.has_role(Role.ENTERPRISE) and by.enterprise_id == visit.pairing.enterprise_id):
        raise RoleRefused(_("只有被走访企业的用户可以确认或提出异议。"))


@transaction.atomic
def confirm_visit(*, visit: Visit, by: User) -> Visit:
    """The visited enterprise confirms that the visit took place."""
    _require_enterprise_of(visit, by)
    now = timezone.now()
    moved = Visit.objects.filter(pk=visit.pk, status=Visit.Status.LOGGED).update(
        status=Visit.Status.CONFIRMED, answered_by=by, answered_at=now)
    if moved != 1:
        raise TransitionRefused(_("该走访记录已确认或已提出异议。"))
    visit.status, visit.answered_by, visit.answered_at = Visit.Status.CONFIRMED, by, now
    figures.changed(lambda: visit.pairing.enterprise.jurisdiction_id, visit.date.year)
    return visit


@transaction.atomic
def dispute_visit(*, visit: Visit, by: User, reason: str) -> Visit:
    """The visited enterprise says the visit did not take place as recorded; the official and oversight are told."""
    _require_enterprise_of(visit, by)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写异议理由。")})
    now = timezone.now()
    moved = Visit.objects.filter(pk=visit.pk, status=Visit.Status.LOGGED).update(
        status=Visit.Status.DISPUTED, dispute_reason=reason.strip(), answered_by=by, answered_at=now)
    if moved != 1:
        raise TransitionRefused(_("该走访记录已确认或已提出异议。"))
    visit.status, visit.dispute_reason, visit.answered_by, visit.answered_at = (
        Visit.Status.DISPUTED, reason.strip(), by, now)
    enterprise = visit.pairing.enterprise
    figures.changed(enterprise.jurisdiction_id, visit.date.year)
    oversight = holders(Role.OVERSIGHT).filter(jurisdiction_id=enterprise.jurisdiction_id)
    notify([visit.pairing.official, *oversight],
           subject=_("%(name)s 对 %(date)s 的走访记录提出异议") % {"name": enterprise.name, "date": visit.date},
           body=reason.strip(), url=reverse("liaison:visit-detail", args=[visit.pk]))
    return visit


# ---------------------------------------------------------------- problems (visit, forum, project)

PROBLEM_MODELS = {"visit": VisitProblem, "resolution": Resolution, "project": ProjectProblem}


@transaction.atomic
def resolve_problem(*, problem: VisitProblem | Resolution | ProjectProblem, by: User) -> None:
    """Mark an open problem (or forum resolution) as solved."""
    moved = type(problem).objects.filter(pk=problem.pk, status=ProblemStatus.OPEN).update(
        status=ProblemStatus.RESOLVED)
    if moved != 1:
        raise TransitionRefused(_("该事项已处理。"))
    problem.status = ProblemStatus.RESOLVED


def problem_enterprise(problem: VisitProblem | Resolution | ProjectProblem) -> Enterprise | None:
    """The enterprise a problem concerns: the visited one, the one a resolution names, the project's."""
    if isinstance(problem, VisitProblem):
        return problem.visit.pairing.enterprise
    if isinstance(problem, Resolution):
        return problem.enterprise
    return problem.report.project.enterprise


def problem_source(problem: VisitProblem | Resolution | ProjectProblem) -> str:
    """Where the problem was found, as the complaint's 来源."""
    if isinstance(problem, VisitProblem):
        return _("走访 %(date)s") % {"date": problem.visit.date.isoformat()}
    if isinstance(problem, Resolution):
        return _("座谈会 %(date)s %(title)s") % {"date": problem.forum.date.isoformat(), "title": problem.forum.title}
    report = problem.report
    return _("项目巡查督导 %(project)s %(month)s") % {"project": report.project.name, "month": f"{report.month:%Y-%m}"}


def problem_text(problem: VisitProblem | Resolution | ProjectProblem) -> str:
    return problem.text if isinstance(problem, Resolution) else problem.description


@transaction.atomic
def convert_problem(*, problem: VisitProblem | Resolution | ProjectProblem, by: User, category, title: str,
                    description: str) -> Complaint:
    """File an open problem as a complaint on the enterprise's behalf and link the two (问题转诉求)."""
    _require_role(by, Role.OFFICIAL)
    if isinstance(problem, VisitProblem) and not can_log_visit(by, problem.visit.pairing):
        raise RoleRefused(_("只有该企业的联系领导或其委托登记人可以将走访问题转为诉求。"))
    enterprise = problem_enterprise(problem)
    if enterprise is None:
        raise TransitionRefused(_("该事项未指定涉及企业，无法转为诉求。"))
    moved = type(problem).objects.filter(pk=problem.pk, status=ProblemStatus.OPEN).update(
        status=ProblemStatus.CONVERTED)
    if moved != 1:
        raise TransitionRefused(_("该事项已处理。"))
    complaint = submit_complaint(enterprise=enterprise, submitter=by, category=category, title=title,
                                 description=description, source=problem_source(problem)[:100])
    type(problem).objects.filter(pk=problem.pk).update(complaint=complaint)
    problem.status, problem.complaint = ProblemStatus.CONVERTED, complaint
    return complaint


# ---------------------------------------------------------------- forums


def _enterprise_users(enterprise_ids: Iterable[int]):
    return holders(Role.ENTERPRISE).filter(enterprise_id__in=list(enterprise_ids))


@transaction.atomic
def schedule_forum(*, by: User, title: str, date: dt.date, place: str, organiser: Department, agenda: str,
                   time: dt.time | None = None, invited_enterprises: Iterable[Enterprise] = (),
                   invited_chambers: Iterable[Chamber] = (), kind: str = Forum.Kind.FORUM) -> Forum:
    """Schedule a 政企座谈会 (or a 听证会/论证会, kind hearing) and invite enterprises and chambers; invited
    enterprises' users are told."""
    _require_role(by, Role.OFFICIAL, Role.DISPATCHER, Role.ADMIN)
    jurisdiction = organiser.jurisdiction
    enterprises = list(invited_enterprises)
    chambers = list(invited_chambers)
    if any(e.jurisdiction_id != jurisdiction.pk for e in enterprises) or any(
            c.jurisdiction_id != jurisdiction.pk for c in chambers):
        raise ValidationError(_("邀请的企业和商会必须属于组织部门所在辖区。"))
    if kind not in Forum.Kind.values:
        raise ValidationError({"kind": _("无效的会议类型。")})
    forum = Forum.objects.create(jurisdiction=jurisdiction, kind=kind, title=title.strip(), date=date, time=time,
                                 place=place.strip(), organiser=organiser, agenda=agenda.strip(), created_by=by)
    forum.invited_enterprises.set(enterprises)
    forum.invited_chambers.set(chambers)
    figures.changed(jurisdiction.pk, date.year)
    notify(list(_enterprise_users(e.pk for e in enterprises)),
           subject=_("邀请您参加%(title)s（%(date)s，%(place)s）") % {"title": forum.title, "date": date,
                                                                  "place": forum.place},
           body=forum.agenda, url=reverse("liaison:forum-detail", args=[forum.pk]), key=f"forum-invited:{forum.pk}")
    return forum


@transaction.atomic
def hold_forum(*, forum: Forum, by: User, minutes: str, attended_enterprises: Iterable[Enterprise] = (),
               attended_chambers: Iterable[Chamber] = ()) -> Forum:
    """Record that a scheduled forum was held: who of the invitees attended, and the minutes."""
    _require_role(by, Role.OFFICIAL, Role.DISPATCHER, Role.ADMIN)
    if forum.date > timezone.localdate():
        raise TransitionRefused(_("座谈会尚未到召开日期，不能登记为已召开。"))
    if not minutes.strip():
        raise ValidationError({"minutes": _("请填写会议纪要。")})
    enterprises, chambers = list(attended_enterprises), list(attended_chambers)
    invited_e = set(forum.invited_enterprises.values_list("pk", flat=True))
    invited_c = set(forum.invited_chambers.values_list("pk", flat=True))
    if any(e.pk not in invited_e for e in enterprises) or any(c.pk not in invited_c for c in chambers):
        raise ValidationError(_("到会单位必须是受邀单位。"))
    moved = Forum.objects.filter(pk=forum.pk, status=Forum.Status.SCHEDULED).update(
        status=Forum.Status.HELD, minutes=minutes.strip(), held_recorded_by=by)
    if moved != 1:
        raise TransitionRefused(_("只有已安排的座谈会可以登记为已召开。"))
    forum.status, forum.minutes, forum.held_recorded_by = Forum.Status.HELD, minutes.strip(), by
    forum.attended_enterprises.set(enterprises)
    forum.attended_chambers.set(chambers)
    figures.changed(forum.jurisdiction_id, forum.date.year)  # "座谈会 已召开/目标" on the dashboard
    return forum


@transaction.atomic
def update_minutes(*, forum: Forum, by: User, minutes: str) -> Forum:
    """Correct the minutes of a held forum."""
    _require_role(by, Role.OFFICIAL, Role.DISPATCHER, Role.ADMIN)
    if not minutes.strip():
        raise ValidationError({"minutes": _("请填写会议纪要。")})
    moved = Forum.objects.filter(pk=forum.pk, status=Forum.Status.HELD).update(minutes=minutes.strip())
    if moved != 1:
        raise TransitionRefused(_("只有已召开的座谈会可以修改纪要。"))
    forum.minutes = minutes.strip()
    return forum


@transaction.atomic
def cancel_forum(*, forum: Forum, by: User, reason: str) -> Forum:
    """Cancel a scheduled forum; invitees are told."""
    _require_role(by, Role.OFFICIAL, Role.DISPATCHER, Role.ADMIN)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写取消原因。")})
    moved = Forum.objects.filter(pk=forum.pk, status=Forum.Status.SCHEDULED).update(
        status=Forum.Status.CANCELLED, cancel_reason=reason.strip())
    if moved != 1:
        raise TransitionRefused(_("只有已安排的座谈会可以取消。"))
    forum.status, forum.cancel_reason = Forum.Status.CANCELLED, reason.strip()
    figures.changed(forum.jurisdiction_id, forum.date.year)
    notify(list(_enterprise_users(forum.invited_enterprises.values_list("pk", flat=True))),
           subject=_("%(title)s已取消") % {"title": forum.title}, body=reason.strip(),
           url=reverse("liaison:forum-detail", args=[forum.pk]), key=f"forum-cancelled:{forum.pk}")
    return forum


@transaction.atomic
def add_resolution(*, forum: Forum, by: User, text: str, kind: str = Resolution.Kind.TASK,
                   owner: User | None = None, enterprise: Enterprise | None = None,
                   due: dt.date | None = None) -> Resolution:
    """Record a decision of a held forum: a task needs an owner, who is told."""
    _require_role(by, Role.OFFICIAL, Role.DISPATCHER, Role.ADMIN)
    if forum.status != Forum.Status.HELD:
        raise TransitionRefused(_("座谈会召开后才能登记议定事项。"))
    if not text.strip():
        raise ValidationError({"text": _("请填写议定事项。")})
    if kind == Resolution.Kind.TASK and owner is None:
        raise ValidationError({"owner": _("交办任务须指定责任人。")})
    if kind == Resolution.Kind.COMPLAINT and enterprise is None:
        raise ValidationError({"enterprise": _("转为诉求的事项须指明涉及企业。")})
    resolution = Resolution.objects.create(forum=forum, text=text.strip(), kind=kind, owner=owner,
                                           enterprise=enterprise, due=due)
    if owner is not None:
        notify(owner, subject=_("座谈会交办任务：%(text)s") % {"text": resolution.text[:60]},
               url=reverse("liaison:forum-detail", args=[forum.pk]), key=f"forum-task:{resolution.pk}")
    return resolution


# ---------------------------------------------------------------- key projects


@transaction.atomic
def create_project(*, by: User, name: str, lead_department: Department, members: Iterable[User] = (),
                   enterprise: Enterprise | None = None, description: str = "",
                   planned_investment: Decimal | None = None) -> KeyProject:
    """Register a key project and its team (包抓专班)."""
    _require_role(by, Role.DISPATCHER, Role.ADMIN)
    project = KeyProject.objects.create(jurisdiction=lead_department.jurisdiction, name=name.strip(),
                                        lead_department=lead_department, enterprise=enterprise,
                                        description=description.strip(), planned_investment=planned_investment)
    project.members.set(list(members))
    return project


def can_report(user: User, project: KeyProject) -> bool:
    """Team members, the lead department's members, and admins may file the project's reports."""
    return (
        user.has_role(Role.ADMIN)
        or project.members.filter(pk=user.pk).exists()
        or (user.department_id is not None and user.department_id == project.lead_department_id)
    )


@transaction.atomic
def submit_report(*, project: KeyProject, by: User, month: dt.date, progress: str, investment_month: Decimal,
                  investment_total: Decimal, problems: Sequence[tuple[str, bool]] = ()) -> InspectionReport:
    """File the monthly inspection report (one per project and month); problems may go to the joint meeting."""
    if not can_report(by, project):
        raise RoleRefused(_("只有该项目包抓专班成员可以填报巡查督导报告。"))
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("不能填报未来月份的报告。")})
    if investment_month < 0 or investment_total < 0:
        raise ValidationError({"investment_month": _("投资额不能为负数。")})
    if investment_total < investment_month:
        raise ValidationError({"investment_total": _("累计完成投资不能小于本月完成投资。")})
    if not progress.strip():
        raise ValidationError({"progress": _("请填写形象进度。")})
    try:
        with transaction.atomic():
            report = InspectionReport.objects.create(
                project=project, month=month, progress=progress.strip(), investment_month=investment_month,
                investment_total=investment_total, submitted_by=by)
    except IntegrityError:
        raise TransitionRefused(_("%(month)s 的巡查督导报告已经提交。") % {"month": f"{month:%Y-%m}"})
    ProjectProblem.objects.bulk_create([
        ProjectProblem(report=report, description=text.strip(), to_joint_meeting=bool(joint))
        for text, joint in problems if text.strip()
    ])
    figures.changed(project.jurisdiction_id, month.year)
    return report
