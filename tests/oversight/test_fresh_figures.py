"""Issue 15 defect 3: a change that moves a figure refreshes the stored summary after commit (never before,
never for a change that rolls back), once however many changes a burst makes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from complaints import services
from complaints.models import Category
from oversight import queries, rollups
from oversight.models import SummarySnapshot
from portal import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """What the outbox hands to Celery, run at once (the worker's part)."""
    from oversight import tasks

    cache.clear()
    sent = []

    def publish(message):
        sent.append(message.task)
        if message.task == "oversight.tasks.refresh_changed":
            tasks.refresh_changed(*message.args)

    monkeypatch.setattr(outbox, "_publish", publish)
    yield sent
    cache.clear()


def file_one(people, title="门前道路破损"):
    ent = people["enterprise1"]
    category = Category.objects.get(jurisdiction=ent.enterprise.jurisdiction, name="投诉举报")
    return services.submit_complaint(enterprise=ent.enterprise, submitter=ent, category=category, title=title,
                                     description="请尽快处理。")


def test_a_filed_complaint_refreshes_the_stored_summary_after_commit(people, published,
                                                                      django_capture_on_commit_callbacks):
    hk = people["enterprise1"].enterprise.jurisdiction
    scope = queries.Scope(timezone.localdate().year, hk)
    dept_scope = queries.Scope(scope.year, hk, people["handler1"].department)
    before = rollups.current(scope).data["complaints"]["total"]
    rollups.current(dept_scope)  # a department scope someone looked at is kept fresh too
    with django_capture_on_commit_callbacks(execute=True):
        c = file_one(people)
        services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
    assert published.count("oversight.tasks.refresh_changed") == 1  # one refresh for the whole change
    assert SummarySnapshot.objects.get(year=scope.year, jurisdiction=hk, department=None).data[
        "complaints"]["total"] == before + 1
    assert SummarySnapshot.objects.get(year=scope.year, jurisdiction=hk,
                                       department=dept_scope.department).data["complaints"]["total"] >= 1


def test_a_change_that_rolls_back_refreshes_nothing(people, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                file_one(people)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert "oversight.tasks.refresh_changed" not in published


def test_a_held_forum_moves_the_forum_figure(people, published, django_capture_on_commit_callbacks):
    from liaison import services as liaison

    hk = people["enterprise1"].enterprise.jurisdiction
    scope = queries.Scope(timezone.localdate().year, hk)
    held = rollups.current(scope).data["forums"]["held"]
    with django_capture_on_commit_callbacks(execute=True):
        forum = liaison.schedule_forum(by=people["dispatcher1"], title="座谈会", date=timezone.localdate(),
                                       place="会议室", organiser=people["handler1"].department, agenda="听取意见")
    with django_capture_on_commit_callbacks(execute=True):
        liaison.hold_forum(forum=forum, by=people["dispatcher1"], minutes="纪要")
    assert rollups.current(scope).data["forums"]["held"] == held + 1


def test_the_dashboard_shows_the_time_of_its_figures(people):
    from django.test import Client

    client = Client()
    client.force_login(people["oversight1"])
    body = client.get("/oversight/").content.decode()
    assert "数据截至" in body
