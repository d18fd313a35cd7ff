"""党政办督查室 in the browser: its member issues a 督办通知 on an overdue complaint from the complaint page; the
notice is issued in the office's own name, and the department's handler finds it above its queue."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_party_office_issues_a_notice_that_reaches_the_department(people, login, live_server):
    from django.utils import timezone

    from complaints.models import Complaint, SupervisionNotice
    from portal.models import Role
    from portal.roles import holders

    c = (Complaint.objects.filter(jurisdiction__code="HK", status=Complaint.Status.ACCEPTED, department__isnull=False)
         .order_by("id").first())
    # Overdue: its answer was due a week ago.
    Complaint.objects.filter(pk=c.pk).update(answer_deadline=timezone.localdate() - datetime.timedelta(days=7))
    handler = holders(Role.HANDLER).filter(department=c.department_id).first()

    page = login("dzb_oversight1")
    page.goto(f"{live_server.url}/complaints/{c.pk}/")
    page.get_by_role("link", name="下达督办通知").click()
    page.wait_for_load_state()
    page.get_by_label("督办要求").fill("请于反馈期限前书面说明超期原因和办结时间。")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert "已下达督办通知" in page.content()
    page.locator("#complaint-notices a").first.click()
    page.wait_for_load_state()
    assert page.locator("#notice-office").inner_text() == "党政办督查室"
    notice = SupervisionNotice.objects.get(complaint=c)
    assert notice.office.name == "党政办督查室" and notice.issued_by.username == "dzb_oversight1"

    page = login(handler.username)
    page.goto(f"{live_server.url}/complaints/queue/")
    assert c.number in page.locator("#queue-notices").inner_text()
