"""Party coverage (issue 14, point 7): the list of enterprises with ≥ 3 party members and no organisation for
党务群团工作局, the 党建指导员 and follow-up date (audit-logged, in history), the sweep's reminder, the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from liaison.reminders import run_sweep
from party import services
from party.models import Coverage
from party.reminders import party_follow_up_reminders
from portal.errors import RoleRefused
from portal.models import Enterprise, Notification, SecurityEvent

pytestmark = pytest.mark.django_db


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def e1(people):
    return people["enterprise1"].enterprise


def test_enterprise1_with_four_members_and_no_organisation_is_on_the_list(people, e1):
    assert e1.party_member_count == 4 and not e1.has_party_organisation and e1.needs_party_organisation
    html = page(people["party1"]).get("/party/").content.decode()
    assert f'data-enterprise="{e1.pk}"' in html
    e2 = people["enterprise2"].enterprise  # one member: not on the list
    assert f'data-enterprise="{e2.pk}"' not in html
    zj1 = people["zj_enterprise1"].enterprise  # three members, but another jurisdiction
    assert f'data-enterprise="{zj1.pk}"' not in html
    # Admins see every jurisdiction's.
    html = page(people["admin"]).get("/party/").content.decode()
    assert f'data-enterprise="{e1.pk}"' in html and f'data-enterprise="{zj1.pk}"' in html


@pytest.mark.parametrize(("username", "status"), [
    ("party1", 200), ("oversight1", 200), ("admin", 200), ("handler1", 403), ("official1", 403),
    ("dispatcher1", 403), ("investigator1", 403), ("approver1", 403), ("enterprise1", 403)])
def test_who_reads_the_list(people, e1, username, status):
    assert page(people[username]).get("/party/").status_code == status
    assert page(people[username]).get(f"/party/{e1.pk}/").status_code == status


def test_another_jurisdiction_is_404(people, e1):
    assert page(people["zj_oversight1"]).get(f"/party/{e1.pk}/").status_code == 404


def test_assignment_by_the_party_department_is_audited_kept_in_history_and_told(people, e1):
    client = page(people["party1"])
    follow = timezone.localdate() + dt.timedelta(days=14)
    response = client.post(f"/party/{e1.pk}/", {"instructor": "张书记（official1）", "follow_up_on": follow.isoformat(),
                                                "note": "已上门宣讲"})
    assert response.status_code == 302
    coverage = Coverage.objects.get(enterprise=e1)
    assert coverage.instructor == people["official1"] and coverage.follow_up_on == follow
    assert coverage.updated_by == people["party1"]
    event = SecurityEvent.objects.get(event="party_coverage_assign")
    assert event.username == "party1" and event.object_id == str(coverage.pk)
    assert event.detail["instructor"] == people["official1"].pk
    assert Notification.objects.filter(recipient=people["official1"], subject__contains=e1.name).count() == 1
    # A second change: history keeps both, the list shows the instructor.
    services.assign(e1, by=people["party1"], instructor=people["official1"], follow_up_on=follow + dt.timedelta(days=7))
    assert coverage.history.count() == 2
    html = client.get("/party/").content.decode()
    assert people["official1"].display_name in html
    html = client.get(f"/party/{e1.pk}/").content.decode()
    assert html.count("<li class=\"mb-1\">") == 2
    # The unchanged instructor is not told twice.
    assert Notification.objects.filter(recipient=people["official1"], subject__contains=e1.name).count() == 1


def test_oversight_reads_but_cannot_assign(people, e1):
    response = page(people["oversight1"]).post(f"/party/{e1.pk}/", {"instructor": "", "follow_up_on": ""})
    assert response.status_code == 403
    with pytest.raises(RoleRefused):
        services.assign(e1, by=people["oversight1"], instructor=None, follow_up_on=None)
    with pytest.raises(RoleRefused):
        services.assign(e1, by=people["handler1"], instructor=None, follow_up_on=None)
    assert not Coverage.objects.exists()


def test_recording_the_organisation_takes_the_enterprise_off_the_list(people, e1):
    client = page(people["party1"])
    assert client.post(f"/party/{e1.pk}/", {"organised_on": timezone.localdate().isoformat()}).status_code == 302
    e1.refresh_from_db()
    assert e1.has_party_organisation and not e1.needs_party_organisation
    assert f'data-enterprise="{e1.pk}"' not in client.get("/party/").content.decode()
    assert SecurityEvent.objects.filter(event="party_coverage_organised", username="party1").exists()


def test_the_sweep_reminds_the_instructor_once_when_the_follow_up_date_is_reached(people, e1):
    today = timezone.localdate()
    services.assign(e1, by=people["party1"], instructor=people["official1"], follow_up_on=today + dt.timedelta(days=3))
    reminders = Notification.objects.filter(recipient=people["official1"], key__startswith="party-follow-up:")
    assert party_follow_up_reminders(today) == 0
    assert party_follow_up_reminders(today + dt.timedelta(days=2)) == 0
    counts = run_sweep(today + dt.timedelta(days=3))  # the one daily sweep runs the step
    assert counts["party_follow_up_reminders"] == 1
    assert reminders.count() == 1 and e1.name in reminders.get().subject
    assert run_sweep(today + dt.timedelta(days=4))["party_follow_up_reminders"] == 0  # once per follow-up date
    # A new follow-up date reminds again when it comes; an organised enterprise no more.
    services.assign(e1, by=people["party1"], instructor=people["official1"], follow_up_on=today + dt.timedelta(days=10))
    assert party_follow_up_reminders(today + dt.timedelta(days=10)) == 1
    services.assign(e1, by=people["party1"], instructor=people["official1"], follow_up_on=today + dt.timedelta(days=20))
    services.record_organised(e1, by=people["party1"])
    assert party_follow_up_reminders(today + dt.timedelta(days=20)) == 0


def test_the_sweep_step_is_a_fixed_number_of_queries(people, e1, django_assert_num_queries):
    today = timezone.localdate()
    for i in range(5):
        ent = Enterprise.objects.create(jurisdiction=e1.jurisdiction, name=f"党建测试企业{i}",
                                        credit_code=f"91610900MA0{i:06d}", party_member_count=5)
        ent.refresh_from_db()
        services.assign(ent, by=people["party1"], instructor=people["handler2"], follow_up_on=today)
    # The due follow-ups; notify_many's insert, read-back and e-mail request (the outbox row).
    with django_assert_num_queries(4):
        assert party_follow_up_reminders(today) == 5


def test_the_dashboard_shows_party_coverage_for_the_jurisdiction(people, e1):
    services.assign(e1, by=people["party1"], instructor=people["official1"], follow_up_on=None)
    html = page(people["oversight1"]).get("/oversight/").content.decode()
    figure = html.split('data-figure="party"')[1].split("</div>")[0]
    # 恒口: enterprise1 (4 members, no organisation) is the one enterprise with three or more members.
    assert "0 / 1" in figure and "0%" in figure
    assert "待建 1 · 未指定指导员 0" in html
    e1.has_party_organisation = True
    e1.save()
    html = page(people["oversight1"]).get("/oversight/").content.decode()
    assert "1 / 1" in html.split('data-figure="party"')[1].split("</div>")[0]
    # 湛江's dashboard shows 湛江's figure.
    html = page(people["zj_oversight1"]).get("/oversight/").content.decode()
    assert "0 / 1" in html.split('data-figure="party"')[1].split("</div>")[0]


def test_the_party_department_home_card(people):
    html = page(people["party1"]).get("/").content.decode()
    assert 'id="party-card"' in html and "待建党组织企业 1 家" in html
    assert 'id="party-card"' not in page(people["handler1"]).get("/").content.decode()


def test_the_list_is_a_fixed_number_of_queries(people, e1, django_assert_num_queries):
    client = page(people["party1"])
    client.get("/party/")
    # The session user and roles, the page's count and rows, the navigation's unread count; the figures come from
    # the cache the first view filled (tests/party: forgotten after a change is committed).
    with django_assert_num_queries(5):
        client.get("/party/")
    for i in range(5):
        ent = Enterprise.objects.create(jurisdiction=e1.jurisdiction, name=f"党建测试企业{i}",
                                        credit_code=f"91610900MA0{i:06d}", party_member_count=5)
        services.assign(ent, by=people["party1"], instructor=people["handler2"], follow_up_on=None)
    with django_assert_num_queries(6):  # the changes forgot the figures: counted once more
        html = client.get("/party/").content.decode()
    assert html.count('class="party-row"') == 6


def test_coverage_figures_are_cached_and_forgotten_when_a_change_commits(people, e1, django_assert_num_queries,
                                                                        django_capture_on_commit_callbacks):
    from party import queries

    jid = e1.jurisdiction_id
    before = queries.coverage_by_jurisdiction([jid])[0]
    with django_assert_num_queries(0):
        assert queries.coverage_by_jurisdiction([jid])[0] == before
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(e1, by=people["party1"], instructor=people["official1"], follow_up_on=None)
    after = queries.coverage_by_jurisdiction([jid])[0]
    assert after["unassigned"] == before["unassigned"] - 1
    with django_capture_on_commit_callbacks(execute=True):
        services.record_organised(e1, by=people["party1"])
    assert queries.coverage_by_jurisdiction([jid])[0]["organised"] == before["organised"] + 1
