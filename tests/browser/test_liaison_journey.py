"""Journeys 3 and 4 in a real browser: a visit logged from the home page, its problem filed as a complaint
that reaches the dispatcher, the visit confirmed by the enterprise; a forum held."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_official_logs_a_visit_the_enterprise_confirms_and_a_forum_is_held(people, login, live_server):
    from liaison.models import Forum, Pairing, Visit

    e1 = people["enterprise1"].enterprise
    pairing = Pairing.objects.get(official=people["official1"], enterprise=e1)
    before = pairing.visits.filter(date__year=timezone.localdate().year).exclude(status="disputed").count()

    # official1 logs a visit from the home page (one click opens the form).
    page = login("official1")
    card = page.locator(f"[data-pairing='{pairing.pk}']")
    expect(card.locator(".visit-count")).to_have_text(f"本年走访 {before} / 3")
    card.get_by_role("button", name="登记走访").click()
    # The form slides open (Bootstrap's collapse): filled and sent once it is open, not while it moves.
    expect(card.locator(f"#quick-visit-{pairing.pk}")).to_have_class(re.compile(r"\bshow\b"))
    card.get_by_label("走访形式").select_option(label="座谈")
    card.get_by_label("交流内容").fill("了解企业二期扩产进度和融资需求")
    card.get_by_label("发现问题（每行一个，可留空）").fill("二期用地手续办理缓慢")
    card.get_by_role("button", name="保存走访记录").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记对安康恒口绿源农业科技有限公司的走访")
    expect(page.locator(f"[data-pairing='{pairing.pk}'] .visit-count")).to_have_text(f"本年走访 {before + 1} / 3")
    visit = Visit.objects.get(discussed="了解企业二期扩产进度和融资需求")
    assert [p.description for p in visit.problems.all()] == ["二期用地手续办理缓慢"]

    # The problem found becomes a complaint filed on enterprise1's behalf; it enters routing.
    page.goto(f"{live_server.url}/liaison/visits/{visit.pk}/")
    page.locator("#visit-problems").get_by_role("link", name="转为诉求").click()
    page.get_by_label("诉求类别").select_option(label="困难诉求")
    page.get_by_label("标题").fill("二期用地手续办理缓慢")
    page.get_by_role("button", name="提交诉求").click()
    expect(page.locator(".alert-success")).to_contain_text("已转为诉求")
    number = re.search(r"HK-\d{4}-\d{6}", page.locator(".alert-success").inner_text()).group(0)
    expect(page.locator("#complaint-origin")).to_have_text("查看走访记录")
    page = login("dispatcher1")
    page.goto(f"{live_server.url}/complaints/inbox/")
    expect(page.locator("main")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text("二期用地手续办理缓慢")

    # enterprise1 confirms it from its list of visits.
    page = login("enterprise1")
    page.goto(f"{live_server.url}/liaison/visits/")
    row = page.locator(f"[data-visit='{visit.pk}']")
    expect(row).to_contain_text("待企业确认")
    row.get_by_role("button", name="确认走访").click()
    expect(page.locator(f"[data-visit='{visit.pk}']")).to_contain_text("企业已确认")
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CONFIRMED

    # The official still sees the count (a confirmed visit counts as well).
    page = login("official1")
    expect(page.locator(f"[data-pairing='{pairing.pk}'] .visit-count")).to_have_text(f"本年走访 {before + 1} / 3")

    # dispatcher1 schedules a forum for today, invites enterprise1, then records it as held.
    year = timezone.localdate().year
    held = Forum.objects.held_in(year).count()
    page = login("dispatcher1")
    page.goto(f"{live_server.url}/liaison/forums/")
    expect(page.locator("#forum-progress")).to_have_text(f"{year} 年已召开 {held} / 3")
    page.get_by_role("link", name="安排座谈会").click()
    page.get_by_label("会议名称").fill("四季度政企座谈会")
    page.get_by_label("召开日期").fill(timezone.localdate().isoformat())
    page.get_by_label("地点").fill("管委会三楼会议室")
    page.get_by_label("议程").fill("一、通报营商环境；二、企业发言；三、部门答复")
    # Invitations are typed lines (a city's key enterprises would not fit in checkboxes): search, then 添加.
    search = page.locator("#id_invited_enterprises-search")
    search.press_sequentially(e1.name[:6], delay=30)
    page.locator("#id_invited_enterprises-options option").first.wait_for(state="attached")
    search.fill(page.locator("#id_invited_enterprises-options option").first.get_attribute("value"))
    search.press("Enter")  # adds the line; does not submit the form
    expect(page.locator("#id_invited_enterprises")).to_have_value(re.compile(re.escape(e1.name)))
    page.get_by_role("button", name="保存并通知受邀企业").click()
    expect(page.locator("#forum-status")).to_have_text("已安排")
    page.get_by_role("link", name="登记召开情况").click()
    page.locator("#id_attended_enterprises").get_by_label(e1.name).check()
    page.get_by_label("会议纪要").fill("企业反映用地、融资问题，相关部门现场答复。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#forum-status")).to_have_text("已召开")
    expect(page.locator("#forum-minutes")).to_contain_text("相关部门现场答复")
    expect(page.locator("#forum-invitees")).to_contain_text(e1.name)
    assert page.locator("#forum-invitees .bi-check-circle-fill").count() == 1

    page.goto(f"{live_server.url}/liaison/forums/")
    expect(page.locator("#forum-progress")).to_have_text(f"{year} 年已召开 {held + 1} / 3")
    page.goto(f"{live_server.url}/")
    expect(page.locator(".forum-progress")).to_have_text(re.compile(rf"本年已召开 {held + 1} / 3"))


def test_oversight_pairs_an_official_through_suggestions(people, login, live_server):
    """At city scale the pairing page has no selects of officials or enterprises: names are typed, the
    suggestions come from the server, and the 添加 button collects the delegates."""
    from django.contrib.auth.models import Group

    from liaison.models import Pairing
    from portal.demo import make_credit_code
    from portal.models import Enterprise, User

    hk = people["enterprise1"].enterprise.jurisdiction
    key = Enterprise.objects.create(name="浏览器测试重点企业", credit_code=make_credit_code(9500), is_key=True,
                                    jurisdiction=hk)
    leader = User.objects.create(username="official9", full_name="周副区长", jurisdiction=hk)
    leader.groups.add(Group.objects.get(name="official"))
    page = login("oversight1")
    page.goto(f"{live_server.url}/liaison/pairings/new/")

    def choose(box, typed, options):
        box.press_sequentially(typed, delay=30)
        first = page.locator(f"#{options} option").first
        first.wait_for(state="attached")
        return first.get_attribute("value")

    official = page.get_by_label("联系领导")
    official.fill(choose(official, "周副区", "id_official-options"))
    enterprise = page.get_by_label("联系企业")
    enterprise.fill(choose(enterprise, "浏览器测试", "id_enterprise-options"))
    search = page.locator("#id_delegates-search")
    search.fill(choose(search, "hand", "id_delegates-options"))
    page.locator("[data-lookup-add-for='id_delegates-search']").click()
    expect(page.locator("#id_delegates")).to_have_value(re.compile(r"（handler\d）$"))
    assert search.input_value() == ""
    page.get_by_role("button", name=re.compile("保存|创建|提交")).click()
    page.wait_for_load_state()
    pairing = Pairing.objects.get(enterprise=key)
    assert pairing.official == leader and pairing.delegates.count() == 1
    assert page.url.endswith(f"/liaison/pairings/{pairing.pk}/")
