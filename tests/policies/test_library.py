"""The policy library: who drafts and publishes, what anybody reads without login, pinned query counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from policies import demo, services
from policies.models import Policy
from portal.errors import TransitionRefused
from portal.models import OutboxMessage

pytestmark = pytest.mark.django_db
DEMO = demo.POLICY["title"]  # seed_demo's policy (C13), published by the `people` fixture


def test_handler_of_the_issuing_department_publishes(people, make_policy):
    policy = make_policy()
    assert policy.status == Policy.Status.DRAFT and policy.jurisdiction_id == policy.department.jurisdiction_id
    services.publish_policy(policy, by=people["handler1"])
    policy.refresh_from_db()
    assert policy.status == Policy.Status.PUBLISHED and policy.published_by == people["handler1"]
    assert policy.issued_on is not None


@pytest.mark.parametrize("who", ["handler2", "enterprise1", "dispatcher1", "official1"])
def test_others_may_not_publish(people, make_policy, who):
    policy = make_policy()
    with pytest.raises(PermissionDenied):
        services.publish_policy(policy, by=people[who])
    assert Policy.objects.get(pk=policy.pk).status == Policy.Status.DRAFT


def test_admin_publishes_for_any_department(people, make_policy):
    policy = make_policy()
    services.publish_policy(policy, by=people["admin"])
    assert Policy.objects.get(pk=policy.pk).status == Policy.Status.PUBLISHED


def test_publishing_twice_is_refused_and_queues_one_push(people, make_policy):
    policy = make_policy(publish=True)
    with pytest.raises(TransitionRefused):
        services.publish_policy(policy, by=people["handler1"])
    queued = OutboxMessage.objects.filter(task="policies.tasks.push_policy").values_list("args", flat=True)
    assert [args for args in queued if args == [policy.pk]] == [[policy.pk]]


def test_published_policy_cannot_be_edited(people, make_policy):
    policy = make_policy(publish=True)
    with pytest.raises(TransitionRefused):
        services.update_policy(policy, by=people["handler1"], title="改")


def test_public_pages_without_login_show_published_only(client, make_policy):
    published = make_policy(publish=True, title="已发布的政策")
    draft = make_policy(title="尚未发布的草稿")
    page = client.get("/policies/")
    assert page.status_code == 200
    assert "已发布的政策" in page.content.decode() and "尚未发布的草稿" not in page.content.decode()
    assert client.get(f"/policies/{published.pk}/").status_code == 200
    assert client.get(f"/policies/{draft.pk}/").status_code == 404
    api = client.get("/api/v1/policies/")
    assert api.status_code == 200
    ids = [p["id"] for p in api.json()["results"]]
    assert published.pk in ids and draft.pk not in ids
    assert client.get(f"/api/v1/policies/{draft.pk}/").status_code == 404


def test_detail_names_the_liaison_officer(client, people, make_policy):
    policy = make_policy(publish=True)
    assert people["handler1"].display_name in client.get(f"/policies/{policy.pk}/").content.decode()
    assert client.get(f"/api/v1/policies/{policy.pk}/").json()["liaison_officer"]["name"] == people["handler1"].display_name


def test_search_and_filters(client, make_policy):
    make_policy(publish=True, title="制造业技改补助", industries="C", topic="industry")
    make_policy(publish=True, title="建材企业用电优惠", industries="C30", sizes="medium", topic="land")
    make_policy(publish=True, title="普惠金融贷款贴息", topic="finance")

    def titles(query: str) -> set[str]:
        return {p["title"] for p in client.get(f"/api/v1/policies/?{query}").json()["results"]}

    assert titles("q=技改") == {"制造业技改补助"}
    assert titles("topic=finance") == {"普惠金融贷款贴息"}
    # C13 is manufacturing: the 门类 C policy applies, C30 does not, the untargeted one does.
    assert titles("industry=C13") == {"制造业技改补助", "普惠金融贷款贴息", DEMO}
    assert titles("industry=C30") == {"制造业技改补助", "建材企业用电优惠", "普惠金融贷款贴息"}
    assert titles("size=small") == {"制造业技改补助", "普惠金融贷款贴息", DEMO}
    page = client.get("/policies/?q=贷款").content.decode()
    assert "普惠金融贷款贴息" in page and "制造业技改补助" not in page


def test_list_query_counts_are_fixed(client, make_policy, django_assert_num_queries):
    for i in range(3):
        make_policy(publish=True, title=f"政策{i}")
    # page: count + rows + the filter form's departments
    with django_assert_num_queries(3):
        assert client.get("/policies/?q=政策").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/api/v1/policies/").status_code == 200
    for i in range(3, 8):
        make_policy(publish=True, title=f"政策{i}")
    with django_assert_num_queries(3):
        client.get("/policies/?q=政策")
    with django_assert_num_queries(2):
        client.get("/api/v1/policies/")


def test_staff_create_drafts_and_publish_through_the_api(client, people):
    client.force_login(people["handler1"])
    r = client.post("/api/v1/policies/", {"title": "API 政策", "body": "正文", "industries": ["C13"],
                                          "sizes": ["small"]}, content_type="application/json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert (data["status"], data["industries"], data["sizes"]) == ("draft", ["C13"], ["small"])
    r = client.post(f"/api/v1/policies/{data['id']}/publish/")
    assert r.status_code == 200 and r.json()["status"] == "published"
    assert client.post(f"/api/v1/policies/{data['id']}/publish/").status_code == 409


def test_api_refuses_drafting_to_others(client, people, make_policy):
    assert client.post("/api/v1/policies/", {"title": "x", "body": "y"}, content_type="application/json"
                       ).status_code in (401, 403)
    client.force_login(people["enterprise1"])
    assert client.post("/api/v1/policies/", {"title": "x", "body": "y"}, content_type="application/json"
                       ).status_code == 403
    draft = make_policy()
    client.force_login(people["handler2"])
    assert client.post(f"/api/v1/policies/{draft.pk}/publish/").status_code == 404


def test_handler_drafts_and_publishes_through_the_pages(client, people):
    client.force_login(people["handler1"])
    r = client.post("/policies/new/", {"department": people["handler1"].department_id, "title": "页面起草的政策",
                                       "body": "正文", "topic": "other", "industries": "c13 C14", "sizes": ["small"]})
    assert r.status_code == 302, r.content
    policy = Policy.objects.get(title="页面起草的政策")
    assert policy.industry_list == ["C13", "C14"] and policy.size_list == ["small"]
    assert client.post(f"/policies/{policy.pk}/publish/").status_code == 302
    assert Policy.objects.get(pk=policy.pk).status == Policy.Status.PUBLISHED
    assert client.get("/policies/manage/").status_code == 200


def test_detail_page_query_count_does_not_grow_with_faq_and_commitments(client, people, make_policy,
                                                                        django_assert_num_queries):
    from policies.models import FaqEntry

    policy = make_policy(publish=True)
    # policy with department and officer, attachments, FAQ, consultations, commitments
    with django_assert_num_queries(5):
        assert client.get(f"/policies/{policy.pk}/").status_code == 200
    for i in range(3):
        FaqEntry.objects.create(policy=policy, question=f"问{i}", answer=f"答{i}", published_by=people["handler1"])
        services.add_commitment(policy, by=people["handler1"], title=f"事项{i}")
    with django_assert_num_queries(5):
        assert client.get(f"/policies/{policy.pk}/").status_code == 200
