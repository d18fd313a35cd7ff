"""Defect 3: a conduct reporter's identity reaches nobody but the investigators.

As a superuser, every admin change list and every API list is searched for the reporter (user name, full
name) and for the report's number: no page may show the two together, and the reporter's own message about
their report ("您的举报 … 已办结") is in no admin list at all.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse
from rest_framework.test import APIClient

from conduct import services
from portal.models import Notification, Role, User
from portal.roles import group_id


@pytest.fixture
def concluded(people, rule):
    ent = people["enterprise1"]
    reporter = User.objects.create(username="whistle7", full_name="举报人柒", enterprise=ent.enterprise,
                                   jurisdiction=ent.jurisdiction, email="whistle7@example.com")
    reporter.groups.add(group_id(Role.ENTERPRISE))
    report = services.file_report(reporter=reporter, rules=[rule], description="某工作人员索要礼金。",
                                  subject_name="某局张某")
    inv = people["investigator1"]
    services.start_investigation(report, by=inv)
    services.conclude(report, by=inv, outcome="已查实并处理。", status="founded")
    note = Notification.objects.get(recipient=reporter, subject__contains=report.number)
    assert note.confidential
    return reporter, report, note


def _leaks(text: str, reporter, report) -> list[str]:
    found = []
    if report.number in text and (reporter.username in text or reporter.full_name in text):
        found.append("report number next to the reporter")
    if "您的举报" in text:
        found.append("the reporter's own message")
    return found


def test_no_admin_change_list_ties_the_reporter_to_the_report(concluded, people):
    reporter, report, note = concluded
    assert people["admin"].is_superuser
    client = Client()
    client.force_login(people["admin"])
    searched = 0
    problems = []
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for q in (reporter.username, reporter.full_name, report.number, ""):
            r = client.get(url, {"q": q} if q else {})
            assert r.status_code == 200, (url, q, r.status_code)
            searched += 1
            problems += [f"{url}?q={q}: {p}" for p in _leaks(r.content.decode(), reporter, report)]
    assert searched >= 4 * 10
    assert not problems, problems
    # Nor its change page, by id.
    r = client.get(reverse("admin:portal_notification_change", args=[note.pk]), follow=True)
    assert report.number not in r.content.decode()
    # The search in the notification list would have found it before the fix.
    assert Notification.objects.filter(subject__contains=report.number, recipient=reporter).exists()


def test_no_api_list_ties_the_reporter_to_the_report(concluded, people):
    from portal.api.urls import router

    reporter, report, _note = concluded
    api = APIClient()
    api.force_authenticate(people["admin"])
    problems, listed = [], 0
    for _prefix, _viewset, basename in router.registry:
        try:
            url = reverse(f"api:{basename}-list")
        except NoReverseMatch:
            continue
        for q in (reporter.username, reporter.full_name, report.number, ""):
            r = api.get(url, {"search": q} if q else {})
            listed += 1
            problems += [f"{url}?search={q}: {p}" for p in _leaks(r.content.decode(), reporter, report)]
    assert listed >= 4 * 10
    assert not problems, problems


def test_the_reporter_still_reads_the_message_in_their_inbox(concluded):
    reporter, report, _note = concluded
    client = Client()
    client.force_login(reporter)
    assert report.number in client.get(reverse("portal:inbox")).content.decode()
