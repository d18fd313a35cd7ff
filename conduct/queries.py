"""Reads shared by pages and the API: who sees which conduct rows, in a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from conduct.models import ConductReport, CreditRepair, IntegrityEntry, Pledge, Register, Rule
from portal.models import Enterprise, Role, User
from portal.roles import holders

INTEGRITY_STAFF = (Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)
CHANGE_LOG_READERS = (Role.ADMIN, Role.OVERSIGHT, Role.INVESTIGATOR)


def public_registers():
    """Every register with its current (not retired) rules: two queries."""
    rules = Rule.objects.current().order_by("order", "number")
    return (Register.objects.select_related("jurisdiction").order_by("order", "id")
            .prefetch_related(Prefetch("rules", queryset=rules, to_attr="current_rules")))


def pledges_as_enterprise(user: User) -> bool:
    """An enterprise user signs the enterprises' 廉洁承诺 (恒口 六); officials sign the officials' registers."""
    return user.has_role(Role.ENTERPRISE) and bool(user.enterprise_id) and not user.has_role(Role.OFFICIAL)


def pledge_registers(user: User):
    """The registers a user pledges to, in the user's jurisdiction: an official's those binding officials, an
    enterprise user's those binding enterprises."""
    if pledges_as_enterprise(user):
        qs = Register.objects.filter(binds=Register.Binds.ENTERPRISES)
    else:
        qs = Register.objects.filter(binds__in=[Register.Binds.OFFICIALS, Register.Binds.INVESTMENT])
    jurisdiction_id = user.home_jurisdiction_id
    if jurisdiction_id:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    return qs.order_by("order", "id")


# ---- reports: investigators only --------------------------------------------------------------


def reports_visible_to(user: User):
    """Investigators (监察审计局) see their jurisdiction's reports (all of them if they have no jurisdiction);
    anybody else sees none (their pages answer 404)."""
    if not (user.is_authenticated and user.has_role(Role.INVESTIGATOR)):
        return ConductReport.objects.none()
    if user.jurisdiction_id:
        return ConductReport.objects.filter(jurisdiction_id=user.jurisdiction_id)
    return ConductReport.objects.all()


def report_list(user: User):
    """The investigators' list: reporter, handler and cited rules in three queries."""
    return (reports_visible_to(user).select_related("reporter", "subject_enterprise", "subject_user", "handler")
            .prefetch_related(Prefetch("rules", queryset=Rule.objects.select_related("register"))))


def get_report_for_user(user: User, pk: int) -> ConductReport:
    """The one access check for a report (pages and API): investigators only, else 404."""
    report = report_list(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def reports_filed_by(user: User):
    """A reporter's own receipts: number, date, status and outcome — never notes, evidence or handler."""
    if not user.is_authenticated:
        return ConductReport.objects.none()
    return (ConductReport.objects.filter(reporter=user)
            .prefetch_related(Prefetch("rules", queryset=Rule.objects.select_related("register"))))


# ---- integrity list -----------------------------------------------------------------------------


def public_integrity(today: datetime.date | None = None):
    """Published entries in force: what anybody may see."""
    return IntegrityEntry.objects.in_force(today).select_related("enterprise", "enterprise__jurisdiction")


def integrity_visible_to(user: User):
    """Staff (oversight, investigators, admins) see every entry; everybody else the public list."""
    if user.is_authenticated and user.has_role(*INTEGRITY_STAFF):
        return IntegrityEntry.objects.select_related("enterprise", "enterprise__jurisdiction", "proposed_by",
                                                     "approved_by")
    return public_integrity()


def get_entry_for_staff(user: User, pk: int) -> IntegrityEntry:
    if not user.has_role(*INTEGRITY_STAFF):
        raise Http404
    entry = integrity_visible_to(user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def repairable_entries(user: User):
    """The black entries in force of the user's own enterprise (what credit repair may be asked for)."""
    if not (user.has_role(Role.ENTERPRISE) and user.enterprise_id):
        return IntegrityEntry.objects.none()
    return public_integrity().filter(enterprise_id=user.enterprise_id, list=IntegrityEntry.List.BLACK)


def repairs_visible_to(user: User):
    """Oversight sees every application; an enterprise user their enterprise's; others none."""
    qs = CreditRepair.objects.select_related("entry", "entry__enterprise", "applicant", "decided_by")
    if user.has_role(Role.OVERSIGHT):
        return qs
    if user.has_role(Role.ENTERPRISE) and user.enterprise_id:
        return qs.filter(entry__enterprise_id=user.enterprise_id)
    return qs.none()


def get_repair_for_user(user: User, pk: int) -> CreditRepair:
    repair = repairs_visible_to(user).filter(pk=pk).first()
    if repair is None:
        raise Http404
    return repair


# ---- pledges ------------------------------------------------------------------------------------


def enterprises_without_pledge(year: int | None = None, *, jurisdiction_id: int | None = None):
    """Enterprises with an active account none of whose users has signed the year's 廉洁承诺."""
    from django.db.models import Exists, OuterRef

    year = year or timezone.localdate().year
    qs = Enterprise.objects.filter(Exists(User.objects.filter(enterprise=OuterRef("pk"), is_active=True)))
    if jurisdiction_id:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    signed = Pledge.objects.filter(user__enterprise=OuterRef("pk"), year=year)
    return qs.filter(~Exists(signed)).order_by("id")


def officials_without_pledge(year: int | None = None, *, jurisdiction_id: int | None = None):
    """Active officials (of the jurisdiction, when given) who have not pledged for the year."""
    year = year or timezone.localdate().year
    officials = holders(Role.OFFICIAL)
    if jurisdiction_id:
        officials = officials.filter(jurisdiction_id=jurisdiction_id)
    return (officials
            .exclude(Q(pledges__year=year)).select_related("department", "jurisdiction").order_by("department_id", "id")
            .distinct())
