"""The leadership (leader1) lands on its home page, opens the latest monthly report, downloads its PDF (Chinese
text: the jurisdiction's name) and opens the dashboard of its jurisdiction — with nothing to change there."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from playwright.sync_api import expect

from leadership import services
from portal.models import Jurisdiction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_leader_reads_the_latest_report_and_the_dashboard(people, login, live_server, tmp_path):
    report = services.build_report(Jurisdiction.objects.get(code="HK"), dt.date(2026, 5, 1))
    services.build_report(Jurisdiction.objects.get(code="ZJ"), dt.date(2026, 5, 1))

    page = login("leader1")
    card = page.locator('[data-card="leadership"]')
    expect(card.locator("#latest-report")).to_contain_text("恒口示范区 2026-05")
    card.locator("#latest-report a").click()
    expect(page.locator("h1")).to_have_text("恒口示范区 2026-05 月度报告")
    expect(page.locator('[data-table="summary"]')).to_contain_text("受理诉求")

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 PDF").click()
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    assert info.value.suggested_filename == "HK-2026-05.pdf"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "恒口示范区" in text

    page.get_by_role("link", name="返回列表").click()
    expect(page.locator(f'[data-report="{report.pk}"]')).to_be_visible()
    expect(page.locator("#reports tbody tr")).to_have_count(1)  # 湛江's report is not listed

    page.get_by_role("link", name="督查看板").first.click()
    expect(page.locator("h1")).to_contain_text("督查看板")
    expect(page.locator("h1")).to_contain_text("恒口示范区")
    expect(page.get_by_role("button", name="立即刷新")).to_have_count(0)
    expect(page.get_by_role("link", name="亲清考核")).to_have_count(0)
    # Its figures are not links into complaint lists it may not open.
    expect(page.locator('a[href^="/complaints/all/"]')).to_have_count(0)
