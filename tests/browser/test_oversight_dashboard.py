"""Journey 5: oversight1 opens the dashboard, filters by department, drills down to an overdue complaint, issues a
督办 notice, and downloads the department table as XLSX (its rows are the page's rows)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from complaints import services
from complaints.models import Category, SupervisionNotice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def overdue_complaint(people):
    """Filed and routed to handler1's department 40 days ago, never signed for: overdue today."""
    ent = people["enterprise1"]
    category = Category.objects.get(jurisdiction=ent.enterprise.jurisdiction, name="投诉举报")
    with time_machine.travel(timezone.now() - dt.timedelta(days=40), tick=False):
        c = services.submit_complaint(enterprise=ent.enterprise, submitter=ent, category=category,
                                      title="厂区门前排水沟堵塞", description="雨天积水，影响车辆进出。")
        services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
    return c


def test_oversight_filters_drills_down_supervises_and_exports(people, login, live_server, tmp_path):
    c = overdue_complaint(people)
    dept = people["handler1"].department

    page = login("oversight1")
    page.get_by_role("button", name="督查", exact=True).click()
    page.get_by_role("link", name="督查看板").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("督查看板")

    page.get_by_label("部门", exact=True).select_option(label=dept.name)
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    assert f"department={dept.pk}" in page.url
    assert int(page.locator('[data-figure="overdue"]').inner_text()) >= 1

    overdue = page.locator('[data-table="overdue"]')
    overdue.get_by_role("link", name=c.number).click()
    page.wait_for_load_state()
    assert page.locator("#complaint-number").inner_text() == c.number

    page.get_by_role("link", name="下达督办通知").click()
    page.get_by_label("督办要求").fill("请于三个工作日内签收并答复企业，逾期将通报。")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert "已下达督办通知" in page.locator(".alert-success").inner_text()
    notice = SupervisionNotice.objects.get(complaint=c)
    assert (notice.status, notice.department_id, notice.issued_by.username) == ("open", dept.pk, "oversight1")
    assert page.locator(f'[data-notice="{notice.pk}"]').is_visible()

    page.goto(f"{live_server.url}/oversight/?department={dept.pk}")
    table = page.locator('[data-table="department"]')
    shown = [[cell.inner_text().strip() for cell in row.locator("td").all()]
             for row in table.locator("tbody tr").all()]
    header = [th.inner_text().strip() for th in table.locator("thead th").all()]
    with page.expect_download() as info:
        table.locator('[data-export="xlsx"]').click()
    path = tmp_path / "department.xlsx"
    info.value.save_as(path)
    rows = [["" if v is None else str(v) for v in row] for row in load_workbook(path).active.iter_rows(values_only=True)]
    assert rows[0] == header
    assert rows[1:] == shown
    assert rows[1][0] == dept.name
