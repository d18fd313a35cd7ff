"""Every figure of the summary against hand counts of the known data set (tests/oversight/conftest.py)."""

from __future__ import annotations

import pytest
import time_machine

from oversight import queries
from oversight.assessment import assess, score
from tests.oversight.conftest import TODAY, at

pytestmark = pytest.mark.django_db


def summary_for(world, department=None):
    with time_machine.travel(at(TODAY.month, TODAY.day), tick=False):
        return queries.summary(queries.Scope(2026, world["hk"], department))


def test_complaint_figures_match_hand_counts(world):
    s = summary_for(world)
    c = s["complaints"]
    assert {k: c[k] for k in ("total", "open", "overdue", "supervised", "answered", "on_time", "due", "timeliness",
                              "reopened", "reopen_rate", "median_hours", "p90_hours")} == {
        "total": 6, "open": 3, "overdue": 1, "supervised": 2, "answered": 3, "on_time": 3, "due": 4,
        "timeliness": 0.75, "reopened": 1, "reopen_rate": 0.3333,
        # first answers after 24 h (c4), 48 h (c3), 192 h (c5): median 48, p90 = 48 + 0.8 × 144
        "median_hours": 48.0, "p90_hours": 163.2}
    assert {r["status"]: r["count"] for r in c["by_status"]} == {
        "submitted": 1, "assigned": 1, "accepted": 0, "answered": 1, "closed": 2, "refused": 1}
    assert [(r["category_id"], r["count"], r["open"], r["overdue"]) for r in c["by_category"]] == [
        (world["cat_a"].pk, 5, 3, 1), (world["cat_b"].pk, 1, 0, 0)]
    d1, d2 = world["d1"].pk, world["d2"].pk
    rows = {r["department_id"]: r for r in c["by_department"]}
    assert set(rows) == {d1, d2, None}
    assert rows[d1] == {
        "department_id": d1, "department": world["d1"].name, "total": 3, "open": 2, "overdue": 1, "answered": 2,
        "on_time": 2, "due": 3, "timeliness": 0.6667, "reopened": 1, "reopen_rate": 0.5, "ratings": 2,
        "satisfied": 1, "satisfaction_rate": 0.5, "dissatisfied": 1, "notices": 1, "notices_open": 1,
        "notices_late": 1}
    assert rows[d2] == {
        "department_id": d2, "department": world["d2"].name, "total": 1, "open": 0, "overdue": 0, "answered": 1,
        "on_time": 1, "due": 1, "timeliness": 1.0, "reopened": 0, "reopen_rate": 0.0, "ratings": 1,
        "satisfied": 1, "satisfaction_rate": 1.0, "dissatisfied": 0, "notices": 0, "notices_open": 0,
        "notices_late": 0}
    assert (rows[None]["total"], rows[None]["open"], rows[None]["answered"]) == (2, 1, 0)
    assert c["by_month"][2] == {"month": 3, "submitted": 6, "answered": 3, "reopened": 1}
    assert sum(m["submitted"] for m in c["by_month"]) == 6
    assert [i["number"] for i in c["overdue_items"]] == [world["c2"].number]


def test_satisfaction_and_notice_figures_match_hand_counts(world):
    s = summary_for(world)
    sat = s["satisfaction"]
    assert {k: sat[k] for k in ("ratings", "satisfied", "basic", "dissatisfied", "rate")} == {
        "ratings": 3, "satisfied": 1, "basic": 1, "dissatisfied": 1, "rate": 0.6667}
    assert {r["reason"]: r["count"] for r in sat["reasons"]} == {
        "unsolved": 0, "slow": 1, "perfunctory": 0, "attitude": 0, "other": 0}
    assert s["notices"] == {"issued": 1, "open": 1, "answered": 0, "late": 1}


def test_visit_forum_project_and_conduct_figures_match_hand_counts(world):
    s = summary_for(world)
    p1, p2 = world["pairings"]
    v = s["visits"]
    assert {k: v[k] for k in ("pairings", "quota_per_pairing", "quota", "logged", "confirmed", "completion")} == {
        "pairings": 2, "quota_per_pairing": 3, "quota": 6, "logged": 2, "confirmed": 2, "completion": 0.6667}
    assert [(r["pairing_id"], r["logged"], r["confirmed"], r["disputed"], r["completion"]) for r in v["by_pairing"]] == [
        (p1.pk, 1, 2, 1, 1.0), (p2.pk, 1, 0, 0, 0.3333)]
    (official,) = v["officials"]
    assert (official["pairings"], official["quota"], official["logged"], official["confirmed"],
            official["completion"]) == (2, 6, 2, 2, 0.6667)
    f = s["forums"]
    assert (f["held"], f["scheduled"], f["cancelled"], f["target"]) == (2, 1, 1, 3)
    assert f["held_by_month"][1:3] == [1, 1] and sum(f["held_by_month"]) == 2
    # January on time, February late; January–March are due by 04-10 for the one active project.
    assert s["projects"] == {"projects": 1, "months_due": 3, "expected": 3, "submitted": 2, "on_time": 1,
                             "on_time_rate": 0.3333}
    con = s["conduct"]
    r1, r2 = world["rules"]
    assert [(r["rule_id"], r["count"]) for r in con["reports_by_rule"]] == [(r1.pk, 2), (r2.pk, 1)]
    assert con["reports_total"] == 2
    assert {r["status"]: r["count"] for r in con["reports_by_status"]}["founded"] == 1
    assert con["integrity"] == {"red_in_force": 1, "black_in_force": 0, "proposed": 3, "published": 2}


def test_department_filter_narrows_every_complaint_figure(world):
    s = summary_for(world, world["d1"])
    c = s["complaints"]
    assert (c["total"], c["open"], c["overdue"], c["answered"], c["reopened"]) == (3, 2, 1, 2, 1)
    assert (c["median_hours"], c["p90_hours"]) == (36.0, 45.6)  # 24 h and 48 h
    assert (s["satisfaction"]["ratings"], s["satisfaction"]["rate"]) == (2, 0.5)
    assert s["notices"]["issued"] == 1
    assert s["visits"]["pairings"] == 0  # official1 is not in D1
    assert s["projects"]["projects"] == 1
    assert [r["department_id"] for r in c["by_department"]] == [world["d1"].pk]


def test_another_year_holds_only_its_own_complaints(world):
    with time_machine.travel(at(TODAY.month, TODAY.day), tick=False):
        s = queries.summary(queries.Scope(2025, world["hk"]))
    assert (s["complaints"]["total"], s["complaints"]["answered"], s["forums"]["held"]) == (1, 1, 1)


def test_assessment_scores_follow_the_documented_formula(world):
    s = summary_for(world)
    from portal.models import Department

    rows = {a.department_id: a for a in assess(s, Department.objects.filter(jurisdiction=world["hk"]))}
    d1 = rows[world["d1"].pk]
    assert d1.components == {"timeliness": 0.6667, "satisfaction": 0.5, "reopen": 0.5, "quota": None}
    # 100 × (30 × 0.6667 + 30 × 0.5 + 15 × 0.5) ÷ 75 = 56.7; one notice (−2), answered late (−3)
    assert (d1.base, d1.penalty, d1.score) == (56.7, 5, 51.7)
    d2 = rows[world["d2"].pk]
    assert (d2.base, d2.penalty, d2.score) == (100.0, 0, 100.0)
    official_dept = rows[world["pairings"][0].official.department_id]
    assert official_dept.components["quota"] == 0.6667 and official_dept.score == 66.7
    assert score({"timeliness": None, "satisfaction": None, "reopen": None, "quota": None}, 0, 0) == (None, 0, None)


def test_refreshed_summaries_hold_the_hand_counted_figures(world, people):
    from rest_framework.test import APIClient

    from oversight import tasks
    from oversight.models import SummarySnapshot

    with time_machine.travel(at(TODAY.month, TODAY.day), tick=False):
        live = queries.summary(queries.Scope(2026, world["hk"]))
        written = tasks.refresh_summaries()
        api = APIClient()
        api.force_authenticate(people["oversight1"])
        body = api.get("/api/v1/dashboard/summary?year=2026").json()
    departments = world["hk"].departments.filter(is_active=True).count()
    assert written == SummarySnapshot.objects.count() >= 1 + departments
    assert body["complaints"] == live["complaints"] and body["satisfaction"] == live["satisfaction"]
    assert (body["complaints"]["total"], body["complaints"]["median_hours"], body["notices"]["late"]) == (6, 48.0, 1)
    snap = SummarySnapshot.objects.get(year=2026, jurisdiction=world["hk"], department=world["d1"])
    assert snap.data["complaints"]["total"] == 3


def test_an_old_summary_is_shown_while_a_worker_recomputes_it(world, people, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from oversight import rollups, tasks
    from oversight.models import SummarySnapshot
    from portal import outbox

    queued = []
    monkeypatch.setattr(outbox, "_publish", lambda message: queued.append(tuple(message.args)))
    scope = queries.Scope(2026, world["hk"], world["d1"])
    with time_machine.travel(at(TODAY.month, TODAY.day), tick=False):
        assert rollups.current(scope).computed_at == at(4, 10)  # none stored: computed now, once
    with time_machine.travel(at(TODAY.month, TODAY.day, 12), tick=False):  # older than MAX_AGE
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                assert rollups.current(scope).computed_at == at(4, 10)  # shown at once, as stored
        assert queued == [(2026, world["hk"].pk, world["d1"].pk)]  # one refresh queued, whoever asked
        tasks.refresh_summary(*queued[0])
        assert SummarySnapshot.objects.get(year=2026, department=world["d1"]).computed_at == at(4, 10, 12)
    cache.clear()


def test_a_broker_that_is_down_leaves_the_stored_summary(world, monkeypatch, django_capture_on_commit_callbacks):
    from oversight import rollups
    from portal import outbox
    from portal.models import OutboxMessage

    def down(message):
        raise ConnectionError("broker down")

    monkeypatch.setattr(outbox, "_publish", down)
    scope = queries.Scope(2026, world["hk"])
    with time_machine.travel(at(TODAY.month, TODAY.day), tick=False):
        rollups.current(scope)
    with time_machine.travel(at(TODAY.month, TODAY.day, 12), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert rollups.current(scope).computed_at == at(4, 10)
    # The refresh waits in the outbox for beat's relay.
    assert OutboxMessage.objects.filter(task="oversight.tasks.refresh_summary", sent_at__isnull=True,
                                        args=[2026, world["hk"].pk, None]).count() == 1
    from django.core.cache import cache

    cache.clear()


def test_earlier_years_are_computed_once_by_the_beat_task(world):
    from oversight import tasks
    from oversight.models import SummarySnapshot

    with time_machine.travel(at(TODAY.month, TODAY.day), tick=False):
        first = tasks.refresh_summaries()
        assert SummarySnapshot.objects.filter(year=2025, jurisdiction=world["hk"], department=None).exists()
        again = tasks.refresh_summaries()
    assert again < first  # 2025 (a complaint was filed then) is not recomputed every ten minutes


def test_refresh_button_recomputes_the_shown_scope(world, people, client):
    from oversight.models import SummarySnapshot

    client.force_login(people["oversight1"])
    client.get("/oversight/?year=2026")
    SummarySnapshot.objects.update(data={"stale": True})
    r = client.post("/oversight/refresh/", {"year": 2026, "jurisdiction": world["hk"].pk})
    assert r.status_code == 302
    assert SummarySnapshot.objects.get(year=2026, department=None).data["complaints"]["total"] == 6
    client.force_login(people["investigator1"])
    assert client.post("/oversight/refresh/", {"year": 2026}).status_code == 403
