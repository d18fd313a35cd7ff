"""Defect 11 in the browser: a stranger registers with enterprise1's public credit code; nothing is bound until
enterprise1's user approves on their home page; then the stranger signs in as that enterprise."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_enterprise_user_approves_a_colleague_in_the_browser(people, login, live_server, page):
    from portal.models import User

    e1 = people["enterprise1"].enterprise
    page.goto(f"{live_server.url}/accounts/register/")
    page.get_by_label("企业名称").fill(e1.name)
    page.get_by_label("统一社会信用代码").fill(e1.credit_code)
    page.get_by_label("联系人姓名").fill("新同事")
    page.get_by_label("手机号").fill("13900000001")
    page.get_by_label("电子邮箱").fill("colleague@example.com")
    page.get_by_label("用户名").fill("colleague")
    page.locator("#id_password1").fill("Hengkou2026xy")
    page.locator("#id_password2").fill("Hengkou2026xy")
    page.get_by_role("button", name="提交注册").click()
    page.wait_for_load_state()
    assert "该企业已有账号" in page.content()
    assert User.objects.get(username="colleague").enterprise_id is None

    page = login("enterprise1")
    card = page.locator("#join-requests-card")
    assert "colleague" in card.inner_text()
    page.once("dialog", lambda d: d.accept())
    card.get_by_role("button", name="同意").click()
    page.wait_for_load_state()
    assert "已同意 colleague 加入本企业账号" in page.content()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("colleague")
    page.get_by_label("密码").fill("Hengkou2026xy")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "企业工作台" in page.content()
