"""Issue 15: deadlines across re-routing (every change a timeline step), public and internal notes (page and
API), the rating form's errors on the complaint page, the attachments a failed submit dropped."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from complaints import services
from complaints.models import Complaint, Event
from portal import calendar
from tests.complaints.conftest import pdf

pytestmark = pytest.mark.django_db
S = Complaint.Status
A = Event.Action


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def extended_then_sent_back(people, make_complaint):
    """Accepted by handler1's department, extended by 5 working days, then sent back (待受理 again)."""
    c = make_complaint(S.ACCEPTED)
    extended = calendar.add_working_days(c.answer_deadline, 5)
    req = services.request_extension(complaint=c, by=people["handler1"], reason="需现场勘查", new_deadline=extended)
    services.decide_extension(request=req, by=people["dispatcher1"], approve=True)
    req = services.request_transfer(complaint=c, by=people["handler1"], reason="非本部门事项")
    services.decide_transfer(request=req, by=people["dispatcher1"], approve=True)
    c.refresh_from_db()
    assert (c.status, c.answer_deadline) == (S.SUBMITTED, extended)
    return c, extended


def test_an_approved_extension_moves_the_current_deadline_and_says_so(people, make_complaint):
    c = make_complaint(S.ACCEPTED)
    before = c.answer_deadline
    extended = calendar.add_working_days(before, 3)
    req = services.request_extension(complaint=c, by=people["handler1"], reason="需协调", new_deadline=extended)
    services.decide_extension(request=req, by=people["dispatcher1"], approve=True)
    c.refresh_from_db()
    event = c.events.get(action=A.APPROVE_EXTENSION)
    assert c.answer_deadline == extended and c.extension_used
    assert before.isoformat() in event.note and "需协调" in event.note
    assert event.public_note == f"答复期限已延至{extended.isoformat()}"


def test_rerouted_back_to_its_department_the_extension_is_kept(people, make_complaint):
    c, extended = extended_then_sent_back(people, make_complaint)
    services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
    c.refresh_from_db()
    assert (c.answer_deadline, c.extension_used) == (extended, True)  # no second extension for it
    assert not c.events.filter(action=A.DEADLINE).exists()  # the date did not change


def test_a_new_department_gets_fresh_deadlines_and_the_change_is_a_timeline_step(people, make_complaint):
    c, extended = extended_then_sent_back(people, make_complaint)
    other = people["handler2"].department
    services.assign(complaint=c, department=other, by=people["dispatcher1"])
    c.refresh_from_db()
    fresh = calendar.add_working_days(c.assigned_at.date(), c.category.answer_days)
    assert (c.answer_deadline, c.extension_used) == (fresh, False)  # the new department may extend once
    step = c.events.get(action=A.DEADLINE)
    assert extended.isoformat() in step.note and fresh.isoformat() in step.note and other.name in step.note
    assert step.public and extended.isoformat() in step.public_note and "按类别时限" in step.public_note
    # The enterprise reads the step on its page.
    body = client_for(people["enterprise1"]).get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert "预计答复日期调整" in body and fresh.isoformat() in body


def test_the_enterprise_reads_public_lines_only_on_the_page_and_in_the_api(people, make_complaint):
    c = make_complaint(S.SUBMITTED)
    services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"],
                    note="内部：企业负责人情绪激动")
    req = services.request_transfer(complaint=c, by=people["handler1"], reason="经核实非本部门事项")
    services.decide_transfer(request=req, by=people["dispatcher1"], approve=True)
    services.assign(complaint=c, department=people["handler2"].department, by=people["dispatcher1"])
    services.accept(complaint=c, by=people["handler2"])

    page = client_for(people["enterprise1"]).get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert "情绪激动" not in page and "非本部门事项" not in page
    assert "已转办" in page and "部门已签收" in page
    assert f"已分办至{people['handler2'].department.name}" in page

    api = APIClient()
    api.force_authenticate(people["enterprise1"])
    events = api.get(f"/api/v1/complaints/{c.pk}/").json()["events"]
    text = repr(events)
    assert "情绪激动" not in text and "非本部门事项" not in text
    assert [e["action_display"] for e in events] == ["提交诉求", "已分办", "已转办", "已分办", "部门已签收"]
    assert events[1]["actor"] == ""  # a step inside government is not a person's name to the enterprise
    assert events[0]["actor"] == people["enterprise1"].display_name

    api.force_authenticate(people["dispatcher1"])
    staff = repr(api.get(f"/api/v1/complaints/{c.pk}/").json()["events"])
    assert "情绪激动" in staff and "非本部门事项" in staff


def test_a_rating_without_its_reason_comes_back_on_the_complaint_page(people, make_complaint):
    c = make_complaint(S.ANSWERED)
    r = client_for(people["enterprise1"]).post(reverse("complaints:rate", args=[c.pk]), {"rating": "dissatisfied"})
    body = r.content.decode()
    assert r.status_code == 400
    assert 'id="complaint-number"' in body and 'id="timeline"' in body  # the complaint page itself
    assert 'id="id_reason_error"' in body and "请选择原因" in body
    assert 'value="dissatisfied"' in body and "checked" in body.split('value="dissatisfied"')[1][:40]
    c.refresh_from_db()
    assert c.status == S.ANSWERED


def test_attachments_are_kept_through_a_failed_submit(people, categories):
    """A browser cannot refill a file input: files that passed their checks are kept for the next submit,
    shown as 已上传, and filed with it; one unticked is dropped."""
    import uuid

    from portal import uploads

    client = client_for(people["enterprise1"])
    token = str(uuid.uuid4())
    form = {"category": categories["投诉举报"].pk, "description": "排水沟堵塞", "submission_token": token}
    r = client.post(reverse("complaints:new"), {**form, "title": "", "attachments": [pdf("R&D合同.pdf"), pdf("照片.pdf")]})
    body = r.content.decode()
    assert 'id="held-uploads"' in body and "已上传：R&amp;D合同.pdf" in body and "已上传：照片.pdf" in body
    held = client.session[f"held-uploads:{token}"]
    assert [h["name"] for h in held] == ["R&D合同.pdf", "照片.pdf"]

    # Submitted again with the first kept, the second unticked: one attachment, no file left behind.
    r = client.post(reverse("complaints:new"), {**form, "title": "排水沟堵塞", "keep_upload": [held[0]["id"]]})
    assert r.status_code == 302
    c = Complaint.objects.get(submission_token=token)
    assert [a.name for a in c.attachments.all()] == ["R&D合同.pdf"]
    assert c.attachments.get().file.read().startswith(b"%PDF")
    assert f"held-uploads:{token}" not in client.session
    from django.core.files.storage import default_storage

    assert default_storage.listdir(uploads.HELD_FOLDER)[1] == []


def test_kept_files_are_only_this_sessions(people, categories):
    """Another user posting the same token claims nothing: the list lives in the session that kept it."""
    import uuid

    token = str(uuid.uuid4())
    form = {"category": categories["投诉举报"].pk, "description": "x", "submission_token": token}
    client_for(people["enterprise1"]).post(reverse("complaints:new"), {**form, "title": "", "attachments": [pdf()]})
    other = client_for(people["enterprise2"])
    r = other.post(reverse("complaints:new"), {**form, "title": "借用", "keep_upload": ["anything"]})
    assert r.status_code == 302
    assert not Complaint.objects.get(title="借用").attachments.exists()


def test_abandoned_kept_files_are_purged_after_a_day(people, categories):
    import datetime as dt
    import uuid

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from portal import uploads

    form = {"category": categories["投诉举报"].pk, "description": "x", "submission_token": str(uuid.uuid4())}
    client_for(people["enterprise1"]).post(reverse("complaints:new"), {**form, "title": "", "attachments": [pdf()]})
    assert uploads.purge_held() == 0
    assert uploads.purge_held(now=timezone.now() + dt.timedelta(hours=uploads.HELD_HOURS + 1)) == 1
    assert default_storage.listdir(uploads.HELD_FOLDER)[1] == []
