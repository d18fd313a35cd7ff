"""City-scale liaison data for seed_scale (portal/scale.py): pairings, visits, forums, key projects and reports.

- pairings (200): `--pairings` in total (default: every scale official paired up to the jurisdiction's
  pairing_limit, at most 100,000). Official k takes pairings k*limit … k*limit+limit-1, each with a
  different key enterprise, so no official ever holds more than pairing_limit active pairings; all start
  between 2022 and now, none ended. More pairings than officials × limit are refused with a message.
- visits (210): `--visits` in total (default 3 per pairing: a year's quota), dated over the last 12
  months, each on a pairing drawn at random (so some pairings are behind their quota, some ahead);
  70 % confirmed, 25 % still to confirm, 5 % disputed; one in ten records a problem.
- forums (220): `--forums` per year (default the jurisdiction's forum_target + 1) from 2022 to now, past
  ones held with minutes, attendance and two resolutions, the next ones scheduled; 20 invited enterprises each.
- key projects (230): `--projects` (default one per 50 key enterprises, at least 5), each with monthly
  inspection reports from its start to last month (90 % on time, 7 % late, 3 % missing).
Top-up: each step counts the scale rows already there and adds only the difference.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from complaints.scale import LOCAL, _without_fk_triggers
from liaison.models import Forum, InspectionReport, KeyProject, Pairing, Resolution, Visit, VisitProblem
from portal.scale import (
    CREDIT_PREFIX,
    USER_PREFIX,
    IdRanges,
    Progress,
    ScaleContext,
    copy_rows,
    scale_option,
    scale_step,
)

scale_option("--visits", type=int, default=None, help="visits in total (default 3 per pairing, over the last year)")
scale_option("--forums", type=int, default=None, help="forums per year since 2022 (default forum_target + 1)")
scale_option("--projects", type=int, default=None, help="key projects (default one per 50 key enterprises, ≥ 5)")

FIRST_YEAR = 2022
TOPICS = ["了解企业生产经营情况", "宣讲惠企政策", "协调解决用工问题", "对接融资需求", "推进项目建设", "听取意见建议"]
PROBLEMS = ["企业反映用电增容手续较慢", "企业反映招工难", "企业反映贷款续贷困难", "企业反映物流成本偏高"]


class _bulk:
    """One transaction per bulk step; on PostgreSQL as a superuser without foreign-key triggers
    (see complaints.scale._without_fk_triggers)."""

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        if _without_fk_triggers():
            from django.db import connection

            with connection.cursor() as cur:
                cur.execute("SET LOCAL session_replication_role = replica")

    def __exit__(self, *exc):
        return self.atomic.__exit__(*exc)


def scale_pairings():
    return Pairing.objects.filter(official__username__startswith=f"{USER_PREFIX}official-")


def _today(ctx: ScaleContext) -> dt.date:
    return ctx.now.astimezone(LOCAL).date()


@scale_step(order=200, name="liaison.pairings")
def pairings(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    limit = max(ctx.jurisdiction.pairing_limit, 1)
    capacity = len(ctx.officials) * limit if len(ctx.key_enterprises) else 0
    asked = options.get("pairings")
    want = min(capacity, 100_000) if asked is None else asked
    if want > capacity:
        print(f"liaison.pairings: {want:,} asked, but {len(ctx.officials):,} officials × pairing_limit {limit} "
              f"allow {capacity:,}: creating {capacity:,}")
        want = capacity
    have = scale_pairings().count()
    rng = random.Random(ctx.seed + 200 + have)
    today = _today(ctx)
    span = (today - dt.date(FIRST_YEAR, 1, 1)).days
    keys = ctx.key_enterprises
    by = ctx.oversight[0] if ctx.oversight else None

    def rows():
        for p in range(have, want):
            official = ctx.officials[p // limit]
            # an official's pairings p = k*limit … k*limit+limit-1 take consecutive key enterprises: all different
            enterprise = keys[p % len(keys)]
            start = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=int(span * rng.random() ** 2))
            yield official, enterprise, start, None, by

    with progress("pairings", max(want - have, 0)) as bar, _bulk():
        ctx.created["pairings"] = copy_rows(Pairing, ["official", "enterprise", "start", "end", "created_by"], rows(),
                                            progress=bar)
    ctx.ids["pairings"] = IdRanges.of(scale_pairings())


@scale_step(order=210, name="liaison.visits")
def visits(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    pairs = list(scale_pairings().order_by("pk").values_list("pk", "official_id", "enterprise_id", "start"))
    want = options.get("visits")
    want = 3 * len(pairs) if want is None else want
    scale = Visit.objects.filter(pairing__in=scale_pairings())
    have = scale.count() if pairs else 0
    if not pairs or want <= have:
        ctx.created["visits"] = range(0)
        return
    rng = random.Random(ctx.seed + 210 + have)
    today = _today(ctx)
    forms = list(Visit.Form.values)
    problems: list[int] = []

    def rows():
        for k in range(want - have):
            pk, official, enterprise, start = pairs[rng.randrange(len(pairs))]
            day = max(today - dt.timedelta(days=rng.randrange(365)), start)
            r = rng.random()
            answered_by = ctx.enterprise_users.get(enterprise)
            if r < 0.70 and answered_by:
                status, reason = Visit.Status.CONFIRMED, ""
            elif r < 0.75 and answered_by:
                status, reason = Visit.Status.DISPUTED, "走访时间与实际不符"
            else:
                status, reason, answered_by = Visit.Status.LOGGED, "", None
            answered_at = (dt.datetime(day.year, day.month, day.day, 18, tzinfo=LOCAL) + dt.timedelta(days=1)
                           if answered_by else None)
            if rng.random() < 0.1:
                problems.append(k)
            yield (pk, day, forms[rng.randrange(len(forms))], "", TOPICS[rng.randrange(len(TOPICS))], "",
                   status, reason, answered_by, answered_at, official)

    with progress("visits", want - have) as bar, _bulk():
        ids = copy_rows(Visit, ["pairing", "date", "form", "companions", "discussed", "follow_up", "status",
                                "dispute_reason", "answered_by", "answered_at", "logged_by"], rows(), progress=bar)
        copy_rows(VisitProblem, ["visit", "description", "status"],
                  ((ids.start + k, PROBLEMS[k % len(PROBLEMS)], "open" if k % 3 else "resolved") for k in problems))
    ctx.created["visits"] = ids


def _organiser(ctx: ScaleContext) -> int:
    from portal.models import Department

    dept = Department.objects.filter(jurisdiction=ctx.jurisdiction, kind=Department.Kind.DISPATCH).first()
    return dept.pk if dept else ctx.ordinary_departments[0]


@scale_step(order=220, name="liaison.forums")
def forums(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    if not ctx.dispatchers or not len(ctx.enterprises):
        return
    per_year = options.get("forums")
    per_year = ctx.jurisdiction.forum_target + 1 if per_year is None else per_year
    today = _today(ctx)
    dates = [dt.date(y, m, 20) for y in range(FIRST_YEAR, today.year + 1) for m in
             sorted({1 + (12 * i) // max(per_year, 1) for i in range(per_year)})]
    dates.append(today + dt.timedelta(days=5))  # the next one, for the invitee reminders
    scale = Forum.objects.filter(created_by__username__startswith=USER_PREFIX)
    have = scale.count()
    todo = dates[have:]
    rng = random.Random(ctx.seed + 220 + have)
    organiser = _organiser(ctx)
    by = ctx.dispatchers[0]
    with progress("forums", len(todo)) as bar, _bulk():
        rows = [(ctx.jurisdiction.pk, f"{d.year}年第{i + 1}次政企座谈会", d, dt.time(9, 30), "区政务服务中心三楼会议室",
                 organiser, "通报惠企政策落实情况；听取企业意见建议；协调解决企业困难。",
                 Forum.Status.HELD if d < today else Forum.Status.SCHEDULED,
                 "会议纪要（规模测试数据）。" if d < today else "", by, by if d < today else None)
                for i, d in enumerate(todo)]
        ids = copy_rows(Forum, ["jurisdiction", "title", "date", "time", "place", "organiser", "agenda", "status",
                                "minutes", "created_by", "held_recorded_by"], rows, progress=bar)
        invited, attended, resolutions = [], [], []
        for fid, row in zip(ids, rows, strict=True):
            guests = ctx.enterprises.sample(rng, min(20, len(ctx.enterprises)))
            invited += [(fid, e) for e in guests]
            if row[7] == Forum.Status.HELD:
                attended += [(fid, e) for e in guests if rng.random() < 0.8]
                # resolutions name key enterprises only (PROTECT): the portal's tests delete ordinary ones
                key = ctx.key_enterprises.pick(rng) if len(ctx.key_enterprises) else None
                resolutions += [(fid, "协调解决企业用工问题", Resolution.Kind.TASK, key,
                                 ctx.officials.pick(rng) if len(ctx.officials) else None,
                                 row[2] + dt.timedelta(days=30), "resolved"),
                                (fid, "企业反映的用地问题转为诉求办理", Resolution.Kind.COMPLAINT, key, None, None, "open")]
        copy_rows(Forum.invited_enterprises.through, ["forum", "enterprise"], invited)
        copy_rows(Forum.attended_enterprises.through, ["forum", "enterprise"], attended)
        copy_rows(Resolution, ["forum", "text", "kind", "enterprise", "owner", "due", "status"], resolutions)
    ctx.created["forums"] = ids


@scale_step(order=230, name="liaison.projects")
def projects(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    if not len(ctx.key_enterprises) or not len(ctx.officials):
        return
    want = options.get("projects")
    want = max(5, len(ctx.key_enterprises) // 50) if want is None else want
    scale = KeyProject.objects.filter(enterprise__credit_code__startswith=CREDIT_PREFIX)
    have = scale.count()
    if want <= have:
        ctx.created["projects"] = range(0)
        return
    rng = random.Random(ctx.seed + 230 + have)
    today = _today(ctx)
    depts = ctx.ordinary_departments
    with _bulk():
        rows = [(ctx.jurisdiction.pk, f"重点项目{n + 1}号（规模测试）", ctx.key_enterprises[n % len(ctx.key_enterprises)],
                 "年产能扩建项目", Decimal(rng.randrange(5_000, 500_000)), depts[n % len(depts)], True)
                for n in range(have, want)]
        ids = copy_rows(KeyProject, ["jurisdiction", "name", "enterprise", "description", "planned_investment",
                                     "lead_department", "is_active"], rows)
        members, reporter = [], {}
        for pid in ids:
            team = ctx.officials.sample(rng, min(3, len(ctx.officials)))
            members += [(pid, u) for u in team]
            reporter[pid] = team[0]
        copy_rows(KeyProject.members.through, ["keyproject", "user"], members)
        last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        reports = []
        for pid, (_j, _n, _e, _d, planned, _l, _a) in zip(ids, rows, strict=True):
            month = dt.date(rng.randrange(FIRST_YEAR, today.year + 1), rng.randrange(1, 13), 1)
            total = Decimal(0)
            while month <= last_month:
                r = rng.random()
                if r >= 0.03:
                    nxt = (month + dt.timedelta(days=32)).replace(day=1)
                    day = nxt.replace(day=rng.randrange(1, 6)) if r >= 0.10 else nxt.replace(day=rng.randrange(6, 20))
                    spent = (planned / 36).quantize(Decimal("0.01"))
                    total += spent
                    reports.append((pid, month, "按计划推进", spent, total, reporter[pid],
                                    dt.datetime(day.year, day.month, day.day, 16, tzinfo=LOCAL)))
                month = (month + dt.timedelta(days=32)).replace(day=1)
        with progress("inspection reports", len(reports)) as bar:
            copy_rows(InspectionReport, ["project", "month", "progress", "investment_month", "investment_total",
                                         "submitted_by", "submitted_at"], reports, progress=bar)
    ctx.created["projects"] = ids

