import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/departments/", "/api/v1/enterprises/", "/api/v1/notifications/"])
def test_anonymous_calls_are_refused(api, url):
    assert api.get(url).status_code in (401, 403)


def test_token_auth_works(api, people, password):
    response = api.post("/api/v1/auth/token/", {"username": "dispatcher1", "password": password}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/").json()
    assert me["username"] == "dispatcher1" and me["roles"] == ["dispatcher"]
    assert me["department"]["name"] == "经济发展与招商局"


def test_token_refused_for_wrong_password(api, people):
    response = api.post("/api/v1/auth/token/", {"username": "dispatcher1", "password": "x"}, format="json")
    assert response.status_code == 400


def test_enterprise_user_sees_only_its_enterprise(api, people):
    api.force_authenticate(people["enterprise1"])
    rows = api.get("/api/v1/enterprises/").json()["results"]
    assert [r["id"] for r in rows] == [people["enterprise1"].enterprise_id]
    other = people["enterprise2"].enterprise_id
    assert api.get(f"/api/v1/enterprises/{other}/").status_code == 404


def test_staff_see_the_directory(api, people):
    api.force_authenticate(people["official1"])
    assert api.get("/api/v1/enterprises/").json()["count"] >= 2
    names = [d["name"] for d in api.get("/api/v1/departments/?page_size=100").json()["results"]]
    for name in ("党政综合办公室", "党务群团工作局", "经济发展与招商局", "效能督查办公室", "监察审计局",
                 "应急管理和市场监督管理局", "社会事务管理局", "司法所"):
        assert name in names


def test_notifications_are_the_callers_own(api, people):
    from portal.services import notify

    notify(people["enterprise1"], subject="我的", email=False)
    notify(people["enterprise2"], subject="别人的", email=False)
    api.force_authenticate(people["enterprise1"])
    rows = api.get("/api/v1/notifications/").json()["results"]
    assert [r["subject"] for r in rows] == ["我的"]
    assert api.post(f"/api/v1/notifications/{rows[0]['id']}/read/").json()["is_read"] is True


def test_schema_is_valid(api):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_api_docs_are_served_without_a_cdn(client):
    html = client.get("/api/docs/").content.decode()
    assert 'id="redoc-container"' in html and "/api/docs/redoc.standalone.js" in html
    assert "swagger" not in html.lower()
    assert "cdn.jsdelivr" not in html and "unpkg" not in html and "cdn.redoc.ly" not in html


def test_old_redoc_address_redirects_permanently(client):
    response = client.get("/api/redoc/?x=1")
    assert response.status_code == 301 and response["Location"] == "/api/docs/?x=1"


def test_api_root_lists_resources(api, people):
    api.force_authenticate(people["admin"])
    root = api.get("/api/v1/").json()
    for name in ("departments", "enterprises", "notifications"):
        assert name in root
