"""Acceptance 2: an admin edits a rule; the public page shows it; the change log shows old and new, who and when."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_edits_a_rule_and_the_change_log_shows_it(people, login, live_server):
    from django.utils import timezone

    from conduct.models import Rule

    rule = Rule.objects.get(register__key="hk-officials", number=8)
    old = rule.text
    new = "不准无偿使用企业的房产、交通工具、通讯设备、电子设施和办公场所等财物；"

    page = login("admin")
    page.goto(f"{live_server.url}/admin/conduct/rule/{rule.pk}/change/")
    page.locator("#id_text").fill(new)
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    assert "/admin/conduct/rule/" in page.url

    page.context.clear_cookies()  # the public page needs no login
    page.goto(f"{live_server.url}/conduct/registers/")
    assert page.locator('[data-rule="hk-officials-8"]').inner_text() == new
    assert old not in page.content()

    page = login("admin")
    page.goto(f"{live_server.url}/conduct/registers/changes/")
    row = page.locator("#change-log tbody tr").filter(has_text="条文").first
    assert row.locator(".change-before").inner_text() == old
    assert row.locator(".change-after").inner_text() == new
    assert "admin" in row.locator(".change-user").inner_text()
    stamp = row.locator("td").first.inner_text()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", stamp)
    assert stamp[:10] == timezone.localdate().isoformat()


def test_enterprise_reports_a_breach_and_only_the_investigator_reads_it(people, login, live_server):
    from conduct.models import Rule

    rule = Rule.objects.get(register__key="hk-officials", number=7)
    page = login("enterprise1")
    page.goto(f"{live_server.url}/conduct/reports/new/")
    page.locator("#id_rules").select_option(value=str(rule.pk))
    page.get_by_label("被举报人（姓名、单位、职务）").fill("某局李某")
    # The enterprise is named through suggestions fetched while typing (no select of the whole directory).
    named = people["enterprise2"].enterprise
    box = page.get_by_label("被举报企业")
    box.press_sequentially(named.name[:6], delay=30)
    suggestion = page.locator("#id_subject_enterprise-options option").first
    suggestion.wait_for(state="attached")
    box.fill(suggestion.get_attribute("value"))
    page.get_by_label("问题描述").fill("以检查为名向企业摊派。")
    page.get_by_label(re.compile("要求特别保密")).check()
    page.get_by_role("button", name="提交举报").click()
    page.wait_for_load_state()
    assert "举报已提交" in page.content()
    number = page.locator(".my-report strong").first.inner_text()
    from conduct.models import ConductReport

    assert ConductReport.objects.get(pk=int(number.rsplit("-", 1)[-1])).subject_enterprise == named

    page = login("investigator1")
    page.goto(f"{live_server.url}/conduct/reports/")
    page.get_by_role("link", name=number).click()
    detail_url = page.url
    assert "王经理" in page.locator("#reporter").inner_text()
    page.get_by_role("button", name="开始调查").click()
    assert page.locator("#report-status").inner_text() == "调查中"
    assert "详情页" in page.locator("#access-log").inner_text()

    for outsider in ("oversight1", "handler1"):
        page = login(outsider)
        assert page.goto(detail_url).status == 404


def test_the_public_page_shows_each_register_as_its_document_does(people, live_server, page):
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/conduct/registers/")
    officials = page.locator("#register-hk-officials")
    expect(officials.locator(".register-title")).to_have_text("严禁下“十种行为”")
    expect(officials.locator(".register-short-name")).to_have_text("（公职人员政商交往“十不准”）")
    expect(officials.locator(".register-draft")).to_have_text("征求意见稿")
    expect(officials.locator(".register-preamble")).to_contain_text("经批准，公职人员可参加行会企业、商会举办的各类")
    expect(officials.locator(".register-body")).to_contain_text("党务群团工作局、经济发展与招商局、监察审计局")
    expect(page.locator("#register-zj-positive .register-body")).to_contain_text("文件未列明")
    expect(page.locator("main")).not_to_contain_text("施行日期")
