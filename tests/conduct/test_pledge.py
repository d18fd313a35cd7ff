"""The yearly 亲清承诺: once per official per year; oversight sees who has not pledged."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from conduct import services
from conduct.models import Pledge
from portal.errors import RoleRefused, TransitionRefused

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-05-01 10:00 +0800")
def test_an_official_pledges_once_a_year_through_the_page(client_for, people):
    client = client_for("official1")
    html = client.get(reverse("conduct:pledge")).content.decode()
    assert "我已阅读并承诺遵守" in html and "不准接受可能影响公正执行公务的宴请" in html
    assert "湛江市" not in html  # only the official's own jurisdiction's registers
    client.post(reverse("conduct:pledge"))
    client.post(reverse("conduct:pledge"))
    pledge = Pledge.objects.get(user=people["official1"])
    assert pledge.year == 2026
    assert set(pledge.registers.values_list("key", flat=True)) == {"hk-officials", "hk-investment"}
    assert "pledge-done" in client.get(reverse("conduct:pledge")).content.decode()


def test_a_second_pledge_in_a_year_is_refused_but_next_year_is_due(people):
    services.make_pledge(user=people["official1"], year=2026)
    with pytest.raises(TransitionRefused):
        services.make_pledge(user=people["official1"], year=2026)
    services.make_pledge(user=people["official1"], year=2027)


def test_only_officials_pledge(people):
    with pytest.raises(RoleRefused):
        services.make_pledge(user=people["handler1"], year=2026)


def test_oversight_lists_officials_who_have_not_pledged(client_for, people, django_assert_num_queries):
    from django.contrib.auth.models import Group

    from portal.models import User

    client = client_for("oversight1")
    client.get(reverse("conduct:pledge-outstanding"))
    with django_assert_num_queries(6):
        html = client.get(reverse("conduct:pledge-outstanding") + "?year=2026").content.decode()
    assert "official1" in html
    for i in range(3):
        User.objects.create(username=f"official-extra{i}", jurisdiction=people["official1"].jurisdiction).groups.add(
            Group.objects.get(name="official"))
    services.make_pledge(user=people["official1"], year=2026)
    with django_assert_num_queries(6):
        html = client.get(reverse("conduct:pledge-outstanding") + "?year=2026").content.decode()
    assert "official1" not in html and "official-extra2" in html


@pytest.mark.parametrize("username", ["official1", "enterprise1", "handler1"])
def test_the_outstanding_list_is_for_oversight(client_for, people, username):
    assert client_for(username).get(reverse("conduct:pledge-outstanding")).status_code == 403


def test_home_cards_show_pledge_reports_and_proposals(client_for, people, make_report):
    assert "尚未作出" in client_for("official1").get("/").content.decode()
    make_report()
    assert "新举报 2 件" in client_for("investigator1").get("/").content.decode()
    assert "待您审核的条目 0 条" in client_for("oversight1").get("/").content.decode()
    assert reverse("conduct:report-new") in client_for("enterprise1").get("/").content.decode()


@time_machine.travel("2026-05-01 10:00 +0800")
def test_an_enterprise_user_signs_the_enterprise_commitment_and_oversight_sees_who_has_not(client_for, people):
    client = client_for("enterprise1")
    html = client.get(reverse("conduct:pledge")).content.decode()
    assert "企业廉洁承诺" in html and "不准给予机关单位公职人员" in html and "不准接受可能影响公正执行公务的宴请" not in html
    client.post(reverse("conduct:pledge"))
    pledge = Pledge.objects.get(user=people["enterprise1"])
    assert set(pledge.registers.values_list("binds", flat=True)) == {"enterprises"}
    oversight = client_for("oversight1")
    html = oversight.get(reverse("conduct:pledge-outstanding") + "?who=enterprises").content.decode()
    e1, e2 = people["enterprise1"].enterprise, people["enterprise2"].enterprise
    assert e2.name in html and e1.name not in html
    assert people["zj_enterprise1"].enterprise.name not in html  # 湛江's are 湛江 oversight's business
    assert "已签署 1 家" in html
