"""Issue 15's defects 1–5, each walked in the browser as the user who met it (each test fails on the code
before the fix: the extension was lost, the enterprise read internal notes, the dashboard kept old figures,
errors were Django's bare English pages, and a 不满意 without a reason went to a separate page)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from complaints import services
from complaints.models import Category, Complaint
from portal import calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def filed(people, title="厂区门前排水沟堵塞") -> Complaint:
    ent = people["enterprise1"]
    category = Category.objects.get(jurisdiction=ent.enterprise.jurisdiction, name="投诉举报")
    return services.submit_complaint(enterprise=ent.enterprise, submitter=ent, category=category, title=title,
                                     description="雨天积水，影响车辆进出。")


def timeline(page) -> str:
    return page.locator("#timeline").inner_text()


# ---- 1. an approved extension is kept when the complaint comes back to its department -------------------


def test_an_approved_extension_survives_a_transfer_back_and_rerouting(people, login, live_server):
    dispatcher, handler = people["dispatcher1"], people["handler1"]
    c = filed(people)
    services.assign(complaint=c, department=handler.department, by=dispatcher)
    services.accept(complaint=c, by=handler)
    extended = calendar.add_working_days(c.answer_deadline, 5)
    request = services.request_extension(complaint=c, by=handler, reason="需现场勘查", new_deadline=extended)
    services.decide_extension(request=request, by=dispatcher, approve=True)
    transfer = services.request_transfer(complaint=c, by=handler, reason="涉及住建，非本部门事项")
    services.decide_transfer(request=transfer, by=dispatcher, approve=True)

    # The dispatcher routes it back to the same department through the page.
    page = login("dispatcher1")
    page.goto(f"{live_server.url}/complaints/{c.pk}/")
    page.get_by_role("link", name="分办").click()
    page.get_by_label("承办部门").select_option(label=handler.department.name)
    page.get_by_role("button", name="确定").click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "assigned")
    expect(page.locator("#expected-date")).to_have_text(extended.isoformat())

    # The enterprise was told the extended date; it still reads it, and the timeline says why.
    page = login("enterprise1")
    page.goto(f"{live_server.url}/complaints/{c.pk}/")
    expect(page.locator("#expected-date")).to_have_text(extended.isoformat())
    expect(page.locator('#timeline li[data-action="approve_extension"]')).to_contain_text(
        f"答复期限已延至{extended.isoformat()}")


# ---- 2. the enterprise never reads the staff's internal notes -----------------------------------------


def test_the_enterprise_reads_plain_public_lines_never_internal_notes(people, login, live_server):
    dispatcher, handler = people["dispatcher1"], people["handler1"]
    c = filed(people, title="园区道路夜间施工噪声扰民")
    services.assign(complaint=c, department=handler.department, by=dispatcher, note="企业负责人情绪激动，注意沟通方式")
    transfer = services.request_transfer(complaint=c, by=handler, reason="经核实，非本部门事项，应由住建部门办理")
    services.decide_transfer(request=transfer, by=dispatcher, approve=True)
    other = people["handler2"].department
    services.assign(complaint=c, department=other, by=dispatcher, note="住建部门请于三日内联系企业")

    page = login("enterprise1")
    page.goto(f"{live_server.url}/complaints/{c.pk}/")
    line = timeline(page)
    for internal in ("情绪激动", "非本部门事项", "住建部门请于三日内"):
        assert internal not in page.content(), internal
    assert f"已分办至{other.name}" in line
    assert "已转办" in line
    assert page.locator('#timeline li[data-action="request_transfer"]').count() == 0

    # The staff still read every note on their timeline.
    page = login("dispatcher1")
    page.goto(f"{live_server.url}/complaints/{c.pk}/")
    assert "非本部门事项" in timeline(page) and "情绪激动" in timeline(page)

    # And the API the enterprise reads says no more than its page.
    page = login("enterprise1")
    body = page.request.get(f"{live_server.url}/api/v1/complaints/{c.pk}/").text()
    assert "非本部门事项" not in body and "情绪激动" not in body and "已转办" in body


# ---- 3. the dashboard's figures follow the change that moved them -------------------------------------


@pytest.fixture
def worker_inline(monkeypatch):
    """Run what the outbox publishes inline, as a worker would within a second (the suite may point at a Redis
    nobody consumes)."""
    from django.core.cache import cache

    import oversight.tasks  # noqa: F401  (registers the task)
    from portal import outbox
    from portal.celery import app

    cache.clear()  # no once-per-interval flag left by an earlier test
    def publish(message):
        if message.task.startswith("oversight."):  # the e-mail deliveries are not this test's business
            app.tasks[message.task].apply(args=message.args)

    monkeypatch.setattr(outbox, "_publish", publish)
    yield
    cache.clear()


def test_dashboard_figures_agree_with_the_lists_right_after_a_change(people, login, live_server, worker_inline):
    from liaison import services as liaison

    page = login("oversight1")
    page.goto(f"{live_server.url}/oversight/")
    total = int(page.locator('[data-figure="total"]').inner_text())
    held, target = (int(x) for x in page.locator('[data-figure="forums"]').inner_text().split("/"))

    # Two changes elsewhere: a complaint filed, a forum held.
    filed(people, title="新入驻企业用电报装慢")
    forum = liaison.schedule_forum(by=people["dispatcher1"], title="民营企业座谈会", date=timezone.localdate(),
                                   place="区政府三楼会议室", organiser=people["handler1"].department, agenda="听取意见")
    liaison.hold_forum(forum=forum, by=people["dispatcher1"], minutes="企业反映用电、用工问题。")

    page.reload()
    expect(page.locator('[data-figure="total"]')).to_have_text(str(total + 1))
    expect(page.locator('[data-figure="forums"]')).to_have_text(f"{held + 1} / {target}")
    expect(page.locator("#computed-at")).to_contain_text("数据截至")
    # The card and the list behind it say the same.
    page.locator('[data-figure="total"]').click()
    expect(page.locator("h1")).to_contain_text(f"共 {total + 1} 件")


# ---- 4. error pages in the site's layout, in the user's language, with a way back --------------------


@pytest.fixture
def raising_urls(settings):
    settings.ROOT_URLCONF = "tests.browser.raising_urls"
    settings.DEBUG = False


def test_error_pages_say_what_happened_and_lead_back(people, login, live_server, raising_urls):
    page = login("enterprise1")
    response = page.goto(f"{live_server.url}/conduct/reports/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("没有权限")
    expect(page.get_by_role("link", name="返回首页")).to_be_visible()
    expect(page.locator("nav.navbar")).to_be_visible()

    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")

    response = page.goto(f"{live_server.url}/boom/")
    assert response.status == 500
    expect(page.locator("h1")).to_have_text("服务器出错")
    expect(page.get_by_role("link", name="返回首页")).to_be_visible()
    assert "Server Error" not in page.content()

    # A form posted without its CSRF cookie (expired, or cookies blocked): a page that says so.
    page.goto(f"{live_server.url}/complaints/new/")
    page.context.clear_cookies(name="csrftoken")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("h1")).to_have_text("页面已过期，未能提交")
    assert "CSRF verification failed" not in page.content()

    # In English for a user who chose English.
    page = login("enterprise1")
    page.locator("#language-form select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server.url}/no-such-page/")
    expect(page.locator("h1")).to_have_text("Page not found")
    page.goto(f"{live_server.url}/boom/")
    expect(page.locator("h1")).to_have_text("Server error")
    expect(page.get_by_role("link", name="Back to the home page")).to_be_visible()


# ---- 5. a 不满意 without a reason stays on the complaint page ------------------------------------------


def test_a_dissatisfied_rating_without_a_reason_is_corrected_on_the_complaint_page(people, login, live_server):
    dispatcher, handler = people["dispatcher1"], people["handler1"]
    c = filed(people, title="企业用地审批进度慢")
    services.assign(complaint=c, department=handler.department, by=dispatcher)
    services.accept(complaint=c, by=handler)
    services.answer(complaint=c, by=handler, text="已协调自然资源部门加快审批。")

    page = login("enterprise1")
    page.goto(f"{live_server.url}/complaints/{c.pk}/")
    page.get_by_label("不满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()

    # Still the complaint (its title, number and timeline), the error beside the field, the choice kept …
    expect(page.locator("#rate-form #id_reason_error")).to_contain_text("请选择原因")
    expect(page.locator("h1")).to_have_text(c.title)
    expect(page.locator("#complaint-number")).to_have_text(c.number)
    assert page.locator("#timeline li").count() >= 1
    expect(page.get_by_label("不满意", exact=True)).to_be_checked()
    # … and the keyboard lands on the field to fix.
    expect(page.get_by_label("不满意原因")).to_be_focused()
    assert page.get_by_role("heading", name="评价答复").count() == 0

    page.get_by_label("不满意原因").select_option(label="问题未解决")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "submitted")
    c.refresh_from_db()
    assert (c.rating, c.rating_reason) == ("dissatisfied", "unsolved")
