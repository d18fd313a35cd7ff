"""Asking about a policy: a 政策咨询 complaint routed straight to the issuing department's 政策联络员; its answer
becomes an FAQ entry only with the enterprise's consent, without the enterprise's name."""

from __future__ import annotations

import pytest
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Complaint
from policies import services
from policies.models import FaqEntry
from portal import calendar
from portal.errors import TransitionRefused

pytestmark = pytest.mark.django_db


def test_question_goes_to_the_liaison_officer_as_policy_question(people, make_policy, department):
    policy = make_policy(publish=True, title="技改补助")
    question = services.ask_question(policy=policy, by=people["enterprise1"], text="设备租赁算不算投资额？",
                                     consent_faq=True)
    c = question.complaint
    assert (c.category.name, c.status, c.department, c.first_responder) == (
        "政策咨询", Complaint.Status.ASSIGNED, department, people["handler1"])
    assert c.answer_deadline == calendar.add_working_days(timezone.localdate(c.assigned_at), c.category.answer_days)
    assert c.events.count() == 2
    assert people["handler1"].notifications.filter(url=f"/complaints/{c.pk}/").exists()
    assert not people["dispatcher1"].notifications.filter(url=f"/complaints/{c.pk}/").exists()


def test_answered_question_with_consent_becomes_faq_without_the_name(client, people, make_policy):
    policy = make_policy(publish=True)
    question = services.ask_question(policy=policy, by=people["enterprise1"], text="设备租赁算不算投资额？",
                                     consent_faq=True)
    with pytest.raises(TransitionRefused):  # not answered yet
        services.publish_faq(question=question, by=people["handler1"])
    complaint_services.accept(complaint=question.complaint, by=people["handler1"])
    complaint_services.answer(complaint=question.complaint, by=people["handler1"], text="融资租赁的设备计入投资额。")
    question.refresh_from_db()
    entry = services.publish_faq(question=question, by=people["handler1"])
    assert (entry.question, entry.answer) == ("设备租赁算不算投资额？", "融资租赁的设备计入投资额。")
    page = client.get(f"/policies/{policy.pk}/").content.decode()
    assert "融资租赁的设备计入投资额。" in page
    assert people["enterprise1"].enterprise.name not in page


def test_no_faq_without_consent(people, make_policy):
    policy = make_policy(publish=True)
    question = services.ask_question(policy=policy, by=people["enterprise1"], text="问题", consent_faq=False)
    complaint_services.accept(complaint=question.complaint, by=people["handler1"])
    complaint_services.answer(complaint=question.complaint, by=people["handler1"], text="答复")
    question.refresh_from_db()
    with pytest.raises(TransitionRefused):
        services.publish_faq(question=question, by=people["handler1"])
    assert not FaqEntry.objects.exists()


def test_asking_through_the_page(client, people, make_policy):
    policy = make_policy(publish=True)
    client.force_login(people["enterprise1"])
    r = client.post(f"/policies/{policy.pk}/ask/", {"text": "申报截止时间？", "consent_faq": "on"})
    complaint = Complaint.objects.get(enterprise=people["enterprise1"].enterprise, description="申报截止时间？")
    assert r.status_code == 302 and r["Location"] == f"/complaints/{complaint.pk}/"
    assert complaint.policy_question.consent_faq


def test_only_enterprises_ask_and_only_published_policies(client, people, make_policy):
    draft = make_policy()
    with pytest.raises(TransitionRefused):
        services.ask_question(policy=draft, by=people["enterprise1"], text="?")
    client.force_login(people["official1"])
    assert client.post(f"/policies/{make_policy(publish=True).pk}/ask/", {"text": "?"}).status_code == 403
