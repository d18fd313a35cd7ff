"""City-scale data for the benchmark: `python manage.py seed_scale --enterprises N --complaints M`.

The shape follows portal/demo.py: a registry of steps, run in order. Each app adds its rows from a
module imported in its AppConfig.ready():

    from portal.scale import copy_rows, scale_option, scale_step

    scale_option("--visits", type=int, default=None, help="visits to create (default 3 per pairing)")

    @scale_step(order=100, name="complaints.complaints")
    def complaints(ctx, options, progress):
        want = options["complaints"]
        have = Complaint.objects.count()          # top-up: create only the difference
        rng = random.Random(ctx.seed + 100)       # one generator per step: reproducible whatever else runs
        rows = ((ctx.enterprises.pick(rng), rng.choice(ctx.ordinary_departments), …) for i in range(have, want))
        with progress("complaints", max(want - have, 0)) as bar:
            ctx.created["complaints"] = copy_rows(Complaint, ["enterprise", "department", …], rows, progress=bar)
        ctx.ids["complaints"] = IdRanges.of(Complaint.objects.all())   # for later steps (visits, supervision…)

    # complaints/apps.py
    def ready(self):
        from complaints import scale  # noqa: F401 — registers the steps

Order slots: portal 10–60 (directory, enterprises, people, notifications); complaints 100–199; liaison
200–299 (pairings 200, visits 210, forums 220, key projects and reports 230); conduct 300–399;
rollups and anything that reads the loaded rows 900+. VACUUM/ANALYZE run after the last step (`analyze`).

A step must be a top-up: count what is already there (rows carrying the scale marker: credit codes
starting with CREDIT_PREFIX, usernames starting with "scale-"), create only the difference, and leave
existing rows alone, so `seed_scale --complaints 1000000` after `--complaints 100000` adds 900,000.

`ctx` (a ScaleContext) carries what later steps need without re-reading every row: id ranges of the
scale enterprises, key enterprises, officials, handlers per department, departments per jurisdiction,
enterprise users per enterprise, and `ctx.created` (what this run added). See ScaleContext below.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone

from portal import creditcode
from portal.demo import DEFAULT_PASSWORD
from portal.directory import seed_directory
from portal.models import Department, Enterprise, Jurisdiction, Notification, Role, User
from portal.roles import ensure_groups

CREDIT_PREFIX = "91610902"  # 统一社会信用代码 prefix of scale enterprises (demo ones use 91610900)
USER_PREFIX = "scale-"


# ---------------------------------------------------------------- registry


@dataclass(frozen=True)
class Step:
    order: int
    name: str
    func: Callable[[ScaleContext, dict, Progress], None]


STEPS: list[Step] = []
# Extra command-line options apps add with scale_option(); read back from `options` in a step.
OPTIONS: list[tuple[tuple, dict]] = []


def scale_step(order: int, name: str | None = None):
    """Register `func(ctx, options, progress)` to run at `order` (lower first) in seed_scale."""

    def decorator(func):
        step = Step(order, name or f"{func.__module__}.{func.__name__}", func)
        if all(s.name != step.name for s in STEPS):
            STEPS.append(step)
        return func

    return decorator


def scale_option(*flags: str, **kwargs) -> None:
    """Add an argparse option to seed_scale (call at import time of your scale module)."""
    if all(f != flags for f, _ in OPTIONS):
        OPTIONS.append((flags, kwargs))


def steps() -> list[Step]:
    return sorted(STEPS, key=lambda s: (s.order, s.name))


# ---------------------------------------------------------------- id ranges


class IdRanges(Sequence[int]):
    """An ordered set of ids kept as (first, last) runs: 1M contiguous ids cost one tuple.

    Indexable (`ids[i]`), sized, iterable; `ids.pick(rng)` draws one id; `ids.sample(rng, k)` k distinct.
    """

    def __init__(self, runs: Iterable[tuple[int, int]] = ()):
        self.runs: list[tuple[int, int]] = [(int(a), int(b)) for a, b in runs if b >= a]
        self._starts: list[int] = []
        total = 0
        for a, b in self.runs:
            self._starts.append(total)
            total += b - a + 1
        self._len = total

    @classmethod
    def of(cls, queryset: models.QuerySet) -> IdRanges:
        """The ids of a queryset as runs, computed in the database (gaps and islands)."""
        sql, params = queryset.order_by().annotate(scale_rid=models.F("pk")).values("scale_rid").query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute(
                "SELECT MIN(scale_rid), MAX(scale_rid) FROM (SELECT scale_rid, scale_rid - ROW_NUMBER() OVER "
                f"(ORDER BY scale_rid) AS grp FROM ({sql}) AS q) AS s GROUP BY grp ORDER BY 1",
                params,
            )
            return cls(cur.fetchall())

    @classmethod
    def from_range(cls, r: range) -> IdRanges:
        return cls([(r.start, r.stop - 1)] if len(r) else [])

    def __add__(self, other: IdRanges | range) -> IdRanges:
        if isinstance(other, range):
            other = IdRanges.from_range(other)
        merged: list[tuple[int, int]] = []
        for a, b in sorted(self.runs + other.runs):
            if merged and a <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return IdRanges(merged)

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        lo, hi = 0, len(self.runs) - 1
        while lo < hi:  # last run whose start <= i
            mid = (lo + hi + 1) // 2
            if self._starts[mid] <= i:
                lo = mid
            else:
                hi = mid - 1
        return self.runs[lo][0] + i - self._starts[lo]

    def __iter__(self) -> Iterator[int]:
        for a, b in self.runs:
            yield from range(a, b + 1)

    def __contains__(self, value) -> bool:
        return any(a <= value <= b for a, b in self.runs)

    def __repr__(self) -> str:
        return f"IdRanges({self.runs!r})"

    def pick(self, rng: random.Random) -> int:
        return self[rng.randrange(self._len)]

    def sample(self, rng: random.Random, k: int) -> list[int]:
        return [self[i] for i in rng.sample(range(self._len), k)]


@dataclass
class ScaleContext:
    """What the steps hand on. Every id set covers ALL scale rows (earlier runs included).

    jurisdiction      the Jurisdiction everything goes into (--jurisdiction, default HK)
    rng, seed, now    a random.Random(seed) for reproducible data; the run's start time
    password_hash     one hashed password for every scale user (make_password computed once)
    departments       {jurisdiction code: [department ids]}; ordinary_departments: [ids] of kind ordinary
    enterprises       IdRanges of scale enterprises; key_enterprises: IdRanges of those with is_key
    officials         IdRanges of users in the official group
    handlers          {department id: [user ids]} (handlers of ordinary departments; first is head)
    dispatchers, oversight, investigators   lists of user ids
    enterprise_users  {enterprise id: user id} for the enterprises that have an account
    ids               free slots for app steps: ctx.ids["complaints"] = copy_rows(...)
    created           {name: range} of what this run added (empty range when nothing was missing)
    """

    options: dict
    jurisdiction: Jurisdiction
    seed: int
    rng: random.Random
    now: dt.datetime
    password_hash: str
    departments: dict[str, list[int]] = field(default_factory=dict)
    ordinary_departments: list[int] = field(default_factory=list)
    enterprises: IdRanges = field(default_factory=IdRanges)
    key_enterprises: IdRanges = field(default_factory=IdRanges)
    officials: IdRanges = field(default_factory=IdRanges)
    handlers: dict[int, list[int]] = field(default_factory=dict)
    dispatchers: list[int] = field(default_factory=list)
    oversight: list[int] = field(default_factory=list)
    investigators: list[int] = field(default_factory=list)
    enterprise_users: dict[int, int] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)
    created: dict[str, range] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------- progress


class Bar:
    """A one-line progress bar on stderr: label, count/total, percentage, rows per second."""

    def __init__(self, label: str, total: int, stream=None, min_interval: float = 0.2):
        self.label, self.total, self.done = label, max(int(total), 0), 0
        self.stream = stream or sys.stderr
        self.start = self.last = time.monotonic()
        self.min_interval = min_interval
        self.tty = getattr(self.stream, "isatty", lambda: False)()

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.tty and now - self.last >= self.min_interval:
            self.last = now
            self._draw(end="\r")

    def _draw(self, end: str) -> None:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        frac = self.done / self.total if self.total else 1.0
        filled = int(min(frac, 1.0) * 24)
        self.stream.write(
            f"{self.label:<28} [{'#' * filled}{'.' * (24 - filled)}] {self.done:>9,}/{self.total:<9,} "
            f"{frac:6.1%} {self.done / elapsed:>10,.0f} rows/s {elapsed:6.1f}s{end}"
        )
        self.stream.flush()

    def close(self) -> None:
        self._draw(end="\n")

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Progress:
    """Passed to every step: `with progress("企业", total) as bar: bar.update(k)`; quiet=True draws nothing."""

    def __init__(self, stream=None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet

    def __call__(self, label: str, total: int) -> Bar:
        return Bar(label, total, stream=io.StringIO() if self.quiet else self.stream)


# ---------------------------------------------------------------- bulk writing


def _copy_text(value) -> str:
    """One value in PostgreSQL COPY text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    s = str(value)
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return s


def _fillers(model, fields: Sequence[str]) -> tuple[list[str], list]:
    """Columns the caller did not give and their per-row values (auto_now → now, defaults, NULL).

    Columns with a database default (db_default) are left out of the COPY so PostgreSQL fills them.
    """
    given = {model._meta.get_field(f).attname for f in fields}
    names, values = [], []
    now = timezone.now()
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in given:
            continue
        if f.db_default is not models.NOT_PROVIDED:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()  # the field's default, "" for text fields, else None
            if value is None and not f.null:
                raise ValueError(f"copy_rows({model.__name__}): give a value for {f.name!r} (no default)")
        names.append(f.column)
        values.append(value)
    return names, values


def _reserve_start(model) -> tuple[int, str | None]:
    """Lock the table against other writers and return the first free id (see copy_rows)."""
    table = connection.ops.quote_name(model._meta.db_table)
    pk = model._meta.pk.column
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, pk])
            seq = cur.fetchone()[0]
            cur.execute(f"SELECT GREATEST(nextval(%s), COALESCE(MAX({pk}), 0) + 1) FROM {table}", [seq])
            return cur.fetchone()[0], seq
        # SQLite: the atomic block holds the write lock (transaction_mode IMMEDIATE in settings).
        # AUTOINCREMENT never reuses ids of deleted rows, so sqlite_sequence counts as well as max(id).
        cur.execute(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), COALESCE(MAX({pk}), 0)) + 1"
            f" FROM {table}",
            [model._meta.db_table],
        )
        return cur.fetchone()[0], None


def copy_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    batch: int = 50_000,
    progress: Bar | None = None,
) -> range:
    """Insert rows fast and return the contiguous range of the ids they got.

    `fields` are model field names or attnames ("enterprise" or "enterprise_id"), without the primary
    key; each row is a tuple in that order (a generator is fine: rows are read `batch` at a time).
    Fields left out get their default, now() for auto_now(_add), NULL if nullable, or the database
    default (db_default). Values go in as given — pass ids for foreign keys, aware datetimes, dates,
    bools, Decimals, dicts for JSON; nothing is validated, `save()` and signals do not run.

    PostgreSQL: COPY … FROM STDIN (text format) through psycopg2's copy_expert, from an in-memory
    buffer per batch. SQLite: bulk_create per batch.

    Ids are reserved, not guessed: inside one transaction the table is locked in SHARE ROW EXCLUSIVE
    mode (other INSERTs wait; reads go on), the first id is max(nextval(sequence), max(id) + 1), rows
    get consecutive explicit ids, and at the end the sequence is set past the last one. So the result
    is one `range`, and ordinary inserts after the commit carry on above it. On SQLite the write lock
    of the transaction plays the lock's part and AUTOINCREMENT follows the explicit ids.
    """
    if not isinstance(progress, Bar | None):
        raise TypeError("progress must be a Bar (progress(label, total)) or None")
    cols = [model._meta.get_field(f).column for f in fields]
    attnames = [model._meta.get_field(f).attname for f in fields]
    it = iter(rows)
    with transaction.atomic():
        start, seq = _reserve_start(model)
        next_id = start
        if connection.vendor == "postgresql":
            extra_cols, extra_vals = _fillers(model, fields)
            tail = "".join("\t" + _copy_text(v) for v in extra_vals)
            column_list = ", ".join(connection.ops.quote_name(c) for c in [model._meta.pk.column, *cols, *extra_cols])
            sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({column_list}) FROM STDIN"
            with connection.cursor() as cur:
                raw = cur.cursor  # the psycopg2 cursor under Django's wrapper
                while chunk := list(islice(it, batch)):
                    buf = io.StringIO()
                    write = buf.write
                    for row in chunk:
                        write(f"{next_id}\t" + "\t".join(map(_copy_text, row)) + tail + "\n")
                        next_id += 1
                    buf.seek(0)
                    raw.copy_expert(sql, buf, size=1 << 20)
                    if progress:
                        progress.update(len(chunk))
                last = next_id - 1
                if last >= start:
                    cur.execute("SELECT setval(%s, %s, true)", [seq, last])
                else:
                    cur.execute("SELECT setval(%s, %s, false)", [seq, start])
        else:
            while chunk := list(islice(it, min(batch, 5_000))):
                objs = []
                for row in chunk:
                    objs.append(model(pk=next_id, **dict(zip(attnames, row, strict=True))))
                    next_id += 1
                model.objects.bulk_create(objs, batch_size=500)
                if progress:
                    progress.update(len(chunk))
    return range(start, next_id)


# ---------------------------------------------------------------- the portal's own steps

# Ordinary departments a prefecture-level city has besides those of the Hengkou documents; the scale
# data set spreads officials, handlers and complaints over all of them.
CITY_DEPARTMENTS = [
    "发展和改革委员会", "工业和信息化局", "财政局", "人力资源和社会保障局", "自然资源和规划局", "生态环境局",
    "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
    "应急管理局", "市场监督管理局", "税务局", "统计局", "医疗保障局", "城市管理执法局", "行政审批服务局",
    "科学技术局", "教育体育局", "民政局", "司法局", "退役军人事务局", "林业局", "能源局", "地方金融监管局",
]
INDUSTRIES = ["农副食品加工", "建材", "装备制造", "新材料", "电子信息", "现代物流", "文化旅游", "批发零售",
              "建筑业", "医药", "纺织服装", "餐饮住宿", "软件和信息技术服务", "金融服务", "房地产"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红兵文斌志"
PLACES = ["恒口镇", "月河大道", "工业园", "高新区", "江北街道", "城东新区", "滨江路", "建民街道"]
KINDS = ["科技", "实业", "建设", "农业", "贸易", "食品", "新能源", "物流", "商贸", "制造"]

HANDLERS_PER_DEPARTMENT = 3
DISPATCHERS = 3
OVERSIGHT_USERS = 5
INVESTIGATORS = 3


def enterprise_credit_code(n: int) -> str:
    """The n-th scale enterprise's code: CREDIT_PREFIX + n in 9 digits + check character."""
    body = f"{CREDIT_PREFIX}{n:09d}"
    return body + creditcode.check_character(body)


def person_name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES)) % len(GIVEN)] + GIVEN[(n // 7) % len(GIVEN)]


def _scale_users(role: str) -> models.QuerySet:
    return User.objects.filter(username__startswith=f"{USER_PREFIX}{role}-")


def _create_users(ctx: ScaleContext, specs: list[tuple], group: Group, progress: Bar | None = None) -> range:
    """specs: (username, full_name, title, department_id, enterprise_id). Adds the group rows too."""
    now = ctx.now
    rows = (
        (username, ctx.password_hash, full_name, title, ctx.jurisdiction.pk, dept, ent, True, False, False,
         "", "", f"{username}@scale.invalid", "", now)
        for username, full_name, title, dept, ent in specs
    )
    ids = copy_rows(
        User,
        ["username", "password", "full_name", "title", "jurisdiction_id", "department_id", "enterprise_id",
         "is_active", "is_staff", "is_superuser", "first_name", "last_name", "email", "phone", "date_joined"],
        rows,
        progress=progress,
    )
    copy_rows(User.groups.through, ["user_id", "group_id"], ((uid, group.pk) for uid in ids))
    return ids


@scale_step(order=10, name="portal.directory")
def directory(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    """Jurisdictions, the named departments, the role groups, and CITY_DEPARTMENTS in the jurisdiction."""
    seed_directory(Jurisdiction, Department)
    ensure_groups()
    have = set(Department.objects.filter(jurisdiction=ctx.jurisdiction).values_list("name", flat=True))
    Department.objects.bulk_create(
        [Department(jurisdiction=ctx.jurisdiction, name=name, kind=Department.Kind.ORDINARY)
         for name in CITY_DEPARTMENTS if name not in have]
    )
    for code, dept_id, kind in Department.objects.filter(is_active=True).values_list("jurisdiction__code", "id", "kind"):
        ctx.departments.setdefault(code, []).append(dept_id)
        if code == ctx.jurisdiction.code and kind == Department.Kind.ORDINARY:
            ctx.ordinary_departments.append(dept_id)


@scale_step(order=20, name="portal.enterprises")
def enterprises(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    """N enterprises with valid, unique credit codes; every 10th is a key enterprise (n % 10 == 0)."""
    scale = Enterprise.objects.filter(credit_code__startswith=CREDIT_PREFIX)
    have = scale.count()
    want = options["enterprises"]
    jid = ctx.jurisdiction.pk

    def rows():
        for n in range(have, want):
            kind = KINDS[n % len(KINDS)]
            place = PLACES[n % len(PLACES)]
            legal = person_name(n)
            party = (n * 7919) % 9
            yield (jid, f"{ctx.jurisdiction.name}{place}{kind}第{n + 1}号有限公司", enterprise_credit_code(n),
                   INDUSTRIES[n % len(INDUSTRIES)], n % 10 == 0, f"{ctx.jurisdiction.name}{place}{n % 500 + 1}号",
                   legal, legal, f"0915{n % 10_000_000:07d}", party, party >= 3 and n % 2 == 0, "", ctx.now)

    with progress("enterprises", max(want - have, 0)) as bar:
        ctx.created["enterprises"] = copy_rows(
            Enterprise,
            ["jurisdiction_id", "name", "credit_code", "industry", "is_key", "address", "legal_representative",
             "contact_name", "contact_phone", "party_member_count", "has_party_organisation", "integrity", "created_at"],
            rows(),
            progress=bar,
        )
    ctx.enterprises = IdRanges.of(scale)
    ctx.key_enterprises = IdRanges.of(scale.filter(is_key=True))


@scale_step(order=30, name="portal.staff")
def staff(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    """K officials across the ordinary departments; handlers per department (the first heads it);
    dispatchers in the dispatch department, oversight users, investigators."""
    hk = ctx.jurisdiction
    depts = ctx.ordinary_departments
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    want = options["officials"]

    existing = _scale_users(Role.OFFICIAL)
    have = existing.count()
    specs = [(f"{USER_PREFIX}official-{n:06d}", person_name(n + 11), "联系领导", depts[n % len(depts)], None)
             for n in range(have + 1, want + 1)]
    with progress("officials", len(specs)) as bar:
        ctx.created["officials"] = _create_users(ctx, specs, groups[Role.OFFICIAL], bar)
    ctx.officials = IdRanges.of(existing)

    def top_up(role: str, kind: str, count: int, title: str) -> list[int]:
        dept = Department.objects.filter(jurisdiction=hk, kind=kind).order_by("id").first()
        qs = _scale_users(role)
        have = qs.count()
        specs = [(f"{USER_PREFIX}{role}-{n}", person_name(n * 31 + len(role)), title, dept.pk if dept else None, None)
                 for n in range(have + 1, count + 1)]
        ctx.created[role] = _create_users(ctx, specs, groups[role])
        return list(qs.order_by("id").values_list("id", flat=True))

    ctx.dispatchers = top_up(Role.DISPATCHER, Department.Kind.DISPATCH, DISPATCHERS, "受理员")
    ctx.oversight = top_up(Role.OVERSIGHT, Department.Kind.EFFICIENCY, OVERSIGHT_USERS, "督查专员")
    ctx.investigators = top_up(Role.INVESTIGATOR, Department.Kind.DISCIPLINE, INVESTIGATORS, "监察专员")

    # Handlers: scale-handler-<department id>-<n>, a few per ordinary department.
    handlers = _scale_users(Role.HANDLER)
    have = set(handlers.values_list("username", flat=True))
    specs = [(f"{USER_PREFIX}handler-{d}-{k}", person_name(d * 5 + k), "政策联络员", d, None)
             for d in depts for k in range(1, HANDLERS_PER_DEPARTMENT + 1)
             if f"{USER_PREFIX}handler-{d}-{k}" not in have]
    ctx.created["handlers"] = _create_users(ctx, specs, groups[Role.HANDLER])
    for uid, dept_id in handlers.order_by("id").values_list("id", "department_id"):
        ctx.handlers.setdefault(dept_id, []).append(uid)
    for dept_id, ids in ctx.handlers.items():
        Department.objects.filter(pk=dept_id, head__isnull=True).update(head=ids[0])
        Department.objects.filter(pk=dept_id, liaison_officer__isnull=True).update(liaison_officer=ids[0])


@scale_step(order=40, name="portal.enterprise_users")
def enterprise_users(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    """One account for every 5th scale enterprise (n % 5 == 0, so every key enterprise has one): 20%.

    Not all 100k: a real city's portal has accounts only for enterprises that have used it, and
    complaints, visits and the inbox need only a realistic sample. Username scale-enterprise-<n>.
    """
    group = Group.objects.get(name=Role.ENTERPRISE)
    qs = _scale_users(Role.ENTERPRISE)
    have = set(qs.values_list("enterprise_id", flat=True))
    specs = []
    for n, ent_id in enumerate(ctx.enterprises):
        if n % 5 == 0 and ent_id not in have:
            specs.append((f"{USER_PREFIX}enterprise-{n:07d}", person_name(n), "企业联络人", None, ent_id))
    with progress("enterprise users", len(specs)) as bar:
        ctx.created["enterprise_users"] = _create_users(ctx, specs, group, bar)
    ctx.enterprise_users = dict(qs.values_list("enterprise_id", "id"))


@scale_step(order=60, name="portal.notifications")
def notifications(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    """--notifications per new scale user (default 5, every 3rd read), so inbox and API read real rows."""
    per_user = options.get("notifications", 5)
    new_users = [uid for key, r in ctx.created.items() if key in USER_KEYS for uid in r]
    rng = random.Random(ctx.seed + 60)
    subjects = ["诉求办理提醒", "走访任务提醒", "座谈会通知", "督办通知", "系统通知"]

    def rows():
        for uid in new_users:
            for k in range(per_user):
                created = ctx.now - dt.timedelta(minutes=rng.randrange(60 * 24 * 365))
                yield (uid, subjects[k % len(subjects)], "规模测试数据。", "", created,
                       created if k % 3 == 0 else None)

    with progress("notifications", len(new_users) * per_user) as bar:
        ctx.created["notifications"] = copy_rows(
            Notification, ["recipient_id", "subject", "body", "url", "created_at", "read_at"], rows(), progress=bar
        )


USER_KEYS = {"officials", Role.DISPATCHER, Role.OVERSIGHT, Role.INVESTIGATOR, "handlers", "enterprise_users"}


# ---------------------------------------------------------------- running


def analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL ANALYZE; SQLite ANALYZE too).

    On PostgreSQL the tables autovacuum would vacuum next for their inserts (more than a fifth of their rows new,
    its default insert scale factor) are vacuumed now: a bulk load leaves their visibility map empty, and until
    it is set the index-only scans the pages rely on (the inbox counts, the queue's count) visit every row's heap
    page. Measured afterwards, the data is in the state autovacuum keeps it in.
    """
    with connection.cursor() as cur:
        # VACUUM cannot run in a transaction (a test's, or a caller's atomic block): ANALYZE alone there.
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cur.execute("SELECT quote_ident(schemaname) || '.' || quote_ident(relname) FROM pg_stat_user_tables "
                        "WHERE n_ins_since_vacuum > 0.2 * n_live_tup + 1000")
            for (table,) in cur.fetchall():
                cur.execute(f"VACUUM (ANALYZE) {table}")
        cur.execute("ANALYZE")


def run(options: dict, progress: Progress | None = None) -> ScaleContext:
    """Run every registered step in order, then ANALYZE. Returns the context (timings per step)."""
    progress = progress or Progress()
    options = {**options}
    options.setdefault("complaints", 0)
    options.setdefault("pairings", None)
    if not options.get("officials"):
        options["officials"] = max(2000, (options.get("pairings") or 0) // 2)
    seed = options.get("seed") or 2026
    seed_directory(Jurisdiction, Department)
    jurisdiction = Jurisdiction.objects.get(code=options.get("jurisdiction") or "HK")
    ctx = ScaleContext(
        options=options, jurisdiction=jurisdiction, seed=seed, rng=random.Random(seed), now=timezone.now(),
        password_hash=make_password(options.get("password") or DEFAULT_PASSWORD),
    )
    for step in steps():
        started = time.monotonic()
        step.func(ctx, options, progress)
        ctx.timings[step.name] = time.monotonic() - started
    started = time.monotonic()
    analyze()
    ctx.timings["analyze"] = time.monotonic() - started
    return ctx
