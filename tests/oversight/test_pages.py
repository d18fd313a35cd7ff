"""Dashboard, exports, summary API and assessment: who may see them, fixed query counts, drill-down links."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from oversight import queries

pytestmark = pytest.mark.django_db

SNAPSHOT = 1  # pages read the stored summary: one query (computed on the warm-up request)
PARTY = 0  # the dashboard's party-coverage figure: one GROUP BY on the warm-up request, then from the cache
# (username, url, pinned queries) — the same with the figures data set and with more of everything.
PINNED = [
    ("oversight1", "/oversight/", 5 + SNAPSHOT + PARTY),
    ("oversight1", "/oversight/?year=2026&department={d1}", 6 + SNAPSHOT + PARTY),
    ("admin", "/oversight/?jurisdiction={hk}", 6 + SNAPSHOT + PARTY),
    ("investigator1", "/oversight/", 5 + SNAPSHOT + PARTY),
    ("oversight1", "/oversight/export/department.xlsx?year=2026", 3 + SNAPSHOT + 1),  # + the audit row
    ("oversight1", "/api/v1/dashboard/summary?year=2026", SNAPSHOT),
    ("oversight1", "/api/v1/dashboard/summary?year=2026&department={d1}", 1 + SNAPSHOT),
    ("oversight1", "/oversight/assessment/", 6 + SNAPSHOT),  # + the year's 问责 cases per department
    ("handler1", "/oversight/assessment/", 7 + SNAPSHOT),
    ("oversight1", "/complaints/notices/", 5),
    ("handler1", "/complaints/notices/?status=open", 5),
    ("handler1", "/complaints/queue/?notice=1", 8),
    ("oversight1", "/api/v1/supervision-notices/", 2),
]


def count(people, username: str, url: str) -> int:
    api = url.startswith("/api/")
    client = APIClient() if api else Client()
    if api:
        client.force_authenticate(people[username])
    else:
        client.force_login(people[username])
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return len(ctx.captured_queries)


def _url(url, people):
    return url.format(d1=people["handler1"].department_id, hk=people["oversight1"].jurisdiction_id)


@pytest.mark.parametrize(("username", "url", "expected"), PINNED)
def test_query_count_is_fixed_whatever_the_data(world, people, username, url, expected):
    small = count(people, username, _url(url, people))
    more_of_everything(world, people)
    large = count(people, username, _url(url, people))
    assert (small, large) == (expected, expected)


def more_of_everything(world, people) -> None:
    """Ten more overdue complaints under notice, in two categories, with ratings and visits; the stored
    summaries are dropped so the next request computes them again."""
    from oversight.models import SummarySnapshot

    SummarySnapshot.objects.all().delete()
    import datetime as dt

    import time_machine

    from complaints import services
    from liaison.models import Visit
    from tests.oversight.conftest import at

    ent, disp, h1 = people["enterprise1"], people["dispatcher1"], people["handler1"]
    for i in range(10):
        with time_machine.travel(at(3, 2), tick=False):
            c = services.submit_complaint(enterprise=ent.enterprise, submitter=ent,
                                          category=world["cat_a"] if i % 2 else world["cat_b"], title=f"更多{i}",
                                          description="x")
            services.assign(complaint=c, department=world["d1"], by=disp)
        with time_machine.travel(at(4, 20), tick=False):
            services.issue_notice(complaint=c, by=people["oversight1"], instruction="x", deadline=dt.date(2026, 4, 25))
        Visit.objects.create(pairing=world["pairings"][1], date=dt.date(2026, 3, 1 + i), discussed="x",
                             logged_by=h1, status="logged")


def test_live_summary_runs_a_fixed_number_of_queries(world, people):
    from django.test.utils import CaptureQueriesContext

    scope = queries.Scope(2026, world["hk"])
    with CaptureQueriesContext(connection) as small:
        queries.summary(scope)
    more_of_everything(world, people)
    with CaptureQueriesContext(connection) as large:
        queries.summary(queries.Scope(2026, world["hk"], world["d1"]))
    assert (len(small), len(large)) == (queries.SUMMARY_QUERIES, queries.SUMMARY_QUERIES)


@pytest.mark.parametrize("username", ["enterprise1", "official1", "dispatcher1", "handler1"])
def test_dashboard_and_summary_are_refused_to_other_roles(people, username):
    client = Client()
    client.force_login(people[username])
    assert client.get("/oversight/").status_code == 403
    assert client.get("/oversight/export/department.csv").status_code == 403
    api = APIClient()
    api.force_authenticate(people[username])
    assert api.get("/api/v1/dashboard/summary").status_code == 403


def test_anonymous_is_sent_to_login():
    r = Client().get("/oversight/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_other_jurisdiction_or_foreign_department_is_404_for_oversight(people):
    from portal.models import Department, Jurisdiction

    zj = Jurisdiction.objects.exclude(pk=people["oversight1"].jurisdiction_id).first()
    client = Client()
    client.force_login(people["oversight1"])
    assert client.get(f"/oversight/?jurisdiction={zj.pk}").status_code == 404
    foreign = Department.objects.create(jurisdiction=zj, name="外地部门")
    assert client.get(f"/oversight/?department={foreign.pk}").status_code == 404


def test_tables_link_down_to_filtered_complaint_lists(world, people):
    client = Client()
    client.force_login(people["oversight1"])
    page = client.get("/oversight/?year=2026").content.decode()
    d1, hk = world["d1"].pk, world["hk"].pk
    assert f"/complaints/all/?year=2026&amp;jurisdiction={hk}&amp;department={d1}" in page
    assert f"/complaints/all/?year=2026&amp;jurisdiction={hk}&amp;status=closed" in page
    assert f"/complaints/{world['c2'].pk}/" in page
    listed = client.get(f"/complaints/all/?year=2026&jurisdiction={hk}&department={d1}").content.decode()
    assert listed.count('data-number="') == 3
    overdue = client.get(f"/complaints/all/?year=2026&overdue=1&department={d1}").content.decode()
    assert overdue.count('data-number="') == 1


@pytest.mark.parametrize("username", ["oversight1", "investigator1", "admin", "leader1"])
def test_every_link_on_the_dashboard_opens_for_its_reader(world, people, username):
    """A figure or a table row is a link only where its reader may follow it: a leader reads the dashboard (read-
    only, PRODUCT.md) but not the complaint lists or liaison pages behind it, so its figures are plain text."""
    import re

    from oversight.models import SummarySnapshot

    # Figures stored before `world` replaced the demo's complaints would link to deleted ones: count afresh.
    SummarySnapshot.objects.all().delete()
    client = Client()
    client.force_login(people[username])
    page = client.get("/oversight/?year=2026").content.decode()
    links = sorted({h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"#]*)"', page)
                    if not h.startswith(("/static/", "/accounts/logout", "/i18n/"))})
    refused = [(h, status) for h in links if (status := client.get(h).status_code) >= 400]
    assert not refused
    complaint_lists = [h for h in links if h.startswith("/complaints/all/")]
    assert bool(complaint_lists) is (username != "leader1")
    assert "/conduct/integrity/" in links  # what every reader may open stays a link


def test_exports_hold_the_rows_of_the_page_table(world, people):
    from oversight.tables import dashboard_tables

    client = Client()
    client.force_login(people["oversight1"])
    summary = queries.summary(queries.Scope(2026, world["hk"]))
    table = dashboard_tables(summary, {})["department"]
    r = client.get("/oversight/export/department.xlsx?year=2026")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    assert rows[0] == [str(c.label) for c in table.columns]
    assert rows[1:] == [r.cells for r in table.rows]
    text = b"".join(client.get("/oversight/export/department.csv?year=2026").streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0] == "承办部门" and len(lines) == len(rows)
    assert client.get("/oversight/export/nope.csv").status_code == 404


@pytest.mark.parametrize("table, key", [("pairings", "by_pairing"), ("officials", "officials")])
def test_visit_exports_stream_every_row_lowest_completion_first(world, people, table, key):
    """A province's visit tables are streamed from the database (never the whole summary in memory): the rows
    are those of the full live summary, in the page's order, and the page itself shows only its first rows."""
    from liaison.models import Pairing
    from oversight.tables import dashboard_tables
    from portal.models import Enterprise, User

    hk = world["hk"]
    officials = [User.objects.get(username="official1"), people["dispatcher1"], people["handler1"]]
    for n in range(6):  # more rows than one streamed chunk holds at EXPORT_CHUNK = 2
        e = Enterprise.objects.create(jurisdiction=hk, name=f"流式导出企业{n}", credit_code=f"91610900MA70000{n:02d}X")
        Pairing.objects.create(official=officials[n % 3], enterprise=e, start="2026-01-01")
    queries.EXPORT_CHUNK, chunk = 2, queries.EXPORT_CHUNK
    try:
        expected = dashboard_tables(queries.summary(queries.Scope(2026, hk)), {}, full=True)[table]
        client = Client()
        client.force_login(people["oversight1"])
        r = client.get(f"/oversight/export/{table}.csv?year=2026")
        assert r.streaming
        lines = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
        assert lines[0] == [str(c.label) for c in expected.columns]
        assert lines[1:] == [[str(v) for v in row.cells] for row in expected.rows]
        assert len(lines) - 1 == len(queries.summary(queries.Scope(2026, hk))["visits"][key]) >= 3
        x = client.get(f"/oversight/export/{table}.xlsx?year=2026")
        rows = [list(row) for row in load_workbook(io.BytesIO(b"".join(x.streaming_content))).active.iter_rows(
            values_only=True)]
        assert rows[1:] == [row.cells for row in expected.rows]
    finally:
        queries.EXPORT_CHUNK = chunk


def test_summary_api_answers_the_dashboard_figures(world, people):
    api = APIClient()
    api.force_authenticate(people["oversight1"])
    body = api.get(f"/api/v1/dashboard/summary?year=2026&department={world['d1'].pk}").json()
    assert body["scope"]["department_id"] == world["d1"].pk
    assert (body["complaints"]["total"], body["notices"]["issued"]) == (3, 1)


def test_assessment_shows_the_formula_and_a_department_sees_only_its_own_row(world, people):
    client = Client()
    client.force_login(people["oversight1"])
    page = client.get("/oversight/assessment/?year=2026").content.decode()
    assert 'id="formula"' in page and world["d2"].name in page and world["d1"].name in page
    client.force_login(people["handler1"])
    page = client.get("/oversight/assessment/?year=2026").content.decode()
    assert world["d1"].name in page and world["d2"].name not in page
    assert "51.7" in page
    client.force_login(people["official1"])
    assert client.get("/oversight/assessment/").status_code == 403
