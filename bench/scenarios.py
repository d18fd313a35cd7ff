"""What `make bench` measures. The lead extends these lists; nothing else needs to change.

Users: a username ("oversight1", "scale-official-000001") or "role:<role>" for the first scale user of that
role (scale-<role>-…, created by seed_scale; e.g. "role:handler", "role:enterprise"). Everyone's password is
the bench's --password (default the demo one). Paths may use {year} (the current year).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scenario:
    """One latency row: `user` GETs `path` sequentially; median and p95 at every scale."""

    name: str
    user: str
    path: str
    method: str = "GET"
    target_p95_ms: float | None = None  # checked at the largest scale, shown in the targets table
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
    """A callable timed once at the last scale, e.g. the liaison reminder sweep; skipped if not importable."""

    name: str
    func: str  # dotted path "liaison.reminders.run_sweep"
    kwargs: dict = field(default_factory=dict)
    target_s: float | None = None


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
scenario("API enterprises search", "role:oversight", "/api/v1/enterprises/?search=%E7%AC%AC4242%E5%8F%B7")
scenario("healthz", "", "/healthz")

# ---- issue 6 scenarios, measured as soon as their routes exist (404 until then) ----
scenario("dashboard summary API", "role:oversight", "/api/v1/dashboard/summary?year={year}",
         target_p95_ms=300, optional=True)
scenario("complaint list page", "role:handler", "/complaints/", optional=True)
scenario("API complaints list", "role:handler", "/api/v1/complaints/", optional=True)

# ---- the rated form POST: switch to the complaint form when it exists, e.g.
# FORM_POST = FormPost("complaint submission", "role:enterprise", "/complaints/new/", "/complaints/new/",
#                      fields=lambda: {"category": str(Category.objects.first().pk), "title": "…", "content": "…"})
FORM_POST = FormPost("inbox mark-all-read form (stand-in for /complaints/new/)", "role:official", "/inbox/",
                     "/inbox/read/")

# ---- sweeps ----
sweep("reminder sweep over the pairings", "liaison.reminders.run_sweep", target_s=60)
