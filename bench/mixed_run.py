"""Run the mixed-load users (bench/mixed.py) headless with locust and turn its statistics into a report table."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import stats

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("enterprise", "dispatcher", "handler", "oversight")


def pick_users(per_role: int = 60) -> dict[str, list[str]]:
    """Scale users of each role whose work exists: dispatchers and handlers of departments with complaints waiting."""
    from portal.models import User
    from portal.scale import USER_PREFIX

    users = {}
    for role in ROLES:
        qs = User.objects.filter(username__startswith=f"{USER_PREFIX}{role}-", is_active=True).order_by("id")
        names = list(qs.values_list("username", flat=True)[:per_role])
        if not names:  # the demo's own (oversight1, …) when the scale set has none of this role
            names = list(User.objects.filter(groups__name=role, is_active=True).order_by("id")
                         .values_list("username", flat=True)[:per_role])
        users[role] = names
    return users


def run(port: int, *, users: int, seconds: int, password: str, spawn_rate: int = 10) -> dict:
    """Run locust for `seconds` with `users` concurrent people; returns the parsed statistics."""
    with tempfile.TemporaryDirectory(prefix="bench-mixed-") as tmp:
        people = Path(tmp) / "users.json"
        people.write_text(json.dumps(pick_users()), encoding="utf-8")
        prefix = Path(tmp) / "stats"
        env = {**os.environ, "MIXED_USERS": str(people), "MIXED_PASSWORD": password}
        cmd = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "mixed.py"), "--headless",
               "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
               "--csv", str(prefix), "--only-summary", "--stop-timeout", "10", "--exit-code-on-error", "0"]
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 120)
        if done.returncode != 0:
            raise RuntimeError(f"locust exited with {done.returncode}: {done.stderr[-2000:]}")
        rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
        failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))
    return {"rows": rows, "failures": failures, "users": users, "seconds": seconds}


def _ms(value: str) -> str:
    try:
        return f"{float(value):,.0f} ms"
    except (TypeError, ValueError):
        return "—"


def render(result: dict, load: str) -> list[str]:
    """Markdown: one row per step (requests, failures, rate, p50/p95/p99), races apart, then the failures."""
    steps, races, total = [], [], None
    for r in result["rows"]:
        if r["Name"] == "Aggregated":
            total = r
            continue
        (races if r["Type"] == "RACE" else steps).append(r)
    head = ["step", "requests", "failures", "req/s", "p50", "p95", "p99"]

    def line(r):
        return [r["Name"], f"{int(r['Request Count']):,}", f"{int(r['Failure Count']):,}",
                f"{float(r['Requests/s']):.1f}", _ms(r["50%"]), _ms(r["95%"]), _ms(r["99%"])]

    out = [f"{result['users']} concurrent users for {result['seconds']} s (60 % enterprises, 15 % dispatchers, "
           f"15 % handlers, 10 % oversight; think time 1–3 s); 1-minute load average at the end: {load}.", "",
           stats.render_table(head, [line(r) for r in sorted(steps, key=lambda r: r["Name"])]
                              + ([line(total)] if total else []), "lrrrrrr"), ""]
    if races:
        out += ["Expected races — a person refused because another moved the same complaint first (not errors):", "",
                stats.render_table(["race", "count"], [[r["Name"], f"{int(r['Request Count']):,}"] for r in races],
                                   "lr"), ""]
    if result["failures"]:
        out += ["Failures:", "", stats.render_table(["step", "error", "count"], [
            [f["Name"], f["Error"][:120], f["Occurrences"]] for f in result["failures"]], "llr"), ""]
    else:
        out += ["No failures.", ""]
    return out
