"""Journeys 1 and 2 in a real browser: file with an attachment, route, sign, answer, 不满意 → reopen, 满意 → closed."""

from __future__ import annotations

import re

import pytest

from complaints.models import Complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_complaint(page, live_server, list_path: str, number: str):
    page.goto(f"{live_server.url}{list_path}")
    page.locator(f'[data-number="{number}"]').click()
    page.wait_for_load_state()
    assert page.locator("#complaint-number").inner_text() == number


def status_of(page) -> str:
    return page.locator("[data-status]").first.get_attribute("data-status")


def test_enterprise_complaint_routed_answered_reopened_and_closed(people, login, live_server, tmp_path):
    evidence = tmp_path / "现场照片说明.pdf"
    evidence.write_bytes(PDF)

    # 1. enterprise1 files with an attachment
    page = login("enterprise1")
    page.get_by_role("link", name="提交诉求").first.click()
    page.get_by_label("诉求类别").select_option(label="投诉举报（15个工作日内答复）")
    page.get_by_label("标题").fill("园区道路夜间施工噪声扰民")
    page.get_by_label("诉求内容").fill("园区东侧道路连续一周夜间施工，影响职工休息，请协调。")
    page.get_by_label("附件").set_input_files(str(evidence))
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    number = page.locator("#complaint-number").inner_text()
    assert re.fullmatch(r"HK-\d{4}-\d{6}", number)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.locator("#expected-date").inner_text())
    assert page.get_by_role("link", name="现场照片说明.pdf").is_visible()
    assert status_of(page) == "submitted"

    # 2. dispatcher1 assigns; the category's department is preselected
    page = login("dispatcher1")
    open_complaint(page, live_server, "/complaints/inbox/", number)
    page.get_by_role("link", name="分办").click()
    select = page.get_by_label("承办部门")
    assert select.locator("option:checked").inner_text() == "应急管理和市场监督管理局"
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert status_of(page) == "assigned"

    # 3. handler1 signs and answers
    page = login("handler1")
    open_complaint(page, live_server, "/complaints/queue/", number)
    page.get_by_role("button", name="签收").click()
    page.wait_for_load_state()
    assert status_of(page) == "accepted"
    page.get_by_role("link", name="答复").click()
    page.get_by_label("答复内容").fill("已责令施工单位晚22时后停止施工。")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert status_of(page) == "answered"

    # 4. enterprise1 rates 不满意 (a reason is required) → reopened under supervision
    page = login("enterprise1")
    open_complaint(page, live_server, "/complaints/", number)
    assert "已责令施工单位" in page.locator("#answer").inner_text()
    page.get_by_label("不满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    # refused without a reason: on the same page, beside the field, the choice kept
    assert "请选择原因" in page.locator("#rate-form").inner_text()
    assert page.get_by_label("不满意", exact=True).is_checked()
    page.get_by_label("不满意原因").select_option(label="问题未解决")
    page.get_by_label("评价说明").fill("夜间仍在施工")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    assert status_of(page) == "submitted"
    assert page.locator(".badge", has_text="督办").first.is_visible()

    # 5. back to the dispatcher, who routes it again
    page = login("dispatcher1")
    open_complaint(page, live_server, "/complaints/inbox/", number)
    page.get_by_role("link", name="分办").click()
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert status_of(page) == "assigned"

    # 6. handler1 signs and answers again
    page = login("handler1")
    open_complaint(page, live_server, "/complaints/queue/", number)
    page.get_by_role("button", name="签收").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="答复").click()
    page.get_by_label("答复内容").fill("已联合执法查处，施工单位已停止夜间施工。")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()

    # 7. enterprise1 rates 满意 → closed; the timeline shows every step
    page = login("enterprise1")
    open_complaint(page, live_server, "/complaints/", number)
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    assert status_of(page) == "closed"
    actions = page.locator("#timeline li").evaluate_all("els => els.map(e => e.dataset.action)")
    assert actions == ["submit", "assign", "accept", "answer", "rate", "reopen", "assign", "accept", "answer", "rate"]

    c = Complaint.objects.get(number=number)
    assert (c.status, c.rating, c.reopen_count, c.supervised) == ("closed", "satisfied", 1, True)
    assert c.first_responder == people["dispatcher1"]
    assert c.attachments.get().name == "现场照片说明.pdf"


def test_official_files_for_an_enterprise_named_through_suggestions(people, login, live_server):
    """An official files on an enterprise's behalf: the enterprise is typed and picked from the suggestions
    (a city's directory is never listed), and the complaint reaches the dispatcher as the enterprise's."""
    named = people["enterprise2"].enterprise
    page = login("official1")
    page.goto(f"{live_server.url}/complaints/new/")
    box = page.locator("#id_enterprise")
    box.press_sequentially(named.name[:6], delay=30)
    suggestion = page.locator("#id_enterprise-options option").first
    suggestion.wait_for(state="attached")
    box.fill(suggestion.get_attribute("value"))
    page.get_by_label("诉求类别").select_option(label="困难诉求（10个工作日内答复）")
    page.get_by_label("标题").fill("走访发现用工难")
    page.get_by_label("诉求内容").fill("企业反映招工困难，请协调人社部门。")
    page.get_by_label("来源").fill("走访 2026-05-01")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    number = page.locator("#complaint-number").inner_text()
    complaint = Complaint.objects.get(number=number)
    assert (complaint.enterprise, complaint.submitter) == (named, people["official1"])

    page = login("dispatcher1")
    page.goto(f"{live_server.url}/complaints/inbox/")
    assert page.locator(f'[data-number="{number}"]').is_visible()
