"""The monthly report's figures, aggregated in the database (a fixed number of grouped queries per jurisdiction,
whatever the data size), and who may read the stored reports.

Definitions (shown on the report page):
- received: complaints submitted in the month (Asia/Shanghai), by the current 承办部门.
- closed: complaints whose 办结时间 falls in the month.
- overdue: complaints whose answer deadline fell in the month and that had no answer by it (the first answer
  came later or has not come); refused complaints do not count.
- satisfaction: ratings given in the month, by the department rated; rate = (满意 + 基本满意) ÷ ratings.
- visits: visits of the jurisdiction's pairings dated in the month (logged and confirmed count, disputed do
  not); against the quota: each pairing in force this year owes `visit_quota` a year, pro-rated to the month's
  end; credited = visits counted this year up to the month's end, at most the quota per pairing.
- forums: 座谈会 dated in the month by status; held this year to the month's end against the yearly target.
- project reports: each active key project (包抓专班) owes the previous month's inspection report by the 5th
  of the report's month; filed on time, filed late, or missing (each missing team is named).
- supervision notices (督办): issued in the month, answered in the month, and those whose deadline fell in the
  month without an answer by it.
- conduct: reports received (filed) and concluded in the month, conclusions; yearly pledges (亲清承诺) signed
  in the month, and officials of the jurisdiction who have signed this year's by the month's end.
- joint-meeting decisions (联席会议交办事项): every decision a meeting of the jurisdiction took in the month
  (by 议定时间), with where it stood when the report was built (read from the complaint it became).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Least
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint, Evaluation, SupervisionNotice
from conduct.models import ConductReport, Pledge
from leadership.models import MonthlyReport
from liaison.models import Forum, InspectionReport, KeyProject, Pairing, Visit, report_due_date
from meetings.queries import decisions_between
from portal.models import Department, Jurisdiction, Role, User
from portal.queries import count_of
from portal.roles import group_id

# Who reads the stored reports: the leadership (党工委、管委会), 效能督查办公室 and admins of the jurisdiction.
READER_ROLES = (Role.LEADERSHIP, Role.OVERSIGHT, Role.ADMIN)
# Queries of figures(), pinned in tests/leadership/test_figures.py (14 since the joint-meeting decisions: one
# query, meetings.queries.decisions_between).
FIGURE_QUERIES = 14


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_range(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first day, first day of the next month) in the site's time zone, as aware datetimes (index-friendly)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime(month.year, month.month, 1, tzinfo=tz)
    nxt = next_month(month)
    return start, dt.datetime(nxt.year, nxt.month, 1, tzinfo=tz)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# ---- complaints, ratings, notices ----------------------------------------------------------------------


def _complaint_rows(jurisdiction: Jurisdiction, month: dt.date) -> dict[int | None, dict]:
    """Received, closed and overdue per department: three grouped queries, each on one indexed range."""
    start, end = month_range(month)
    last = next_month(month) - dt.timedelta(days=1)
    base = Complaint.objects.filter(jurisdiction=jurisdiction).order_by()
    rows: dict[int | None, dict] = {}

    def add(qs, key):
        for r in qs.values("department_id").annotate(n=Count("id")):
            rows.setdefault(r["department_id"], {"received": 0, "closed": 0, "overdue": 0})[key] = r["n"]

    add(base.filter(created_at__gte=start, created_at__lt=end), "received")
    add(base.filter(closed_at__gte=start, closed_at__lt=end), "closed")
    first_answer = Coalesce("first_answered_at", "answered_at")
    add(base.filter(answer_deadline__gte=month, answer_deadline__lte=last)
        .exclude(status=Complaint.Status.REFUSED)
        .annotate(first_answer=first_answer)
        .filter(Q(first_answer__isnull=True) | Q(first_answer__date__gt=F("answer_deadline"))), "overdue")
    return rows


def _rating_rows(jurisdiction: Jurisdiction, month: dt.date) -> dict[int | None, dict]:
    start, end = month_range(month)
    R = Complaint.Rating
    qs = (Evaluation.objects.filter(department__jurisdiction=jurisdiction, created_at__gte=start, created_at__lt=end)
          .order_by().values("department_id")
          .annotate(ratings=Count("id"), satisfied=Count("id", filter=Q(rating=R.SATISFIED)),
                    basic=Count("id", filter=Q(rating=R.BASIC)),
                    dissatisfied=Count("id", filter=Q(rating=R.DISSATISFIED))))
    return {r["department_id"]: r for r in qs}


def _notice_rows(jurisdiction: Jurisdiction, month: dt.date) -> dict[int | None, dict]:
    start, end = month_range(month)
    last = next_month(month) - dt.timedelta(days=1)
    N = SupervisionNotice.Status
    issued = Q(issued_at__gte=start, issued_at__lt=end)
    answered = Q(answered_at__gte=start, answered_at__lt=end)
    due = Q(deadline__gte=month, deadline__lte=last)
    late = due & (Q(status=N.OPEN) | Q(answered_at__date__gt=F("deadline")))
    qs = (SupervisionNotice.objects.filter(department__jurisdiction=jurisdiction).filter(issued | answered | due)
          .order_by().values("department_id")
          .annotate(issued=Count("id", filter=issued), answered=Count("id", filter=answered),
                    late=Count("id", filter=late)))
    return {r["department_id"]: r for r in qs}


# ---- liaison -------------------------------------------------------------------------------------------


def _visit_figures(jurisdiction: Jurisdiction, month: dt.date) -> dict:
    """Visits of the month (one aggregate) and the year's quota to the month's end per department (one grouped
    query: a correlated count per pairing, capped at the quota, summed in the database)."""
    last = next_month(month) - dt.timedelta(days=1)
    S = Visit.Status
    in_month = (Visit.objects.filter(pairing__enterprise__jurisdiction=jurisdiction, date__gte=month, date__lte=last)
                .aggregate(logged=Count("id", filter=Q(status=S.LOGGED)),
                           confirmed=Count("id", filter=Q(status=S.CONFIRMED)),
                           disputed=Count("id", filter=Q(status=S.DISPUTED))))
    quota = jurisdiction.visit_quota
    jan1 = dt.date(month.year, 1, 1)
    counted = Visit.objects.filter(pairing=OuterRef("pk"), date__gte=jan1, date__lte=last, status__in=Visit.COUNTED)
    expected_each = quota * month.month / 12
    rows = list(
        Pairing.objects.filter(enterprise__jurisdiction=jurisdiction, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=jan1))
        .annotate(n=count_of(counted))
        .order_by().values("official__department_id", "official__department__name")
        .annotate(pairings=Count("id"), credited=Sum(Least("n", Value(quota), output_field=IntegerField())),
                  visits=Sum("n"), behind=Count("id", filter=Q(n__lt=expected_each)))
        .order_by("official__department_id"))
    by_department = [{
        "department_id": r["official__department_id"], "department": r["official__department__name"] or _("未分配部门"),
        "pairings": r["pairings"], "quota": r["pairings"] * quota, "expected": round(r["pairings"] * expected_each, 1),
        "credited": r["credited"] or 0, "visits": r["visits"] or 0, "behind": r["behind"],
    } for r in rows]
    pairings = sum(r["pairings"] for r in by_department)
    credited = sum(r["credited"] for r in by_department)
    expected = round(pairings * expected_each, 1)
    return {
        "in_month": {**in_month, "counted": in_month["logged"] + in_month["confirmed"]},
        "quota_per_pairing": quota, "pairings": pairings, "quota_year": pairings * quota, "expected_to_date": expected,
        "credited_to_date": credited, "completion_to_date": _rate(credited, expected) if expected else None,
        "behind": sum(r["behind"] for r in by_department), "by_department": by_department,
    }


def _forum_figures(jurisdiction: Jurisdiction, month: dt.date) -> dict:
    last = next_month(month) - dt.timedelta(days=1)
    F_ = Forum.Status
    in_month = Q(date__gte=month)
    row = Forum.objects.filter(jurisdiction=jurisdiction, date__gte=dt.date(month.year, 1, 1), date__lte=last).aggregate(
        held=Count("id", filter=in_month & Q(status=F_.HELD)),
        scheduled=Count("id", filter=in_month & Q(status=F_.SCHEDULED)),
        cancelled=Count("id", filter=in_month & Q(status=F_.CANCELLED)),
        held_year=Count("id", filter=Q(status=F_.HELD)))
    return {**row, "target": jurisdiction.forum_target}


def _project_figures(jurisdiction: Jurisdiction, month: dt.date) -> dict:
    """The previous month's inspection reports, due by the 5th of this month: one query over the projects that
    existed then, each with its report (if any) joined by a subquery; the teams with none are named."""
    report_month = previous_month(month)
    due = report_due_date(report_month)
    start, _end = month_range(month)
    report = InspectionReport.objects.filter(project=OuterRef("pk"), month=report_month)
    projects = list(
        KeyProject.objects.filter(jurisdiction=jurisdiction, is_active=True, created_at__lt=start)
        .annotate(submitted_at=Subquery(report.values("submitted_at")[:1]))
        .select_related("lead_department").order_by("lead_department_id", "id"))
    filed, missing = [], []
    for p in projects:
        row = {"project_id": p.pk, "project": p.name, "department": p.lead_department.name}
        if p.submitted_at is None:
            missing.append(row)
        else:
            on_time = timezone.localdate(p.submitted_at) <= due
            filed.append({**row, "submitted_on": timezone.localdate(p.submitted_at).isoformat(), "on_time": on_time})
    on_time = sum(1 for r in filed if r["on_time"])
    return {"report_month": f"{report_month:%Y-%m}", "due": due.isoformat(), "expected": len(projects),
            "filed": len(filed), "on_time": on_time, "late": len(filed) - on_time, "missing": len(missing),
            "filed_list": filed, "missing_list": missing}


# ---- conduct -------------------------------------------------------------------------------------------


def _conduct_figures(jurisdiction: Jurisdiction, month: dt.date) -> dict:
    start, end = month_range(month)
    R = ConductReport.Status
    concluded = Q(concluded_at__gte=start, concluded_at__lt=end)
    reports = (ConductReport.objects.filter(jurisdiction=jurisdiction)
               .filter(Q(created_at__gte=start, created_at__lt=end) | concluded)
               .aggregate(received=Count("id", filter=Q(created_at__gte=start, created_at__lt=end)),
                          concluded=Count("id", filter=concluded),
                          **{f"c_{s}": Count("id", filter=concluded & Q(status=s)) for s in ConductReport.CONCLUSIONS}))
    pledges = Pledge.objects.filter(user__jurisdiction=jurisdiction, year=month.year, created_at__lt=end).aggregate(
        in_month=Count("id", filter=Q(created_at__gte=start)), year_to_date=Count("id"))
    officials = User.objects.filter(jurisdiction=jurisdiction, is_active=True, groups=group_id(Role.OFFICIAL)).aggregate(
        total=Count("id"),
        pledged=Count("id", filter=Q(Exists(Pledge.objects.filter(user=OuterRef("pk"), year=month.year,
                                                                   created_at__lt=end)))))
    return {
        "received": reports["received"], "concluded": reports["concluded"],
        "conclusions": [{"status": s, "label": str(R(s).label), "count": reports[f"c_{s}"]}
                        for s in ConductReport.CONCLUSIONS],
        "pledges_month": pledges["in_month"], "pledges_year": pledges["year_to_date"],
        "officials": officials["total"], "officials_pledged": officials["pledged"],
    }


# ---- joint meetings ------------------------------------------------------------------------------------


def _decision_figures(jurisdiction: Jurisdiction, month: dt.date) -> dict:
    """The month's joint-meeting decisions (one query), as plain JSON: stored with the report, so "where it
    stands" is where it stood when the report was built."""
    last = next_month(month) - dt.timedelta(days=1)
    rows = [{
        "meeting_id": d.meeting_id, "meeting": d.meeting, "meeting_kind": d.meeting_kind,
        "meeting_date": d.meeting_date.isoformat(), "problem": d.problem, "enterprise": d.enterprise,
        "department": d.department, "deadline": d.deadline.isoformat() if d.deadline else "", "action": d.action,
        "status": d.status, "status_label": str(d.status_label), "complaint_id": d.complaint_id,
        "complaint_number": d.complaint_number, "decided_on": timezone.localdate(d.decided_at).isoformat(),
    } for d in decisions_between(jurisdiction, month, last)]
    by_status: dict[str, int] = {}
    for r in rows:
        by_status[r["status"]] = by_status.get(r["status"], 0) + 1
    return {"decided": len(rows), "by_status": by_status, "decisions": rows}


# ---- the whole report ----------------------------------------------------------------------------------


def figures(jurisdiction: Jurisdiction, month: dt.date, *, today: dt.date | None = None) -> dict:
    """Every figure of one jurisdiction's monthly report, in FIGURE_QUERIES queries (plain JSON)."""
    month = first_of_month(month)
    today = today or timezone.localdate()
    names = dict(Department.objects.filter(jurisdiction=jurisdiction).values_list("id", "name"))
    complaints = _complaint_rows(jurisdiction, month)
    ratings = _rating_rows(jurisdiction, month)
    notices = _notice_rows(jurisdiction, month)
    dept_rows = []
    for dept_id in sorted(set(complaints) | set(ratings) | set(notices), key=lambda d: (d is None, d or 0)):
        c = complaints.get(dept_id, {"received": 0, "closed": 0, "overdue": 0})
        r = ratings.get(dept_id, {"ratings": 0, "satisfied": 0, "basic": 0, "dissatisfied": 0})
        n = notices.get(dept_id, {"issued": 0, "answered": 0, "late": 0})
        dept_rows.append({
            "department_id": dept_id, "department": names.get(dept_id, _("未分办")) if dept_id else _("未分办"),
            **c, "ratings": r["ratings"], "satisfied": r["satisfied"], "basic": r["basic"],
            "dissatisfied": r["dissatisfied"], "satisfaction_rate": _rate(r["satisfied"] + r["basic"], r["ratings"]),
            "notices_issued": n["issued"], "notices_answered": n["answered"], "notices_late": n["late"]})

    def total(key):
        return sum(row[key] for row in dept_rows)

    ratings_total = total("ratings")
    good = total("satisfied") + total("basic")
    last = next_month(month) - dt.timedelta(days=1)
    return {
        "jurisdiction": {"id": jurisdiction.pk, "code": jurisdiction.code, "name": jurisdiction.name},
        "month": f"{month:%Y-%m}", "period": {"start": month.isoformat(), "end": last.isoformat()},
        "built_on": today.isoformat(),
        "complaints": {"received": total("received"), "closed": total("closed"), "overdue": total("overdue"),
                       "by_department": dept_rows},
        "satisfaction": {"ratings": ratings_total, "satisfied": total("satisfied"), "basic": total("basic"),
                         "dissatisfied": total("dissatisfied"), "rate": _rate(good, ratings_total)},
        "notices": {"issued": total("notices_issued"), "answered": total("notices_answered"),
                    "late": total("notices_late")},
        "visits": _visit_figures(jurisdiction, month),
        "forums": _forum_figures(jurisdiction, month),
        "projects": _project_figures(jurisdiction, month),
        "conduct": _conduct_figures(jurisdiction, month),
        "meetings": _decision_figures(jurisdiction, month),
    }


# ---- access --------------------------------------------------------------------------------------------


def reports_visible_to(user):
    """Stored reports this user may read: admins every jurisdiction's, leadership and oversight their own."""
    qs = MonthlyReport.objects.select_related("jurisdiction")
    if not user.is_authenticated or not user.has_role(*READER_ROLES):
        return qs.none()
    if user.has_role(Role.ADMIN):
        return qs
    if not user.jurisdiction_id:
        return qs.none()
    return qs.filter(jurisdiction_id=user.jurisdiction_id)


def get_report_for_user(user, pk) -> MonthlyReport:
    """The report if this user may read it, else 404 (pages and API alike)."""
    from portal.params import parse_id

    report = reports_visible_to(user).filter(pk=parse_id(pk)).first() if parse_id(pk) else None
    if report is None:
        raise Http404
    return report
