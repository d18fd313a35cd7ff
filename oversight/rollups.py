"""Read and refresh the materialised summaries (oversight.models.SummarySnapshot).

`current(scope)` is what pages and the API call: one query when a row exists. A row older than MAX_AGE is still
shown (with its time) while a worker recomputes it; only a scope never computed is computed live — at a million
complaints that takes seconds, which a page view should pay once at most. `refresh_all()` is the beat task's
step: this year's scopes every time, earlier years' once, so choosing last year is a stored read too.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from complaints.models import Complaint
from oversight import queries
from oversight.models import MAX_AGE, SummarySnapshot
from portal import outbox
from portal.cache import is_down as cache_is_down
from portal.models import Department, Jurisdiction
from portal.services import enqueue_once

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
    """The stored summary (one query); computed now only if the scope has none. Older than MAX_AGE: shown as it
    is while a refresh is queued."""
    snap = SummarySnapshot.objects.filter(year=scope.year, jurisdiction=scope.jurisdiction,
                                          department=scope.department).first()
    if snap is None:
        return refresh(scope)
    if snap.computed_at < timezone.now() - MAX_AGE:
        request_refresh(scope)
    return snap


def request_refresh(scope: queries.Scope) -> None:
    """Queue one recomputation of the scope through the outbox (once per MAX_AGE, whoever asks); a broker that
    is down only means the stored figures stay a little longer — beat's relay sends it when it is back."""
    department_id = scope.department.pk if scope.department else None
    flag = f"oversight-refresh:{scope.year}:{scope.jurisdiction.pk}:{department_id or 0}"
    enqueue_once(flag, int(MAX_AGE.total_seconds()), "oversight.tasks.refresh_summary",
                 scope.year, scope.jurisdiction.pk, department_id)


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
        # Earlier years with complaints: computed once, then kept fresh on demand (current → request_refresh).
        first = Complaint.objects.filter(jurisdiction=jurisdiction).order_by("created_at").values_list(
            "created_at", flat=True).first()
        if first is None:
            continue
        stored = set(SummarySnapshot.objects.filter(jurisdiction=jurisdiction, year__lt=min(years))
                     .values_list("year", "department_id"))
        for year in range(timezone.localtime(first).year, min(years)):
            for department in departments:
                if (year, department.pk if department else None) not in stored:
                    refresh(queries.Scope(year, jurisdiction, department), today)
                    written += 1
    return written


# ---- a change that moves a figure (portal.figures) ----------------------------------------------------

# While a refresh of a (jurisdiction, year) is queued and not yet started, further changes add nothing: the
# queued refresh reads after they committed. The task clears the flag before it reads, so a change committed
# after that read queues the next one — no change is left out. The timeout only bounds a lost message.
CHANGED_FLAG_SECONDS = 300


def _changed_flag(jurisdiction_id: int, year: int) -> str:
    return f"oversight-changed:{jurisdiction_id}:{year}"


def on_figures_changed(sender=None, *, jurisdiction_id: int, year: int, **kwargs) -> None:
    """portal.figures_changed (after the change committed): queue one refresh of the jurisdiction's summaries."""
    flag = _changed_flag(jurisdiction_id, year)
    if not cache.add(flag, 1, timeout=CHANGED_FLAG_SECONDS) and not cache_is_down(cache):
        return
    outbox.send("oversight.tasks.refresh_changed", jurisdiction_id, year, key=flag)


def refresh_changed(jurisdiction_id: int, year: int) -> int:
    """The stored summaries of a jurisdiction and year after a change: all departments, and every department
    scope already stored (the ones someone looked at); returns how many rows were written."""
    cache.delete(_changed_flag(jurisdiction_id, year))
    jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id).first()
    if jurisdiction is None:
        return 0
    departments = {d.pk: d for d in Department.objects.filter(
        pk__in=SummarySnapshot.objects.filter(jurisdiction=jurisdiction, year=year, department__isnull=False)
        .values("department_id"))}
    written = 0
    for department in [None, *departments.values()]:
        refresh(queries.Scope(year, jurisdiction, department))
        written += 1
    return written
