"""政策直达: publishing queues one task; the push tells each matching enterprise once, in a bounded number of
statements whatever the number of enterprises (acceptance 3, pinned); the home card says why it matched."""

from __future__ import annotations

import pytest

from policies import queries, services
from policies.models import EnterpriseProfile, PolicyMatch
from policies.tasks import push_policy
from portal.models import Enterprise, Notification, OutboxMessage

pytestmark = pytest.mark.django_db


def inbox(user, policy):
    return Notification.objects.filter(recipient=user, url=f"/policies/{policy.pk}/")


def test_push_reaches_the_matching_industry_only_and_once(people, make_policy):
    policy = make_policy(publish=True, title="农副食品加工企业技改补助", industries="C13")
    assert push_policy(policy.pk) == 1
    assert inbox(people["enterprise1"], policy).count() == 1  # enterprise1 is C13
    assert inbox(people["enterprise2"], policy).count() == 0  # enterprise2 is C30
    assert push_policy(policy.pk) == 0  # a repeated push (the outbox may publish twice) tells nobody again
    assert inbox(people["enterprise1"], policy).count() == 1
    policy.refresh_from_db()
    assert policy.matched_count == 1 and policy.pushed_at is not None


def test_targets_combine(people, make_policy, make_enterprises):
    small_c13 = make_enterprises(2, industry="C1310", size="small")
    make_enterprises(2, industry="C1310", size="large", start=20_000)
    make_enterprises(2, industry="C30", size="small", start=30_000)
    policy = make_policy(publish=True, industries="C13", sizes="small")
    services.push_policy(policy.pk)
    matched = set(PolicyMatch.objects.filter(policy=policy).values_list("enterprise_id", flat=True))
    assert matched == {e.pk for e in small_c13} | {people["enterprise1"].enterprise_id}


def test_tags_and_areas(people, make_policy):
    tagged = make_policy(publish=True, title="专精特新奖励", tags="专精特新 小巨人")
    area = make_policy(publish=True, title="大同镇企业用地", areas="大同镇")
    services.push_policy(tagged.pk)
    services.push_policy(area.pk)
    assert inbox(people["enterprise1"], tagged).exists() and not inbox(people["enterprise2"], tagged).exists()
    assert inbox(people["enterprise2"], area).exists() and not inbox(people["enterprise1"], area).exists()


def test_untargeted_policy_reaches_every_enterprise_of_the_jurisdiction(people, make_policy):
    policy = make_policy(publish=True, title="全区普惠政策")
    services.push_policy(policy.pk)
    assert inbox(people["enterprise1"], policy).exists() and inbox(people["enterprise2"], policy).exists()


def test_draft_is_not_pushed(people, make_policy):
    policy = make_policy(industries="C13")
    assert services.push_policy(policy.pk) == 0
    assert not inbox(people["enterprise1"], policy).exists()


def test_publishing_queues_exactly_one_task_in_the_transaction(people, make_policy, make_enterprises):
    make_enterprises(30, industry="C13")
    policy = make_policy(industries="C13")
    before = OutboxMessage.objects.count()
    services.publish_policy(policy, by=people["handler1"])
    assert OutboxMessage.objects.count() == before + 1
    assert OutboxMessage.objects.order_by("-id").values_list("task", "args").first() == (
        "policies.tasks.push_policy", [policy.pk])


def _push_statements(policy, batch_size, django_assert_num_queries, expected):
    with django_assert_num_queries(expected) as ctx:
        services.push_policy(policy.pk, batch_size=batch_size)
    return ctx


def test_push_runs_a_bounded_number_of_statements(people, make_policy, make_enterprises, django_assert_num_queries):
    """Acceptance 3 (at test scale): 120 of 240 enterprises matched in batches of 50 enterprise ids.

    load policy, min/max ids, then per id range (5 here): savepoint, INSERT … SELECT matches, INSERT … SELECT
    inbox rows, release; then the final count + update. Doubling the matching enterprises in the same id
    ranges would not add a statement: nothing is per enterprise.
    """
    make_enterprises(120, industry="C13", start=40_000)
    make_enterprises(120, industry="C30", start=50_000)
    policy = make_policy(publish=True, industries="C13")
    ids = list(Enterprise.objects.filter(policy_profile__industry_code__startswith="C13").values_list("pk", flat=True))
    n_ranges = len(range(min(ids), max(ids) + 1, 50))
    _push_statements(policy, 50, django_assert_num_queries, 2 + 4 * n_ranges + 3)  # + the outbox row for e-mail
    assert PolicyMatch.objects.filter(policy=policy).count() == 121
    assert Notification.objects.filter(url=f"/policies/{policy.pk}/").count() == 1  # enterprise1's user (the others have none)
    # a whole jurisdiction in one range: the same statements for 121 enterprises as for one
    other = make_policy(publish=True, industries="C13", title="另一项政策")
    _push_statements(other, 10**9, django_assert_num_queries, 2 + 4 + 3)


def test_home_card_shows_policies_for_you_with_the_reason(client, people, make_policy):
    policy = make_policy(publish=True, title="农副食品加工企业技改补助", industries="C13")
    services.push_policy(policy.pk)
    client.force_login(people["enterprise1"])
    page = client.get("/").content.decode()
    assert "为您推荐的政策" in page and "农副食品加工企业技改补助" in page and "行业 C13" in page
    client.force_login(people["enterprise2"])
    assert "农副食品加工企业技改补助" not in client.get("/").content.decode()


def test_policies_for_enterprise_runs_two_queries(people, make_policy, django_assert_num_queries):
    for i in range(4):
        services.push_policy(make_policy(publish=True, title=f"政策{i}", industries="C").pk)
    with django_assert_num_queries(2):
        rows = queries.policies_for_enterprise(people["enterprise1"].enterprise_id)
    assert len(rows) == 5  # four here and the demo's
    assert all(r.reasons for r in rows)


def test_enterprise_states_its_profile_and_is_matched_by_it(client, people, make_policy):
    client.force_login(people["enterprise2"])
    r = client.post("/policies/profile/", {"industry_code": "c1320", "size": "small", "area": "恒口镇",
                                           "tags": "专精特新"})
    assert r.status_code == 302
    profile = EnterpriseProfile.objects.get(enterprise=people["enterprise2"].enterprise)
    assert (profile.industry_code, profile.tag_list) == ("C1320", ["专精特新"])
    policy = make_policy(publish=True, title="农副食品加工政策", industries="C13")
    services.push_policy(policy.pk)
    assert inbox(people["enterprise2"], policy).exists()
    assert "行业 C1320" in client.get("/").content.decode()


def test_profile_page_is_for_enterprises(client, people):
    client.force_login(people["handler1"])
    assert client.get("/policies/profile/").status_code == 403
