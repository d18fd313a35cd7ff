"""Read and refresh the materialised summaries (oversight.models.SummarySnapshot).

`current(scope)` is what pages and the API call: one query when a fresh row exists; otherwise it computes
the summary live (queries.summary) and stores it. `refresh_all()` is the beat task's step.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from oversight import queries
from oversight.models import MAX_AGE, SummarySnapshot
from portal.models import Department, Jurisdiction

# The stored row keeps this many of the lowest-completion officials and pairings: a city has 100k
# pairings, and a row carrying them all took seconds to read and parse on every page view. Exports
# compute the full lists live (views.export).
KEEP_LOWEST = 50


def compact(data: dict) -> dict:
    """The summary as stored and served: long visit lists cut to their lowest rows, with their totals and
    each department's quota figures (what the assessment needs from the full list)."""
    visits = data["visits"]
    by_department: dict[int, dict] = {}
    for o in visits["officials"]:
        if o.get("department_id"):
            d = by_department.setdefault(o["department_id"], {"department_id": o["department_id"], "credited": 0,
                                                              "quota": 0})
            d["credited"] += o["credited"]
            d["quota"] += o["quota"]

    def lowest(rows: list[dict], key: str) -> list[dict]:
        return sorted(rows, key=lambda r: (r["completion"] or 0, r[key]))[:KEEP_LOWEST]

    return {**data, "visits": {
        **visits,
        "officials_total": len(visits["officials"]),
        "pairings_total": len(visits["by_pairing"]),
        "officials": lowest(visits["officials"], "official_id"),
        "by_pairing": lowest(visits["by_pairing"], "pairing_id"),
        "by_department": sorted(by_department.values(), key=lambda d: d["department_id"]),
    }}


@transaction.atomic
def refresh(scope: queries.Scope, today: dt.date | None = None) -> SummarySnapshot:
    """Compute the scope's summary now and store it (insert or update the one row)."""
    data = compact(queries.summary(scope, today))
    now = timezone.now()
    updated = SummarySnapshot.objects.filter(year=scope.year, jurisdiction=scope.jurisdiction,
                                             department=scope.department).update(data=data, computed_at=now)
    if not updated:
        try:
            with transaction.atomic():
                return SummarySnapshot.objects.create(year=scope.year, jurisdiction=scope.jurisdiction,
                                                      department=scope.department, data=data, computed_at=now)
        except IntegrityError:  # a concurrent refresh inserted it first: ours is as fresh
            pass
    return SummarySnapshot(year=scope.year, jurisdiction=scope.jurisdiction, department=scope.department,
                           data=data, computed_at=now)


def current(scope: queries.Scope) -> SummarySnapshot:
    """The stored summary when fresher than MAX_AGE (one query), else a freshly computed one."""
    snap = SummarySnapshot.objects.filter(year=scope.year, jurisdiction=scope.jurisdiction,
                                          department=scope.department).first()
    if snap is None or snap.computed_at < timezone.now() - MAX_AGE:
        snap = refresh(scope)
    return snap


def refresh_all(today: dt.date | None = None) -> int:
    """Refresh every jurisdiction's summary for this year (and last year in January), for all departments and
    for each active department; returns how many rows were written."""
    today = today or timezone.localdate()
    years = [today.year] + ([today.year - 1] if today.month == 1 else [])
    written = 0
    for jurisdiction in Jurisdiction.objects.all():
        departments = [None, *Department.objects.filter(jurisdiction=jurisdiction, is_active=True)]
        for year in years:
            for department in departments:
                refresh(queries.Scope(year, jurisdiction, department), today)
                written += 1
    return written
