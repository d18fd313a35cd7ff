"""Every change of an accountability case: open it, revise it. Views, the API and commands call these.

Each is atomic, checks the opener's role (RoleRefused → 403) and jurisdiction, saves through the model
(django-simple-history keeps who, when, before and after), writes the security audit log and tells the
department's head and the official concerned.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accountability.models import Case, Measure
from accountability.queries import OPENER_ROLES
from complaints.models import BOUNCE_TRANSFERS, Complaint, SupervisionNotice
from portal import audit
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Department, Role, User
from portal.services import notify

Source = Case.Source
Target = Case.Target


def can_open(user: User) -> bool:
    return user.is_authenticated and user.has_role(*OPENER_ROLES)


def _require_opener(by: User, jurisdiction_id: int) -> None:
    if not can_open(by):
        raise RoleRefused(_("只有效能督查办公室可以登记问责案件。"))
    if not by.has_role(Role.ADMIN) and by.jurisdiction_id != jurisdiction_id:
        raise RoleRefused(_("只能对本辖区的部门和干部问责。"))


def _check_source(source: str, complaint: Complaint | None, notice: SupervisionNotice | None) -> Complaint | None:
    """The clue the case starts from must exist and (for a flag) still say what it says."""
    if source == Source.NOTICE:
        if notice is None:
            raise TransitionRefused(_("请指明督办通知。"))
        return notice.complaint
    if complaint is None:
        raise TransitionRefused(_("请指明诉求。"))
    if source == Source.FLAG_BOUNCED and complaint.transfer_count < BOUNCE_TRANSFERS:
        raise TransitionRefused(_("该诉求没有“多次转办”问责提示。"))
    if source == Source.FLAG_LATE and not Complaint.objects.with_flags().filter(
            pk=complaint.pk, late_after_notice=True).exists():
        raise TransitionRefused(_("该诉求没有“督办后仍超期”问责提示。"))
    return complaint


def _check_target(target: str, department: Department | None, official: User | None,
                  jurisdiction_id: int) -> Department | None:
    if target == Target.DEPARTMENT:
        if department is None or department.jurisdiction_id != jurisdiction_id:
            raise TransitionRefused(_("请选择本辖区的被问责部门。"))
        return department
    if target == Target.OFFICIAL:
        if official is None or official.enterprise_id or official.jurisdiction_id != jurisdiction_id:
            raise TransitionRefused(_("请选择本辖区的被问责干部。"))
        return official.department
    raise TransitionRefused(_("请选择问责对象。"))


def _check_fields(grounds: str, facts: str, measure: str, decided_on: date, decided_by: str) -> None:
    if not grounds.strip() or not facts.strip() or not decided_by.strip():
        raise TransitionRefused(_("请填写问责事由、查明事实和决定机关。"))
    if measure not in Measure.values:
        raise TransitionRefused(_("请选择问责方式。"))
    if decided_on > timezone.localdate():
        raise TransitionRefused(_("决定日期不能晚于今天。"))


@transaction.atomic
def open_case(*, by: User, source: str, target: str, grounds: str, facts: str, measure: str, decided_on: date,
              decided_by: str, department: Department | None = None, official: User | None = None,
              complaint: Complaint | None = None, notice: SupervisionNotice | None = None) -> Case:
    """Oversight opens a 问责 case on a department or an official, from a flag, a 督办 notice or a complaint."""
    if source not in Source.values:
        raise TransitionRefused(_("请选择线索来源。"))
    complaint = _check_source(source, complaint, notice)
    jurisdiction_id = complaint.jurisdiction_id
    _require_opener(by, jurisdiction_id)
    department = _check_target(target, department, official, jurisdiction_id)
    _check_fields(grounds, facts, measure, decided_on, decided_by)
    case = Case(jurisdiction_id=jurisdiction_id, target=target, department=department,
                official=official if target == Target.OFFICIAL else None, source=source, complaint=complaint,
                notice=notice if source == Source.NOTICE else None, grounds=grounds.strip(), facts=facts.strip(),
                measure=measure, decided_on=decided_on, decided_by=decided_by.strip(), created_by=by)
    case._history_user = by
    case.save()
    audit.record("accountability_case_open", user=by, obj=case, measure=measure, target=target,
                 department=case.department_id, official=case.official_id, complaint=complaint.pk)
    _tell(case)
    return case


@transaction.atomic
def revise_case(case: Case, *, by: User, grounds: str, facts: str, measure: str, decided_on: date,
                decided_by: str, note: str) -> Case:
    """Correct a case (a measure changed on review, a fact added); the history keeps the earlier version."""
    _require_opener(by, case.jurisdiction_id)
    _check_fields(grounds, facts, measure, decided_on, decided_by)
    if not note.strip():
        raise TransitionRefused(_("请说明修改原因。"))
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.grounds, case.facts, case.measure = grounds.strip(), facts.strip(), measure
    case.decided_on, case.decided_by = decided_on, decided_by.strip()
    case._history_user = by
    case._change_reason = note.strip()[:100]
    case.save(update_fields=["grounds", "facts", "measure", "decided_on", "decided_by"])
    audit.record("accountability_case_revise", user=by, obj=case, measure=measure, reason=note.strip()[:100])
    return case


def _tell(case: Case) -> None:
    """The official concerned and the department's head hear of the decision."""
    head_id = case.department.head_id if case.department_id else None
    recipients = User.objects.filter(pk__in=[pk for pk in (case.official_id, head_id) if pk])
    who = case.official.display_name if case.official_id else case.department.name
    notify(list(recipients), subject=_("问责决定：%(who)s，%(measure)s") % {
        "who": who, "measure": case.get_measure_display()}, body=case.grounds[:500])
