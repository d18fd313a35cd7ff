"""The Chinese working-day calendar: weekends, public holidays and make-up working days (调休上班).

Deadlines are counted here. The facts live in `portal.Holiday` (admin-editable, seeded from the
`holidays` package). A year with no rows at all is counted as plain Monday–Friday: the calendar logs a
warning and tells the admins once per year, and never refuses to compute a date.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from datetime import date, timedelta

from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

SEED_YEARS = (2025, 2026)
_warned_years: set[int] = set()

# Holiday rows per year, kept per process: every complaint submission and assignment computes a deadline,
# and the table changes a few times a year. An edit in this process (admin, seeding) clears it at once;
# other processes pick it up within CACHE_SECONDS.
CACHE_SECONDS = 300
_years: dict[int, tuple[float, frozenset[date], frozenset[date]]] = {}


def forget(**kwargs) -> None:
    """Drop the cached holiday rows (connected to Holiday saves and deletes)."""
    _years.clear()


def _load(years: set[int]) -> dict[int, tuple[frozenset[date], frozenset[date]] | None]:
    """(holidays, make-up workdays) per year, None for a year without rows; one query for the stale years."""
    from portal.models import Holiday

    now = time.monotonic()
    stale = sorted(y for y in years if y not in _years or now - _years[y][0] > CACHE_SECONDS)
    if stale:
        found: dict[int, tuple[set[date], set[date]]] = {}
        for day, kind in Holiday.objects.filter(date__year__in=stale).values_list("date", "kind"):
            off, work = found.setdefault(day.year, (set(), set()))
            (work if kind == Holiday.Kind.WORKDAY else off).add(day)
        for y in stale:
            off, work = found.get(y, ((), ()))
            _years[y] = (now, frozenset(off), frozenset(work))
    out: dict[int, tuple[frozenset[date], frozenset[date]] | None] = {}
    for y in years:
        _t, off, work = _years[y]
        out[y] = (off, work) if (off or work) else None
    return out


class WorkingCalendar:
    """The holiday rows of some years, loaded in one query; answers working-day questions without more."""

    def __init__(self, years: Iterable[int]):
        self.years = set(years)
        self.holidays: set[date] = set()
        self.workdays: set[date] = set()
        self.missing: set[int] = set()
        for year, rows in _load(self.years).items():
            if rows is None:
                self.missing.add(year)
            else:
                self.holidays |= rows[0]
                self.workdays |= rows[1]
        for year in sorted(self.missing):
            _warn_missing_year(year)

    def _ensure(self, year: int) -> None:
        if year not in self.years:
            other = WorkingCalendar([year])
            self.years.add(year)
            self.holidays |= other.holidays
            self.workdays |= other.workdays
            self.missing |= other.missing

    def is_working_day(self, d: date) -> bool:
        self._ensure(d.year)
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (n=0: start itself)."""
        step = 1 if n >= 0 else -1
        d, left = start, abs(n)
        while left:
            d += timedelta(days=step)
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b (negative when b is before a)."""
        if b < a:
            return -self.working_days_between(b, a)
        count, d = 0, a
        while d < b:
            d += timedelta(days=1)
            count += self.is_working_day(d)
        return count


def for_dates(*days: date) -> WorkingCalendar:
    """A calendar loaded for the years of the given dates; other years load (and warn) only when reached."""
    return WorkingCalendar({d.year for d in days})


def is_working_day(d: date) -> bool:
    """Monday–Friday unless a holiday, or a make-up working day (调休上班)."""
    return for_dates(d).is_working_day(d)


def add_working_days(start_date: date, n: int) -> date:
    """The n-th working day after start_date (n=0: start_date), holidays and 调休 respected."""
    return for_dates(start_date).add_working_days(start_date, n)


def working_days_between(a: date, b: date) -> int:
    """Number of working days after a up to and including b (negative when b < a)."""
    return for_dates(a, b).working_days_between(a, b)


def _warn_missing_year(year: int) -> None:
    """Weekends only for this year: say so in the log and tell the admins once (notification key)."""
    if year in _warned_years:
        return
    _warned_years.add(year)
    log.warning("working-day calendar has no holiday rows for %s; counting weekends only", year)
    try:
        from django.db.models import Q

        from portal.models import Role, User
        from portal.services import notify

        admins = User.objects.filter(Q(groups__name=Role.ADMIN) | Q(is_superuser=True), is_active=True).distinct()
        notify(
            list(admins),
            subject=_("节假日表缺少%(year)d年的数据") % {"year": year},
            body=_("期限计算暂按周末休息计算%(year)d年。请在后台“节假日与调休”中录入该年的节假日和调休上班日。")
            % {"year": year},
            url="/admin/portal/holiday/",
            key=f"calendar-missing:{year}",
        )
    except Exception:  # a warning must never break a deadline computation
        log.exception("could not notify admins about the missing calendar year %s", year)


_SUBSTITUTED = re.compile(r"(\d{4}-\d{2}-\d{2})")


def library_rows(years: Iterable[int]) -> list[tuple[date, str, str]]:
    """(date, kind, name) for the years, from the `holidays` package (CN): holidays and make-up workdays."""
    import holidays

    cn = holidays.China(years=list(years), language="zh_CN")
    rows: dict[date, tuple[str, str]] = {}
    day_off_for: dict[date, date] = {}
    for day, name in cn.items():
        rows[day] = ("holiday", name)
        m = _SUBSTITUTED.search(name)
        if m:
            day_off_for[date.fromisoformat(m.group(1))] = day
    wanted = set(years)
    # `weekend_workdays` holds the 调休 Saturdays/Sundays worked in exchange for a weekday off.
    for day in getattr(cn, "weekend_workdays", set()):
        if day.year in wanted:
            off = day_off_for.get(day)
            name = f"调休上班（{off.isoformat()} 休息）" if off else "调休上班"
            rows[day] = ("workday", name)
    return sorted((d, kind, name) for d, (kind, name) in rows.items())


def seed_holidays(Holiday, years: Iterable[int] = SEED_YEARS) -> int:
    """Create the missing rows for the years (never overwrites an admin's edit); returns how many were added."""
    rows = library_rows(years)
    existing = set(Holiday.objects.filter(date__in=[r[0] for r in rows]).values_list("date", flat=True))
    new = [Holiday(date=d, kind=kind, name=name[:100]) for d, kind, name in rows if d not in existing]
    Holiday.objects.bulk_create(new)
    forget()
    return len(new)
