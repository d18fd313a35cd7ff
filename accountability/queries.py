"""Reads: who sees cases, the 问责 flag list, deductions per department, the official's yearly record.

Every function is a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from complaints.models import Complaint, Request, SupervisionNotice
from complaints.queries import year_range
from portal.models import Department, Role, User

# Who reads cases, flags and officials' records; who opens cases.
READER_ROLES = (Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)
OPENER_ROLES = (Role.OVERSIGHT, Role.ADMIN)
RECORD_ROWS = 100


def get_case_for_user(user, pk):
    from accountability.models import Case

    case = Case.objects.visible_to(user).for_list().select_related("notice", "jurisdiction").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def case_list(user, *, year: int | None = None, department_id: int | None = None, official_id: int | None = None):
    from accountability.models import Case

    qs = Case.objects.visible_to(user).for_list()
    if year:
        qs = qs.filter(decided_on__year=year)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if official_id:
        qs = qs.filter(official_id=official_id)
    return qs.order_by("-decided_on", "-id")


def _jurisdiction_complaints(user):
    if user.has_role(Role.ADMIN):
        return Complaint.objects.all()
    return Complaint.objects.filter(jurisdiction_id=user.jurisdiction_id or 0)


def flag_list(user, *, year: int | None = None, today=None):
    """The jurisdiction's complaints flagged for 问责 (Complaint.with_flags), each knowing how many cases
    were opened on it; newest first."""
    from accountability.models import Case

    qs = _jurisdiction_complaints(user).flagged(today)
    if year:
        start, end = year_range(year)
        qs = qs.filter(created_at__gte=start, created_at__lt=end)
    cases = (Case.objects.filter(complaint_id=OuterRef("pk")).order_by().values("complaint_id")
             .annotate(n=Count("id")).values("n"))
    return (qs.select_related("enterprise", "department", "first_responder")
            .annotate(cases=Coalesce(Subquery(cases), Value(0))).order_by("-id"))


def get_flagged_complaint(user, pk, today=None) -> Complaint:
    """A complaint of the user's jurisdiction with its flags annotated (404 when foreign or missing)."""
    complaint = (_jurisdiction_complaints(user).with_flags(today)
                 .select_related("department", "first_responder", "enterprise").filter(pk=pk).first())
    if complaint is None:
        raise Http404
    return complaint


def get_notice(user, pk) -> SupervisionNotice:
    qs = SupervisionNotice.objects.select_related("complaint", "department")
    if not user.has_role(Role.ADMIN):
        qs = qs.filter(complaint__jurisdiction_id=user.jurisdiction_id or 0)
    notice = qs.filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def deductions_by_department(jurisdiction_id: int, year: int) -> dict[int, dict]:
    """Department id → {"cases": n, "points": deducted} for the cases decided in `year` (one query)."""
    from accountability.models import Case, deductions

    points = deductions()
    rows = (Case.objects.filter(jurisdiction_id=jurisdiction_id, decided_on__year=year, department__isnull=False)
            .values("department_id", "measure").annotate(n=Count("id")).order_by())
    out: dict[int, dict] = {}
    for r in rows:
        d = out.setdefault(r["department_id"], {"cases": 0, "points": 0})
        d["cases"] += r["n"]
        d["points"] += r["n"] * points.get(r["measure"], 0)
    return out


def get_official(user, pk) -> User:
    """A public servant of the reader's jurisdiction (404 otherwise)."""
    qs = User.objects.filter(pk=pk, enterprise__isnull=True).select_related("department", "jurisdiction")
    if not user.has_role(Role.ADMIN):
        qs = qs.filter(jurisdiction_id=user.jurisdiction_id or 0)
    official = qs.first()
    if official is None:
        raise Http404
    return official


def official_record(official: User, year: int) -> dict:
    """干部考核 input: the official's visits, pledge, declarations, flags and accountability cases of `year`.

    Seven queries; each list is cut at RECORD_ROWS rows (the counts are the lists' own lengths below that).
    """
    from accountability.models import Case
    from conduct.models import Pledge
    from declarations.models import Declaration, Flag
    from liaison.models import Visit

    start, end = year_range(year)
    visits = list(Visit.objects.filter(pairing__official=official, date__year=year)
                  .select_related("pairing__enterprise").order_by("-date", "-id")[:RECORD_ROWS])
    visit_counts = Visit.objects.filter(pairing__official=official, date__year=year).aggregate(
        total=Count("id"), confirmed=Count("id", filter=Q(status=Visit.Status.CONFIRMED)))
    return {
        "visits": visits,
        "visit_counts": visit_counts,
        "pledge": Pledge.objects.filter(user=official, year=year).first(),
        "declarations": list(Declaration.objects.filter(official=official, date__year=year)
                             .select_related("enterprise").order_by("-date", "-id")[:RECORD_ROWS]),
        "declaration_flags": list(Flag.objects.filter(official=official, year=year)
                                  .select_related("enterprise").order_by("-id")[:RECORD_ROWS]),
        "complaint_flags": list(Complaint.objects.filter(first_responder=official, created_at__gte=start,
                                                         created_at__lt=end)
                                .flagged().select_related("department").order_by("-id")[:RECORD_ROWS]),
        "cases": list(Case.objects.filter(official=official, decided_on__year=year)
                      .select_related("department", "official", "complaint")
                      .order_by("-decided_on", "-id")[:RECORD_ROWS]),
    }


def departments_of(user):
    qs = Department.objects.filter(is_active=True)
    if not user.has_role(Role.ADMIN):
        qs = qs.filter(jurisdiction_id=user.jurisdiction_id or 0)
    return qs.order_by("jurisdiction_id", "id")


def officials_of(user):
    qs = User.objects.filter(enterprise__isnull=True, is_active=True, jurisdiction__isnull=False)
    if not user.has_role(Role.ADMIN):
        qs = qs.filter(jurisdiction_id=user.jurisdiction_id or 0)
    return qs.select_related("department").order_by("department_id", "id")


def last_transferred_from(complaint: Complaint) -> int | None:
    """The department a complaint back at the dispatcher last left by an approved 退回 (the likely case target)."""
    return (Request.objects.filter(complaint=complaint, kind=Request.Kind.TRANSFER, status=Request.Status.APPROVED)
            .order_by("-id").values_list("department_id", flat=True).first())
