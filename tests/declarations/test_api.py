"""/api/v1/declarations/ and /api/v1/declarations/flags/: the pages' rules (403 role, 404 foreign, 409 refused)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from declarations.models import Flag
from portal.models import SecurityEvent
from tests.declarations.conftest import make_event

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_create_list_approve_refuse(people, official, e1):
    api = client_for(official)
    date = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    r = api.post("/api/v1/declarations/", {"kind": "event", "enterprise": e1.pk, "date": date, "place": "企业会议室",
                                           "purpose": "年会", "paid_by": "本单位"}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "event" and r.json()["status"] == "pending"
    pk = r.json()["id"]
    assert [d["id"] for d in api.get("/api/v1/declarations/").json()["results"]] == [pk]
    assert api.post(f"/api/v1/declarations/{pk}/approve/", {}).status_code == 403  # not the approver
    approver = client_for(people["approver1"])
    r = approver.post(f"/api/v1/declarations/{pk}/approve/", {"note": "同意"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert approver.post(f"/api/v1/declarations/{pk}/refuse/", {"note": "x"}, format="json").status_code == 409
    assert SecurityEvent.objects.filter(event="declaration_approve", object_id=str(pk)).exists()
    other = api.post("/api/v1/declarations/", {"kind": "event", "enterprise": e1.pk, "date": date, "place": "p",
                                               "purpose": "q", "paid_by": "企业"}, format="json").json()["id"]
    r = approver.post(f"/api/v1/declarations/{other}/refuse/", {"note": "企业承担费用"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "refused"


def test_missing_fields_are_400(official, e1):
    r = client_for(official).post("/api/v1/declarations/", {"kind": "hospitality", "date": "2026-01-05",
                                                            "enterprise": e1.pk}, format="json")
    assert r.status_code == 400 and "people" in r.json() and "cost_per_head" in r.json()


def test_enterprise_user_gets_403_on_both(people):
    api = client_for(people["enterprise1"])
    assert api.get("/api/v1/declarations/").status_code == 403
    assert api.post("/api/v1/declarations/", {"kind": "gift"}, format="json").status_code == 403
    assert api.get("/api/v1/declarations/flags/?year=2026").status_code == 403


def test_official_cannot_read_flags_nor_declare_for_others(people, official, e1):
    assert client_for(official).get("/api/v1/declarations/flags/").status_code == 403
    d = make_event(official, e1)
    assert client_for(people["handler1"]).get(f"/api/v1/declarations/{d.pk}/").status_code == 404


def test_foreign_jurisdiction_is_404(people, official, e1):
    from portal.models import Jurisdiction

    d = make_event(official, e1, date=timezone.localdate() - dt.timedelta(days=1))
    zj_oversight = people["oversight1"]
    zj_oversight.jurisdiction = Jurisdiction.objects.get(code="ZJ")
    zj_oversight.save(update_fields=["jurisdiction"])
    api = client_for(zj_oversight)
    assert api.get(f"/api/v1/declarations/{d.pk}/").status_code == 404
    assert api.get("/api/v1/declarations/flags/").json()["count"] == 0


def test_flags_by_year_and_close(people, official, e1):
    d = make_event(official, e1, date=timezone.localdate() - dt.timedelta(days=1))
    api = client_for(people["oversight1"])
    year = d.date.year
    rows = api.get(f"/api/v1/declarations/flags/?year={year}").json()["results"]
    assert [(r["kind"], r["declaration"]) for r in rows] == [("unapproved_event", d.pk)]
    assert api.get(f"/api/v1/declarations/flags/?year={year - 1}").json()["count"] == 0
    assert SecurityEvent.objects.filter(event="declaration_flags_read", user_pk=people["oversight1"].pk).exists()
    flag = rows[0]["id"]
    assert api.post(f"/api/v1/declarations/flags/{flag}/close/", {"note": ""}, format="json").status_code == 400
    r = api.post(f"/api/v1/declarations/flags/{flag}/close/", {"note": "已核实"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert api.post(f"/api/v1/declarations/flags/{flag}/close/", {"note": "x"}, format="json").status_code == 409
    assert Flag.objects.get(pk=flag).note == "已核实"
