"""Issue 14, acceptance 1 in a real browser: a problem found on a visit is pulled into a joint meeting, the meeting
assigns it to a department with a deadline, and it appears in that department's handler queue; the month closes,
and the monthly report lists it on its page, in its PDF (Chinese text) and in its XLSX."""

import datetime as dt
import io
import re
import subprocess
from urllib.parse import urljoin

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visit_problem_goes_through_a_joint_meeting_into_the_departments_queue(people, login, live_server,
                                                                                tmp_path):
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
    # 联席会议 sits in oversight1's 督查 menu group (portal/nav.py GROUPS).
    page.get_by_role("button", name="督查", exact=True).click()
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
    page.locator(f"[data-number='{number}']").click()  # the desk table's rows link by number
    expect(page.locator("main")).to_contain_text(deadline.isoformat())
    expect(page.locator("main")).to_contain_text("联席会议交办")

    # The month closes: on the next month's first working day the schedule's command builds the meeting's month
    # (time-travel around the build only: the live server keeps real time for the sessions of the pages).
    from leadership import queries as report_queries
    from leadership import services as report_services
    from leadership.models import MonthlyReport

    item.refresh_from_db()
    month = report_queries.first_of_month(timezone.localdate(item.decided_at))
    closing = report_services.first_working_day(report_queries.next_month(month))
    with time_machine.travel(dt.datetime.combine(closing, dt.time(7), tzinfo=timezone.get_current_timezone()),
                             tick=False):
        call_command("build_monthly_reports", "--no-send", stdout=io.StringIO())
    jurisdiction = people["handler1"].jurisdiction
    report = MonthlyReport.objects.get(jurisdiction=jurisdiction, month=month)

    # The leadership opens the month's report: the decision is listed with its department and deadline.
    page = login("leader1")
    page.goto(f"{live_server.url}/leadership/reports/")
    page.locator(f'[data-report="{report.pk}"] a').first.click()
    expect(page.locator("h1")).to_have_text(f"{jurisdiction.name} {month:%Y-%m} 月度报告")
    decisions = page.locator('[data-table="decisions"]')
    expect(decisions).to_contain_text("扩产车间消防验收迟迟未安排")
    expect(decisions).to_contain_text("应急管理和市场监督管理局")
    expect(decisions).to_contain_text(deadline.isoformat())
    expect(decisions).to_contain_text(number)

    # Its PDF and XLSX, through the page's links with the same session.
    def download(name: str) -> bytes:
        link = page.get_by_role("link", name=name)
        expect(link).to_be_visible()
        response = page.context.request.get(urljoin(page.url, link.get_attribute("href")))
        assert response.ok, response.status
        return response.body()

    pdf_path = tmp_path / "report.pdf"
    pdf_path.write_bytes(download("下载 PDF"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert jurisdiction.name in text  # 恒口示范区: Chinese text in the embedded font
    assert "联席会议交办事项" in text and "扩产车间消防验收迟迟未安排" in text

    book = load_workbook(io.BytesIO(download("下载 XLSX")))
    cells = [c for row in book["联席会议交办事项"].iter_rows(min_row=3, values_only=True) for c in row]
    assert any(isinstance(c, str) and "扩产车间消防验收迟迟未安排" in c for c in cells)
    assert "应急管理和市场监督管理局" in cells and deadline.isoformat() in cells
