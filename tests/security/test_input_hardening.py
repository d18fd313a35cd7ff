"""Defects 7, 12 and 16 of issue 11, each as it was reported, plus the helpers that fixed them at the root."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from portal import params
from portal.api.parsers import MAX_DEPTH


@pytest.fixture
def api(people):
    def _client(username: str) -> Client:
        client = Client()
        client.force_login(people[username])
        return client

    return _client


# ---- NUL bytes, ids, years --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_nul_byte_in_q_is_a_400_with_a_chinese_message_for_anyone(client):
    response = client.get("/conduct/integrity/?q=%00")
    assert response.status_code == 400
    assert "请求参数包含无效字符" in response.content.decode()


def test_a_nul_byte_on_pages_and_api_lists(people, api):
    dispatcher = api("dispatcher1")
    for url in ("/complaints/inbox/?q=a%00b", "/liaison/?q=%00", "/complaints/notices/?status=%00"):
        assert dispatcher.get(url).status_code == 400, url
    response = dispatcher.get("/api/v1/complaints/?q=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    response = dispatcher.post("/inbox/read/", {"id": "1\x00"})
    assert response.status_code == 400


def test_a_non_numeric_or_huge_id_on_api_routes_is_a_json_404(people, api):
    client = api("dispatcher1")
    for url in ("/api/v1/complaints/abc/", "/api/v1/complaints/1.5/", "/api/v1/visits/-1/",
                "/api/v1/complaints/99999999999999999999/", f"/api/v1/forums/{'9' * 5000}/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"], url
    assert client.post("/api/v1/complaints/abc/accept/").status_code == 404


def test_years_the_api_cannot_read_are_a_400_naming_the_parameter(people, api):
    client = api("oversight1")
    for url in ("/api/v1/pairings/?year=abc", "/api/v1/forums/?year=99999", "/api/v1/pairings/?year=²",
                "/api/v1/forums/?year=" + "9" * 5000):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "年份" in response.json()["year"][0]
    assert client.get("/api/v1/pairings/?year=2026").status_code == 200
    assert client.get("/api/v1/forums/?year=2026").status_code == 200


def test_pages_ignore_a_year_or_id_they_cannot_read(people, api):
    client = api("oversight1")
    for url in ("/liaison/?year=abc", "/liaison/visits/?year=²", "/oversight/?year=99999999999999999999",
                "/conduct/pledges/outstanding/?year=٣", "/conduct/registers/changes/?register=²",
                "/complaints/all/?category=99999999999999999999&year=" + "9" * 5000):
        assert client.get(url).status_code == 200, url


def test_number_parsers_take_ascii_digits_in_range_only():
    assert params.parse_int("42") == 42
    for bad in ("²", "٣", "-1", "1.5", " ", "", None, "9" * 5000, "99999999999999999999", "1e3", "0x10"):
        assert params.parse_int(bad) is None, bad
    assert params.parse_id("0") is None
    assert params.parse_ids(["1", "x", "²", "3"]) == [1, 3]
    assert params.parse_year("2026") == 2026 and params.parse_year("1999") is None
    with pytest.raises(Exception) as caught:
        params.year_param({"year": "abc"}, strict=True)
    assert "year" in caught.value.message_dict
    assert params.year_param({"year": "abc"}, default=7) == 7


# ---- bodies -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body, message", [
    ("[" * 100_000, "嵌套"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "嵌套"),
    ('{"title": "\\ud800", "description": "x", "category": 1}', "Unicode"),
    ('{"title": "a\\u0000b", "description": "x", "category": 1}', "NUL"),
    ('{"title": ', "JSON"),
    ('{"title": NaN}', "JSON"),
    (b"\xff\xfe\x00", "JSON"),
])
def test_malformed_json_bodies_are_a_400_with_a_message(people, api, body, message):
    response = api("enterprise1").post("/api/v1/complaints/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize("body", ["[" * 100_000, '{"username": "a\\u0000", "password": 1}', "{"])
def test_the_token_endpoint_parses_json_as_safely_as_the_rest_of_the_api(db, client, body):
    # ObtainAuthToken brings its own parser list with DRF's plain JSONParser: 100,000 "[" was a RecursionError.
    response = client.post("/api/v1/auth/token/", data=body, content_type="application/json")
    assert response.status_code == 400


def test_an_oversized_json_body_is_a_400(people, api, settings):
    settings.API_JSON_MAX_BYTES = 10_000
    body = json.dumps({"title": "x", "description": "y" * 20_000, "category": 1})
    response = api("enterprise1").post("/api/v1/complaints/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "过大" in response.json()["detail"]


# ---- redirects --------------------------------------------------------------------------------------------

EVIL = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "http:///evil.example"]


@pytest.mark.parametrize("target", EVIL)
def test_inbox_read_never_redirects_off_site(people, api, target):
    response = api("enterprise1").post("/inbox/read/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/inbox/"


def test_inbox_read_keeps_a_next_on_this_site(people, api):
    response = api("enterprise1").post("/inbox/read/", {"next": "/complaints/?page=2"})
    assert response["Location"] == "/complaints/?page=2"


def test_a_notification_link_off_site_opens_the_inbox(people, api):
    from portal.models import Notification

    n = Notification.objects.create(recipient=people["enterprise1"], subject="x", url="https://evil.example/")
    response = api("enterprise1").get(f"/inbox/{n.pk}/")
    assert response["Location"] == "/inbox/"


@pytest.mark.parametrize("target", EVIL)
def test_liaison_forms_never_redirect_off_site(people, api, target):
    from liaison.models import VisitProblem

    problem = VisitProblem.objects.order_by("id")[0]
    response = api("official1").post(f"/liaison/problems/visit/{problem.pk}/resolve/", {"next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# ---- role refusals 403, workflow refusals 409, missing objects 404 ---------------------------------------


def _visit_body(pairing_id: int) -> dict:
    import datetime as dt

    return {"pairing": pairing_id, "date": dt.date.today().isoformat(), "form": "on_site", "discussed": "了解经营"}


def test_an_enterprise_logging_a_visit_through_the_api_is_refused_with_403(people, api):
    from liaison.models import Pairing

    pairing = Pairing.objects.filter(enterprise=people["enterprise1"].enterprise).first()
    response = api("enterprise1").post("/api/v1/visits/", _visit_body(pairing.pk), content_type="application/json")
    assert response.status_code == 403
    response = api("enterprise1").post("/api/v1/visits/", {}, content_type="application/json")
    assert response.status_code == 403  # whatever the body


def test_a_staff_member_who_is_not_the_paired_official_is_refused_with_403(people, api):
    from liaison.models import Pairing

    pairing = Pairing.objects.filter(enterprise=people["enterprise1"].enterprise).first()
    response = api("dispatcher1").post("/api/v1/visits/", _visit_body(pairing.pk), content_type="application/json")
    assert response.status_code == 403
    assert "联系领导" in response.json()["detail"]
    assert api("dispatcher1").get(f"/liaison/pairings/{pairing.pk}/visits/new/").status_code == 403


def test_a_workflow_refusal_stays_409_and_a_foreign_object_404(people, api):
    from liaison.models import Visit

    confirmed = Visit.objects.get(status="confirmed", pairing__enterprise=people["enterprise1"].enterprise)
    assert api("enterprise1").post(f"/api/v1/visits/{confirmed.pk}/confirm/").status_code == 409
    foreign = Visit.objects.exclude(pairing__enterprise=people["enterprise1"].enterprise).first()
    assert api("enterprise1").post(f"/api/v1/visits/{foreign.pk}/confirm/").status_code == 404
    assert api("official1").post(f"/api/v1/visits/{confirmed.pk}/confirm/").status_code == 403
    assert api("enterprise1").post("/api/v1/visits/999999/confirm/").status_code == 404


def test_role_refusals_on_pages_are_403_with_the_message(people, api):
    response = api("official1").post("/conduct/reports/1/investigate/")
    assert response.status_code == 404  # an official may not even see a report
    response = api("enterprise1").get("/conduct/integrity/manage/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
