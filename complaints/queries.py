"""Reads: the one access helper, list filtering, the dispatcher's inbox and the home-card figures."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from complaints.models import Category, Complaint, Evaluation, Request, SupervisionNotice
from portal.models import Department


def year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January, next 1 January) of `year` in the site's time zone, as aware datetimes (index-friendly)."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def get_complaint_for_user(user, pk) -> Complaint:
    """The complaint if this user may see it, else 404 (pages and API alike)."""
    complaint = (
        Complaint.objects.visible_to(user)
        .select_related("enterprise", "category", "department", "jurisdiction", "submitter", "first_responder",
                        "handler", "department__head")
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


def filter_complaints(qs, params) -> Complaint:
    """Apply the list filters every list shares: status, category, department, jurisdiction, year (of
    submission), overdue, supervised, reopened, notice (an open supervision notice), q (search)."""
    status = params.get("status")
    if status in Complaint.Status.values:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.open()
    year = str(params.get("year") or "")
    if year.isdigit() and 2000 <= int(year) <= 2100:
        start, end = year_range(int(year))
        qs = qs.filter(created_at__gte=start, created_at__lt=end)
    for name in ("category", "department", "jurisdiction"):
        value = params.get(name)
        if value and str(value).isdigit():
            qs = qs.filter(**{f"{name}_id": int(value)})
    if params.get("overdue") in ("1", "true", "True"):
        qs = qs.overdue()
    if params.get("supervised") in ("1", "true", "True"):
        qs = qs.filter(supervised=True)
    if params.get("reopened") in ("1", "true", "True"):
        qs = qs.filter(reopen_count__gt=0)
    if params.get("notice") in ("1", "true", "True"):
        qs = qs.filter(pk__in=SupervisionNotice.objects.open().values("complaint_id"))
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    return qs


def filter_choices(user) -> dict:
    """Categories and departments for the filter bar (two queries)."""
    categories = Category.objects.all()
    departments = Department.objects.filter(is_active=True)
    if user.jurisdiction_id:
        categories = categories.filter(jurisdiction_id=user.jurisdiction_id)
        departments = departments.filter(jurisdiction_id=user.jurisdiction_id)
    return {"categories": list(categories), "departments": list(departments), "statuses": Complaint.Status.choices}


def pending_requests(user, kind: str):
    """Pending transfer or extension requests the dispatcher must decide."""
    return (
        Request.objects.filter(kind=kind, status=Request.Status.PENDING,
                               complaint__in=Complaint.objects.visible_to(user))
        .select_related("complaint", "complaint__enterprise", "department", "requested_by")
        .order_by("id")
    )


def summary(qs) -> dict:
    """Counts by state for a home card, in one query."""
    S = Complaint.Status
    today = timezone.localdate()
    return qs.aggregate(
        total=Count("id", distinct=True),
        submitted=Count("id", distinct=True, filter=Q(status=S.SUBMITTED)),
        assigned=Count("id", distinct=True, filter=Q(status=S.ASSIGNED)),
        accepted=Count("id", distinct=True, filter=Q(status=S.ACCEPTED)),
        answered=Count("id", distinct=True, filter=Q(status=S.ANSWERED)),
        closed=Count("id", distinct=True, filter=Q(status=S.CLOSED)),
        supervised=Count("id", distinct=True, filter=Q(supervised=True) & ~Q(status__in=[S.CLOSED, S.REFUSED])),
        overdue=Count("id", distinct=True, filter=Q(status__in=[S.ASSIGNED, S.ACCEPTED], answer_deadline__lt=today)
                      | Q(status=S.ASSIGNED, sign_deadline__lt=today)),
        transfer_requests=Count("requests", distinct=True, filter=Q(requests__status=Request.Status.PENDING,
                                                     requests__kind=Request.Kind.TRANSFER)),
        extension_requests=Count("requests", distinct=True, filter=Q(requests__status=Request.Status.PENDING,
                                                      requests__kind=Request.Kind.EXTENSION)),
    )


def satisfaction(complaints) -> dict:
    """Ratings of these complaints (every round, so 不满意 before a reopen counts) and 不满意 reasons; one query."""
    R, W = Complaint.Rating, Complaint.Reason
    counts = {f"rating_{r}": Count("id", filter=Q(rating=r)) for r in R.values}
    counts |= {f"reason_{w}": Count("id", filter=Q(rating=R.DISSATISFIED, reason=w)) for w in W.values}
    row = Evaluation.objects.filter(complaint__in=complaints).aggregate(total=Count("id"), **counts)
    return {
        "total": row["total"],
        "ratings": [(label, row[f"rating_{value}"]) for value, label in R.choices],
        "reasons": [(label, row[f"reason_{value}"]) for value, label in W.choices],
    }


# ---- supervision notices ---------------------------------------------------------------------------


def notice_list(user):
    """Notices this user may see, with what a row shows, in one query."""
    return (SupervisionNotice.objects.visible_to(user)
            .select_related("complaint", "complaint__enterprise", "department", "issued_by", "answered_by")
            .order_by("-id"))


def filter_notices(qs, params):
    """Filters of the notice lists: status (open/answered), late, department."""
    status = params.get("status")
    if status in SupervisionNotice.Status.values:
        qs = qs.filter(status=status)
    if params.get("late") in ("1", "true", "True"):
        qs = qs.late()
    department = str(params.get("department") or "")
    if department.isdigit():
        qs = qs.filter(department_id=int(department))
    return qs


def get_notice_for_user(user, pk) -> SupervisionNotice:
    """The notice if this user may see it, else 404 (pages and API alike)."""
    notice = notice_list(user).select_related("department__head", "complaint__department", "complaint__category").filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice
