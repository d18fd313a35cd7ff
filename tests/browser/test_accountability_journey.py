"""Issue 14, acceptance 2 in a real browser: a complaint sent back by two departments is flagged (踢皮球); its
first responder (dispatcher1) answers for it from the home card; oversight1 opens an accountability case on the
last department from the flag list, and the department's assessment counts the case by the formula shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaints import services
from complaints.models import Category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def bounce(people):
    ent = people["enterprise1"]
    category = Category.objects.get(jurisdiction=ent.enterprise.jurisdiction, name="投诉举报")
    c = services.submit_complaint(enterprise=ent.enterprise, submitter=ent, category=category,
                                  title="厂区外排水管网改造", description="雨季厂区积水，请协调改造排水管网。")
    for handler in ("handler1", "handler2"):
        h = people[handler]
        services.assign(complaint=c, department=h.department, by=people["dispatcher1"])
        request = services.request_transfer(complaint=c, by=h, reason="不属于本部门职责")
        services.decide_transfer(request=request, by=people["dispatcher1"], approve=True, note="同意退回")
    c.refresh_from_db()
    return c


def test_bounced_complaint_is_flagged_answered_for_and_held_to_account(people, login, live_server):
    c = bounce(people)
    dept = people["handler2"].department

    # The first responder is asked to answer: the home card says so and leads to the form.
    page = login("dispatcher1")
    card = page.locator('[data-card="first-asked"]')
    expect(card.locator('[data-figure="asked"]')).to_have_text("1")
    card.get_by_role("link", name="待说明").click()
    page.get_by_role("link", name=c.number).click()
    expect(page.locator("#transfer-count")).to_contain_text("踢皮球")
    page.get_by_role("link", name="首问责任人说明").click()
    page.get_by_label("说明（诉求为何多次转办、您做了哪些协调）").fill("两部门均称非本部门职责，已报请督查室协调。")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("说明已提交，督查部门可见。")).to_be_visible()
    expect(page.get_by_text("已报请督查室协调")).to_be_visible()

    # Oversight opens a case from the flag.
    page = login("oversight1")
    page.get_by_role("button", name="督查", exact=True).click()  # the menu groups it under 督查
    page.get_by_role("link", name="问责提示").first.click()
    row = page.locator(f'tr[data-complaint="{c.number}"]')
    expect(row.locator('[data-flag="bounced"]')).to_contain_text("转办2次")
    row.get_by_role("link", name="登记问责").click()
    expect(page.locator("#clue")).to_contain_text(c.number)
    page.get_by_label("问责对象类型").select_option(label="部门")
    page.get_by_label("被问责部门").select_option(label=dept.name)
    page.get_by_label("查明事实").fill("该部门签收前即申请退回，未与首问责任人沟通，致诉求两次转办。")
    page.get_by_label("问责方式").select_option(label="约谈")
    page.get_by_label("决定机关").fill("监察审计局")
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#case")).to_contain_text("约谈")
    expect(page.locator("#case")).to_contain_text("考核扣 2 分")
    expect(page.locator("#case")).to_contain_text(dept.name)

    # The flag list counts the case; the assessment shows the deduction per measure and the case.
    page.get_by_role("button", name="督查", exact=True).click()  # the menu groups it under 督查
    page.get_by_role("link", name="问责提示").first.click()
    expect(page.locator(f'tr[data-complaint="{c.number}"] td').nth(6)).to_have_text("1")
    page.get_by_role("button", name="督查", exact=True).click()
    page.get_by_role("link", name="亲清考核").first.click()
    expect(page.locator("#case-deductions")).to_contain_text("约谈 2")
    dept_row = page.locator("#assessment-table tbody tr", has_text=dept.name)
    expect(dept_row.locator("td").nth(8)).to_have_text("1")  # 问责案件
    expect(dept_row.locator("td").nth(9)).to_have_text("2")  # 扣分: no notice, one 约谈
