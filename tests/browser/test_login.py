import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOMES = {
    "enterprise1": "企业工作台",
    "official1": "领导干部工作台",
    "dispatcher1": "诉求受理工作台",
    "handler1": "部门承办工作台",
    "oversight1": "效能督查工作台",
    "admin": "系统管理工作台",
}


def test_each_demo_role_logs_in_and_lands_on_its_home(people, login, live_server):
    for username, title in HOMES.items():
        page = login(username)
        assert page.url == f"{live_server.url}/"
        assert page.locator("#home-title").inner_text() == title
        assert page.locator("html").get_attribute("lang") == "zh-hans"
