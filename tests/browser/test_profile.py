"""Issue 15, defect 13 in the browser: an enterprise user opens 我的资料 from its home page, is told beside the
field what is wrong with a bad phone number (nothing saved, what was typed kept), then saves its e-mail for notices
and its enterprise's contact person."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_enterprise_user_corrects_its_profile_in_the_browser(people, login, page):
    from portal.models import User

    user = people["enterprise1"]
    page = login("enterprise1")
    page.get_by_role("link", name="查看和修改").click()
    page.wait_for_load_state()
    assert page.locator("#profile-enterprise").inner_text() == user.enterprise.name

    page.get_by_label("手机号").fill("电话不知道")
    page.get_by_label("接收通知的电子邮箱").fill("notices@example.com")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    phone = page.get_by_label("手机号")
    assert "请输入有效的电话号码。" in page.content()
    assert phone.evaluate("el => el === document.activeElement")  # focus on the field in error
    assert page.get_by_label("接收通知的电子邮箱").input_value() == "notices@example.com"  # kept
    user.refresh_from_db()
    assert user.email != "notices@example.com"  # nothing saved

    phone.fill("0916-1234567")
    page.get_by_label("企业联系人").fill("王经理")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "资料已保存。" in page.content()
    user = User.objects.select_related("enterprise").get(pk=user.pk)
    assert (user.phone, user.email, user.enterprise.contact_name) == ("0916-1234567", "notices@example.com", "王经理")
