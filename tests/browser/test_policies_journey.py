"""Acceptance 1 in a real browser: handler1 (政策联络员) publishes a policy for industry C13 → enterprise1 (C13)
sees it under 为您推荐的政策 and in its inbox, enterprise2 (C30) does not → enterprise1 asks from the policy page →
handler1's queue has it as 政策咨询 → answered → published as an FAQ entry, without the enterprise's name."""

from __future__ import annotations

import pytest

from complaints.models import Complaint
from policies.models import Policy
from portal.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "农副食品加工企业冷链设备补助办法"


def run_queued_push():
    """What the worker does with the outbox message publishing committed (no worker runs in tests)."""
    from policies.tasks import push_policy

    message = OutboxMessage.objects.filter(task="policies.tasks.push_policy").order_by("-id").first()
    push_policy(*message.args)


def test_policy_published_matched_asked_answered_and_published_as_faq(people, login, live_server):
    base = live_server.url

    # 1. handler1, its department's 政策联络员, drafts and publishes a policy for industry C13
    page = login("handler1")
    page.goto(f"{base}/policies/new/")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("文号").fill("恒示管发〔2026〕21号")
    page.get_by_label("摘要").fill("冷链设备投资按10%补助。")
    page.get_by_label("正文").fill("一、适用于农副食品加工企业。\n\n二、按设备投资额10%补助。")
    page.get_by_label("适用行业").fill("C13")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.locator("#policy-title").inner_text() == TITLE
    assert "陈承办" in page.locator("#liaison-officer").inner_text()
    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state()
    assert page.locator("[data-status]").get_attribute("data-status") == "published"
    policy = Policy.objects.get(title=TITLE)
    run_queued_push()

    # 2. enterprise1 (C13) sees it under policies for you, with the reason, and in its inbox
    page = login("enterprise1")
    card = page.locator("#policies-for-you")
    assert TITLE in card.inner_text() and "行业 C13" in card.inner_text()
    page.goto(f"{base}/inbox/")
    assert f"政策推送：{TITLE}" in page.content()

    # 3. enterprise2 (C30) does not
    page = login("enterprise2")
    assert TITLE not in page.locator("#policies-for-you").inner_text()
    page.goto(f"{base}/inbox/")
    assert TITLE not in page.content()

    # 4. enterprise1 asks from the policy page, agreeing to an anonymous FAQ
    page = login("enterprise1")
    page.locator("#policies-for-you").get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    page.get_by_label("咨询内容").fill("租赁的冷库设备能否申报补助？")
    page.get_by_label("同意答复后隐去企业名称，作为常见问题公开").check()
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_load_state()
    number = page.locator("#complaint-number").inner_text()
    complaint = Complaint.objects.get(number=number)
    assert (complaint.category.name, complaint.first_responder.username) == ("政策咨询", "handler1")

    # 5. it lands in handler1's queue as 政策咨询; signed for and answered
    page = login("handler1")
    page.goto(f"{base}/complaints/queue/")
    link = page.locator(f'[data-number="{number}"]')
    row = page.locator("#complaint-list tr").filter(has=link)  # the desk table: one row, the number its link
    assert "政策咨询" in row.inner_text()
    link.click()
    page.wait_for_load_state()
    page.get_by_role("button", name="签收").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="答复").click()
    page.get_by_label("答复内容").fill("融资租赁的设备可按合同金额申报。")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert page.locator("[data-status]").first.get_attribute("data-status") == "answered"

    # 6. handler1 publishes it as an FAQ entry on the policy
    page.goto(f"{base}/policies/{policy.pk}/")
    page.get_by_role("link", name="公开为常见问题").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="公开").click()
    page.wait_for_load_state()

    # 7. anybody (no login) reads the FAQ on the policy page; the enterprise is not named
    page.context.clear_cookies()
    page.goto(f"{base}/policies/{policy.pk}/")
    faq = page.locator("#faq").inner_text()
    assert "租赁的冷库设备能否申报补助？" in faq and "融资租赁的设备可按合同金额申报。" in faq
    assert people["enterprise1"].enterprise.name not in page.content()
