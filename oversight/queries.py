"""The oversight figures: one summary per (year, jurisdiction, department), aggregated in the database.

`summary(scope)` runs a fixed number of queries (SUMMARY_QUERIES) whatever the data size: one grouped query
per source table (complaints, ratings, notices, pairings/visits, forums, conduct reports, integrity entries,
project reports), the handling-time percentiles (PostgreSQL `percentile_cont`; on SQLite the durations are
read and interpolated the same way), plus the department and category names. Python only folds the grouped
rows (a few hundred at most) into the tables.

Definitions (shown on the page, docs/oversight.md):
- complaints of a year: submitted in that year (Asia/Shanghai); the department filter is the current
  承办部门. Overdue: open and past the sign-for or answer deadline today.
- handling time: submission → first answer, in hours (calendar hours), median and 90th percentile
  (`percentile_cont`, linear interpolation) over the year's answered complaints.
- answered on time: the (latest) answer given on or before its answer deadline; timeliness = on time ÷
  (answered + open overdue).
- reopen rate: complaints reopened at least once ÷ complaints answered at least once.
- satisfaction: ratings given in the year (every round; a 不满意 before a reopen counts) to the department
  that answered; rate = (满意 + 基本满意) ÷ ratings.
- visits: pairings in force at some time of the year; quota = the jurisdiction's visit_quota per pairing;
  logged (awaiting confirmation) and confirmed visits count, disputed ones do not; completion of a pairing
  = min(counted, quota) ÷ quota; an official's = the sum over their pairings ÷ their quota.
- forums held in the year against the jurisdiction's forum_target.
- conduct reports filed in the year, counted per cited rule (counts only — never reporters).
- monthly project reports: each active key project owes one per month, due the 5th of the next month;
  expected = active projects × months of the year already due; on time = submitted by the due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce, ExtractMonth, Least
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Category, Complaint, Evaluation, SupervisionNotice
from complaints.queries import year_range
from conduct.models import ConductReport, IntegrityEntry, Rule
from liaison.models import Forum, KeyProject, Pairing, report_due_date
from portal.models import Department, Jurisdiction, Role, User
from portal.params import parse_id

S = Complaint.Status
# Queries of summary(), pinned in tests/oversight/test_query_counts.py.
SUMMARY_QUERIES = 13


@dataclass(frozen=True)
class Scope:
    year: int
    jurisdiction: Jurisdiction
    department: Department | None = None

    def params(self) -> dict:
        """The complaints-list filters that reproduce this scope (for the drill-down links)."""
        p = {"year": self.year, "jurisdiction": self.jurisdiction.pk}
        if self.department:
            p["department"] = self.department.pk
        return p


# Who sees the dashboard: 效能督查办公室 (oversight), 监察审计局 (investigator), admins, and the leadership
# (党工委、管委会: read-only, its own jurisdiction — scope_for). The official role alone does not (most officials
# are the ones being measured).
DASHBOARD_ROLES = (Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN, Role.LEADERSHIP)
ASSESSMENT_ROLES = (Role.OVERSIGHT, Role.ADMIN)


def _int(value) -> int | None:
    return parse_id(value)


def scope_for(user: User, params) -> Scope:
    """The (year, jurisdiction, department) asked for, within what this user may see; 404 otherwise.

    Admins choose any jurisdiction (default: their own, else the first); everyone else sees their own."""
    year = _int(params.get("year"))
    if year is None or not 2000 <= year <= 2100:
        year = timezone.localdate().year
    wanted = params.get("jurisdiction")
    if user.has_role(Role.ADMIN):
        qs = Jurisdiction.objects.all()
        if wanted:
            jurisdiction = (qs.filter(pk=_int(wanted)).first() if _int(wanted) else qs.filter(code=wanted).first())
        else:
            jurisdiction = qs.filter(pk=user.jurisdiction_id).first() or qs.order_by("id").first()
    else:
        jurisdiction = user.jurisdiction
        if wanted and jurisdiction and str(wanted) not in (str(jurisdiction.pk), jurisdiction.code):
            jurisdiction = None
    if jurisdiction is None:
        raise Http404
    department = None
    dept_id = _int(params.get("department"))
    if dept_id:
        department = Department.objects.filter(pk=dept_id, jurisdiction=jurisdiction).first()
        if department is None:
            raise Http404
    return Scope(year, jurisdiction, department)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _hours(delta: dt.timedelta | None) -> float | None:
    return round(delta.total_seconds() / 3600, 1) if delta is not None else None


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: percentile_cont(f) WITHIN GROUP (ORDER BY expr)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentile(values: list, fraction: float):
    """percentile_cont in Python (linear interpolation between the closest ranks), for SQLite."""
    if not values:
        return None
    values = sorted(values)
    pos = fraction * (len(values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


# ---- complaints ------------------------------------------------------------------------------------


def _complaints(scope: Scope):
    start, end = year_range(scope.year)
    qs = Complaint.objects.filter(jurisdiction=scope.jurisdiction, created_at__gte=start, created_at__lt=end)
    if scope.department:
        qs = qs.filter(department=scope.department)
    return qs


def _overdue_q(today: dt.date) -> Q:
    return Q(status__in=[S.ASSIGNED, S.ACCEPTED], answer_deadline__lt=today) | Q(status=S.ASSIGNED,
                                                                                  sign_deadline__lt=today)


def complaint_groups(scope: Scope, today: dt.date) -> list[dict]:
    """One grouped query: counts per (month, department, category, status)."""
    answered = Q(answered_at__isnull=False)
    return list(
        _complaints(scope)
        .annotate(month=ExtractMonth("created_at"))
        .values("month", "department_id", "category_id", "status")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=_overdue_q(today)),
            answered=Count("id", filter=Q(first_answered_at__isnull=False) | answered),
            on_time=Count("id", filter=answered & Q(answered_at__date__lte=F("answer_deadline"))),
            due=Count("id", filter=answered | _overdue_q(today)),
            reopened=Count("id", filter=Q(reopen_count__gt=0)),
            supervised=Count("id", filter=Q(supervised=True)),
        )
        .order_by()
    )


def handling_time(scope: Scope) -> dict:
    """Median and 90th percentile of submission → first answer, in hours."""
    first = Coalesce("first_answered_at", "answered_at")
    qs = _complaints(scope).filter(Q(first_answered_at__isnull=False) | Q(answered_at__isnull=False))
    duration = ExpressionWrapper(first - F("created_at"), output_field=DurationField())
    if connection.vendor == "postgresql":
        row = qs.aggregate(median=PercentileCont(duration, 0.5, output_field=DurationField()),
                           p90=PercentileCont(duration, 0.9, output_field=DurationField()))
        median, p90 = row["median"], row["p90"]
    else:
        values = list(qs.annotate(d=duration).values_list("d", flat=True))
        median, p90 = percentile(values, 0.5), percentile(values, 0.9)
    return {"median_hours": _hours(median), "p90_hours": _hours(p90)}


def rating_groups(scope: Scope) -> list[dict]:
    """Ratings given in the year, per department: one grouped query."""
    start, end = year_range(scope.year)
    qs = Evaluation.objects.filter(department__jurisdiction=scope.jurisdiction, created_at__gte=start,
                                   created_at__lt=end)
    if scope.department:
        qs = qs.filter(department=scope.department)
    R, W = Complaint.Rating, Complaint.Reason
    counts = {f"rating_{r}": Count("id", filter=Q(rating=r)) for r in R.values}
    counts |= {f"reason_{w}": Count("id", filter=Q(rating=R.DISSATISFIED, reason=w)) for w in W.values}
    return list(qs.values("department_id").annotate(n=Count("id"), **counts).order_by())


def notice_groups(scope: Scope, today: dt.date) -> list[dict]:
    """Supervision notices issued in the year, per department: one grouped query."""
    start, end = year_range(scope.year)
    qs = SupervisionNotice.objects.filter(department__jurisdiction=scope.jurisdiction, issued_at__gte=start,
                                          issued_at__lt=end)
    if scope.department:
        qs = qs.filter(department=scope.department)
    N = SupervisionNotice.Status
    late = Q(status=N.OPEN, deadline__lt=today) | Q(status=N.ANSWERED, answered_at__date__gt=F("deadline"))
    return list(qs.values("department_id").annotate(
        issued=Count("id"), open=Count("id", filter=Q(status=N.OPEN)),
        answered=Count("id", filter=Q(status=N.ANSWERED)), late=Count("id", filter=late)).order_by())


def overdue_items(scope: Scope, today: dt.date, limit: int = 20) -> list[Complaint]:
    """The longest-overdue open complaints of the scope, one query."""
    qs = _complaints(scope).filter(_overdue_q(today))
    return list(qs.select_related("enterprise", "department").order_by("answer_deadline", "id")[:limit])


# ---- liaison ---------------------------------------------------------------------------------------


def _pairing_item(p: dict, quota: int) -> dict:
    counted, confirmed = p["visit_count"], p["confirmed_count"]
    return {"pairing_id": p["id"], "official_id": p["official_id"],
            "official": p["official__full_name"] or p["official__username"], "enterprise": p["enterprise__name"],
            "quota": quota, "logged": counted - confirmed, "confirmed": confirmed, "disputed": p["disputed_count"],
            "completion": _rate(min(counted, quota), quota)}


def _add_to_official(officials: dict[int, dict], p: dict, quota: int) -> None:
    counted, confirmed = p["visit_count"], p["confirmed_count"]
    o = officials.setdefault(p["official_id"], {
        "official_id": p["official_id"], "official": p["official__full_name"] or p["official__username"],
        "department_id": p["official__department_id"],
        "department": p["official__department__name"] or "", "pairings": 0, "quota": 0, "logged": 0,
        "confirmed": 0, "credited": 0})
    o["pairings"] += 1
    o["quota"] += quota
    o["logged"] += counted - confirmed
    o["confirmed"] += confirmed
    o["credited"] += min(counted, quota)


def _official_items(officials: dict[int, dict]) -> list[dict]:
    for o in officials.values():
        o["completion"] = _rate(o["credited"], o["quota"])
    return list(officials.values())


EXPORT_CHUNK = 2000


def visit_rows_for_export(scope: Scope, table: str) -> Iterator[dict]:
    """Every official's or pairing's visit row of the scope, lowest completion first (the order of the page's
    table), for an export of any size: the pairings stream from the database already in that order, a chunk at a
    time (a server-side cursor on PostgreSQL: a province's million pairings never sit in memory at once); the
    officials are added up while the pairings go by, one dict per official."""
    quota = scope.jurisdiction.visit_quota
    qs = _pairings_in_force(scope)
    if table == "pairings":
        ordered = qs.annotate(credited=Least("visit_count", Value(quota))).order_by("credited", "id")
        for p in ordered.values(*PAIRING_FIELDS).iterator(chunk_size=EXPORT_CHUNK):
            yield _pairing_item(p, quota)
        return
    officials: dict[int, dict] = {}
    for p in qs.values(*PAIRING_FIELDS).order_by("official_id", "id").iterator(chunk_size=EXPORT_CHUNK):
        _add_to_official(officials, p, quota)
    yield from sorted(_official_items(officials), key=lambda o: (o["completion"] or 0, o["official_id"]))


PAIRING_FIELDS = ("id", "official_id", "official__username", "official__full_name", "official__department_id",
                  "official__department__name", "enterprise__name", "visit_count", "confirmed_count",
                  "disputed_count")


def _pairings_in_force(scope: Scope):
    first, last = dt.date(scope.year, 1, 1), dt.date(scope.year, 12, 31)
    qs = (Pairing.objects.filter(enterprise__jurisdiction=scope.jurisdiction, start__lte=last)
          .filter(Q(end__isnull=True) | Q(end__gte=first)))
    if scope.department:
        qs = qs.filter(official__department=scope.department)
    return qs.with_year_counts(scope.year)


def pairing_rows(scope: Scope) -> list[dict]:
    """Pairings in force during the year with their logged and confirmed visits: one grouped query."""
    return list(_pairings_in_force(scope).values(*PAIRING_FIELDS).order_by("official_id", "id"))


def forum_figures(scope: Scope) -> dict:
    """Forums (座谈会, the target's meetings; not hearings) of the year by status, and held per month: one grouped
    query."""
    qs = Forum.objects.filter(jurisdiction=scope.jurisdiction, date__year=scope.year, kind=Forum.Kind.FORUM)
    if scope.department:
        qs = qs.filter(organiser=scope.department)
    rows = list(qs.annotate(month=ExtractMonth("date")).values("month", "status").annotate(n=Count("id"))
                .order_by())
    by_status = {s: 0 for s in Forum.Status.values}
    held_by_month = [0] * 12
    for r in rows:
        by_status[r["status"]] += r["n"]
        if r["status"] == Forum.Status.HELD:
            held_by_month[r["month"] - 1] += r["n"]
    return {"held": by_status[Forum.Status.HELD], "scheduled": by_status[Forum.Status.SCHEDULED],
            "cancelled": by_status[Forum.Status.CANCELLED], "target": scope.jurisdiction.forum_target,
            "held_by_month": held_by_month}


def project_figures(scope: Scope, today: dt.date) -> dict:
    """Monthly key-project reports of the year: expected, submitted, on time (one aggregate query)."""
    months = [dt.date(scope.year, m, 1) for m in range(1, 13)]
    due_months = [m for m in months if report_due_date(m) < today]
    tz = timezone.get_current_timezone()
    on_time = Q(pk__in=[])
    for m in months:
        deadline_end = dt.datetime.combine(report_due_date(m) + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        on_time |= Q(reports__month=m, reports__submitted_at__lt=deadline_end)
    qs = KeyProject.objects.filter(jurisdiction=scope.jurisdiction)
    if scope.department:
        qs = qs.filter(lead_department=scope.department)
    row = qs.aggregate(
        projects=Count("id", distinct=True, filter=Q(is_active=True)),
        submitted=Count("reports", filter=Q(reports__month__year=scope.year)),
        on_time=Count("reports", filter=on_time),
    )
    expected = row["projects"] * len(due_months)
    return {"projects": row["projects"], "months_due": len(due_months), "expected": expected,
            "submitted": row["submitted"], "on_time": row["on_time"], "on_time_rate": _rate(row["on_time"], expected)}


# ---- conduct ---------------------------------------------------------------------------------------


def conduct_figures(scope: Scope, today: dt.date) -> dict:
    """Reports of the year per cited rule (counts only), reports by status, integrity entries: 3 queries."""
    start, end = year_range(scope.year)
    in_year = Q(reports__created_at__gte=start, reports__created_at__lt=end)
    rules = list(Rule.objects.filter(register__jurisdiction=scope.jurisdiction)
                 .annotate(n=Count("reports", filter=in_year)).filter(n__gt=0).select_related("register")
                 .order_by("-n", "register__order", "number"))
    R = ConductReport.Status
    reports = ConductReport.objects.filter(rules__register__jurisdiction=scope.jurisdiction, created_at__gte=start,
                                           created_at__lt=end)
    status_counts = reports.aggregate(total=Count("id", distinct=True),
                                      **{s: Count("id", distinct=True, filter=Q(status=s)) for s in R.values})
    E = IntegrityEntry
    in_force = Q(status=E.Status.PUBLISHED, valid_from__lte=today) & (Q(valid_until__isnull=True)
                                                                       | Q(valid_until__gte=today))
    p_start, p_end = start, end
    integrity = E.objects.filter(enterprise__jurisdiction=scope.jurisdiction).aggregate(
        red_in_force=Count("id", filter=in_force & Q(list=E.List.RED)),
        black_in_force=Count("id", filter=in_force & Q(list=E.List.BLACK)),
        proposed=Count("id", filter=Q(proposed_at__gte=p_start, proposed_at__lt=p_end)),
        published=Count("id", filter=Q(published_at__gte=p_start, published_at__lt=p_end)),
    )
    return {
        "reports_total": status_counts["total"],
        "reports_by_status": [{"status": s, "label": str(label), "count": status_counts[s]} for s, label in R.choices],
        "reports_by_rule": [{"rule_id": r.pk, "register": r.register.name, "rule": r.label,
                             "text": r.text[:60], "count": r.n} for r in rules],
        "integrity": integrity,
    }


# ---- the summary -----------------------------------------------------------------------------------


def summary(scope: Scope, today: dt.date | None = None) -> dict:
    """Every figure of the dashboard and of /api/v1/dashboard/summary, in SUMMARY_QUERIES queries."""
    today = today or timezone.localdate()
    departments = {d.pk: d.name for d in Department.objects.filter(jurisdiction=scope.jurisdiction)}
    categories = {c.pk: c.name for c in Category.objects.filter(jurisdiction=scope.jurisdiction)}

    groups = complaint_groups(scope, today)
    keys = ("n", "overdue", "answered", "on_time", "due", "reopened", "supervised")
    zero = dict.fromkeys(keys, 0)
    total = dict(zero)
    by_status = {s: 0 for s in S.values}
    by_category: dict[int, dict] = {}
    by_department: dict[int | None, dict] = {}
    by_month = [{"month": m, "submitted": 0, "answered": 0, "reopened": 0} for m in range(1, 13)]
    open_states = {S.SUBMITTED, S.ASSIGNED, S.ACCEPTED, S.ANSWERED}
    for g in groups:
        by_status[g["status"]] += g["n"]
        for bucket in (total, by_category.setdefault(g["category_id"], {**zero, "open": 0}),
                       by_department.setdefault(g["department_id"], {**zero, "open": 0})):
            for k in keys:
                bucket[k] += g[k]
            if bucket is not total and g["status"] in open_states:
                bucket["open"] += g["n"]
        month = by_month[g["month"] - 1]
        month["submitted"] += g["n"]
        month["answered"] += g["answered"]
        month["reopened"] += g["reopened"]

    ratings = rating_groups(scope)
    R, W = Complaint.Rating, Complaint.Reason
    rating_totals = {r: sum(g[f"rating_{r}"] for g in ratings) for r in R.values}
    reason_totals = {w: sum(g[f"reason_{w}"] for g in ratings) for w in W.values}
    rated = sum(rating_totals.values())
    rating_by_dept = {g["department_id"]: g for g in ratings}

    notices = notice_groups(scope, today)
    notice_totals = {k: sum(g[k] for g in notices) for k in ("issued", "open", "answered", "late")}
    notice_by_dept = {g["department_id"]: g for g in notices}

    dept_rows = []
    for dept_id in sorted(set(by_department) | set(rating_by_dept) | set(notice_by_dept),
                          key=lambda d: (d is None, d or 0)):
        c = by_department.get(dept_id, {**zero, "open": 0})
        r = rating_by_dept.get(dept_id)
        n = notice_by_dept.get(dept_id, {})
        good = (r[f"rating_{R.SATISFIED}"] + r[f"rating_{R.BASIC}"]) if r else 0
        dept_rows.append({
            "department_id": dept_id, "department": departments.get(dept_id, _("未分办")) if dept_id else _("未分办"),
            "total": c["n"], "open": c["open"], "overdue": c["overdue"], "answered": c["answered"],
            "on_time": c["on_time"], "due": c["due"], "timeliness": _rate(c["on_time"], c["due"]),
            "reopened": c["reopened"], "reopen_rate": _rate(c["reopened"], c["answered"]),
            "ratings": r["n"] if r else 0, "satisfied": good, "satisfaction_rate": _rate(good, r["n"] if r else 0),
            "dissatisfied": r[f"rating_{R.DISSATISFIED}"] if r else 0,
            "notices": n.get("issued", 0), "notices_open": n.get("open", 0), "notices_late": n.get("late", 0),
        })

    quota = scope.jurisdiction.visit_quota
    officials: dict[int, dict] = {}
    pairing_list = []
    for p in pairing_rows(scope):
        pairing_list.append(_pairing_item(p, quota))
        _add_to_official(officials, p, quota)
    official_list = _official_items(officials)
    visits_quota = quota * len(pairing_list)
    visits_credited = sum(min(p["logged"] + p["confirmed"], quota) for p in pairing_list)

    overdue = overdue_items(scope, today)
    good_total = rating_totals[R.SATISFIED] + rating_totals[R.BASIC]
    return {
        "scope": {"year": scope.year, "jurisdiction": scope.jurisdiction.code,
                  "jurisdiction_id": scope.jurisdiction.pk, "jurisdiction_name": scope.jurisdiction.name,
                  "department_id": scope.department.pk if scope.department else None,
                  "department": scope.department.name if scope.department else "", "today": today.isoformat()},
        "complaints": {
            "total": total["n"], "open": sum(by_status[s] for s in open_states), "overdue": total["overdue"],
            "supervised": total["supervised"], "answered": total["answered"], "on_time": total["on_time"],
            "due": total["due"], "timeliness": _rate(total["on_time"], total["due"]),
            "reopened": total["reopened"], "reopen_rate": _rate(total["reopened"], total["answered"]),
            **handling_time(scope),
            "by_status": [{"status": s, "label": str(label), "count": by_status[s]} for s, label in S.choices],
            "by_category": sorted(
                [{"category_id": k, "category": categories.get(k, "?"), "count": v["n"], "open": v["open"],
                  "overdue": v["overdue"]} for k, v in by_category.items()], key=lambda r: (-r["count"], r["category_id"])),
            "by_department": dept_rows,
            "by_month": by_month,
            "overdue_items": [{"id": c.pk, "number": c.number, "title": c.title, "enterprise": c.enterprise.name,
                               "department": c.department.name if c.department else "",
                               "status": c.status, "answer_deadline": c.answer_deadline.isoformat() if c.answer_deadline else None,
                               "sign_deadline": c.sign_deadline.isoformat() if c.sign_deadline else None}
                              for c in overdue],
        },
        "satisfaction": {
            "ratings": rated, "satisfied": rating_totals[R.SATISFIED], "basic": rating_totals[R.BASIC],
            "dissatisfied": rating_totals[R.DISSATISFIED], "rate": _rate(good_total, rated),
            "reasons": [{"reason": w, "label": str(label), "count": reason_totals[w]} for w, label in W.choices],
        },
        "notices": notice_totals,
        "visits": {"pairings": len(pairing_list), "quota_per_pairing": quota, "quota": visits_quota,
                   "logged": sum(p["logged"] for p in pairing_list),
                   "confirmed": sum(p["confirmed"] for p in pairing_list),
                   "completion": _rate(visits_credited, visits_quota),
                   "officials": official_list, "by_pairing": pairing_list},
        "forums": forum_figures(scope),
        "projects": project_figures(scope, today),
        "conduct": conduct_figures(scope, today),
    }
