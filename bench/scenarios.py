"""What `make bench` measures. The lead extends these lists; nothing else needs to change.

Users: a username ("oversight1", "scale-official-000001") or "role:<role>" for the first scale user of that
role (scale-<role>-…, created by seed_scale; e.g. "role:handler", "role:enterprise"). Everyone's password is
the bench's --password (default the demo one). Paths may use {year} (the current year) and {enterprise} (the id of
the first scale enterprise user's enterprise).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scenario:
    """One latency row: `user` GETs `path` sequentially; median and p95 at every scale."""

    name: str
    user: str
    path: str
    method: str = "GET"
    target_p95_ms: float | None = None  # checked at the largest scale; None: PAGE_P95_MS, or SEARCH_P95_MS for a search
    search: bool = False  # a free-text search (issue 16: p95 ≤ 200 ms at 10M, other pages ≤ 100 ms)
    optional: bool = False  # a 404 means "not built yet" (reported), not a failure


@dataclass(frozen=True)
class FormPost:
    """The logged-in form POST rated with wrk against the bare view.

    The bench logs `user` in, GETs `form_path` (the page with the form: csrftoken cookie and the
    csrfmiddlewaretoken field), checks one POST of `fields` to `post_path` answers `expect_status`, then
    replays that POST (session + csrftoken cookies, the token field) with wrk. `fields` may be a callable
    run after Django is set up against the bench database (e.g. to look up a category id).
    """

    name: str
    user: str
    form_path: str
    post_path: str
    fields: dict[str, str] | Callable[[], dict[str, str]] = field(default_factory=dict)
    expect_status: tuple[int, ...] = (302,)


@dataclass(frozen=True)
class Sweep:
    """A callable timed once, e.g. the liaison reminder sweep; skipped if not importable. Timed after the first
    scale's latencies, or with at_last_scale after the last (largest) scale's."""

    name: str
    func: str  # dotted path "liaison.reminders.run_sweep"
    kwargs: dict = field(default_factory=dict)
    target_s: float | None = None
    at_last_scale: bool = False
    scope: str = "100k pairings"  # what the target is stated for


# Issue 16: at 10M complaints / 1M enterprises every page and API list p95 ≤ 100 ms, searches ≤ 200 ms.
PAGE_P95_MS = 100
SEARCH_P95_MS = 200

SCENARIOS: list[Scenario] = []
SWEEPS: list[Sweep] = []


def scenario(name: str, user: str, path: str, method: str = "GET", **kwargs) -> Scenario:
    s = Scenario(name, user, path, method, **kwargs)
    SCENARIOS.append(s)
    return s


def sweep(name: str, func: str, **kwargs) -> Sweep:
    s = Sweep(name, func, **kwargs)
    SWEEPS.append(s)
    return s


# ---- today's scenarios (portal) ----
scenario("inbox page", "role:official", "/inbox/")
scenario("API notifications list", "role:official", "/api/v1/notifications/")
scenario("API enterprises list", "role:oversight", "/api/v1/enterprises/")
scenario("API enterprises search", "role:oversight", "/api/v1/enterprises/?search=%E7%AC%AC4242%E5%8F%B7", search=True)
scenario("healthz", "", "/healthz")

# ---- issue 6: complaints (complaints app) ----
scenario("my complaints page (enterprise)", "role:enterprise", "/complaints/")
scenario("dispatcher inbox page", "role:dispatcher", "/complaints/inbox/")
scenario("department queue page", "role:handler", "/complaints/queue/")
scenario("all complaints page (oversight)", "role:oversight", "/complaints/all/")
scenario("API complaints list", "role:oversight", "/api/v1/complaints/")
scenario("API complaints list (enterprise)", "role:enterprise", "/api/v1/complaints/")

# ---- liaison lists (a city's 100k pairings and 300k visits) ----
scenario("pairings page", "role:oversight", "/liaison/")
scenario("visits page", "role:oversight", "/liaison/visits/")

# ---- forms that name an enterprise or a person: typed with suggestions, not selects of the directory ----
scenario("complaint form (official, on behalf)", "role:official", "/complaints/new/")
scenario("pairing form", "role:oversight", "/liaison/pairings/new/")
scenario("forum form", "role:dispatcher", "/liaison/forums/new/")
scenario("conduct report form", "role:enterprise", "/conduct/reports/new/")
scenario("enterprise suggestions", "role:official", "/lookup/enterprise/?q=%E7%AC%AC42", search=True)

# ---- issue 6: the oversight dashboard (the oversight app; 404 until it is merged) ----
scenario("dashboard page", "role:oversight", "/oversight/?year={year}", optional=True)
scenario("dashboard summary API", "role:oversight", "/api/v1/dashboard/summary?year={year}", optional=True)

# ---- issue 12: declarations (100k at 2k officials) — the flags page and API, a fixed number of queries ----
scenario("declaration flags page", "role:oversight", "/declarations/flags/?status=all&year=all")
scenario("API declaration flags", "role:oversight", "/api/v1/declarations/flags/?year={year}")

# ---- issue 14: 一企一档 — one enterprise's file, a fixed number of queries whatever the city holds; its search ----
scenario("enterprise file page", "role:oversight", "/enterprises/{enterprise}/")
scenario("API enterprise profile", "role:oversight", "/api/v1/enterprises/{enterprise}/profile/")
scenario("enterprise search page", "role:oversight", "/enterprises/?q=%E7%AC%AC4242%E5%8F%B7", search=True)
scenario("party coverage page", "role:oversight", "/party/")

# ---- issue 16: search in Chinese (any words of the title or description, any part of the enterprise's name) ----
# A rare term (one enterprise's name), a common two-character word (in a title the seed uses often), one character,
# a term that matches nothing; by the three desks that search and through the API.
scenario("complaint search: an enterprise's name", "role:oversight", "/complaints/all/?q=%E7%AC%AC4242%E5%8F%B7",
         search=True)
scenario("complaint search: a common word (用电)", "role:oversight", "/complaints/all/?q=%E7%94%A8%E7%94%B5", search=True)
scenario("complaint search: one character (税)", "role:oversight", "/complaints/all/?q=%E7%A8%8E", search=True)
scenario("complaint search: nothing matches", "role:oversight", "/complaints/all/?q=%E7%81%AB%E6%98%9F%E5%9F%BA%E5%9C%B0",
         search=True)
scenario("dispatcher inbox search", "role:dispatcher", "/complaints/inbox/?q=%E7%AC%AC4242%E5%8F%B7", search=True)
scenario("department queue search", "role:handler", "/complaints/queue/?q=%E7%94%A8%E7%94%B5", search=True)
scenario("API complaints search", "role:oversight", "/api/v1/complaints/?q=%E7%AC%AC4242%E5%8F%B7", search=True)

# ---- issue 16: exports are streamed, not built in memory ----
scenario("overdue export (CSV)", "role:oversight", "/oversight/export/overdue.csv?year={year}")


def _complaint_fields() -> dict[str, str]:
    """The enterprise's complaint form (complaints/forms.py ComplaintForm), no attachment."""
    from complaints.models import Category
    from portal.models import User

    user = User.objects.get(username=resolve_enterprise_user())
    category = Category.objects.filter(jurisdiction_id=user.enterprise.jurisdiction_id, is_active=True).first()
    return {"category": str(category.pk), "title": "厂区用电增容迟迟未办理",
            "description": "我公司新上生产线需要增容，申请已提交一个月，尚无答复，请协调供电部门尽快办理。"}


def resolve_enterprise_user() -> str:
    from bench.run import resolve_user

    return resolve_user("role:enterprise")


# ---- the rated form POST: the real complaint submission, logged in as an enterprise user, CSRF included ----
FORM_POST = FormPost("complaint submission `/complaints/new/`", "role:enterprise", "/complaints/new/",
                     "/complaints/new/", fields=_complaint_fields)

# ---- sweeps: the daily reminder sweep on 1 December (visit-quota and forum reminders fire in December) ----
sweep("reminder sweep over the pairings", "liaison.reminders.run_sweep",
      kwargs={"today": dt.date(dt.date.today().year, 12, 1)}, target_s=60)

# ---- the policy push (issue 13, acceptance 3): a policy for C13 reaches half the scale enterprises ----
sweep("policy push to the matching half of the enterprises", "policies.scale.bench_push", target_s=60)

# ---- the monthly report (issue 14, acceptance 4): one jurisdiction's previous month at the largest scale (1M
# complaints), figures aggregated in the database, PDF and XLSX written — what the schedule runs per jurisdiction ----
sweep("monthly report of one jurisdiction (figures, PDF, XLSX)", "leadership.scale.bench_build", target_s=60,
      at_last_scale=True, scope="1M complaints")
