"""Pairings: the per-jurisdiction limit, key enterprises only, who may create them."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from liaison import services
from liaison.models import Pairing
from portal import lookups
from portal.errors import RoleRefused, TransitionRefused

from .conftest import make_enterprise, make_pairing, make_user

pytestmark = pytest.mark.django_db


def test_third_pairing_is_refused_with_a_clear_message(people, e1, e2):
    # The demo pairs official1 with e1 and e2 already: the jurisdiction's limit is 2.
    assert Pairing.objects.filter(official=people["official1"]).active().count() == 2
    third = make_enterprise()
    with pytest.raises(TransitionRefused) as exc:
        make_pairing(people["official1"], third)
    assert "上限" in str(exc.value) and "2" in str(exc.value)
    assert not Pairing.objects.filter(enterprise=third).exists()


def test_limit_follows_the_jurisdiction_setting(people, hk):
    hk.pairing_limit = 3
    hk.save(update_fields=["pairing_limit"])
    make_pairing(people["official1"], make_enterprise())
    assert Pairing.objects.filter(official=people["official1"]).count() == 3


def test_an_ended_pairing_frees_a_place(people, e1):
    from django.utils import timezone

    today = timezone.localdate()
    pairing = Pairing.objects.get(official=people["official1"], enterprise=e1)
    services.end_pairing(pairing=pairing, end=today, by=people["admin"])
    new = services.create_pairing(official=people["official1"], enterprise=make_enterprise(),
                                  start=today + dt.timedelta(days=1), by=people["admin"])
    assert new.pk


def test_non_key_enterprise_is_refused(people):
    official = make_user("official")
    with pytest.raises(TransitionRefused, match="不是重点企业"):
        make_pairing(official, make_enterprise(is_key=False))


def test_only_officials_can_be_paired(people):
    with pytest.raises(TransitionRefused, match="联系领导"):
        make_pairing(people["handler1"], make_enterprise())


def test_official_cannot_create_pairings(people):
    with pytest.raises(RoleRefused):
        make_pairing(make_user("official"), make_enterprise(), by=people["official1"])


def test_pairing_page_refuses_a_third_with_the_message_and_keeps_the_input(client, people):
    client.force_login(people["admin"])
    third = make_enterprise(name="第三家重点企业")
    response = client.post("/liaison/pairings/new/", {"official": "official1", "enterprise": lookups.enterprise_label(third),
                                                      "start": "2026-01-01"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "达到恒口示范区每位领导 2 家的上限" in text
    assert f'value="{lookups.enterprise_label(third)}"' in text and 'value="official1"' in text  # the input is kept


def test_pairing_page_creates_for_oversight(client, people):
    official = make_user("official")
    enterprise = make_enterprise()
    client.force_login(people["oversight1"])
    response = client.post("/liaison/pairings/new/", {"official": lookups.user_label(official),
                                                      "enterprise": enterprise.credit_code, "start": "2026-01-01"})
    pairing = Pairing.objects.get(official=official)
    assert response.status_code == 302 and response.url == f"/liaison/pairings/{pairing.pk}/"


def test_pairing_page_is_forbidden_to_an_official(client, people):
    client.force_login(people["official1"])
    assert client.get("/liaison/pairings/new/").status_code == 403


def test_api_third_pairing_is_409(people):
    api = APIClient()
    api.force_authenticate(people["admin"])
    r = api.post("/api/v1/pairings/", {"official": people["official1"].pk, "enterprise": make_enterprise().pk,
                                       "start": "2026-01-01"}, format="json")
    assert r.status_code == 409 and "上限" in r.json()["detail"]


def test_api_official_cannot_create_pairing(people):
    api = APIClient()
    api.force_authenticate(people["official1"])
    r = api.post("/api/v1/pairings/", {"official": people["official1"].pk, "enterprise": make_enterprise().pk,
                                       "start": "2026-01-01"}, format="json")
    assert r.status_code == 403


def test_enterprise_sees_only_its_own_pairings(people, e1):
    api = APIClient()
    api.force_authenticate(people["enterprise1"])
    rows = api.get("/api/v1/pairings/").json()["results"]
    assert {r["enterprise"]["id"] for r in rows} == {e1.pk}
    other = Pairing.objects.exclude(enterprise=e1).first()
    assert api.get(f"/api/v1/pairings/{other.pk}/").status_code == 404


def test_admin_form_refuses_a_third_pairing(client, people):
    client.force_login(people["admin"])
    third = make_enterprise()
    r = client.post("/admin/liaison/pairing/add/", {"official": people["official1"].pk, "enterprise": third.pk,
                                                    "start": "2026-01-01"})
    assert r.status_code == 200 and "上限" in r.content.decode()
    assert not Pairing.objects.filter(enterprise=third).exists()
