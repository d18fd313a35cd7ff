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
    assert "来源" in html and "css/registers.css" in html  # print rules: static/css/registers.css


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


def _sections(html: str) -> dict[str, str]:
    """The page's register sections by key."""
    import re

    parts = re.split(r'<section class="register card mb-4" id="register-([a-z-]+)">', html)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_public_page_shows_the_documents_titles_short_names_preambles_and_bodies(client, seeded):
    sections = _sections(client.get(reverse("conduct:registers")).content.decode())
    expected = {
        "hk-officials": ("严禁下“十种行为”", "公职人员政商交往“十不准”", "经批准，公职人员可参加行会企业",
                         "党务群团工作局、经济发展与招商局、监察审计局"),
        "hk-enterprises": ("不准有以下“七种行为”", "民营企业政商交往“七不准”", "讲真话，说实情，建诤言",
                           "党务群团工作局、经济发展与招商局、监察审计局"),
        "hk-investment": ("严禁以下“十种行为”", "公职人员参与招商引资“十严禁”", "允许公职人员利用个人“朋友圈”",
                          "经济发展与招商局、监察审计局"),
        "zj-positive": ("政商交往正面清单", "湛江市政商交往正面清单", "尊重非公有制经济的市场地位", "文件未列明"),
        "zj-negative": ("政商交往负面清单", "湛江市政商交往负面清单", "不越纪、不触法、不谋私", "文件未列明"),
    }
    assert set(sections) == set(expected)
    for key, (title, short, preamble, body) in expected.items():
        section = sections[key]
        assert f'<span class="register-title">{title}</span>' in section, key
        assert f"（{short}）" in section, key
        assert 'class="register-preamble' in section and preamble in section, key
        assert f"责任部门：{body}" in section, key


def test_drafts_for_comment_carry_a_badge_and_no_date_of_effect(client, seeded):
    html = client.get(reverse("conduct:registers")).content.decode()
    assert html.count('register-draft">征求意见稿</span>') == 5
    assert "施行日期" not in html  # neither document sets one
    api = client.get("/api/v1/registers/").json()["results"]
    assert all(r["is_draft"] and r["effective_from"] is None for r in api)
    assert all(rule["effective_from"] is None for r in api for rule in r["rules"])
    assert {r["key"]: r["title"] for r in api}["hk-officials"] == "严禁下“十种行为”"
    assert {r["key"]: r["short_name"] for r in api}["hk-officials"] == "公职人员政商交往“十不准”"


def test_an_effective_date_shows_only_where_an_admin_sets_one(client, seeded):
    from conduct.models import Register

    adopted = Register.objects.get(key="zj-negative")
    adopted.is_draft, adopted.effective_from = False, "2027-01-01"
    adopted.save()
    amended = Rule.objects.get(register__key="hk-officials", number=3)
    amended.effective_from = "2027-03-01"
    amended.save()
    sections = _sections(client.get(reverse("conduct:registers")).content.decode())
    assert "施行日期：2027-01-01" in sections["zj-negative"] and "register-draft" not in sections["zj-negative"]
    assert "施行日期：2027-03-01" in sections["hk-officials"] and "register-draft" in sections["hk-officials"]
    assert sections["hk-officials"].count("施行日期") == 1  # the one amended rule; the others have none
    assert "施行日期" not in sections["zj-positive"]


def test_the_migration_gives_seeded_registers_the_documents_wording_and_keeps_admin_edits(seeded):
    """Registers seeded before (short titles, a date of effect on every rule): retitled unless renamed."""
    import datetime
    import importlib

    from django.apps import apps

    from conduct.models import Register

    migration = importlib.import_module("conduct.migrations.0006_register_document_wording")
    Register.objects.update(short_name="", preamble="", responsible_body="", is_draft=False)
    for key, old in migration.OLD_TITLES.items():
        Register.objects.filter(key=key).update(title=old)
    Register.objects.filter(key="zj-negative").update(title="负面清单（管理员改名）")
    Rule.objects.update(effective_from=datetime.date(2026, 5, 1))
    edited = Rule.objects.get(register__key="hk-officials", number=4)
    edited.effective_from = datetime.date(2026, 6, 1)
    edited.save()  # a second history row: an admin's date

    migration.use_document_wording(apps, None)

    regs = {r.key: r for r in Register.objects.all()}
    assert regs["hk-officials"].title == "严禁下“十种行为”" and regs["hk-officials"].short_name == "公职人员政商交往“十不准”"
    assert regs["zj-negative"].title == "负面清单（管理员改名）"
    assert regs["hk-investment"].responsible_body == "经济发展与招商局、监察审计局" and regs["hk-investment"].is_draft
    assert regs["zj-positive"].preamble.startswith("全市各级党政机关及公职人员要尊重")
    assert set(Rule.objects.exclude(pk=edited.pk).values_list("effective_from", flat=True)) == {None}
    edited.refresh_from_db()
    assert edited.effective_from == datetime.date(2026, 6, 1)
