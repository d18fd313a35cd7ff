import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def submit(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_a_locked_out_user_is_told_when_to_try_again_and_an_admin_unlocks(people, page, live_server, password):
    for i in range(5):
        submit(page, live_server, "dispatcher1", f"wrong-{i}")
    submit(page, live_server, "dispatcher1", password)
    message = page.locator("#lockout-message")
    assert message.is_visible()
    text = message.inner_text()
    assert "登录失败次数过多" in text and "分钟后" in text and "再试" in text
    assert page.url.endswith("/accounts/login/")
    call_command("unlock_user", "dispatcher1", stdout=open("/dev/null", "w"))
    submit(page, live_server, "dispatcher1", password)
    assert page.url == f"{live_server.url}/"
    assert page.locator("#home-title").inner_text() == "诉求受理工作台"
