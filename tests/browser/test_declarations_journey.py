"""Issue 12, acceptance 1 in a real browser: official1 asks to attend an enterprise's event, approver1 approves,
official1 records it and declares a gift handed in and a meal above the standard; oversight1 sees both flags
beside official1's visits to that enterprise, opens the records, closes one flag with a note; the history
shows every step."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_event_approved_recorded_gift_and_meal_flagged_and_checked(people, login, live_server):
    from declarations.models import Declaration, Flag

    e1 = people["enterprise1"].enterprise

    # official1 asks to attend e1's event today (asked beforehand: not late).
    page = login("official1")
    page.get_by_role("button", name="清单与举报").click()
    page.get_by_role("link", name="报备", exact=True).click()
    page.get_by_role("link", name="参加企业/商会活动报备").click()
    page.get_by_label("邀请企业/商会").fill(e1.credit_code)
    page.get_by_label("地点").fill("企业三楼会议室")
    page.get_by_label("活动内容").fill("企业年度供应商大会")
    page.get_by_label("费用承担方").fill("本单位")
    page.get_by_role("button", name="提交报备").click()
    expect(page.locator("#declaration-status")).to_contain_text("待审批")
    event = Declaration.objects.get(kind="event")

    # approver1 approves it from the home page's card.
    page = login("approver1")
    page.locator("#approvals-card").get_by_role("link").click()
    page.get_by_role("link", name=event.number).click()
    page.get_by_label("审批意见").fill("同意参加，注意廉洁纪律")
    page.get_by_role("button", name="批准", exact=True).click()
    expect(page.locator("#declaration-status")).to_contain_text("已批准")

    # After the event official1 records it, then declares a gift handed in and a meal above the standard.
    page = login("official1")
    page.goto(f"{live_server.url}/declarations/{event.pk}/")
    page.get_by_label("活动实际情况").fill("参加大会并致辞，未在企业用餐")
    page.get_by_role("button", name="保存活动情况").click()
    expect(page.locator("#declaration-status")).to_contain_text("已记录活动情况")

    page.goto(f"{live_server.url}/declarations/new/gift/")
    page.get_by_label("赠送企业").fill(e1.credit_code)
    page.get_by_label("礼品礼金内容").fill("会议纪念品：茶具一套")
    page.get_by_label("估计价值（元）").fill("800")
    page.get_by_label("处理方式").select_option(label="已上交")
    page.get_by_label("上交单位").fill("党工委纪工委")
    page.get_by_label("收据编号").fill("SJ-2026-017")
    page.get_by_role("button", name="提交报备").click()
    expect(page.locator("#declaration-status")).to_contain_text("已报备")

    page.goto(f"{live_server.url}/declarations/new/hospitality/")
    page.get_by_label("接待企业").fill(e1.credit_code)
    page.get_by_label("用餐人数").fill("6")
    page.get_by_label("人均费用（元）").fill("260")
    page.get_by_role("button", name="提交报备").click()
    expect(page.locator("#declaration-form")).to_contain_text("请说明理由")
    page.get_by_label("超标准理由").fill("外地客商洽谈招商项目，会后工作餐")
    page.get_by_role("button", name="提交报备").click()
    expect(page.locator("#declaration-status")).to_contain_text("已报备")

    # oversight1 sees both flags, then official1's cross-check beside the visits to e1.
    page = login("oversight1")
    page.get_by_role("button", name="清单与举报").click()
    page.get_by_role("link", name="报备核查").click()
    flags = page.locator("tr.flag")
    expect(flags).to_have_count(2)
    expect(page.locator("table.flags")).to_contain_text("接待超标准")
    expect(page.locator("table.flags")).to_contain_text("超过限额的礼品已上交")
    flags.first.get_by_role("link", name="张书记").click()
    expect(page.locator("h1")).to_contain_text("交叉核查")
    expect(page.locator("#cc-visits")).to_contain_text(e1.name)
    expect(page.locator("#cc-declarations li")).to_have_count(3)

    # Opens the gift's record, back to the cross-check, closes the gift flag with a note.
    gift_flag = Flag.objects.get(kind="gift_handed_in")
    page.locator("tr.flag[data-kind='gift_handed_in']").get_by_role("link", name="报备").click()
    expect(page.locator("#declaration-fields")).to_contain_text("SJ-2026-017")
    page.go_back()
    row = page.locator("tr.flag[data-kind='gift_handed_in']")
    row.get_by_label("核查说明").fill("已核对纪工委收据")
    row.get_by_role("button", name="关闭").click()
    expect(page.locator("tr.flag[data-kind='gift_handed_in']")).to_contain_text("已核对纪工委收据")
    expect(page.locator("tr.flag[data-kind='over_standard']")).to_contain_text("待核查")
    gift_flag.refresh_from_db()
    assert gift_flag.status == "closed" and gift_flag.closed_by == people["oversight1"]

    # The event's history shows every step, with who did it.
    page.goto(f"{live_server.url}/declarations/{event.pk}/")
    history = page.locator("#history li.list-group-item")
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text("提交报备")
    expect(history.nth(1)).to_contain_text("吴主任")
    expect(history.nth(1)).to_contain_text("批准")
    expect(history.nth(2)).to_contain_text("记录活动情况")
