"""征求意见 (acceptance 2): a five-paragraph draft, two enterprises comment, it closes (time travel), the
department answers each comment and publishes the response table; the page and the API show the same."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from policies import services
from policies.models import Comment, Consultation
from policies.reminders import consultation_answer_reminders
from portal.errors import TransitionRefused

pytestmark = pytest.mark.django_db

OPENS, CLOSES = dt.date(2026, 6, 1), dt.date(2026, 6, 30)
PARAGRAPHS = [f"第{i}条 条文内容{i}。" for i in range(1, 6)]


@pytest.fixture
def consultation(people, department):
    with time_machine.travel(dt.datetime(2026, 5, 20, 9), tick=False):
        c = services.create_consultation(by=people["handler1"], department=department, title="涉企检查规范（征求意见稿）",
                                         text=PARAGRAPHS, opens_on=OPENS, closes_on=CLOSES)
        services.open_consultation(c, by=people["handler1"])
    return c


def test_full_consultation_cycle(client, people, consultation):
    api = f"/api/v1/consultations/{consultation.pk}/"
    with time_machine.travel(dt.datetime(2026, 6, 10, 10), tick=False):
        client.force_login(people["enterprise1"])
        r = client.post(f"{api}comments/", {"paragraph": 2, "text": "建议明确年度计划公布渠道。", "show_name": True},
                        content_type="application/json")
        assert r.status_code == 201, r.content
        client.force_login(people["enterprise2"])
        assert client.post(f"{api}comments/", {"paragraph": 3, "text": "联合检查应提前告知。"},
                           content_type="application/json").status_code == 201
        assert client.post(f"{api}comments/", {"paragraph": 9, "text": "x"},
                           content_type="application/json").status_code == 400
        # answering before closing is refused
        with pytest.raises(TransitionRefused):
            services.answer_comment(Comment.objects.first(), by=people["handler1"], decision="adopted", reason="r")
    with time_machine.travel(dt.datetime(2026, 7, 1, 10), tick=False):
        client.force_login(people["enterprise1"])
        assert client.post(f"{api}comments/", {"paragraph": 1, "text": "迟到的意见"},
                           content_type="application/json").status_code == 409
        c1, c2 = Comment.objects.filter(consultation=consultation).order_by("paragraph__number")
        with pytest.raises(TransitionRefused):  # not every comment answered yet
            services.publish_response(consultation, by=people["handler1"])
        with pytest.raises(PermissionDenied):
            services.answer_comment(c1, by=people["handler2"], decision="adopted", reason="r")
        client.force_login(people["handler1"])
        client.post(f"/policies/comments/{c1.pk}/answer/", {"decision": "adopted", "reason": "已在第二条中明确。"})
        client.post(f"/policies/comments/{c2.pk}/answer/", {"decision": "rejected", "reason": "已有规定，无需重复。"})
        final = "\n\n".join([PARAGRAPHS[0], "第2条 年度检查计划在门户网站公布。", *PARAGRAPHS[2:]])
        r = client.post(f"/policies/consultations/{consultation.pk}/respond/", {"final_text": final, "note": "共收到2条意见"})
        assert r.status_code == 302
        consultation.refresh_from_db()
        assert consultation.status == Consultation.Status.RESPONDED
        assert consultation.versions.count() == 2

        client.logout()
        page = client.get(f"/policies/consultations/{consultation.pk}/").content.decode()
        assert "已在第二条中明确。" in page and "已有规定，无需重复。" in page
        assert people["enterprise1"].enterprise.name in page  # chose to be named
        assert people["enterprise2"].enterprise.name not in page  # did not
        assert "年度检查计划在门户网站公布" in page  # the final text beside the draft
        data = client.get(api).json()
        assert [len(v["paragraphs"]) for v in data["versions"]] == [5, 5]
        assert [(r["paragraph"], r["decision"]) for r in data["responses"]] == [(2, "adopted"), (3, "rejected")]
        assert data["responses"][1]["author"] == "匿名企业"
        assert data["phase"] == "responded"


def test_open_consultation_is_readable_without_login_with_fixed_queries(client, consultation,
                                                                        django_assert_num_queries):
    with django_assert_num_queries(6):  # count, rows, hearings, versions, paragraphs, responses
        r = client.get("/api/v1/consultations/")
    assert r.status_code == 200
    assert any(c["id"] == consultation.pk and len(c["versions"][0]["paragraphs"]) == 5 for c in r.json()["results"])
    assert client.get(f"/policies/consultations/{consultation.pk}/").status_code == 200


def test_drafts_stay_with_the_department(client, people, department):
    draft = services.create_consultation(by=people["handler1"], department=department, title="草稿", text=["一"],
                                         opens_on=OPENS, closes_on=CLOSES)
    assert client.get(f"/api/v1/consultations/{draft.pk}/").status_code == 404
    client.force_login(people["handler1"])
    assert client.get(f"/policies/consultations/{draft.pk}/").status_code == 200


def test_comment_needs_login(client, consultation):
    with time_machine.travel(dt.datetime(2026, 6, 10, 10), tick=False):
        r = client.post(f"/api/v1/consultations/{consultation.pk}/comments/", {"paragraph": 1, "text": "x"},
                        content_type="application/json")
    assert r.status_code in (401, 403)


def test_liaison_officer_reminded_once_of_unanswered_comments(people, consultation):
    with time_machine.travel(dt.datetime(2026, 6, 10, 10), tick=False):
        services.add_comment(consultation, by=people["enterprise1"], paragraph=consultation.versions.get().paragraphs.first(),
                             text="意见")
    assert consultation_answer_reminders(dt.date(2026, 6, 30)) == 0  # still open
    assert consultation_answer_reminders(dt.date(2026, 7, 1)) == 1
    assert consultation_answer_reminders(dt.date(2026, 7, 2)) == 0
    assert people["handler1"].notifications.filter(key=f"consultation-unanswered:{consultation.pk}").count() == 1


def test_seed_demo_consultation_is_open_for_30_days(people):
    from policies.demo import CONSULTATION_TITLE

    c = Consultation.objects.get(title=CONSULTATION_TITLE)
    assert c.phase() == "open" and (c.closes_on - c.opens_on).days == 30
    assert c.versions.get().paragraphs.count() == 5
