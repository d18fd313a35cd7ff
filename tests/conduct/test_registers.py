"""The public register page, the `registers` API, retiring rules and the change log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conduct import services
from conduct.models import Rule

pytestmark = pytest.mark.django_db


def test_public_page_lists_every_register_without_login(client, seeded):
    response = client.get(reverse("conduct:registers"))
    html = response.content.decode()
    assert response.status_code == 200
    for title in ("公职人员政商交往“十不准”", "民营企业政商交往“七不准”", "公职人员参与招商引资“十严禁”",
                  "湛江市政商交往正面清单", "湛江市政商交往负面清单"):
        assert title in html
    assert html.count('class="rule d-flex') == 49
    assert "施行日期" in html and "来源" in html and "css/registers.css" in html  # print rules: static/css/registers.css


def test_public_page_runs_a_fixed_number_of_queries(client, seeded, django_assert_num_queries):
    with django_assert_num_queries(2):  # registers + their current rules
        client.get(reverse("conduct:registers"))


def test_api_registers_runs_a_fixed_number_of_queries(client, seeded, django_assert_num_queries):
    with django_assert_num_queries(3):  # count, registers, rules
        assert client.get("/api/v1/registers/").status_code == 200


def test_retired_rule_leaves_the_page_and_the_api_but_stays_in_history(client, people, rule):
    services.retire_rule(rule, by=people["admin"])
    html = client.get(reverse("conduct:registers")).content.decode()
    assert f'id="rule-{rule.pk}"' not in html
    api = {r["key"]: r for r in client.get("/api/v1/registers/").json()["results"]}
    assert [r["number"] for r in api["hk-officials"]["rules"]] == [1, 3, 4, 5, 6, 7, 8, 9, 10]
    last = Rule.history.filter(id=rule.pk).first()
    assert last.retired_at is not None and last.history_user == people["admin"]


def test_retiring_twice_is_refused(people, rule):
    from portal.errors import TransitionRefused

    services.retire_rule(rule, by=people["admin"])
    with pytest.raises(TransitionRefused):
        services.retire_rule(rule, by=people["admin"])


def test_change_log_shows_who_when_before_and_after(client_for, people, rule):
    old = rule.text
    client = client_for("admin")
    response = client.post(f"/admin/conduct/rule/{rule.pk}/change/", {
        "register": rule.register_id, "number": rule.number, "text": "新的条文文本", "effective_from": "2026-01-01",
        "order": rule.order, "retired_at_0": "", "retired_at_1": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(reverse("conduct:changes")).content.decode()
    assert old in html and "新的条文文本" in html and "admin" in html


@pytest.mark.parametrize("username,status", [
    ("admin", 200), ("oversight1", 200), ("investigator1", 200), ("official1", 403), ("enterprise1", 403),
    ("handler1", 403),
])
def test_change_log_is_for_admin_oversight_and_investigators(client_for, people, username, status):
    assert client_for(username).get(reverse("conduct:changes")).status_code == status


def test_change_log_runs_a_fixed_number_of_queries(client_for, people, seeded, django_assert_num_queries):
    client = client_for("admin")
    client.get(reverse("conduct:changes"))  # warm the session and roles
    for rule in Rule.objects.all()[:5]:
        rule.text += "（改）"
        rule.save()
    with django_assert_num_queries(8):
        client.get(reverse("conduct:changes"))
    for rule in Rule.objects.all()[5:25]:
        rule.text += "（改）"
        rule.save()
    with django_assert_num_queries(8):
        client.get(reverse("conduct:changes"))


def test_register_changes_are_logged_too(client_for, people, seeded):
    from conduct.models import Register

    register = Register.objects.get(key="zj-positive")
    register.title = "湛江市政商交往正面清单（修订）"
    register._history_user = people["admin"]
    register.save()
    html = client_for("oversight1").get(reverse("conduct:changes") + "?kind=register").content.decode()
    assert "湛江市政商交往正面清单（修订）" in html and "湛江市政商交往正面清单" in html
