"""City-scale declarations for seed_scale (portal/scale.py): declarations of every kind and the flags they raise.

- declarations (400): `--declarations` in total (none unless asked; make bench asks for 50 per official), by scale
  officials over the last two years about scale enterprises — 30 % events (most approved and recorded, some
  pending, refused or asked late), 30 % hospitality (10 % above the jurisdiction's standard, with a reason),
  20 % gifts (refused, handed in, kept), 10 % interests, 10 % celebrations.
- flags: the ones services.compute_flags would store for those rows (late events, meals above the standard,
  gifts over the threshold kept or handed in), a third of the older ones closed with a note.
Written with COPY like the other steps; a top-up (only the difference is added).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from complaints.scale import LOCAL
from declarations import services
from declarations.models import Declaration, Flag
from portal.scale import USER_PREFIX, Progress, ScaleContext, copy_rows, scale_option, scale_step

scale_option("--declarations", type=int, default=0,
             help="declarations in total (0 by default; make bench asks for 50 per official: 100k at 2k)")

K, S, D = Declaration.Kind, Declaration.Status, Declaration.Disposition
FIELDS = ["jurisdiction", "official", "kind", "status", "enterprise", "date", "place", "purpose", "paid_by", "late",
          "outcome", "people", "cost_per_head", "reason", "description", "value", "disposition", "handed_to",
          "receipt_no", "relative", "relation", "nature", "occasion", "guests", "approver", "decided_at",
          "decision_note", "created_at"]
FLAG_FIELDS = ["jurisdiction", "official", "declaration", "enterprise", "kind", "year", "detail", "status",
               "created_at", "closed_by", "closed_at", "note"]


def scale_declarations():
    return Declaration.objects.filter(official__username__startswith=USER_PREFIX)


@scale_step(order=400, name="declarations.declarations")
def declarations(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    want = options.get("declarations") or 0
    have = scale_declarations().count()
    if want <= have or not len(ctx.officials) or not len(ctx.enterprises):
        ctx.created["declarations"] = range(0)
        return
    rng = random.Random(ctx.seed + 400 + have)
    standards = services.settings_for(ctx.jurisdiction.pk)
    std, threshold = standards.hospitality_standard, standards.gift_threshold
    today = ctx.now.astimezone(LOCAL).date()
    approver = ctx.oversight[0] if ctx.oversight else None  # any scale staff id: the approver column only
    checker = ctx.oversight[0] if ctx.oversight else None
    flags: list[tuple[int, int, int, int, str, int, str, dt.datetime]] = []
    jid = ctx.jurisdiction.pk

    def rows():
        for i in range(want - have):
            official, enterprise = ctx.officials.pick(rng), ctx.enterprises.pick(rng)
            day = today - dt.timedelta(days=rng.randrange(730))
            created = dt.datetime(day.year, day.month, day.day, 9, tzinfo=LOCAL) - dt.timedelta(days=rng.randrange(8))
            row = dict.fromkeys(FIELDS, "")
            row.update(jurisdiction=jid, official=official, enterprise=enterprise, date=day, late=False, people=None,
                       cost_per_head=None, value=None, approver=None, decided_at=None, created_at=created,
                       status=S.FILED)
            r = rng.random()
            if r < 0.3:
                late = rng.random() < 0.05
                if late:
                    created = dt.datetime(day.year, day.month, day.day, 9, tzinfo=LOCAL) + dt.timedelta(days=2)
                status = S.PENDING if day > today - dt.timedelta(days=3) else rng.choice(
                    [S.REPORTED] * 8 + [S.APPROVED, S.REFUSED])
                row.update(kind=K.EVENT, status=status, late=late, created_at=created, place="企业会议室",
                           purpose="行业座谈、企业年会等公开活动", paid_by="本单位",
                           outcome="参加活动，未在企业用餐" if status == S.REPORTED else "")
                if status != S.PENDING:
                    row.update(approver=approver, decided_at=created + dt.timedelta(hours=5))
                if late:
                    flags.append((i, official, enterprise, K.EVENT, Flag.Kind.UNAPPROVED_EVENT, day.year, created))
            elif r < 0.6:
                above = rng.random() < 0.1
                cost = (std + rng.randrange(10, 200)) if above else Decimal(rng.randrange(30, int(std)))
                row.update(kind=K.HOSPITALITY, people=rng.randrange(2, 12), cost_per_head=Decimal(cost),
                           reason="外地客商洽谈，会后工作餐" if above else "")
                if above:
                    flags.append((i, official, enterprise, K.HOSPITALITY, Flag.Kind.OVER_STANDARD, day.year, created))
            elif r < 0.8:
                value = Decimal(rng.choice([50, 100, 150, 300, 800, 2000]))
                disposition = rng.choice([D.REFUSED, D.HANDED_IN, D.HANDED_IN, D.KEPT])
                if disposition == D.KEPT and rng.random() < 0.8:
                    value = min(value, threshold)
                row.update(kind=K.GIFT, description="土特产、纪念品", value=value, disposition=disposition)
                if disposition == D.HANDED_IN:
                    row.update(handed_to="纪工委", receipt_no=f"SJ-{day.year}-{i:07d}")
                if value > threshold and disposition in (D.KEPT, D.HANDED_IN):
                    kind = Flag.Kind.GIFT_KEPT if disposition == D.KEPT else Flag.Kind.GIFT_HANDED_IN
                    flags.append((i, official, enterprise, K.GIFT, kind, day.year, created))
            elif r < 0.9:
                row.update(kind=K.INTEREST, enterprise=None, relative="亲属", relation=rng.choice(["配偶", "子女"]),
                           nature=rng.choice(["business", "shareholding", "loan"]), description="个体经营")
            else:
                row.update(kind=K.CELEBRATION, enterprise=None, occasion=rng.choice(["子女婚礼", "丧事"]),
                           guests="无企业来宾", description="未收受企业礼金")
            yield tuple(row[f] for f in FIELDS)

    with progress("declarations", want - have) as bar:
        made = copy_rows(Declaration, FIELDS, rows(), progress=bar)
    ctx.created["declarations"] = made

    def flag_rows():
        for i, official, enterprise, _kind, flag_kind, year, created in flags:
            closed = year < today.year and rng.random() < 0.33
            yield (jid, official, made.start + i, enterprise, flag_kind, year, "", "closed" if closed else "open",
                   created, checker if closed else None, created + dt.timedelta(days=20) if closed else None,
                   "已核实" if closed else "")

    with progress("declaration flags", len(flags)) as bar:
        ctx.created["declaration_flags"] = copy_rows(Flag, FLAG_FIELDS, flag_rows(), progress=bar)
