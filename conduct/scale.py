"""City-scale conduct data for seed_scale (portal/scale.py): conduct reports citing rules, integrity entries.

- conduct reports (300): `--conduct-reports` in total (default one per 200 scale enterprises), filed by
  enterprise accounts over 2022–now about officials, each citing one or two officials' rules; the older
  ones concluded (60 % founded, 35 % unfounded, 5 % false accusation), the last months received or under
  investigation; a filing event and, when concluded, a conclusion event each.
- integrity entries (310): 1 % of scale enterprises on the red list, 0.3 % on the black list (published,
  valid for two years from a date in the last three years, so some have lapsed), Enterprise.integrity set.
Needs the registers: runs conduct.services.seed_registers() when there are no rules. Top-up like the rest.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from conduct import services
from conduct.models import ConductReport, IntegrityEntry, Register, ReportEvent, Rule
from portal.models import Enterprise
from portal.scale import CREDIT_PREFIX, USER_PREFIX, Progress, ScaleContext, copy_rows, scale_option, scale_step

scale_option("--conduct-reports", type=int, default=None, help="conduct reports (default one per 200 enterprises)")

FIRST_YEAR = 2022
S = ConductReport.Status


def scale_reports():
    return ConductReport.objects.filter(reporter__username__startswith=USER_PREFIX)


@scale_step(order=300, name="conduct.reports")
def reports(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    if not Rule.objects.exists():
        services.seed_registers()
    want = options.get("conduct_reports")
    want = len(ctx.enterprises) // 200 if want is None else want
    have = scale_reports().count()
    rules = list(Rule.objects.current().filter(register__binds=Register.Binds.OFFICIALS,
                                               register__jurisdiction=ctx.jurisdiction).values_list("pk", flat=True))
    reporters = list(ctx.enterprise_users.values())
    if want <= have or not rules or not reporters or not ctx.investigators:
        ctx.created["conduct_reports"] = range(0)
        return
    rng = random.Random(ctx.seed + 300 + have)
    now = ctx.now
    start = dt.datetime(FIRST_YEAR, 1, 1, tzinfo=dt.UTC)
    span = (now - start).total_seconds()
    rows, events, cited = [], [], []
    for _ in range(want - have):
        created = start + dt.timedelta(seconds=rng.random() * span)
        investigator = ctx.investigators[rng.randrange(len(ctx.investigators))]
        age = (now - created).days
        if age > 90:
            r = rng.random()
            status = S.FOUNDED if r < 0.6 else S.UNFOUNDED if r < 0.95 else S.FALSE_ACCUSATION
            concluded = created + dt.timedelta(days=rng.randint(10, 60))
        else:
            status, concluded = (S.INVESTIGATING if rng.random() < 0.6 else S.RECEIVED), None
        reporter = reporters[rng.randrange(len(reporters))]
        rows.append((reporter, rng.random() < 0.3, "规模测试数据：反映公职人员违反规定的情况。",
                     f"某部门工作人员{rng.randrange(1000)}号", ctx.officials.pick(rng) if len(ctx.officials) else None,
                     status, investigator if status != S.RECEIVED else None, "处理结果（规模测试）" if concluded else "",
                     created, concluded))
    with progress("conduct reports", len(rows)) as bar:
        ids = copy_rows(ConductReport, ["jurisdiction", "reporter", "anonymous", "description", "subject_name",
                                        "subject_user", "status", "handler", "outcome", "created_at", "concluded_at"],
                        [(ctx.jurisdiction.pk, *row) for row in rows], progress=bar)
    for rid, row in zip(ids, rows, strict=True):
        for rule in rng.sample(rules, min(len(rules), rng.choice([1, 1, 2]))):
            cited.append((rid, rule))
        events.append((rid, row[0], "file", "", S.RECEIVED, "", row[8]))
        if row[9]:
            events.append((rid, row[6], "conclude", S.INVESTIGATING, row[5], row[7], row[9]))
    copy_rows(ConductReport.rules.through, ["conductreport", "rule"], cited)
    copy_rows(ReportEvent, ["report", "actor", "action", "from_status", "to_status", "note", "at"], events)
    ctx.created["conduct_reports"] = ids


@scale_step(order=310, name="conduct.integrity")
def integrity(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    scale = IntegrityEntry.objects.filter(enterprise__credit_code__startswith=CREDIT_PREFIX)
    have = set(scale.values_list("enterprise_id", flat=True))
    if not ctx.oversight or not len(ctx.enterprises):
        return
    rng = random.Random(ctx.seed + 310)
    today = timezone.localdate()
    by = ctx.oversight[0]
    rows = []
    for n, ent in enumerate(ctx.enterprises):
        kind = IntegrityEntry.List.RED if n % 100 == 7 else IntegrityEntry.List.BLACK if n % 1000 in (3, 503, 803) else None
        if kind is None or ent in have:
            continue
        start = today - dt.timedelta(days=rng.randrange(3 * 365))
        at = dt.datetime(start.year, start.month, start.day, 10, tzinfo=dt.UTC)
        reason = "诚信经营、积极履行社会责任" if kind == IntegrityEntry.List.RED else "查实向公职人员行贿"
        rows.append((ent, kind, reason, "规模测试数据", start, start + dt.timedelta(days=730),
                     IntegrityEntry.Status.PUBLISHED, by, at, by, at, by, at))
    with progress("integrity entries", len(rows)) as bar:
        ctx.created["integrity_entries"] = copy_rows(
            IntegrityEntry, ["enterprise", "list", "reason", "basis", "valid_from", "valid_until", "status",
                             "proposed_by", "proposed_at", "approved_by", "approved_at", "published_by", "published_at"],
            rows, progress=bar)
    if rows:
        in_force = IntegrityEntry.objects.in_force(today).filter(pk__in=ctx.created["integrity_entries"])
        for kind in (IntegrityEntry.List.RED, IntegrityEntry.List.BLACK):
            Enterprise.objects.filter(pk__in=in_force.filter(list=kind).values("enterprise_id")).update(integrity=kind)
