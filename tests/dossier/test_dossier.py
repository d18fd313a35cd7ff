"""一企一档 (issue 14, point 1; acceptance 3): every record type about a demo enterprise on its file, staff of its
jurisdiction only, a fixed number of queries; the search that reaches it from the staff navigation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Complaint
from conduct.models import IntegrityEntry
from declarations.models import Declaration, Flag
from dossier import queries
from liaison.models import Forum, KeyProject, Pairing, Visit
from party import services as party_services
from policies.models import PolicyMatch
from portal.models import Enterprise, SecurityEvent

pytestmark = pytest.mark.django_db


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def e1(people):
    return people["enterprise1"].enterprise


@pytest.fixture
def full_file(people, e1):
    """One record of every type for enterprise1 (the demo has complaints, a pairing with a visit, a project and a
    policy push; the rest is made here)."""
    today = timezone.localdate()
    forum = Forum.objects.filter(invited_enterprises=e1).first()
    forum.status = Forum.Status.HELD
    forum.save(update_fields=["status"])
    forum.attended_enterprises.add(e1)
    entry = IntegrityEntry.objects.create(
        enterprise=e1, list=IntegrityEntry.List.RED, reason="依法纳税信用A级", basis="税务部门通报",
        valid_from=today - dt.timedelta(days=10), status=IntegrityEntry.Status.PUBLISHED,
        proposed_by=people["oversight1"], published_at=timezone.now())
    declaration = Declaration.objects.create(
        jurisdiction=e1.jurisdiction, official=people["official1"], kind=Declaration.Kind.HOSPITALITY,
        status=Declaration.Status.FILED, enterprise=e1, date=today, people=4, cost_per_head=Decimal("180"),
        reason="接待外地客商")
    flag = Flag.objects.create(jurisdiction=e1.jurisdiction, official=people["official1"], declaration=declaration,
                               enterprise=e1, kind=Flag.Kind.OVER_STANDARD, year=today.year, detail="人均180元")
    coverage = party_services.assign(e1, by=people["party1"], instructor=people["official1"],
                                     follow_up_on=today + dt.timedelta(days=30), note="已宣讲政策")
    return {"forum": forum, "entry": entry, "declaration": declaration, "flag": flag, "coverage": coverage}


def test_the_file_shows_every_record_type_that_exists_for_the_enterprise(people, e1, full_file):
    complaint = Complaint.objects.filter(enterprise=e1).order_by("-created_at").first()
    pairing = Pairing.objects.get(enterprise=e1)
    visit = Visit.objects.filter(pairing__enterprise=e1).first()
    project = KeyProject.objects.get(enterprise=e1)
    match = PolicyMatch.objects.filter(enterprise=e1).select_related("policy").first()
    assert complaint and visit and match

    response = page(people["oversight1"]).get(f"/enterprises/{e1.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert e1.name in html and e1.credit_code in html
    assert complaint.number in html and complaint.get_status_display() in html
    assert f"/liaison/pairings/{pairing.pk}/" in html and f"/liaison/visits/{visit.pk}/" in html
    assert full_file["forum"].title in html
    assert project.name in html
    assert full_file["declaration"].number in html
    assert full_file["flag"].get_kind_display() in html  # oversight sees the open flags about the enterprise
    read = SecurityEvent.objects.get(event="declaration_flags_read", username="oversight1")
    assert read.object_id == str(e1.pk) and read.detail == {"via": "dossier", "flags": [full_file["flag"].pk]}
    assert "依法纳税信用A级" in html
    assert match.policy.title in html
    assert "应建未建" in html and people["official1"].display_name in html  # party: 4 members, no organisation
    kinds = {"complaint", "visit", "pairing", "forum", "project", "integrity", "declaration", "flag", "policy",
             "party"}
    timeline = html.split('id="section-timeline"')[1]
    assert all(f'data-kind="{k}"' in timeline for k in kinds), [k for k in kinds if f'data-kind="{k}"' not in timeline]

    data = api(people["oversight1"]).get(f"/api/v1/enterprises/{e1.pk}/profile/").json()
    assert set(data) == {"enterprise", "complaints", "visits", "forums", "projects", "integrity", "party", "timeline",
                         "declarations", "policies"}
    assert data["enterprise"]["credit_code"] == e1.credit_code
    assert data["complaints"]["total"] == Complaint.objects.filter(enterprise=e1).count()
    assert complaint.number in [c["number"] for c in data["complaints"]["recent"]]
    assert [p["id"] for p in data["visits"]["pairings"]] == [pairing.pk]
    assert visit.pk in [v["id"] for v in data["visits"]["recent"]]
    assert [f["id"] for f in data["forums"]] == [full_file["forum"].pk]
    assert [p["id"] for p in data["projects"]] == [project.pk]
    assert data["integrity"]["entries"][0]["list"] == "red"
    assert data["party"] == {"members": 4, "has_organisation": False, "needs_organisation": True,
                             "instructor": {"id": people["official1"].pk, "name": people["official1"].display_name},
                             "follow_up_on": full_file["coverage"].follow_up_on.isoformat(), "organised_on": None}
    assert [d["id"] for d in data["declarations"]["declarations"]] == [full_file["declaration"].pk]
    assert [f["id"] for f in data["declarations"]["flags"]] == [full_file["flag"].pk]
    assert match.policy.pk in [p["id"] for p in data["policies"]]
    times = [ev["at"] for ev in data["timeline"]]
    assert times == sorted(times, reverse=True) and {ev["kind"] for ev in data["timeline"]} >= kinds


def test_flags_are_for_checkers_only_other_staff_see_the_rest(people, e1, full_file):
    html = page(people["official1"]).get(f"/enterprises/{e1.pk}/").content.decode()
    assert full_file["forum"].title in html
    assert full_file["flag"].get_kind_display() not in html


@pytest.mark.parametrize("username", ["official1", "dispatcher1", "handler1", "oversight1", "investigator1",
                                      "approver1", "party1", "admin"])
def test_staff_of_the_jurisdiction_open_the_file(people, e1, username):
    assert page(people[username]).get(f"/enterprises/{e1.pk}/").status_code == 200
    assert api(people[username]).get(f"/api/v1/enterprises/{e1.pk}/profile/").status_code == 200


@pytest.mark.parametrize("username", ["zj_oversight1", "zj_dispatcher1", "zj_handler1", "zj_official1"])
def test_staff_of_another_jurisdiction_get_404(people, e1, username):
    assert page(people[username]).get(f"/enterprises/{e1.pk}/").status_code == 404
    assert api(people[username]).get(f"/api/v1/enterprises/{e1.pk}/profile/").status_code == 404
    zj1 = people["zj_enterprise1"].enterprise
    assert page(people[username]).get(f"/enterprises/{zj1.pk}/").status_code == 200


@pytest.mark.parametrize("username", ["enterprise1", "enterprise2", "zj_enterprise1"])
def test_enterprise_users_are_refused(people, e1, username):
    assert page(people[username]).get(f"/enterprises/{e1.pk}/").status_code == 403
    assert page(people[username]).get("/enterprises/?q=绿源").status_code == 403
    assert api(people[username]).get(f"/api/v1/enterprises/{e1.pk}/profile/").status_code == 403


def test_anonymous_is_sent_to_login_and_refused_by_the_api(e1, people):
    response = Client().get(f"/enterprises/{e1.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert APIClient().get(f"/api/v1/enterprises/{e1.pk}/profile/").status_code == 403


def test_a_missing_enterprise_is_404(people):
    assert page(people["admin"]).get("/enterprises/999999999/").status_code == 404
    assert page(people["admin"]).get("/enterprises/99999999999999999999999/").status_code == 404
    assert api(people["admin"]).get("/api/v1/enterprises/999999999/profile/").status_code == 404


# ---- the query count is fixed ----------------------------------------------------------------------------


def more_of_everything(people, e1, n: int = 6) -> None:
    """n more of every record type about enterprise1."""
    from complaints.models import Category

    today = timezone.localdate()
    pairing = Pairing.objects.get(enterprise=e1)
    category = Category.objects.filter(jurisdiction=e1.jurisdiction).first()
    project = KeyProject.objects.get(enterprise=e1)
    forum = Forum.objects.filter(invited_enterprises=e1).first()
    for i in range(n):
        Complaint.objects.create(number=f"HK-T-{i:06d}", jurisdiction=e1.jurisdiction, enterprise=e1,
                                 submitter=people["enterprise1"], category=category, title=f"测试诉求{i}",
                                 description="内容", status=Complaint.Status.CLOSED, closed_at=timezone.now())
        Visit.objects.create(pairing=pairing, date=today - dt.timedelta(days=i + 1), discussed="交流",
                             logged_by=people["official1"])
        f = Forum.objects.create(jurisdiction=e1.jurisdiction, title=f"座谈会{i}", date=today, place="会议室",
                                 organiser=forum.organiser, agenda="议程", status=Forum.Status.HELD,
                                 created_by=people["dispatcher1"])
        f.attended_enterprises.add(e1)
        KeyProject.objects.create(jurisdiction=e1.jurisdiction, name=f"项目{i}", enterprise=e1,
                                  lead_department=project.lead_department)
        IntegrityEntry.objects.create(enterprise=e1, list="red", reason=f"表彰{i}", basis="文件", valid_from=today,
                                      status="published", proposed_by=people["oversight1"])
        d = Declaration.objects.create(jurisdiction=e1.jurisdiction, official=people["official1"], kind="event",
                                       status="approved", enterprise=e1, date=today, purpose=f"活动{i}")
        Flag.objects.create(jurisdiction=e1.jurisdiction, official=people["official1"], declaration=d, enterprise=e1,
                            kind="unapproved_event", year=today.year)
        Pairing.objects.create(official=people["approver1"], enterprise=e1, start=today - dt.timedelta(days=400 + i),
                               end=today - dt.timedelta(days=300))


# The session user and its roles, the enterprise, complaints and their figures, pairings, visits, forums, projects,
# integrity entries, declarations, flags, the policy profile and pushes, the unread count of the navigation.
# Oversight: the flags and the audit row of their reading; an official has neither (the cross-check is not theirs).
PINNED = [("oversight1", 16), ("official1", 14)]


@pytest.mark.parametrize(("username", "expected"), PINNED)
def test_the_file_is_a_fixed_number_of_queries(people, e1, full_file, django_assert_num_queries, username, expected):
    client = page(people[username])
    url = f"/enterprises/{e1.pk}/"
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    more_of_everything(people, e1)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert "测试诉求5" in response.content.decode() and "座谈会5" in response.content.decode()


def test_the_api_profile_is_a_fixed_number_of_queries(people, e1, full_file, django_assert_num_queries):
    client = api(people["oversight1"])
    url = f"/api/v1/enterprises/{e1.pk}/profile/"
    client.get(url)
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    more_of_everything(people, e1)
    with django_assert_num_queries(13):
        data = client.get(url).json()
    assert len(data["timeline"]) == 30  # bounded
    assert len(data["complaints"]["recent"]) == data["complaints"]["total"] == 11  # the demo's five and six more


# ---- search: two clicks from any staff page ----------------------------------------------------------------


def test_the_staff_navigation_has_the_search_box_and_enterprise_users_do_not(people):
    assert 'id="enterprise-search"' in page(people["handler1"]).get("/").content.decode()
    assert 'id="enterprise-search"' in page(people["official1"]).get("/liaison/").content.decode()
    assert 'id="enterprise-search"' not in page(people["enterprise1"]).get("/").content.decode()


def test_search_by_name_or_credit_code_within_the_jurisdiction(people, e1):
    client = page(people["dispatcher1"])
    html = client.get("/enterprises/", {"q": "绿源农业"}).content.decode()
    assert f'href="/enterprises/{e1.pk}/"' in html
    assert "恒口华兴建材" not in html
    html = client.get("/enterprises/", {"q": e1.credit_code}).content.decode()
    assert f'href="/enterprises/{e1.pk}/"' in html
    html = client.get("/enterprises/", {"q": e1.credit_code[:8].lower()}).content.decode()
    assert f'href="/enterprises/{e1.pk}/"' in html
    # Another jurisdiction's staff do not find it.
    html = page(people["zj_dispatcher1"]).get("/enterprises/", {"q": "绿源农业"}).content.decode()
    assert f'href="/enterprises/{e1.pk}/"' not in html and "未找到" in html
    # Hostile input is a page, not an error.
    assert client.get("/enterprises/", {"q": "%_\\" * 50}).status_code == 200


def test_enterprise_names_on_staff_pages_link_to_the_file(people, e1):
    complaint = Complaint.objects.filter(enterprise=e1).first()
    pairing = Pairing.objects.get(enterprise=e1)
    visit = Visit.objects.filter(pairing=pairing).first()
    link = f'href="/enterprises/{e1.pk}/"'
    oversight = page(people["oversight1"])
    assert link in oversight.get(f"/complaints/{complaint.pk}/").content.decode()
    assert link in oversight.get(f"/liaison/pairings/{pairing.pk}/").content.decode()
    assert link in oversight.get(f"/liaison/visits/{visit.pk}/").content.decode()
    # The enterprise itself sees its complaint without a link to a page it may not open.
    assert link not in page(people["enterprise1"]).get(f"/complaints/{complaint.pk}/").content.decode()


def test_search_shows_the_first_matches_registered_by_name(people, monkeypatch):
    """Issue 16: the first SEARCH_ROWS matches in the directory's order, shown by name (one query)."""
    hk = people["dispatcher1"].jurisdiction
    made = [Enterprise.objects.create(jurisdiction=hk, name=f"检索{name}有限公司", credit_code=code)
            for name, code in [("C", "91610900MA70000015"), ("A", "91610900MA70000023"), ("B", "91610900MA7000003X")]]
    monkeypatch.setattr(queries, "SEARCH_ROWS", 2)
    found = queries.search(people["dispatcher1"], "检索")
    assert [e.pk for e in found] == [made[1].pk, made[0].pk]  # the first two made (C, A), by name
