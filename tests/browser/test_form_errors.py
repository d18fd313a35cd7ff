"""Issue 15 rough edge 9: after a failed submit the keyboard lands on the first field in error, and the chosen
attachment is kept (已上传) and filed with the next submit — nobody chooses it again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_failed_submit_focuses_the_error_and_keeps_the_attachment(people, login, live_server, tmp_path):
    evidence = tmp_path / "营业执照.pdf"
    evidence.write_bytes(PDF)
    page = login("enterprise1")
    page.goto(f"{live_server.url}/complaints/new/")
    page.get_by_label("诉求类别").select_option(label="投诉举报（15个工作日内答复）")
    page.get_by_label("诉求内容").fill("园区东侧道路连续一周夜间施工。")
    page.get_by_label("附件").set_input_files(str(evidence))
    page.get_by_role("button", name="提交").click()  # no title

    expect(page.get_by_label("标题")).to_be_focused()
    expect(page.locator("#held-uploads")).to_contain_text("已上传：营业执照.pdf")
    expect(page.get_by_label("已上传：营业执照.pdf", exact=False)).to_be_checked()

    page.get_by_label("标题").fill("园区道路夜间施工噪声扰民")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#complaint-number")).to_be_visible()
    number = page.locator("#complaint-number").inner_text()
    expect(page.get_by_role("link", name="营业执照.pdf")).to_be_visible()
    assert [a.name for a in Complaint.objects.get(number=number).attachments.all()] == ["营业执照.pdf"]


def test_a_failed_registration_shows_each_error_beside_its_field(people, live_server, page):
    """The registration form sent empty comes back with its errors (the page a POST drew, which the suite's
    page check of tests/conftest.py also holds to the standard): the keyboard lands on the first field in error."""
    page.goto(f"{live_server.url}/accounts/register/")
    page.get_by_role("button", name="提交注册").click()
    expect(page.get_by_label("企业名称")).to_be_focused()
    expect(page.get_by_label("企业名称")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("确认密码")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("企业名称").fill("安康某新材料有限公司")
    page.locator("#id_password1").fill("Hengkou2026xy")
    page.locator("#id_password2").fill("Hengkou2026zz")
    page.get_by_role("button", name="提交注册").click()
    expect(page.get_by_label("统一社会信用代码")).to_be_focused()
