"""Issue 14, acceptance 1 (first half) in a real browser: a problem found on a visit is pulled into a joint meeting,
the meeting assigns it to a department with a deadline, and it appears in that department's handler queue."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visit_problem_goes_through_a_joint_meeting_into_the_departments_queue(people, login, live_server):
    from liaison import services as liaison_services
    from liaison.models import Pairing
    from meetings.models import AgendaItem

    # official1 found the problem on a visit to enterprise1 (the visit journey itself: test_liaison_journey.py).
    pairing = Pairing.objects.get(official=people["official1"], enterprise=people["enterprise1"].enterprise)
    visit = liaison_services.log_visit(pairing=pairing, by=people["official1"], date=timezone.localdate(),
                                       form="on_site", discussed="了解企业扩产进度",
                                       problems=["扩产车间消防验收迟迟未安排"])
    problem = visit.problems.get()

    # oversight1 (效能督查办公室) convenes a joint meeting with handler1's department as a member.
    page = login("oversight1")
    page.get_by_role("button", name="督查", exact=True).click()  # the menu groups it under 督查
    page.get_by_role("link", name="联席会议").first.click()
    page.get_by_role("link", name="召集会议").click()
    page.get_by_label("会议类型").select_option(label="联席会议")
    page.get_by_label("会议名称").fill("第二季度政企联席会议")
    page.get_by_label("会议日期").fill(timezone.localdate().isoformat())
    page.get_by_label("召集部门").select_option(label="经济发展与招商局")
    page.get_by_label("应急管理和市场监督管理局").check()
    page.get_by_role("button", name="创建会议").click()
    expect(page.locator(".alert-success")).to_contain_text("会议已创建")
    expect(page.locator("h1")).to_contain_text("第二季度政企联席会议")

    # The visit's problem is pulled into the meeting.
    page.get_by_role("link", name="提交议题").click()
    row = page.locator(f"[data-candidate='visit-{problem.pk}']")
    expect(row).to_contain_text("扩产车间消防验收迟迟未安排")
    row.get_by_role("button", name="提交会议").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交会议")
    expect(page.locator(f"[data-candidate='visit-{problem.pk}']")).to_have_count(0)
    page.locator("#back-to-meeting").click()

    # The meeting assigns it to 应急管理和市场监督管理局 with a deadline.
    item = AgendaItem.objects.get(visit_problem=problem)
    deadline = timezone.localdate() + dt.timedelta(days=14)
    card = page.locator(f"[data-item='{item.pk}']")
    expect(card.locator("[data-decision-status]")).to_have_text("待议定")
    card.get_by_label("责任部门").select_option(label="应急管理和市场监督管理局")
    card.get_by_label("办结期限").fill(deadline.isoformat())
    card.get_by_label("议定措施").fill("五个工作日内组织消防验收")
    card.get_by_role("button", name="议定交办").click()
    expect(page.locator(".alert-success")).to_contain_text("已议定并交应急管理和市场监督管理局办理")
    card = page.locator(f"[data-item='{item.pk}']")
    expect(card.locator("[data-decision-status]")).to_have_text("办理中")
    number = card.locator("[data-complaint]").inner_text()
    assert re.fullmatch(r"HK-\d{4}-\d{6}", number)

    # handler1 sees it in the department's queue, with the meeting's deadline.
    page = login("handler1")
    page.goto(f"{live_server.url}/complaints/queue/")
    expect(page.locator("main")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text("扩产车间消防验收迟迟未安排")
    page.locator(f"[data-number='{number}']").first.click()  # the desk table links the number
    expect(page.locator("main")).to_contain_text(deadline.isoformat())
    expect(page.locator("main")).to_contain_text("联席会议交办")
