"""首问负责制 with teeth: the first responder hears of every step, sees their complaints on the home page, and
answers for a complaint transferred a second time; 踢皮球 and 督办后仍超期 are flagged for 问责."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client

from complaints import services
from complaints.models import Complaint, Event
from portal.errors import TransitionRefused
from portal.models import Notification, OutboxMessage

pytestmark = pytest.mark.django_db

STEP = "您首问的诉求"


def told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user, subject__contains=STEP).order_by("id")
                .values_list("subject", flat=True))


def test_the_first_responder_is_told_of_every_step_until_the_complaint_closes(people, submit):
    disp, h1, ent = people["dispatcher1"], people["handler1"], people["enterprise1"]
    c = submit()
    services.assign(complaint=c, department=h1.department, by=disp)
    assert c.first_responder == disp and told(disp) == []  # their own step
    services.accept(complaint=c, by=h1)
    services.request_extension(complaint=c, by=h1, reason="需现场勘查",
                               new_deadline=c.answer_deadline + dt.timedelta(days=3))
    services.answer(complaint=c, by=h1, text="已修复。")
    services.rate(complaint=c, by=ent, rating=Complaint.Rating.SATISFIED)
    subjects = told(disp)
    assert len(subjects) == 4
    assert "签收 → 已签收" in subjects[0]
    assert "申请延期" in subjects[1]
    assert "答复 → 已答复" in subjects[2]
    assert "评价 → 已办结" in subjects[3]
    assert all(s.startswith(f"【{c.number}】") for s in subjects)
    assert Notification.objects.filter(recipient=disp, subject__contains=STEP, url=f"/complaints/{c.pk}/").count() == 4


def test_a_step_tells_the_first_responder_in_one_statement_with_the_outbox_row(people, submit,
                                                                                 django_assert_num_queries):
    c = submit()
    services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
    event = Event.objects.create(complaint=c, actor=people["handler1"], action=Event.Action.ACCEPT,
                                 from_status="assigned", to_status="accepted")
    OutboxMessage.objects.all().delete()
    # The inbox row is one INSERT … SELECT (the first responder is never loaded); the e-mail request is the
    # outbox row written in the same transaction.
    with django_assert_num_queries(2):
        services._tell_first_responder(c, event, people["handler1"])
    assert len(told(people["dispatcher1"])) == 1
    assert OutboxMessage.objects.filter(task="portal.tasks.deliver_emails").exists()


def test_an_official_who_filed_on_a_visit_hears_of_the_dispatchers_steps(people, category):
    official = people["official1"]
    c = services.submit_complaint(enterprise=people["enterprise1"].enterprise, submitter=official,
                                  category=category, title="走访发现：用电增容", description="x", source="走访")
    services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
    c.refresh_from_db()
    assert c.first_responder == official
    assert ["分办 → 已分办" in s for s in told(official)] == [True]


def test_the_second_transfer_asks_the_first_responder_with_a_link(people, submit, transfer):
    disp = people["dispatcher1"]
    c = submit()
    transfer(c, "handler1")
    assert c.transfer_count == 1 and c.responder_asked_at is None
    assert not c.events.filter(action=Event.Action.ASK_RESPONDER).exists()
    transfer(c, "handler2")
    assert c.transfer_count == 2 and c.responder_asked_at is not None
    ask = c.events.get(action=Event.Action.ASK_RESPONDER)
    assert "第2次转办" in ask.note and not ask.public
    link = f"/complaints/{c.pk}/responder-answer/"
    assert Notification.objects.filter(recipient=disp, url=link, subject__contains="请首问责任人说明").count() == 1
    assert Notification.objects.filter(recipient=people["oversight1"], subject__contains="转办2次（踢皮球）").exists()


def test_the_first_responder_answers_through_the_link_and_the_answer_is_an_event(people, bounced):
    c = bounced()
    client = Client()
    client.force_login(people["dispatcher1"])
    url = f"/complaints/{c.pk}/responder-answer/"
    assert "首问责任人说明" in client.get(f"/complaints/{c.pk}/").content.decode()
    assert client.get(url).status_code == 200
    r = client.post(url, {"text": "两部门均认为不属本部门职责，已协调由住建部门牵头。"})
    assert r.status_code == 302 and r["Location"] == f"/complaints/{c.pk}/"
    c.refresh_from_db()
    assert c.responder_asked_at is None
    answer = c.events.get(action=Event.Action.RESPONDER_ANSWER)
    assert answer.actor == people["dispatcher1"] and "住建部门牵头" in answer.note
    assert Notification.objects.filter(recipient=people["oversight1"], subject__contains="首问责任人已说明").exists()
    with pytest.raises(TransitionRefused):  # answered once; nothing is asked now
        services.answer_as_first_responder(complaint=c, by=people["dispatcher1"], text="再说一次")


def test_only_the_first_responder_may_answer(people, bounced):
    c = bounced()
    with pytest.raises(PermissionDenied):
        services.answer_as_first_responder(complaint=c, by=people["handler2"], text="不是我首问的")
    client = Client()
    client.force_login(people["handler2"])  # sees the complaint (acted on it), is not its first responder
    assert client.post(f"/complaints/{c.pk}/responder-answer/", {"text": "x"}).status_code == 403
    client.force_login(people["enterprise1"])
    assert client.get(f"/complaints/{c.pk}/responder-answer/").status_code == 403
    client.force_login(people["official1"])  # neither first responder nor able to see it
    assert client.get(f"/complaints/{c.pk}/responder-answer/").status_code == 404


def test_a_complaint_transferred_twice_is_flagged(people, submit, transfer, bounced):
    once = submit("转办一次")
    transfer(once, "handler1")
    twice = bounced("转办两次")
    flagged = {c.pk: c for c in Complaint.objects.flagged()}
    assert twice.pk in flagged and once.pk not in flagged
    assert flagged[twice.pk].bounced and not flagged[twice.pk].late_after_notice


def _overdue_with_notice(people, submit):
    """Assigned 2026-03-02 to handler1's department, never answered; a notice on 03-30 asks for 04-03."""
    tz = dt.timezone(dt.timedelta(hours=8))
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=tz), tick=False):
        c = submit("督办件")
        services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
    with time_machine.travel(dt.datetime(2026, 3, 30, 10, tzinfo=tz), tick=False):
        services.issue_notice(complaint=c, by=people["oversight1"], instruction="请立即办理",
                              deadline=dt.date(2026, 4, 3))
    return c


def flagged_late(pk: int, day: dt.date) -> bool:
    return Complaint.objects.with_flags(day).get(pk=pk).late_after_notice


def test_overdue_after_a_notice_is_flagged_once_its_deadline_passes_unanswered(people, submit):
    c = _overdue_with_notice(people, submit)
    assert not flagged_late(c.pk, dt.date(2026, 4, 3))  # the notice's deadline: still time
    assert flagged_late(c.pk, dt.date(2026, 4, 4))
    assert c.pk in set(Complaint.objects.flagged(dt.date(2026, 4, 4)).values_list("pk", flat=True))


def test_answered_by_the_notices_deadline_is_not_flagged_and_answered_later_stays_flagged(people, submit):
    tz = dt.timezone(dt.timedelta(hours=8))
    in_time, late = _overdue_with_notice(people, submit), _overdue_with_notice(people, submit)
    for c, day in ((in_time, 2), (late, 7)):
        with time_machine.travel(dt.datetime(2026, 4, day, 10, tzinfo=tz), tick=False):
            services.accept(complaint=c, by=people["handler1"])
            services.answer(complaint=c, by=people["handler1"], text="已办理")
    assert not flagged_late(in_time.pk, dt.date(2026, 4, 10))
    assert flagged_late(late.pk, dt.date(2026, 4, 10))


def test_the_migration_counts_transfers_approved_before_the_count_existed(people, submit):
    from importlib import import_module

    from django.apps import apps

    from complaints.models import Request

    migration = import_module("complaints.migrations.0007_first_responder_duty")
    c, other = submit("早先转办两次"), submit("从未转办")
    for status in ("approved", "approved", "rejected"):
        Request.objects.create(complaint=c, kind="transfer", status=status, department=people["handler1"].department,
                               reason="x", requested_by=people["handler1"])
    migration.count_past_transfers(apps, None)
    c.refresh_from_db()
    other.refresh_from_db()
    assert (c.transfer_count, other.transfer_count) == (2, 0)
    assert c.pk in set(Complaint.objects.flagged().values_list("pk", flat=True))
