"""Error pages (issue 15): the site's layout, Chinese or English, what happened and a way back; the 500 page
renders with the database unavailable."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from portal.views import server_error


def test_the_500_page_needs_no_database():
    """No db fixture: any query here fails the test (pytest-django blocks database access)."""
    request = RequestFactory().get("/complaints/1/")
    with translation.override("zh-hans"):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in body and 'href="/"' in body and "返回首页" in body
    assert "bootstrap.min.css" in body  # the site's layout, not a bare text
    with translation.override("en"):
        body = server_error(RequestFactory().get("/")).content.decode()
    assert "Server error" in body and "Back to the home page" in body


def test_the_500_page_falls_back_to_plain_html_when_its_template_fails(monkeypatch):
    from django.template import loader

    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(loader, "get_template", broken)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "服务器出错" in response.content.decode()


def test_the_api_keeps_json_errors():
    response = server_error(RequestFactory().get("/api/v1/complaints/"))
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_a_view_that_raises_shows_the_page_with_debug_off(settings):
    settings.ROOT_URLCONF = "tests.browser.raising_urls"
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500 and "服务器出错" in response.content.decode()
    assert "Server Error (500)" not in response.content.decode()


@pytest.mark.django_db
def test_a_csrf_failure_explains_itself(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["enterprise1"])
    response = client.post("/complaints/new/", {"title": "x"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期，未能提交" in body and "返回上一页" in body and "CSRF verification failed" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("path,status,heading", [("/no-such-page/", 404, "页面不存在"),
                                                 ("/conduct/reports/", 403, "没有权限")])
def test_404_and_403_in_the_layout_with_a_way_back(people, path, status, heading):
    client = Client()
    client.force_login(people["enterprise1"])
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == status
    assert f"<h1 class=\"h3\">{heading}</h1>" in body and "返回首页" in body and "data-history-back" in body
