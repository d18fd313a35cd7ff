"""Issue 13, deliver 5: a consultation is of a policy or of a conduct register; a 听证会/论证会 is a liaison forum of
kind hearing linked to it; chambers comment as well as enterprises (through the chamber's login, its row in the
enterprise register: liaison.Chamber.account); the versions of the draft stand side by side. Deliver 6: both
reminders run in the one daily sweep."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from conduct import services as conduct_services
from conduct.models import Register
from liaison import services as liaison_services
from liaison.models import Chamber, Forum
from policies import services
from policies.models import Comment, Consultation
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


def _schedule(people, department, *, kind, title="《涉企检查规范》听证会"):
    return liaison_services.schedule_forum(by=people["official1"], title=title, date=dt.date(2026, 6, 15),
                                           place="管委会三楼会议室", organiser=department, agenda="听取企业意见",
                                           kind=kind)


def test_a_hearing_is_a_forum_of_kind_hearing_scheduled_from_the_forum_page(client, people, department):
    client.force_login(people["official1"])
    form = client.get(reverse("liaison:forum-create")).content.decode()
    assert 'value="hearing"' in form and "听证会/论证会" in form
    r = client.post(reverse("liaison:forum-create"), {
        "kind": "hearing", "title": "《涉企检查规范》论证会", "date": "2026-06-15", "place": "管委会三楼",
        "organiser": department.pk, "agenda": "专家论证"})
    assert r.status_code == 302, r.content.decode()[:3000]
    forum = Forum.objects.get(title="《涉企检查规范》论证会")
    assert forum.kind == Forum.Kind.HEARING
    page = client.get(reverse("liaison:forum-detail", args=[forum.pk])).content.decode()
    assert 'id="forum-kind">听证会/论证会</span>' in page
    assert client.get(f"/api/v1/forums/{forum.pk}/").json()["kind"] == "hearing"


def test_a_hearing_is_linked_to_the_consultation_and_shown_on_its_page_and_api(client, people, department,
                                                                                 consultation):
    hearing = _schedule(people, department, kind=Forum.Kind.HEARING)
    forum = _schedule(people, department, kind=Forum.Kind.FORUM, title="二季度政企座谈会")
    with pytest.raises(TransitionRefused):  # a plain 座谈会 is not a hearing
        services.link_hearing(consultation, by=people["handler1"], forum=forum)
    client.force_login(people["handler2"])  # not the drafting department
    assert client.post(reverse("policies:consultation-hearing", args=[consultation.pk]),
                       {"forum": hearing.pk}).status_code == 404
    client.force_login(people["handler1"])
    page = client.get(reverse("policies:consultation", args=[consultation.pk])).content.decode()
    assert f'<option value="{hearing.pk}"' in page and f'<option value="{forum.pk}"' not in page
    r = client.post(reverse("policies:consultation-hearing", args=[consultation.pk]), {"forum": hearing.pk})
    assert r.status_code == 302
    assert list(consultation.hearings.all()) == [hearing]
    client.logout()
    page = client.get(reverse("policies:consultation", args=[consultation.pk])).content.decode()
    assert f'data-hearing="{hearing.pk}"' in page and "《涉企检查规范》听证会" in page
    data = client.get(f"/api/v1/consultations/{consultation.pk}/").json()
    assert data["hearings"] == [{"id": hearing.pk, "title": "《涉企检查规范》听证会", "date": "2026-06-15",
                                 "place": "管委会三楼会议室", "status": "scheduled"}]


def test_a_hearing_of_another_jurisdiction_cannot_be_linked(people, consultation):
    from portal.models import Department

    zj_department = Department.objects.filter(jurisdiction__code="ZJ", kind="ordinary").first()
    zj_hearing = liaison_services.schedule_forum(by=people["admin"], title="湛江听证会", date=dt.date(2026, 6, 15),
                                                 place="湛江", organiser=zj_department, agenda="x", kind="hearing")
    with pytest.raises(TransitionRefused):
        services.link_hearing(consultation, by=people["handler1"], forum=zj_hearing)


@pytest.fixture
def chamber(people):
    """A chamber signs in through its row in the enterprise register: enterprise2's row stands for it here."""
    account = people["enterprise2"].enterprise
    chamber, _ = Chamber.objects.update_or_create(jurisdiction=account.jurisdiction, name="恒口示范区工商业联合会（总商会）",
                                                  defaults={"account": account})
    return chamber


def test_a_chamber_comments_through_its_login_and_is_named_as_a_chamber(client, people, consultation, chamber):
    api = f"/api/v1/consultations/{consultation.pk}/"
    with time_machine.travel(dt.datetime(2026, 6, 10, 10), tick=False):
        client.force_login(people["enterprise2"])
        page = client.get(reverse("policies:consultation", args=[consultation.pk])).content.decode()
        assert "您以恒口示范区工商业联合会（总商会）（商会/协会）的名义提出意见。" in page
        assert client.post(f"{api}comments/", {"paragraph": 2, "text": "建议会员企业集中反映的问题单列。",
                                                "show_name": True}, content_type="application/json").status_code == 201
        client.force_login(people["enterprise1"])
        assert client.post(f"{api}comments/", {"paragraph": 3, "text": "企业意见"},
                           content_type="application/json").status_code == 201
    by_chamber = Comment.objects.get(text="建议会员企业集中反映的问题单列。")
    assert by_chamber.chamber == chamber and by_chamber.author_kind == "chamber"
    assert Comment.objects.get(text="企业意见").chamber is None
    with time_machine.travel(dt.datetime(2026, 7, 1, 10), tick=False):
        client.force_login(people["handler1"])
        staff = client.get(reverse("policies:consultation", args=[consultation.pk])).content.decode()
        assert "恒口示范区工商业联合会（总商会）" in staff and '<span class="badge text-bg-secondary">商会/协会</span>' in staff
        for comment in Comment.objects.filter(consultation=consultation):
            services.answer_comment(comment, by=people["handler1"], decision="adopted", reason="采纳")
        services.publish_response(consultation, by=people["handler1"])
        client.logout()
        responses = {r["text"]: r for r in client.get(api).json()["responses"]}
    assert responses["建议会员企业集中反映的问题单列。"]["author"] == "恒口示范区工商业联合会（总商会）"
    assert responses["建议会员企业集中反映的问题单列。"]["author_kind"] == "chamber"
    assert responses["企业意见"]["author_kind"] == "enterprise" and responses["企业意见"]["author"] == "匿名企业"


def test_a_chamber_that_keeps_its_name_private_is_shown_as_a_chamber(people, consultation, chamber):
    with time_machine.travel(dt.datetime(2026, 6, 10, 10), tick=False):
        comment = services.add_comment(consultation, by=people["enterprise2"],
                                       paragraph=consultation.versions.get().paragraphs.first(), text="意见")
    assert comment.public_author == "匿名商会/协会"


def test_a_consultation_can_be_of_a_register_draft(client, people, department):
    conduct_services.seed_registers()
    register = Register.objects.get(key="hk-officials")
    client.force_login(people["handler1"])
    form = client.get(reverse("policies:consultation-new")).content.decode()
    assert "公职人员政商交往“十不准”" in form and "湛江市政商交往负面清单" not in form  # its own jurisdiction's
    r = client.post(reverse("policies:consultation-new"), {
        "department": department.pk, "title": "“十不准”修订稿（征求意见稿）", "text": "第一条\n\n第二条",
        "opens_on": "2026-06-01", "closes_on": "2026-06-30", "register": register.pk})
    assert r.status_code == 302, r.content.decode()[:3000]
    consultation = Consultation.objects.get(title="“十不准”修订稿（征求意见稿）")
    assert consultation.register == register and consultation.policy is None
    services.open_consultation(consultation, by=people["handler1"])
    client.logout()
    page = client.get(reverse("policies:consultation", args=[consultation.pk])).content.decode()
    assert 'id="consultation-register"' in page and "#register-hk-officials" in page
    assert client.get(f"/api/v1/consultations/{consultation.pk}/").json()["register"] == "hk-officials"


def test_a_consultation_is_of_a_policy_or_a_register_not_both_nor_a_foreign_one(people, department, make_policy):
    conduct_services.seed_registers()
    policy = make_policy(publish=True)
    kwargs = dict(by=people["handler1"], department=department, title="t", text=["一"], opens_on=OPENS,
                  closes_on=CLOSES)
    with pytest.raises(TransitionRefused):
        services.create_consultation(**kwargs, policy=policy, register=Register.objects.get(key="hk-officials"))
    with pytest.raises(TransitionRefused):
        services.create_consultation(**kwargs, register=Register.objects.get(key="zj-negative"))
    assert services.create_consultation(**kwargs, policy=policy).policy == policy


def test_versions_of_the_draft_stand_side_by_side(client, people, consultation):
    with time_machine.travel(dt.datetime(2026, 7, 1, 10), tick=False):
        services.publish_response(consultation, by=people["handler1"],
                                  final_text=[PARAGRAPHS[0], "第2条 修改后的条文。", *PARAGRAPHS[2:]])
        page = client.get(reverse("policies:consultation", args=[consultation.pk])).content.decode()
    assert "各版本对照" in page and "第 1 版 · 征求意见稿" in page and "第 2 版 · 修改稿" in page
    row = re.search(r'<tr data-paragraph="2">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == ["第2条 条文内容2。", "第2条 修改后的条文。"]


def test_both_reminders_run_in_the_one_daily_sweep(people, consultation):
    from liaison.reminders import run_sweep
    from policies.reminders import commitment_overdue_reminders, consultation_answer_reminders
    from portal import sweep

    assert consultation_answer_reminders in sweep.STEPS and commitment_overdue_reminders in sweep.STEPS
    with time_machine.travel(dt.datetime(2026, 6, 10, 10), tick=False):
        services.add_comment(consultation, by=people["enterprise1"],
                             paragraph=consultation.versions.get().paragraphs.first(), text="意见")
    with time_machine.travel(dt.datetime(2026, 7, 1, 8), tick=False):
        counts = run_sweep(dt.date(2026, 7, 1))
    assert counts["consultation_answer_reminders"] == 1 and "commitment_overdue_reminders" in counts
    assert people["handler1"].notifications.filter(key=f"consultation-unanswered:{consultation.pk}").exists()
