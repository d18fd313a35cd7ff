"""Who reads the monthly reports: the leadership, oversight and admins of the jurisdiction; files download with
the same session or API token; the leadership changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from leadership import services
from leadership.models import MonthlyReport
from portal.models import Jurisdiction, SecurityEvent
from tests.leadership.conftest import BUILD_DAY, MONTH, at

BUILT_AT = at(6, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(month_world):
    return {j.code: services.build_report(j, MONTH, today=BUILD_DAY) for j in Jurisdiction.objects.all()}


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_leadership_lists_its_own_jurisdictions_reports_only(reports, people):
    r = _client(people["leader1"]).get("/leadership/reports/")
    assert r.status_code == 200
    body = r.content.decode()
    assert f'data-report="{reports["HK"].pk}"' in body and f'data-report="{reports["ZJ"].pk}"' not in body


def test_report_page_is_printable_and_names_the_missing_team(reports, people):
    r = _client(people["leader1"]).get(f"/leadership/reports/{reports['HK'].pk}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "恒口示范区 2026-05 月度报告" in body and "恒口水厂扩建" in body
    assert "css/leadership.css" in body  # the print style sheet


@pytest.mark.parametrize("path", ["/leadership/reports/{pk}/", "/leadership/reports/{pk}/report.pdf",
                                  "/leadership/reports/{pk}/report.xlsx"])
def test_foreign_jurisdictions_report_is_404(reports, people, path):
    assert _client(people["leader1"]).get(path.format(pk=reports["ZJ"].pk)).status_code == 404
    assert _client(people["zj_oversight1"]).get(path.format(pk=reports["HK"].pk)).status_code == 404
    assert _client(people["admin"]).get(path.format(pk=reports["ZJ"].pk)).status_code == 200


def test_files_download_from_the_page_with_the_session(reports, people):
    c = _client(people["oversight1"])
    pdf = c.get(f"/leadership/reports/{reports['HK'].pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = c.get(f"/leadership/reports/{reports['HK'].pk}/report.xlsx")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]
    assert "HK-2026-05.xlsx" in xlsx["Content-Disposition"]
    downloads = SecurityEvent.objects.filter(event="export", object_type="leadership.monthlyreport",
                                             object_id=str(reports["HK"].pk), username="oversight1")
    assert sorted(e.detail["format"] for e in downloads) == ["pdf", "xlsx"]


@pytest.mark.parametrize("username", ["enterprise1", "official1", "dispatcher1", "handler1", "investigator1",
                                      "approver1"])
def test_other_roles_are_refused(reports, people, username):
    c = _client(people[username])
    assert c.get("/leadership/reports/").status_code == 403
    assert c.get(f"/leadership/reports/{reports['HK'].pk}/").status_code == 403
    api = APIClient()
    api.force_authenticate(people[username])
    assert api.get("/api/v1/monthly-reports/").status_code == 403
    assert api.get(f"/api/v1/monthly-reports/{reports['HK'].pk}/pdf/").status_code == 403


def test_api_lists_reports_with_links_that_download_with_the_token(reports, people, password):
    api = APIClient()
    token = api.post("/api/v1/auth/token/", {"username": "leader1", "password": password}, format="json").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = api.get("/api/v1/monthly-reports/")
    assert listing.status_code == 200
    rows = listing.json()["results"]
    assert [(r["jurisdiction"], r["month"]) for r in rows] == [("HK", "2026-05")]
    pdf = api.get(rows[0]["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = api.get(rows[0]["xlsx"], HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content).startswith(b"PK")
    detail = api.get(f"/api/v1/monthly-reports/{rows[0]['id']}/").json()
    assert detail["figures"]["projects"]["missing_list"][0]["project"] == "恒口水厂扩建"
    assert api.get(f"/api/v1/monthly-reports/{reports['ZJ'].pk}/").status_code == 404
    assert api.get(f"/api/v1/monthly-reports/{reports['ZJ'].pk}/pdf/").status_code == 404


def test_api_links_download_with_the_session_too(reports, people):
    c = _client(people["leader1"])
    row = c.get("/api/v1/monthly-reports/").json()["results"][0]
    r = c.get(row["pdf"])
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def _more_reports():
    for j in Jurisdiction.objects.all():
        for month in range(1, 5):
            MonthlyReport.objects.create(jurisdiction=j, month=dt.date(2026, month, 1), built_at=BUILT_AT,
                                         figures={"month": f"2026-{month:02d}"})


@pytest.mark.parametrize(("username", "url", "expected"), [
    ("leader1", "/leadership/reports/", 5),
    ("admin", "/leadership/reports/", 5),
    ("leader1", "/api/v1/monthly-reports/", 2),
    ("leader1", "/", None),
])
def test_list_query_count_is_pinned(reports, people, username, url, expected):
    def count():
        api = url.startswith("/api/")
        client = APIClient() if api else Client()
        if api:
            client.force_authenticate(people[username])
        else:
            client.force_login(people[username])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    _more_reports()
    large = count()
    assert small == large
    if expected is not None:
        assert small == expected


def test_leadership_home_shows_the_latest_report_and_the_dashboard(reports, people):
    MonthlyReport.objects.create(jurisdiction=reports["HK"].jurisdiction, month=dt.date(2026, 3, 1),
                                 built_at=BUILT_AT, figures={})
    body = _client(people["leader1"]).get("/").content.decode()
    assert 'data-card="leadership"' in body
    assert f'/leadership/reports/{reports["HK"].pk}/' in body and "2026-05" in body
    assert "/oversight/" in body


def test_leadership_reads_its_dashboard_only(people):
    c = _client(people["leader1"])
    assert c.get("/oversight/").status_code == 200
    zj = Jurisdiction.objects.get(code="ZJ")
    assert c.get(f"/oversight/?jurisdiction={zj.pk}").status_code == 404
    api = APIClient()
    api.force_authenticate(people["leader1"])
    assert api.get("/api/v1/dashboard/summary").status_code == 200
    assert api.get(f"/api/v1/dashboard/summary?jurisdiction={zj.pk}").status_code == 404


def test_leadership_changes_nothing(people):
    from complaints.models import Complaint

    complaint = Complaint.objects.filter(jurisdiction__code="HK").exclude(status="closed").order_by("id")[0]
    c = _client(people["leader1"])
    assert c.post("/oversight/refresh/", {"year": 2026}).status_code == 403
    assert c.post(f"/complaints/{complaint.pk}/notice/", {"instruction": "x"}).status_code == 403
    assert c.post(f"/complaints/{complaint.pk}/supervise/", {"note": "x"}).status_code == 403
    api = APIClient()
    api.force_authenticate(people["leader1"])
    assert api.post(f"/api/v1/complaints/{complaint.pk}/notice/", {}, format="json").status_code == 403
    assert api.post(f"/api/v1/complaints/{complaint.pk}/supervise/", {}, format="json").status_code == 403
    assert api.post("/api/v1/monthly-reports/", {}, format="json").status_code == 405
