"""Issue 11: the security audit log — each kind of event, the search page and its export, retention, trigger."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from portal import audit
from portal.models import Holiday, SecurityEvent

pytestmark = pytest.mark.django_db


def kinds(username):
    return set(SecurityEvent.objects.filter(username=username).values_list("event", flat=True))


def test_login_logout_and_failure_are_recorded_with_who_when_where(client, people, password):
    client.post("/accounts/login/", {"username": "handler1", "password": "bad"}, HTTP_USER_AGENT="UA-test")
    client.post("/accounts/login/", {"username": "handler1", "password": password}, HTTP_USER_AGENT="UA-test")
    client.post("/accounts/logout/")
    assert {"login_failed", "login", "logout"} <= kinds("handler1")
    login = SecurityEvent.objects.get(event="login", username="handler1")
    assert login.user_pk == people["handler1"].pk and login.ip == "127.0.0.1" and login.user_agent == "UA-test"
    assert login.at.utcoffset() is not None  # stored with its offset (timestamptz)


def test_a_403_on_a_page_and_on_the_api_is_recorded(client, people):
    client.force_login(people["enterprise1"])
    assert client.get("/oversight/").status_code == 403
    api = APIClient()
    api.force_authenticate(people["enterprise1"])
    assert api.post("/api/v1/departments/", {}, format="json").status_code in (403, 405)
    rows = SecurityEvent.objects.filter(event="permission_denied", username="enterprise1")
    assert rows.filter(path="/oversight/", result="refused").exists()


def test_a_404_on_someone_elses_object_is_recorded(people):
    api = APIClient()
    api.force_authenticate(people["enterprise1"])
    other = people["enterprise2"].enterprise_id
    assert api.get(f"/api/v1/enterprises/{other}/").status_code == 404
    client = Client()
    client.force_login(people["enterprise1"])
    assert client.get("/inbox/999999/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404  # not an object route: not recorded
    rows = SecurityEvent.objects.filter(event="not_found", username="enterprise1")
    assert {r.object_id for r in rows} == {str(other), "999999"}


def test_exports_are_recorded(client, people):
    client.force_login(people["oversight1"])
    assert client.get("/oversight/export/department.csv?year=2026").status_code == 200
    row = SecurityEvent.objects.get(event="export", username="oversight1")
    assert row.object_id.endswith(".csv") and row.detail["format"] == "csv"


def test_admin_changes_are_recorded(client, people):
    client.force_login(people["admin"])
    response = client.post("/admin/portal/holiday/add/", {"date": "2026-10-09", "kind": "holiday", "name": "调休"})
    assert response.status_code == 302, response.content.decode()[:2000]
    holiday = Holiday.objects.get(date="2026-10-09")
    row = SecurityEvent.objects.get(event="admin_change", object_id=str(holiday.pk))
    assert row.username == "admin" and row.object_type == "portal.holiday" and row.detail["action"] == "addition"
    client.post("/admin/portal/holiday/", {"action": "delete_selected", "_selected_action": [holiday.pk],
                                           "post": "yes"})
    assert SecurityEvent.objects.filter(event="admin_change", detail__action="deletion").exists()


def make_rows(n, **kw):
    for i in range(n):
        audit.record(kw.get("event", "login"), username=kw.get("username", f"user{i}"))


def test_the_search_page_filters_and_runs_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_login(people["oversight1"])
    make_rows(3, event="login_failed", username="mallory")
    make_rows(2)
    client.get("/audit/")
    with django_assert_num_queries(5):
        body = client.get("/audit/?user=mallory&event=login_failed").content.decode()
    assert body.count("<td>mallory</td>") == 3 and "<td>user0</td>" not in body
    make_rows(60)
    with django_assert_num_queries(5):
        assert client.get("/audit/?page=2").status_code == 200
    today = timezone.localdate()
    assert "<td>mallory</td>" in client.get(f"/audit/?user=mallory&start={today}&end={today}").content.decode()
    yesterday = today - datetime.timedelta(days=1)
    assert "<td>mallory</td>" not in client.get(f"/audit/?user=mallory&end={yesterday}").content.decode()
    assert client.get("/audit/?ip=not-an-ip").status_code == 200


def test_the_log_exports_as_csv_and_the_export_is_recorded(client, people):
    client.force_login(people["admin"])
    make_rows(2, event="login_failed", username="mallory")
    audit.record("login_failed", username="=HYPERLINK(\"x\")")
    response = client.get("/audit/export.csv?event=login_failed")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["at", "event", "result", "username"]
    names = [r[3] for r in rows[1:]]
    assert names.count("mallory") == 2 and "'=HYPERLINK(\"x\")" in names
    assert SecurityEvent.objects.filter(event="export", object_type="portal.securityevent").exists()


@pytest.mark.parametrize("username", ["enterprise1", "dispatcher1", "investigator1", "handler1"])
def test_only_oversight_and_admins_read_the_log(client, people, username):
    client.force_login(people[username])
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def test_purge_keeps_the_retention_period(settings):
    old = SecurityEvent.objects.create(event="login", at=timezone.now() - datetime.timedelta(days=200))
    kept = SecurityEvent.objects.create(event="login", at=timezone.now() - datetime.timedelta(days=170))
    assert audit.purge() == 1
    assert not SecurityEvent.objects.filter(pk=old.pk).exists() and SecurityEvent.objects.filter(pk=kept.pk).exists()
    settings.AUDIT_RETENTION_DAYS = 30  # below the floor: still 180
    audit.purge()
    assert SecurityEvent.objects.filter(pk=kept.pk).exists()
    assert SecurityEvent.objects.filter(event="audit_purge").exists()


def test_a_retention_below_180_days_is_refused(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import portal.settings

    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "90")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(portal.settings)
    monkeypatch.delenv("AUDIT_RETENTION_DAYS")
    importlib.reload(portal.settings)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only (CI runs it)")
def test_the_database_refuses_to_update_or_delete_a_fresh_row():
    row = audit.record("login", username="alice")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=row.pk).update(username="mallory")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=row.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE portal_securityevent SET result = 'failure' WHERE id = %s", [row.pk])
    assert SecurityEvent.objects.get(pk=row.pk).username == "alice"
    old = SecurityEvent.objects.create(event="login", at=timezone.now() - datetime.timedelta(days=181))
    SecurityEvent.objects.filter(pk=old.pk).delete()  # past 180 days: the purge may
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
