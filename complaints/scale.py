"""City-scale complaints for `seed_scale --complaints M` (portal/scale.py): 5 years of complaints in every state.

Per complaint: the row (number, enterprise, submitter, category, department, handler, deadlines, answer,
rating …), its timeline's first and latest events (submit, and the transition that put it in its current
state; a reopened one also gets its reopen event) and one evaluation per rating round. Rows go in chunks,
each chunk in one transaction with the numbering counters, so an interrupted run leaves consistent data
and a later run carries on (top-up: only `M - existing` complaints are added).

The mix, drawn from one random.Random(seed + 100):
- dates 2022-01-01 … now, denser in later years (a portal that is used more every year);
- 4 % refused; 7 % rated 不满意 in a first round, reopened under 督办 and handled again; about 30 % of the
  answered ones never rated and auto-closed after 7 days; 10 % answered late (past the deadline), 3 % with
  the one extension; 0.5 % of last year's complaints stuck (still 已分办/已签收, long overdue);
- 10 % of the last 30 days' complaints still wait in the dispatcher's inbox;
- so everything older than a few weeks is closed or refused, and the last weeks hold every open state;
- 85 % filed by an enterprise account, 15 % by an official on a visit (代为提交, 首问责任人 = the official).

Deadlines use the real calendar's facts (portal.Holiday rows, Monday–Friday where a year has none) through a
table of (day, n working days) built once per step — a dict look-up per row, no calendar call per row.
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import random
from bisect import bisect_right
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial

from django.db import connection, transaction

from complaints.models import Category, Complaint, Evaluation, Event, TrackingCounter
from complaints.seed import seed_categories
from portal.models import Holiday
from portal.scale import IdRanges, Progress, ScaleContext, copy_rows, scale_option, scale_step

S = Complaint.Status
A = Event.Action
R = Complaint.Rating
W = Complaint.Reason

FIRST_YEAR = 2022
CHUNK = 50_000
PARALLEL_MIN = 2 * CHUNK  # from this many missing complaints on, a second process builds the rows
LOCAL = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai has no daylight saving time

scale_option("--complaint-start-year", type=int, default=FIRST_YEAR,
             help=f"first year of scale complaints (default {FIRST_YEAR})")

TITLES = {
    "政策咨询": ["高新技术企业认定条件咨询", "稳岗补贴申领流程咨询", "技改项目奖补政策咨询", "小微企业税费减免咨询"],
    "意见建议": ["建议延长政务大厅周末服务时间", "建议简化工程项目审批材料", "建议增设园区公交线路"],
    "困难诉求": ["厂区用电增容迟迟未办理", "项目用地指标落实困难", "招工难，请求对接职业院校", "贷款续贷遇到困难"],
    "法律维权": ["工程款被长期拖欠", "商标被仿冒请求维权", "合同纠纷请求法律援助"],
    "投诉举报": ["执法检查频次过多影响生产", "窗口工作人员推诿扯皮", "道路施工长期阻断厂区出入口"],
}
OTHER_TITLES = ["生产经营中遇到的问题", "请求协调解决相关事项"]
DESCRIPTION = "规模测试数据：企业反映的具体情况、已采取的措施和希望政府部门协调解决的事项。"
ANSWERS = ["经核实，已协调相关部门办理完毕，请企业按通知要求准备材料。", "已现场对接，问题已解决。",
           "经研究，符合政策条件，已纳入本月兑现名单。", "已转交属地依法处理，并将处理结果告知企业。"]
REFUSALS = ["该事项属于司法程序，不属于受理范围。", "诉求内容重复，已在原诉求中办理。"]
RATING_LABELS = {R.SATISFIED: "满意", R.BASIC: "基本满意"}
REASONS = [W.UNSOLVED, W.UNSOLVED, W.SLOW, W.PERFUNCTORY, W.ATTITUDE]

FIELDS = ["number", "jurisdiction", "enterprise", "submitter", "category", "title", "description", "source",
          "status", "department", "first_responder", "handler", "assigned_at", "sign_deadline", "answer_deadline",
          "accepted_at", "answer", "answered_at", "first_answered_at", "closed_at", "refuse_reason", "rating", "rating_reason",
          "rating_comment", "supervised", "supervision_notice", "reopen_count", "extension_used", "created_at",
          "updated_at"]
EVENT_FIELDS = ["complaint", "actor", "action", "from_status", "to_status", "note", "public", "created_at"]
EVAL_FIELDS = ["complaint", "department", "rating", "reason", "comment", "rated_by", "created_at"]


class WorkingDays:
    """add(day, n): the n-th working day after `day`, from Holiday rows (Mon–Fri where a year has none), memoised."""

    def __init__(self) -> None:
        self.holidays: set[dt.date] = set()
        self.workdays: set[dt.date] = set()
        for day, kind in Holiday.objects.values_list("date", "kind"):
            (self.workdays if kind == Holiday.Kind.WORKDAY else self.holidays).add(day)
        self.memo: dict[tuple[dt.date, int], dt.date] = {}

    def is_working(self, d: dt.date) -> bool:
        return d in self.workdays or (d not in self.holidays and d.weekday() < 5)

    def add(self, day: dt.date, n: int) -> dt.date:
        key = (day, n)
        found = self.memo.get(key)
        if found is None:
            d, left = day, n
            while left:
                d += dt.timedelta(days=1)
                left -= self.is_working(d)
            found = self.memo[key] = d
        return found


def _local_date(t: dt.datetime) -> dt.date:
    return t.date()  # every datetime here is in LOCAL


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A time during office hours (08:30–18:00 local) on `day`, as an aware datetime."""
    return dt.datetime(day.year, day.month, day.day, 8, 30, tzinfo=LOCAL) + dt.timedelta(
        seconds=rng.randrange(9 * 3600 + 1800))


class Plan:
    """Builds one complaint's row, events and evaluations from the random draws (pure Python, no queries)."""

    def __init__(self, ctx: ScaleContext, rng: random.Random, start_year: int):
        self.ctx, self.rng, self.now = ctx, rng, ctx.now.astimezone(LOCAL)
        self.code = ctx.jurisdiction.code.upper()
        self.jid = ctx.jurisdiction.pk
        self.wd = WorkingDays()
        cats = list(Category.objects.filter(jurisdiction=ctx.jurisdiction, is_active=True).order_by("order", "id"))
        if not cats:  # after a flush (the data migration's categories are gone): the same seed as the demo
            from portal.models import Department, Jurisdiction

            seed_categories(Category, Department, Jurisdiction)
            cats = list(Category.objects.filter(jurisdiction=ctx.jurisdiction, is_active=True).order_by("order", "id"))
        if not cats:
            raise RuntimeError(f"no complaint categories in {ctx.jurisdiction}: run migrate (complaints/0002)")
        self.handlers = {d: ids for d, ids in ctx.handlers.items() if ids}
        departments = sorted(self.handlers)
        if not departments or not ctx.dispatchers:
            raise RuntimeError("seed_scale's portal steps made no handlers or dispatchers")
        self.categories = [(c.pk, c.sign_days, c.answer_days, TITLES.get(c.name, OTHER_TITLES),
                            c.default_department_id if c.default_department_id in self.handlers else None)
                           for c in cats]
        self.departments = departments
        self.dispatchers = ctx.dispatchers
        self.accounts = list(ctx.enterprise_users.items())  # (enterprise id, user id)
        self.officials = ctx.officials
        if not self.accounts and not len(self.officials):
            raise RuntimeError("no enterprise accounts and no officials to file complaints")
        # Dates: a cumulative weight per day from start_year to now, growing 20 % a year.
        start = dt.datetime(start_year, 1, 1, tzinfo=LOCAL)
        self.start = start
        self.span_days = max((self.now - start).days, 1)
        self.weights: list[float] = []
        total = 0.0
        for d in range(self.span_days):
            total += 1.2 ** (d / 365)
            self.weights.append(total)
        self.total_weight = total

    def created(self) -> dt.datetime:
        d = bisect_right(self.weights, self.rng.random() * self.total_weight)
        t = self.start + dt.timedelta(days=min(d, self.span_days - 1), seconds=self.rng.randrange(86_400))
        return min(t, self.now - dt.timedelta(minutes=1))

    def build(self, counters: dict[int, int]):
        """(row, events, evaluations) of one complaint; events/evaluations lack the complaint id (added later)."""
        rng, now, wd = self.rng, self.now, self.wd
        created = self.created()
        year = _local_date(created).year
        counters[year] += 1
        number = f"{self.code}-{year}-{counters[year]:06d}"
        cat_id, sign_days, answer_days, titles, default_dept = self.categories[rng.randrange(len(self.categories))]
        on_behalf = not self.accounts or (len(self.officials) and rng.random() < 0.15)
        if on_behalf:
            enterprise = self.ctx.enterprises.pick(rng)
            submitter = self.officials.pick(rng)
            rater = self.ctx.enterprise_users.get(enterprise)
            source = f"走访 {_local_date(created).isoformat()}"
        else:
            enterprise, submitter = self.accounts[rng.randrange(len(self.accounts))]
            rater, source = submitter, ""
        title = titles[rng.randrange(len(titles))]
        dispatcher = self.dispatchers[rng.randrange(len(self.dispatchers))]
        first_responder = submitter if on_behalf else dispatcher
        events = [(submitter, A.SUBMIT, "", S.SUBMITTED, "代企业提交；来源：" + source if on_behalf else "", True, created)]
        evals: list[tuple] = []
        row = dict(status=S.SUBMITTED, department=None, handler=None, assigned_at=None, sign_deadline=None,
                   answer_deadline=wd.add(_local_date(created), sign_days + answer_days), accepted_at=None,
                   answer="", answered_at=None, closed_at=None, refuse_reason="", rating="", rating_reason="",
                   rating_comment="", supervised=False, reopen_count=0, extension_used=False, updated=created)
        last: tuple | None = None  # the latest transition that happened before now

        def happen(t: dt.datetime) -> bool:
            return t <= now

        t = created + dt.timedelta(hours=rng.uniform(0.5, 30))
        if rng.random() < 0.04:  # 不予受理
            if happen(t):
                reason = REFUSALS[rng.randrange(len(REFUSALS))]
                row.update(status=S.REFUSED, refuse_reason=reason, closed_at=t, updated=t)
                first_responder = first_responder or dispatcher
                last = (dispatcher, A.REFUSE, S.SUBMITTED, S.REFUSED, reason, True, t)
            return self._finish(row, number, enterprise, submitter, cat_id, title, source, first_responder, created,
                                events, last, evals)
        if created > now - dt.timedelta(days=30) and rng.random() < 0.10:
            t = now + dt.timedelta(days=1)  # still waiting in the dispatcher's inbox (details being clarified)
        rounds = 2 if (rater and rng.random() < 0.07) else 1
        stuck = created > now - dt.timedelta(days=365) and rng.random() < 0.005
        for rnd in range(1, rounds + 1):
            # 分办
            if not happen(t):
                break
            dept = default_dept if (default_dept and rng.random() < 0.5) else self.departments[
                rng.randrange(len(self.departments))]
            day = _local_date(t)
            sign_deadline, answer_deadline = wd.add(day, sign_days), wd.add(day, answer_days)
            row.update(status=S.ASSIGNED, department=dept, handler=None, assigned_at=t, sign_deadline=sign_deadline,
                       answer_deadline=answer_deadline, accepted_at=None, updated=t)
            last = (dispatcher, A.ASSIGN, S.SUBMITTED, S.ASSIGNED, "分办", True, t)
            # 签收: usually within the day, 3 % late (stuck ones: never)
            late_sign = rng.random() < 0.03 or stuck
            t = _at(wd.add(day, rng.randint(sign_days + 1, sign_days + 4) if late_sign else rng.randint(0, sign_days)),
                    rng)
            if t < row["assigned_at"]:
                t = row["assigned_at"] + dt.timedelta(minutes=rng.randrange(10, 240))
            if not happen(t) or (stuck and rng.random() < 0.4):
                break
            handlers = self.handlers[dept]
            handler = handlers[rng.randrange(len(handlers))]
            row.update(status=S.ACCEPTED, handler=handler, accepted_at=t, updated=t)
            last = (handler, A.ACCEPT, S.ASSIGNED, S.ACCEPTED, "", True, t)
            if stuck:
                break
            # 答复: within the deadline mostly; 3 % after the one extension; 10 % late
            if rng.random() < 0.03:
                row.update(answer_deadline=wd.add(answer_deadline, rng.randint(3, 10)), extension_used=True)
            deadline = row["answer_deadline"]
            if rng.random() < 0.10:
                answer_day = wd.add(deadline, rng.randint(1, 20))
            else:
                answer_day = wd.add(day, rng.randint(1, max(answer_days - 1, 1)))
                answer_day = min(answer_day, deadline)
            t = max(_at(answer_day, rng), t + dt.timedelta(minutes=30))
            if not happen(t):
                break
            text = ANSWERS[rng.randrange(len(ANSWERS))]
            row.update(status=S.ANSWERED, answer=text, answered_at=t, rating="", rating_reason="", rating_comment="",
                       updated=t)
            last = (handler, A.ANSWER, S.ACCEPTED, S.ANSWERED, text, True, t)
            # 评价 (or auto-close after 7 days)
            if rater and (rnd < rounds or rng.random() < 0.7):
                t2 = t + dt.timedelta(hours=rng.uniform(1, 24 * 6))
                if not happen(t2):
                    break
                if rnd < rounds:
                    reason = REASONS[rng.randrange(len(REASONS))]
                    evals.append((dept, R.DISSATISFIED, reason, "", rater, t2))
                    row.update(status=S.SUBMITTED, rating=R.DISSATISFIED, rating_reason=reason, supervised=True,
                               reopen_count=rnd, handler=None, sign_deadline=None, closed_at=None, updated=t2)
                    events.append((rater, A.RATE, S.ANSWERED, S.SUBMITTED, "不满意", True, t2))
                    last = (rater, A.REOPEN, S.ANSWERED, S.SUBMITTED, "企业不满意，重新办理并督办", True, t2)
                    t = t2 + dt.timedelta(hours=rng.uniform(1, 30))
                    continue
                rating = R.SATISFIED if rng.random() < 0.86 else R.BASIC
                evals.append((dept, rating, "", "", rater, t2))
                row.update(status=S.CLOSED, rating=rating, closed_at=t2, updated=t2)
                last = (rater, A.RATE, S.ANSWERED, S.CLOSED, RATING_LABELS[rating], True, t2)
            else:
                t2 = t + dt.timedelta(days=8, hours=rng.uniform(0, 20))
                if happen(t2):
                    row.update(status=S.CLOSED, closed_at=t2, updated=t2)
                    last = (None, A.AUTO_CLOSE, S.ANSWERED, S.CLOSED, "", True, t2)
        return self._finish(row, number, enterprise, submitter, cat_id, title, source, first_responder, created,
                            events, last, evals)

    def _finish(self, row, number, enterprise, submitter, cat_id, title, source, first_responder, created, events,
                last, evals):
        if last is not None:
            events.append(last)
        if row["status"] == S.SUBMITTED and not row["reopen_count"]:
            first_responder = first_responder if first_responder == submitter else None
        values = (number, self.jid, enterprise, submitter, cat_id, title, DESCRIPTION, source, row["status"],
                  row["department"], first_responder, row["handler"], row["assigned_at"], row["sign_deadline"],
                  # first_answered_at: the latest answer stands in for the first (the handling-time figure of a
                  # reopened complaint comes out a little long; nothing else reads it).
                  row["answer_deadline"], row["accepted_at"], row["answer"], row["answered_at"], row["answered_at"],
                  row["closed_at"],
                  row["refuse_reason"], row["rating"], row["rating_reason"], row["rating_comment"], row["supervised"],
                  "", row["reopen_count"], row["extension_used"], created, row["updated"])
        return values, events, evals


def _counters(jurisdiction_id: int) -> dict[int, int]:
    """The last number used per year in the jurisdiction (its counter rows)."""
    counters: dict[int, int] = defaultdict(int)
    for year, last in TrackingCounter.objects.filter(jurisdiction_id=jurisdiction_id).values_list("year", "last"):
        counters[year] = last
    return counters


def _save_counters(jurisdiction_id: int, counters: dict[int, int]) -> None:
    """Set every (jurisdiction, year) counter to at least the numbers used, so real submissions carry on."""
    table = connection.ops.quote_name(TrackingCounter._meta.db_table)
    with connection.cursor() as cur:
        for year, last in sorted(counters.items()):
            cur.execute(
                f"INSERT INTO {table} (jurisdiction_id, year, last) VALUES (%s, %s, %s) ON CONFLICT (jurisdiction_id,"
                f" year) DO UPDATE SET last = CASE WHEN {table}.last > EXCLUDED.last THEN {table}.last"
                " ELSE EXCLUDED.last END",
                [jurisdiction_id, year, last],
            )


# ---- loading: chunks built (in a second process on PostgreSQL) and streamed with COPY -------------

_PLAN: tuple | None = None  # (plan, counters) inherited by the forked builder process


def _text(value) -> str:
    """COPY text of the values Plan produces (its strings never hold tabs, newlines or backslashes)."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return value.isoformat()


def _build_lines(n: int):
    """In the builder process: n complaints as COPY lines (without ids), their events and evaluations as
    (complaint index, line without ids), and the counters after them."""
    plan, counters = _PLAN
    complaints, events, evals = [], [], []
    for i in range(n):
        row, evs, vals = plan.build(counters)
        complaints.append("\t".join([_text(v) for v in row]))
        events.extend((i, "\t".join([_text(v) for v in e])) for e in evs)
        evals.extend((i, "\t".join([_text(v) for v in v_])) for v_ in vals)
    return complaints, events, evals, dict(counters)


def _build_rows(n: int):
    plan, counters = _PLAN
    built = [plan.build(counters) for _ in range(n)]
    return built, dict(counters)


def _copy_lines(model, fields: list[str], lines) -> range:
    """copy_rows for pre-formatted lines: the same id reservation (portal.scale), no per-value formatting here.
    `lines` yields (prefix, line): prefix is what goes between the id and the line (e.g. the complaint id)."""
    from portal.scale import _fillers, _reserve_start

    cols = [model._meta.get_field(f).column for f in fields]
    extra_cols, extra_vals = _fillers(model, fields)
    tail = "".join("\t" + ("\\N" if v is None else _text(v)) for v in extra_vals)
    qn = connection.ops.quote_name
    sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c) for c in [model._meta.pk.column, *cols, *extra_cols])}) FROM STDIN"
    with transaction.atomic():
        start, seq = _reserve_start(model)
        buf = io.StringIO()
        next_id = start
        for prefix, line in lines:
            buf.write(f"{next_id}\t{prefix}{line}{tail}\n")
            next_id += 1
        buf.seek(0)
        with connection.cursor() as cur:
            cur.cursor.copy_expert(sql, buf, size=1 << 20)
            if next_id > start:
                cur.execute("SELECT setval(%s, %s, true)", [seq, next_id - 1])
    return range(start, next_id)


def _load(plan, counters, sizes, parallel: bool, fast: bool, jurisdiction_id: int):
    """Yield (complaint ids, events, evaluations, n) per chunk; each chunk in one transaction with the counters."""
    global _PLAN
    _PLAN = (plan, counters)
    if parallel:
        connection.close()  # the forked builder must not share this connection's socket
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        submit = partial(pool.submit, _build_lines)
    else:
        pool = ThreadPoolExecutor(1)
        submit = partial(pool.submit, _build_rows)
    try:
        pending = submit(sizes[0])
        for k in range(len(sizes)):
            result = pending.result()
            if k + 1 < len(sizes):
                pending = submit(sizes[k + 1])
            with transaction.atomic():
                if fast:
                    with connection.cursor() as cur:
                        cur.execute("SET LOCAL session_replication_role = replica")
                if parallel:
                    lines, events, evals, used = result
                    ids = _copy_lines(Complaint, FIELDS, (("", line) for line in lines))
                    base = ids.start
                    n_events = len(_copy_lines(Event, EVENT_FIELDS, ((f"{base + i}\t", e) for i, e in events)))
                    n_evals = len(_copy_lines(Evaluation, EVAL_FIELDS, ((f"{base + i}\t", v) for i, v in evals)))
                else:
                    built, used = result
                    lines = built
                    ids = copy_rows(Complaint, FIELDS, (b[0] for b in built), batch=CHUNK)
                    base = ids.start
                    n_events = len(copy_rows(Event, EVENT_FIELDS, ((base + i, *e) for i, b in enumerate(built)
                                                                   for e in b[1]), batch=CHUNK * 2))
                    n_evals = len(copy_rows(Evaluation, EVAL_FIELDS, ((base + i, *v) for i, b in enumerate(built)
                                                                      for v in b[2]), batch=CHUNK))
                _save_counters(jurisdiction_id, used)
            yield ids, n_events, n_evals, len(lines)
    finally:
        pool.shutdown(cancel_futures=True)
        _PLAN = None


def _without_fk_triggers() -> bool:
    """On PostgreSQL as a superuser, bulk chunks skip the foreign-key triggers (session_replication_role =
    replica, per transaction): every id comes from the context's own sets, the tests check the result, and
    the deferred checks would otherwise cost more than the COPY itself."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cur.fetchone()
    return bool(row and row[0])


def scale_complaints():
    """The scale complaints: those of scale enterprises."""
    from portal.scale import CREDIT_PREFIX

    return Complaint.objects.filter(enterprise__credit_code__startswith=CREDIT_PREFIX)


@scale_step(order=100, name="complaints.complaints")
def complaints(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    want = options.get("complaints") or 0
    have = scale_complaints().count() if want else 0
    missing = max(want - have, 0)
    ctx.created["complaints"] = range(0)
    if missing and not len(ctx.enterprises):
        raise RuntimeError("--complaints needs scale enterprises (--enterprises > 0)")
    if missing:
        rng = random.Random(ctx.seed + 100 + have)  # a top-up draws fresh numbers, reproducibly
        plan = Plan(ctx, rng, options.get("complaint_start_year") or FIRST_YEAR)
        counters = _counters(ctx.jurisdiction.pk)
        sizes = [min(CHUNK, missing - k) for k in range(0, missing, CHUNK)]
        parallel = connection.vendor == "postgresql" and not connection.in_atomic_block and missing >= PARALLEL_MIN
        fast = _without_fk_triggers()
        created = None
        events_made = evals_made = 0
        with progress("complaints", missing) as bar:
            for ids, n_events, n_evals, n in _load(plan, counters, sizes, parallel, fast, ctx.jurisdiction.pk):
                created = ids if created is None else range(created.start, ids.stop)
                events_made += n_events
                evals_made += n_evals
                bar.update(n)
        ctx.created["complaints"] = created or range(0)
        ctx.ids["complaint_events_created"] = events_made
        ctx.ids["complaint_evaluations_created"] = evals_made
    ctx.ids["complaints"] = IdRanges.of(scale_complaints()) if want else IdRanges()

