"""Reads: the one access helper, list filtering, the dispatcher's inbox and the home-card figures."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from complaints import search
from complaints.models import Category, Complaint, Request, SupervisionNotice
from portal.cache import remember
from portal.models import Department
from portal.params import parse_id, parse_year


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


# The parameters filter_complaints reads: with none of them a list is its whole queryset.
FILTER_PARAMS = ("status", "year", "category", "department", "jurisdiction", "overdue", "supervised", "reopened",
                 "notice", "q")


def is_filtered(params) -> bool:
    return any(params.get(name) for name in FILTER_PARAMS)


def filter_complaints(qs, params) -> Complaint:
    """Apply the list filters every list shares: status, category, department, jurisdiction, year (of
    submission), overdue, supervised, reopened, notice (an open supervision notice), q (search)."""
    status = params.get("status")
    if status in Complaint.Status.values:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.open()
    year = parse_year(params.get("year"))
    if year:
        start, end = year_range(year)
        qs = qs.filter(created_at__gte=start, created_at__lt=end)
    for name in ("category", "department", "jurisdiction"):
        value = parse_id(params.get(name))
        if value:
            qs = qs.filter(**{f"{name}_id": value})
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
        qs = qs.filter(search.matching(q))
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


OPEN_STATUSES = (Complaint.Status.SUBMITTED, Complaint.Status.ASSIGNED, Complaint.Status.ACCEPTED,
                 Complaint.Status.ANSWERED)


def summary(qs, *, closed: bool = True) -> dict:
    """Counts by state for a home card or the inbox tabs, in one query.

    Staff scopes pass closed=False: a city's closed complaints are most of the table, and counting them
    on every page view would scan it; the open ones are read through the (jurisdiction, status) index.
    """
    S = Complaint.Status
    today = timezone.localdate()
    if not closed:
        qs = qs.filter(status__in=OPEN_STATUSES)

    def pending(kind: str) -> Q:
        # An uncorrelated IN: PostgreSQL hashes the few pending requests once instead of probing per open row.
        return Q(pk__in=Request.objects.filter(status=Request.Status.PENDING, kind=kind).values("complaint_id"))

    counts = {
        "total": Count("id"),
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
        **{status: Count("id", filter=Q(status=status)) for status in OPEN_STATUSES},
        "supervised": Count("id", filter=Q(supervised=True, status__in=OPEN_STATUSES)),
        "overdue": Count("id", filter=Q(status__in=[S.ASSIGNED, S.ACCEPTED], answer_deadline__lt=today)
                         | Q(status=S.ASSIGNED, sign_deadline__lt=today)),
        "transfer_requests": Count("id", filter=pending(Request.Kind.TRANSFER)),
        "extension_requests": Count("id", filter=pending(Request.Kind.EXTENSION)),
    }
    if closed:
        counts["closed"] = Count("id", filter=Q(status=S.CLOSED))
    return qs.aggregate(**counts)


# The inbox's tab counts (and its unfiltered list's count) are `summary` over what the dispatcher sees: at a
# province's scale (~100k open complaints) that aggregate is 0.9–2.4 s, more than the rest of the page. They are kept
# in the shared cache for INBOX_COUNTS_SECONDS per user: anybody else's change shows within those seconds (the rule
# of issue 15 defect 3), the user's own change at once (the views that change a complaint forget the user's counts).
# Not renewed on every committed change in the jurisdiction: a province changes a complaint every second or so, which
# would empty the cache as fast as it fills. With the cache down (portal.cache: an empty cache) every view counts.
INBOX_COUNTS_SECONDS = 5


def _inbox_counts_key(user) -> str:
    return f"inbox-counts:{user.pk}"


def inbox_counts(user) -> dict:
    """`summary(…, closed=False)` of what the user sees, from the cache when it was counted seconds ago."""
    return remember(_inbox_counts_key(user), INBOX_COUNTS_SECONDS,
                    lambda: summary(Complaint.objects.visible_to(user), closed=False))


def forget_inbox_counts(user) -> None:
    """After the user changed a complaint (complaints.services): their next inbox counts again (their own change
    shows at once)."""
    cache.delete(_inbox_counts_key(user))


# ---- supervision notices ---------------------------------------------------------------------------


def notice_list(user):
    """Notices this user may see, with what a row shows, in one query."""
    return (SupervisionNotice.objects.visible_to(user)
            .select_related("complaint", "complaint__enterprise", "department", "office", "issued_by", "answered_by")
            .order_by("-id"))


def filter_notices(qs, params):
    """Filters of the notice lists: status (open/answered), late, department, office (the issuing office)."""
    status = params.get("status")
    if status in SupervisionNotice.Status.values:
        qs = qs.filter(status=status)
    if params.get("late") in ("1", "true", "True"):
        qs = qs.late()
    department = parse_id(params.get("department"))
    if department:
        qs = qs.filter(department_id=department)
    office = parse_id(params.get("office"))
    if office:
        qs = qs.filter(office_id=office)
    return qs


def get_notice_for_user(user, pk) -> SupervisionNotice:
    """The notice if this user may see it, else 404 (pages and API alike)."""
    notice = notice_list(user).select_related("department__head", "complaint__department", "complaint__category").filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice
