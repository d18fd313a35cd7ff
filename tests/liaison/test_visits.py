"""Visits: who may log them, no future dates, the enterprise confirms or disputes, the quota count."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from liaison import queries, services
from liaison.models import Pairing, Visit
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Notification

from .conftest import make_user, make_visit

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 6, 15, 10, 0)


@pytest.fixture
def pairing(people, e1):
    return Pairing.objects.get(official=people["official1"], enterprise=e1)


def log(pairing, by, date=dt.date(2026, 6, 1), **kw):
    return services.log_visit(pairing=pairing, by=by, date=date, form=Visit.Form.ON_SITE, discussed="谈用地", **kw)


@time_machine.travel(TODAY, tick=False)
def test_paired_official_logs_a_visit_with_problems_and_the_enterprise_is_told(people, pairing):
    visit = log(pairing, people["official1"], problems=["用地指标未落实", "  ", "用工难"])
    assert [p.description for p in visit.problems.all()] == ["用地指标未落实", "用工难"]
    assert Notification.objects.filter(recipient=people["enterprise1"], url__endswith=f"/visits/{visit.pk}/").exists()


@time_machine.travel(TODAY, tick=False)
def test_visit_dated_in_the_future_is_refused(people, pairing):
    with pytest.raises(ValidationError) as exc:
        log(pairing, people["official1"], date=dt.date(2026, 6, 16))
    assert exc.value.message_dict["date"] == ["走访日期不能晚于今天。"]
    assert not pairing.visits.filter(date=dt.date(2026, 6, 16)).exists()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("who", ["official2", "dispatcher1", "enterprise1"])
def test_visit_by_anyone_but_the_paired_official_or_delegate_is_refused(people, pairing, who):
    user = make_user("official") if who == "official2" else people[who]
    with pytest.raises(RoleRefused, match="只有该企业的联系领导或其委托登记人可以登记走访"):
        log(pairing, user)
    assert not pairing.visits.exists() or not pairing.visits.filter(logged_by=user).exists()


@time_machine.travel(TODAY, tick=False)
def test_a_delegate_may_log_on_the_officials_behalf(people, pairing):
    delegate = make_user("official")
    services.set_delegates(pairing=pairing, delegates=[delegate], by=people["official1"])
    visit = log(pairing, delegate)
    assert visit.logged_by == delegate and visit.pairing.official == people["official1"]


@time_machine.travel(TODAY, tick=False)
def test_page_refuses_a_future_visit_and_keeps_what_was_typed(client, people, pairing):
    client.force_login(people["official1"])
    r = client.post(f"/liaison/pairings/{pairing.pk}/visits/new/",
                    {"date": "2026-07-01", "form": "on_site", "discussed": "谈融资需求", "problems": "贷款难"})
    text = r.content.decode()
    assert r.status_code == 200 and "走访日期不能晚于今天。" in text
    assert "谈融资需求" in text and "贷款难" in text


@time_machine.travel(TODAY, tick=False)
def test_page_refuses_a_visit_by_an_unpaired_official_with_a_message(client, people, pairing):
    client.force_login(make_user("official"))
    r = client.post(f"/liaison/pairings/{pairing.pk}/visits/new/",
                    {"date": "2026-06-01", "form": "on_site", "discussed": "谈融资需求"})
    assert r.status_code == 403 and "只有该企业的联系领导或其委托登记人可以登记走访" in r.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_api_refusals(people, pairing):
    api = APIClient()
    api.force_authenticate(people["official1"])
    body = {"pairing": pairing.pk, "date": "2026-07-01", "form": "phone", "discussed": "电话"}
    r = api.post("/api/v1/visits/", body, format="json")
    assert r.status_code == 400 and r.json()["date"] == ["走访日期不能晚于今天。"]
    api.force_authenticate(make_user("official"))
    r = api.post("/api/v1/visits/", {**body, "date": "2026-06-01"}, format="json")
    assert r.status_code == 403 and "委托登记人" in r.json()["detail"]  # a role refusal, not the workflow
    api.force_authenticate(people["official1"])
    r = api.post("/api/v1/visits/", {**body, "date": "2026-06-01", "problems": ["缺电"]}, format="json")
    assert r.status_code == 201 and r.json()["problems"][0]["description"] == "缺电"


@time_machine.travel(TODAY, tick=False)
def test_enterprise_confirms_its_visit_once(people, pairing):
    visit = log(pairing, people["official1"])
    services.confirm_visit(visit=visit, by=people["enterprise1"])
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.CONFIRMED
    with pytest.raises(TransitionRefused):
        services.dispute_visit(visit=visit, by=people["enterprise1"], reason="没来")


@time_machine.travel(TODAY, tick=False)
def test_another_enterprise_cannot_confirm_and_gets_404_on_pages_and_api(client, people, pairing):
    visit = log(pairing, people["official1"])
    with pytest.raises(RoleRefused):
        services.confirm_visit(visit=visit, by=people["enterprise2"])
    client.force_login(people["enterprise2"])
    assert client.get(f"/liaison/visits/{visit.pk}/").status_code == 404
    assert client.post(f"/liaison/visits/{visit.pk}/confirm/").status_code == 404
    api = APIClient()
    api.force_authenticate(people["enterprise2"])
    assert api.post(f"/api/v1/visits/{visit.pk}/confirm/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_dispute_needs_a_reason_and_tells_the_official_and_oversight(people, pairing):
    visit = log(pairing, people["official1"])
    with pytest.raises(ValidationError):
        services.dispute_visit(visit=visit, by=people["enterprise1"], reason=" ")
    services.dispute_visit(visit=visit, by=people["enterprise1"], reason="当天无人来访")
    assert Visit.objects.get(pk=visit.pk).dispute_reason == "当天无人来访"
    for who in ("official1", "oversight1"):
        assert Notification.objects.filter(recipient=people[who], subject__contains="异议").exists()


@time_machine.travel(TODAY, tick=False)
def test_api_confirm_and_dispute_actions(people, pairing):
    a, b = log(pairing, people["official1"]), log(pairing, people["official1"])
    api = APIClient()
    api.force_authenticate(people["enterprise1"])
    assert api.post(f"/api/v1/visits/{a.pk}/confirm/").json()["status"] == "confirmed"
    assert api.post(f"/api/v1/visits/{a.pk}/confirm/").status_code == 409
    assert api.post(f"/api/v1/visits/{b.pk}/dispute/", {"reason": ""}, format="json").status_code == 400
    assert api.post(f"/api/v1/visits/{b.pk}/dispute/", {"reason": "未走访"}, format="json").json()["status"] == "disputed"


@time_machine.travel(TODAY, tick=False)
def test_year_count_includes_logged_and_confirmed_but_not_disputed_or_last_year(people, pairing):
    pairing.visits.all().delete()
    make_visit(pairing, dt.date(2026, 2, 1))
    make_visit(pairing, dt.date(2026, 3, 1), status=Visit.Status.CONFIRMED)
    make_visit(pairing, dt.date(2026, 4, 1), status=Visit.Status.DISPUTED)
    Pairing.objects.filter(pk=pairing.pk).update(start=dt.date(2025, 1, 1))
    make_visit(pairing, dt.date(2025, 12, 31))
    row = queries.pairing_list(people["oversight1"], year=2026).get(pk=pairing.pk)
    assert (row.visit_count, row.confirmed_count, row.disputed_count) == (2, 1, 1)
    # The list pages count per row; sweeps and dashboards with one GROUP BY: the same figures.
    for paged in (True, False):
        row = Pairing.objects.with_year_counts(2026, paged=paged).get(pk=pairing.pk)
        assert (row.visit_count, row.confirmed_count, row.disputed_count) == (2, 1, 1), paged
        row = Pairing.objects.with_year_counts(2026, until=dt.date(2026, 2, 28), paged=paged).get(pk=pairing.pk)
        assert (row.visit_count, row.confirmed_count, row.disputed_count) == (1, 0, 0), paged


@time_machine.travel(TODAY, tick=False)
def test_home_quick_visit_moves_the_count(client, people, pairing):
    pairing.visits.all().delete()
    client.force_login(people["official1"])
    assert "本年走访 0 / 3" in client.get("/").content.decode()
    r = client.post(f"/liaison/pairings/{pairing.pk}/visits/new/",
                    {"date": "2026-06-15", "form": "video", "discussed": "视频连线", "next": "/"})
    assert r.status_code == 302 and r.url == "/"
    assert "本年走访 1 / 3" in client.get("/").content.decode()
