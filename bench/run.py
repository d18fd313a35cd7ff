"""The benchmark run: recreate the `bench` database, seed, serve with gunicorn, measure, write the report.

Everything is bounded (request counts, wrk durations, subprocess timeouts), talks to 127.0.0.1 only,
and gunicorn is stopped in a finally block whatever happens.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import importlib
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from bench import stats

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
GUNICORN_WORKERS = 4  # sync workers on 2 cores: one per core plus one each waiting on PostgreSQL
TARGETS_ISSUE = 16


def log(msg: str) -> None:
    # UTC: Django switches the process to Asia/Shanghai half-way through the run.
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}Z] {msg}", file=sys.stderr, flush=True)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--scales", default="100000,1000000,10000000",
                   help="complaint counts to measure at, in order (default 100000,1000000,10000000: a district, a "
                        "city, a province); each later scale tops up")
    p.add_argument("--enterprises", default="100000,100000,1000000",
                   help="enterprises per scale, comma-separated (the last number carries on; capped at the scale)")
    p.add_argument("--pairings", default="100000,100000,1000000",
                   help="pairings per scale, comma-separated (the last number carries on; capped at the scale)")
    p.add_argument("--officials", default="20000", help="officials per scale, comma-separated (issue 16: 20k)")
    p.add_argument("--visits", default="300000,300000,3000000",
                   help="visits per scale, comma-separated (default 300000,300000,3000000: issue 16's province has "
                        "3M; capped at the scale; '' for 3 per pairing)")
    p.add_argument("--requests", type=int, default=40, help="measured GETs per scenario and scale")
    p.add_argument("--warmup", type=int, default=3, help="unmeasured GETs first")
    p.add_argument("--wrk-seconds", type=int, default=10)
    p.add_argument("--wrk-connections", type=int, default=4)
    p.add_argument("--workers", type=int, default=GUNICORN_WORKERS, help="gunicorn sync workers (same for every rate)")
    p.add_argument("--password", default="Qingqing2026", help="password of the demo and scale users")
    p.add_argument("--database-url", default=DEFAULT_DB, help="recreated each run; its name must start with 'bench'")
    p.add_argument("--redis-url", default=DEFAULT_REDIS)
    p.add_argument("--mixed-users", type=int, default=50, help="concurrent users of the mixed-load run (locust)")
    p.add_argument("--mixed-seconds", type=int, default=120, help="mixed-load run at the mixed scale; 0 skips it")
    p.add_argument("--mixed-scale", type=int, default=1_000_000,
                   help="the mixed-load run happens at the largest scale not above this (issue 16: 1M complaints)")
    p.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"), help="'-' to write no file")
    p.add_argument("--no-seed", action="store_true",
                   help="with --reuse: measure the data as it is (no top-up, no rates, no sweeps), e.g. while a seed runs")
    p.add_argument("--reuse", action="store_true",
                   help="keep the database (migrate it, top the data up) instead of recreating it: for measuring a "
                        "change on a data set seeded before; its seed times are the top-ups' only")
    args = p.parse_args(argv)
    args.scale_list = [int(s) for s in args.scales.split(",") if s.strip()]
    if args.no_seed and not args.reuse:
        p.error("--no-seed measures a kept database: add --reuse")
    if args.no_seed:
        args.mixed_seconds = 0
    if not args.scale_list or any(s <= 0 for s in args.scale_list) or args.scale_list != sorted(args.scale_list):
        p.error("--scales must be increasing positive numbers, e.g. 100000,1000000")
    for name in ("enterprises", "pairings", "officials", "visits"):
        try:
            setattr(args, f"{name}_list", per_scale(getattr(args, name), len(args.scale_list)))
        except ValueError:
            p.error(f"--{name} must be comma-separated whole numbers, e.g. 100000,1000000")
    dbname = urllib.parse.urlparse(args.database_url).path.lstrip("/")
    if not dbname.startswith("bench"):
        p.error("the benchmark drops its database: --database-url must name a database starting with 'bench'")
    return args


def per_scale(value: str, count: int) -> list[int | None]:
    """'100000,1000000' for three scales → [100000, 1000000, 1000000]; '' → [None, None, None] (the default)."""
    numbers = [int(v) for v in str(value).split(",") if v.strip()]
    if not numbers:
        return [None] * count
    return (numbers + [numbers[-1]] * count)[:count]


def mixed_index(args) -> int | None:
    """The scale the mixed-load run happens at: the largest not above --mixed-scale (else the smallest)."""
    if args.mixed_seconds <= 0:
        return None
    below = [i for i, s in enumerate(args.scale_list) if s <= args.mixed_scale]
    return below[-1] if below else 0


# ---------------------------------------------------------------- environment and database


def prepare_environment(args) -> None:
    """The run's settings: production mode (DEBUG off, a fresh SECRET_KEY), the bench database and Redis db."""
    os.environ.pop("PORTAL_TESTING", None)
    os.environ.update({
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORTAL_BENCH": "1",
        "STATIC_ROOT": str(VAR / "static"),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    })
    VAR.mkdir(parents=True, exist_ok=True)


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urllib.parse.urlparse(url)
    dbname = parts.path.lstrip("/")
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            password=parts.password, dbname="postgres", connect_timeout=5)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{dbname}"')
    conn.close()


def flush_redis(url: str) -> None:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except Exception as exc:  # Redis down: the portal degrades, the bench goes on
        log(f"redis flush skipped: {exc.__class__.__name__}")


def load_average() -> str:
    """The 1-minute load average: on a shared 2-core machine, other processes lower every rate measured."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


PG_SETTINGS = ["shared_buffers", "effective_cache_size", "work_mem", "maintenance_work_mem", "random_page_cost",
               "jit", "max_wal_size"]


def _pg_size(setting: str, unit: str | None) -> str:
    """pg_settings' (setting, unit) as one reads it: ('524288', '8kB') → '4GB'."""
    if not unit or not setting.isdigit():
        return setting
    factor = {"8kB": 8, "kB": 1, "MB": 1024}.get(unit)
    if factor is None:
        return setting + unit
    kb = int(setting) * factor
    for size, suffix in ((1024 * 1024, "GB"), (1024, "MB")):
        if kb % size == 0:
            return f"{kb // size}{suffix}"
    return f"{kb}kB"


def machine_info() -> dict[str, str]:
    import django
    from django.db import connection

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
        # The settings a province-sized database is run with (README, "Sizing"): the figures depend on them.
        cur.execute("SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s) ORDER BY name", [PG_SETTINGS])
        pg_settings = ", ".join(f"{name}={_pg_size(setting, unit)}" for name, setting, unit in cur.fetchall())
    import gunicorn

    wrk = shutil.which("wrk")
    wrk_version = "not installed"
    if wrk:
        out = subprocess.run([wrk, "-v"], capture_output=True, text=True, timeout=10)
        wrk_version = (out.stdout + out.stderr).strip().splitlines()[0] if (out.stdout + out.stderr).strip() else "?"
    return {
        "CPU": cpu, "cores": str(os.cpu_count()), "RAM": ram, "PostgreSQL": pg, "PostgreSQL settings": pg_settings,
        "Python": platform.python_version(), "Django": django.get_version(), "gunicorn": gunicorn.__version__,
        "wrk": wrk_version, "OS": platform.platform(), "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


# ---------------------------------------------------------------- HTTP


class Client:
    """A tiny keep-alive HTTP client with a cookie jar, for 127.0.0.1 only."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        h = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=h)
            resp = self.conn.getresponse()
            data = resp.read()
        except (http.client.HTTPException, ConnectionError):
            self.conn.close()  # the server closed a kept-alive connection: one retry on a fresh one
            started = time.perf_counter()
            self.conn.request(method, path, body=body, headers=h)
            resp = self.conn.getresponse()
            data = resp.read()
        elapsed = time.perf_counter() - started
        for header in resp.msg.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        if resp.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return resp.status, data, elapsed

    def csrf_from(self, path: str) -> str:
        status, body, _ = self.request("GET", path)
        m = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not m:
            raise RuntimeError(f"GET {path}: HTTP {status}, no csrfmiddlewaretoken in the page")
        return m.group(1).decode()

    def post_form(self, path: str, fields: dict[str, str]):
        body = urllib.parse.urlencode(fields)
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def login(self, username: str, password: str) -> None:
        token = self.csrf_from("/accounts/login/")
        status, _, _ = self.post_form("/accounts/login/", {"username": username, "password": password,
                                                           "csrfmiddlewaretoken": token})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username!r} failed: HTTP {status}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(workers: int):
    """Serve portal.wsgi on 127.0.0.1:<free port>; always terminated on the way out."""
    port = free_port()
    logfile = open(VAR / "gunicorn.log", "ab")
    cmd = [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
           "--worker-class", "sync", "--timeout", "60", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=logfile, stderr=logfile, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {VAR / 'gunicorn.log'}")
            try:
                status, _, _ = Client(port).request("GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz within 60 s")
            time.sleep(0.3)
        log(f"gunicorn up on 127.0.0.1:{port} ({workers} sync workers)")
        yield port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        logfile.close()
        log("gunicorn stopped")


# ---------------------------------------------------------------- measurements


@dataclass
class Latency:
    name: str
    path: str
    user: str
    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self):
        return stats.median(self.samples) if self.samples else None

    @property
    def p95(self):
        return stats.percentile(self.samples, 95) if self.samples else None


def resolve_user(user: str) -> str:
    if not user.startswith("role:"):
        return user
    from portal.models import User
    from portal.scale import USER_PREFIX

    role = user.split(":", 1)[1]
    found = User.objects.filter(username__startswith=f"{USER_PREFIX}{role}-").order_by("id").first()
    if found is None:
        raise RuntimeError(f"no scale user with role {role!r}")
    return found.username


def resolve_enterprise() -> int:
    """The `{enterprise}` of a scenario's path: the enterprise of the first scale enterprise user (its complaints,
    visits and declarations are the scale data's)."""
    from portal.models import User

    return User.objects.get(username=resolve_user("role:enterprise")).enterprise_id


def logged_in(port: int, user: str, password: str, cache: dict) -> Client:
    if user not in cache:
        client = Client(port)
        if user:
            client.login(resolve_user(user), password)
        cache[user] = client
    return cache[user]


def measure_latency(port: int, args, clients: dict) -> list[Latency]:
    from bench.scenarios import SCENARIOS

    results = []
    year = dt.date.today().year
    for sc in SCENARIOS:
        row = Latency(sc.name, sc.path, sc.user)
        results.append(row)
        try:
            path = sc.path.format(year=year, enterprise=resolve_enterprise() if "{enterprise}" in sc.path else "")
            row.path = path
            client = logged_in(port, sc.user, args.password, clients)
            status, _, _ = client.request(sc.method, path)
        except Exception as exc:
            row.note = f"error: {exc}"
            log(f"  {sc.name}: {row.note}")
            continue
        if status == 404 and sc.optional:
            row.note = "not built yet (404)"
            log(f"  {sc.name}: {row.note}")
            continue
        if status != 200:
            row.note = f"error: HTTP {status}"
            log(f"  {sc.name}: {row.note}")
            continue
        for _ in range(args.warmup):
            client.request(sc.method, path)
        deadline = time.monotonic() + 60  # per scenario, however slow the page
        for _ in range(args.requests):
            status, _, elapsed = client.request(sc.method, path)
            if status != 200:
                row.note = f"HTTP {status} during the run"
                break
            row.samples.append(elapsed)
            if time.monotonic() > deadline:
                row.note = f"stopped after 60 s ({len(row.samples)} requests)"
                break
        log(f"  {sc.name}: median {stats.fmt_ms(row.median)}, p95 {stats.fmt_ms(row.p95)} (n={len(row.samples)})")
    return results


def lua_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def parse_wrk(output: str) -> dict:
    """Requests/sec, total requests, non-2xx/3xx and socket errors from wrk's report."""
    out = {"rps": None, "requests": None, "bad": 0, "socket_errors": ""}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", output):
        out["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in", output):
        out["requests"] = int(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        out["bad"] = int(m.group(1))
    if m := re.search(r"Socket errors:(.*)", output):
        out["socket_errors"] = m.group(1).strip()
    return out


def run_wrk(url: str, args, script: str | None = None) -> dict:
    wrk = shutil.which("wrk")
    if not wrk:
        return {"rps": None, "note": "wrk not installed (apt-get install wrk)"}
    cmd = [wrk, "-t2", f"-c{args.wrk_connections}", f"-d{args.wrk_seconds}s", "--timeout", "10s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=VAR, delete=False) as f:
        f.write(script or "")
    try:
        if script:
            cmd += ["-s", f.name]
        proc = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=args.wrk_seconds + 60)
    finally:
        os.unlink(f.name)
    result = parse_wrk(proc.stdout)
    result["note"] = ""
    if result["bad"]:
        result["note"] = f"{result['bad']} of {result['requests']} answers were not 2xx/3xx"
    if result["socket_errors"]:
        result["note"] += f" socket errors: {result['socket_errors']}"
    return result


def measure_rates(port: int, args, clients: dict) -> dict:
    from bench.scenarios import FORM_POST

    bare = run_wrk(f"http://127.0.0.1:{port}/bench/bare/", args)
    log(f"  bare view: {bare['rps']} req/s {bare['note']}")
    form = {"rps": None, "note": ""}
    signed_in = {"rps": None, "note": "not measured"}
    try:
        client = logged_in(port, FORM_POST.user, args.password, clients)
        token = client.csrf_from(FORM_POST.form_path)
        fields = FORM_POST.fields() if callable(FORM_POST.fields) else dict(FORM_POST.fields)
        fields["csrfmiddlewaretoken"] = token
        status, _, _ = client.post_form(FORM_POST.post_path, fields)
        if status not in FORM_POST.expect_status:
            raise RuntimeError(f"POST {FORM_POST.post_path}: HTTP {status}, expected {FORM_POST.expect_status}")
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        script = "\n".join([
            'wrk.method = "POST"',
            f"wrk.body = {lua_string(urllib.parse.urlencode(fields))}",
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
            f'wrk.headers["Cookie"] = {lua_string(cookie)}',
        ])
        form = run_wrk(f"http://127.0.0.1:{port}{FORM_POST.post_path}", args, script)
        # The same POST (cookie, CSRF token, body) to a view that only checks who is asking: what any
        # logged-in form pays before its own work — the ceiling for the form's rate.
        signed_in = run_wrk(f"http://127.0.0.1:{port}/bench/signed-in/", args, script)
    except Exception as exc:
        form["note"] = f"error: {exc}"
    log(f"  form POST: {form['rps']} req/s {form['note']}")
    log(f"  signed-in POST floor: {signed_in['rps']} req/s {signed_in['note']}")
    return {"bare": bare, "form": form, "signed_in": signed_in, "ratio": stats.ratio(form["rps"], bare["rps"]),
            "name": FORM_POST.name}


def run_sweeps(*, last: bool = False) -> list[dict]:
    """The sweeps timed at this point of the run: those marked at_last_scale when `last`, the others when not."""
    from bench.scenarios import SWEEPS

    out = []
    for sw in [sw for sw in SWEEPS if sw.at_last_scale == last]:
        module, _, name = sw.func.rpartition(".")
        try:
            func = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as exc:
            # Only a missing module or name means "not built"; a module that fails to import is an error.
            missing = isinstance(exc, AttributeError) or (
                isinstance(exc, ModuleNotFoundError) and exc.name and module.startswith(exc.name))
            note = f"not built yet ({sw.func} not found)" if missing else f"error: {exc.__class__.__name__}: {exc}"
            out.append({"name": sw.name, "func": sw.func, "seconds": None, "target": sw.target_s, "note": note,
                        "scope": sw.scope})
            log(f"  sweep {sw.name}: {note}")
            continue
        started = time.monotonic()
        try:
            func(**sw.kwargs)
            note = ""
        except Exception as exc:
            note = f"error: {exc.__class__.__name__}: {exc}"
        out.append({"name": sw.name, "func": sw.func, "seconds": time.monotonic() - started, "target": sw.target_s,
                    "note": note, "scope": sw.scope})
        log(f"  sweep {sw.name}: {stats.fmt_s(out[-1]['seconds'])} {note}")
    return out


def seed(args, n: int) -> dict:
    from django.core.management import call_command

    from portal.management.commands.seed_scale import Command

    complaints = args.scale_list[n]
    options = {"enterprises": min(args.enterprises_list[n], complaints), "complaints": complaints,
               "pairings": min(args.pairings_list[n], complaints), "password": args.password,
               # issue 12: 100k declarations (the flags page and API are measured on them)
               "declarations": min(100_000, complaints)}
    if args.officials_list[n] is not None:
        options["officials"] = args.officials_list[n]
    if args.visits_list[n] is not None:
        options["visits"] = min(args.visits_list[n], complaints)
    log(f"seed_scale {options['enterprises']:,} enterprises, {complaints:,} complaints, {options['pairings']:,} pairings,"
        f" {options.get('officials') or 'default'} officials")
    cmd = Command()
    started = time.monotonic()
    call_command(cmd, **options, stdout=open(os.devnull, "w"))
    seconds = time.monotonic() - started
    ctx = cmd.ctx
    from liaison.models import Visit

    return {**options, "seconds": seconds, "timings": ctx.timings, "steps": list(ctx.timings),
            "officials": len(ctx.officials), "enterprises_total": len(ctx.enterprises),
            "visits_total": Visit.objects.count()}


# ---------------------------------------------------------------- report


def render(machine: dict, seeds: list[dict], latencies: dict[int, list[Latency]], rates: dict | None,
           sweeps: list[dict], args, mixed: dict | None = None) -> str:
    from bench.scenarios import SCENARIOS

    scales = list(latencies)
    lines = ["# Benchmarks", "",
             f"Written by `make bench` (`python -m bench --scales {args.scales}`); the last run's output. "
             f"PostgreSQL database {'kept from an earlier run (--reuse)' if args.reuse else 'recreated for the run'}, DEBUG off, gunicorn `portal.wsgi` with {args.workers} sync "
             f"workers on 127.0.0.1 for every measurement; latency = {args.requests} sequential GETs per row after "
             f"{args.warmup} warm-up, logged in through the real login form; rates = wrk, {args.wrk_connections} "
             f"connections, {args.wrk_seconds} s.", "", "## Machine", "",
             stats.render_table(["", ""], list(machine.items())), "", "## Data set (seed_scale)", ""]
    seed_rows = []
    for s in seeds:
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in s["timings"].items())
        seed_rows.append([f"{s['complaints']:,}", f"{s['enterprises_total']:,}", f"{s['officials']:,}",
                          f"{s['pairings']:,}", f"{s.get('visits_total', 0):,}", stats.fmt_s(s["seconds"]), steps])
    lines += [stats.render_table(["scale (complaints asked)", "enterprises", "officials", "pairings asked", "visits",
                                  "seed time (top-up)", "steps"], seed_rows, "rrrrrrl"), ""]
    complaint_step = any(step.startswith("complaints") for s in seeds for step in s["steps"])
    if not complaint_step:
        lines += ["No complaints step is registered yet (the complaints app is not merged): the complaint counts "
                  "were asked for but not created; pairings likewise wait for the liaison step.", ""]
    lines += ["## Latency (median / p95)", ""]
    headers = ["scenario", "user", "path"] + [f"{s:,} complaints" for s in scales]
    rows = []
    for i, sc in enumerate(SCENARIOS):
        cells = []
        for s in scales:
            r = latencies[s][i]
            cells.append(r.note if not r.samples else f"{stats.fmt_ms(r.median)} / {stats.fmt_ms(r.p95)}"
                         + (f" ({r.note})" if r.note else ""))
        rows.append([sc.name, sc.user or "anonymous", f"`{latencies[scales[0]][i].path}`", *cells])
    lines += [stats.render_table(headers, rows, "lll" + "r" * len(scales)), ""]
    if rates:
        b, f = rates["bare"], rates["form"]
        lines += [f"## Request rate at {scales[0]:,} complaints (wrk)", "",
                  stats.render_table(["what", "req/s", "note"], [
                      ["bare Django view `/bench/bare/` (full middleware, anonymous)",
                       f"{b['rps']:,.0f}" if b["rps"] else "—", b.get("note", "")],
                      [f"{rates['name']} (logged in, CSRF)", f"{f['rps']:,.0f}" if f["rps"] else "—", f.get("note", "")],
                      ["ratio form / bare", f"{rates['ratio']:.1%}" if rates["ratio"] else "—", "target ≥ 15 %"],
                      *signed_in_rows(rates, b),
                  ], "lrl"), "",
                  f"1-minute load average when wrk started: {rates.get('load', '?')} on {os.cpu_count()} cores. wrk "
                  "runs on the same machine as gunicorn and PostgreSQL; with other work running, absolute rates are "
                  "lower bounds and the ratio is the figure to compare.", ""]
    if mixed:
        from bench import mixed_run

        lines += [f"## Mixed load at {mixed['scale']:,} complaints (locust, through the forms)", "",
                  *mixed_run.render(mixed, mixed["load"])]
    lines += ["## Sweeps", "", stats.render_table(["sweep", "callable", "time", "note"], [
        [s["name"], f"`{s['func']}`", stats.fmt_s(s["seconds"]), s["note"]] for s in sweeps], "llrl"), ""]
    lines += [f"## Targets (issue {TARGETS_ISSUE})", "", stats.render_table(["target", "measured", "status"],
                                                                             targets(seeds, latencies, rates, sweeps)), ""]
    return "\n".join(lines)


def signed_in_rows(rates: dict, bare: dict) -> list[list[str]]:
    """The floor: the form's own POST to a view that only authenticates (absent from older runs)."""
    fl = rates.get("signed_in")
    if not fl:
        return []
    ratio = stats.ratio(fl["rps"], bare["rps"])
    return [["same POST to `/bench/signed-in/` (session, user, roles, CSRF; writes nothing)",
             f"{fl['rps']:,.0f}" if fl["rps"] else "—", fl.get("note", "")],
            ["ratio signed-in floor / bare", f"{ratio:.1%}" if ratio else "—", "the ceiling for any logged-in form"]]


def targets(seeds, latencies, rates, sweeps) -> list[list[str]]:
    """Issue 16's targets (a province: 10M complaints, 1M enterprises), with issue 6's city-scale seed time kept."""
    from bench.scenarios import PAGE_P95_MS, SCENARIOS, SEARCH_P95_MS

    rows = []
    complaint_step = any(step.startswith("complaints") for s in seeds for step in s["steps"])
    elapsed = 0.0
    for s in seeds:  # each scale tops up the one before: the time to reach a scale is the sum so far
        elapsed += s["seconds"]
        s["elapsed"] = elapsed
    for label, enterprises, complaints, visits, limit in (
            ("seed_scale 100k enterprises + 1M complaints < 10 min", 100_000, 1_000_000, 0, 600),
            ("seed_scale 1M enterprises + 10M complaints + 20k officials + 3M visits < 30 min", 1_000_000,
             10_000_000, 3_000_000, 1800)):
        reached = [s for s in seeds if s["enterprises_total"] >= enterprises and s["complaints"] >= complaints
                   and s.get("visits_total", 0) >= visits]
        if not complaint_step or not reached:
            rows.append([label, "—", "not comparable: smaller scale run"])
            continue
        s = reached[0]
        rows.append([label, f"{stats.fmt_s(s['elapsed'])} to {s['enterprises_total']:,} enterprises / "
                            f"{s['complaints']:,} complaints / {s.get('visits_total', 0):,} visits",
                     stats.verdict(s["elapsed"], limit, unit=" s")])
    scales = list(latencies)
    top = scales[-1]
    for i, sc in enumerate(SCENARIOS):
        limit = sc.target_p95_ms or (SEARCH_P95_MS if sc.search else PAGE_P95_MS)
        r = latencies[top][i]
        label = f"{sc.name} p95 ≤ {limit:.0f} ms at 10M complaints"
        if r.p95 is None:
            rows.append([label, r.note or "—", "not measured"])
            continue
        status = stats.verdict(r.p95 * 1000, limit, unit=" ms")
        if top < 10_000_000 or not complaint_step:
            status += " (at a smaller data set than the target's)"
        rows.append([label, f"{stats.fmt_ms(r.p95)} at {top:,}", status])
    if rates:
        floor = (rates.get("signed_in") or {}).get("rps")
        share = stats.ratio(rates["form"].get("rps"), floor)
        rows.append(["complaint submission ≥ 50 % of the signed-in floor (same run)",
                     f"{share:.1%}" if share else (rates["form"].get("note") or "—"),
                     stats.verdict(share, 0.50, at_most=False) if share else "not measured"])
    for s in sweeps:
        if s["target"] is not None:
            rows.append([f"{s['name']} ({s.get('scope', '100k pairings')}) ≤ {s['target']:.0f} s", stats.fmt_s(s["seconds"]) if s["seconds"]
                         is not None else s["note"], stats.verdict(s["seconds"], s["target"], unit=" s")
                         if s["seconds"] is not None else "not measured"])
    rows.append(["every page and API list: fixed query count", "pinned in the test suite", "see tests"])
    return rows


# ---------------------------------------------------------------- main


def main(argv=None) -> int:
    args = parse_args(argv)
    prepare_environment(args)
    if not args.reuse:
        log(f"recreating {args.database_url}")
        recreate_database(args.database_url)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    flush_redis(args.redis_url)
    log("migrate, collectstatic, seed_demo")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False, clear=True)
    if not args.reuse:
        call_command("seed_demo", password=args.password, stdout=open(os.devnull, "w"))
    machine = machine_info()
    seeds, latencies, rates, sweeps, mixed = [], {}, None, [], None
    mixed_at = mixed_index(args)
    try:
        for n, scale in enumerate(args.scale_list):
            if args.no_seed:
                # The data set is what an earlier seed left: taken as the scale asked for (not re-counted).
                seeds.append({"complaints": scale, "enterprises": 0, "pairings": 0, "seconds": 0.0, "timings": {},
                              "steps": ["complaints (kept)"], "officials": 0, "enterprises_total": 0,
                              "visits_total": 0})
            else:
                seeds.append(seed(args, n))
            with gunicorn(args.workers) as port:
                clients: dict = {}
                log(f"latency at {scale:,} complaints (load average {load_average()})")
                machine[f"load average before latency at {scale:,}"] = load_average()
                latencies[scale] = measure_latency(port, args, clients)
                if n == 0 and not args.no_seed:
                    load = load_average()
                    log(f"request rates (load average {load})")
                    rates = measure_rates(port, args, clients)
                    rates["load"] = load
                if n == mixed_at:
                    from bench import mixed_run

                    log(f"mixed load: {args.mixed_users} users for {args.mixed_seconds} s (load average {load_average()})")
                    mixed = mixed_run.run(port, users=args.mixed_users, seconds=args.mixed_seconds,
                                          password=args.password)
                    mixed["scale"], mixed["load"] = scale, load_average()
            if args.no_seed:
                continue
            if n == 0:
                sweeps = run_sweeps()
            if n == len(args.scale_list) - 1:
                sweeps += run_sweeps(last=True)
    finally:
        flush_redis(args.redis_url)
    report = render(machine, seeds, latencies, rates, sweeps, args, mixed)
    print(report)
    if args.output != "-":
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(report + "\n", encoding="utf-8")
        log(f"wrote {args.output}")
    return 0
