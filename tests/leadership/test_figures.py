"""Every figure of the monthly report on the hand-counted month of conftest.py."""

from __future__ import annotations

import pytest

from leadership import queries
from tests.leadership.conftest import BUILD_DAY, MONTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def f(month_world):
    return queries.figures(month_world["hk"], MONTH, today=BUILD_DAY)


def _dept(f, name):
    return next(r for r in f["complaints"]["by_department"] if r["department"] == name)


def test_period_and_jurisdiction(f):
    assert f["jurisdiction"]["name"] == "恒口示范区"
    assert f["month"] == "2026-05"
    assert f["period"] == {"start": "2026-05-01", "end": "2026-05-31"}


def test_complaints_received_closed_overdue_totals(f):
    c = f["complaints"]
    assert (c["received"], c["closed"], c["overdue"]) == (4, 2, 2)


def test_complaints_by_department(f, month_world):
    d1, d2 = month_world["d1"].name, month_world["d2"].name
    assert {k: _dept(f, d1)[k] for k in ("received", "closed", "overdue")} == {"received": 2, "closed": 1, "overdue": 1}
    assert {k: _dept(f, d2)[k] for k in ("received", "closed", "overdue")} == {"received": 1, "closed": 1, "overdue": 1}
    assert _dept(f, "未分办")["received"] == 1


def test_satisfaction_counts_the_months_ratings_only(f, month_world):
    s = f["satisfaction"]
    assert (s["ratings"], s["satisfied"], s["basic"], s["dissatisfied"]) == (3, 1, 1, 1)
    assert s["rate"] == pytest.approx(0.6667)
    assert _dept(f, month_world["d2"].name)["satisfaction_rate"] == 0.0


def test_visits_in_month_and_against_quota(f):
    v = f["visits"]
    assert v["in_month"] == {"logged": 1, "confirmed": 1, "disputed": 1, "counted": 2}
    assert (v["pairings"], v["quota_year"], v["expected_to_date"]) == (2, 6, 2.5)
    assert v["credited_to_date"] == 3  # p1: 02-10, 05-10, 05-20 (the June visit and the disputed one do not count)
    assert v["behind"] == 1  # p2 has none of its 1.25
    assert v["by_department"][0]["department"] == "党政综合办公室"


def test_forums(f):
    assert {k: f["forums"][k] for k in ("held", "scheduled", "cancelled", "held_year", "target")} == {
        "held": 1, "scheduled": 1, "cancelled": 1, "held_year": 2, "target": 3}


def test_project_reports_filed_and_missing(f):
    p = f["projects"]
    assert (p["report_month"], p["due"]) == ("2026-04", "2026-05-05")
    assert (p["expected"], p["filed"], p["on_time"], p["late"], p["missing"]) == (3, 2, 1, 1, 1)


def test_a_team_that_missed_its_report_is_named(f, month_world):
    assert f["projects"]["missing_list"] == [
        {"project_id": f["projects"]["missing_list"][0]["project_id"], "project": "恒口水厂扩建",
         "department": month_world["d1"].name}]
    filed = {r["project"]: r["on_time"] for r in f["projects"]["filed_list"]}
    assert filed == {"月河大桥": True, "工业园标准化厂房": False}


def test_supervision_notices(f, month_world):
    assert f["notices"] == {"issued": 1, "answered": 1, "late": 1}
    assert _dept(f, month_world["d1"].name)["notices_late"] == 1


def test_conduct_and_pledges(f):
    k = f["conduct"]
    assert (k["received"], k["concluded"]) == (2, 2)
    assert {r["status"]: r["count"] for r in k["conclusions"]} == {
        "founded": 1, "partly_founded": 0, "unfounded": 1, "false_accusation": 0}
    assert (k["pledges_month"], k["pledges_year"], k["officials"], k["officials_pledged"]) == (1, 2, 1, 1)


def test_other_jurisdiction_sees_only_its_own(month_world):
    z = queries.figures(month_world["zj"], MONTH, today=BUILD_DAY)
    assert z["complaints"]["received"] == 1 and z["complaints"]["overdue"] == 1
    assert z["projects"]["expected"] == 0 and z["visits"]["pairings"] == 0


def test_figures_run_a_fixed_number_of_queries(month_world, django_assert_num_queries):
    from portal.roles import group_id

    group_id("official")  # cached per process, as in a running worker
    with django_assert_num_queries(queries.FIGURE_QUERIES):
        queries.figures(month_world["hk"], MONTH, today=BUILD_DAY)
