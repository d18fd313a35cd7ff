"""Choosing enterprises and people by name or identifier, with suggestions, instead of selects of the directory."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from portal import lookups, roles
from portal.demo import make_credit_code
from portal.models import Enterprise, Jurisdiction, Role, User

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    enterprise = lookups.EnterpriseField(Enterprise.objects.all())


def pick(text: str) -> PickForm:
    form = PickForm({"enterprise": text})
    form.is_valid()
    return form


def test_an_enterprise_is_found_by_credit_code_name_or_suggestion(people):
    e2 = people["enterprise2"].enterprise
    for text in (e2.credit_code, e2.credit_code.lower(), e2.name, lookups.enterprise_label(e2), f"  {e2.name} "):
        assert pick(text).cleaned_data["enterprise"] == e2, text


def test_unknown_and_ambiguous_names_are_refused_in_chinese(people):
    form = pick("没有这家公司")
    assert "未找到企业“没有这家公司”" in form.errors["enterprise"][0]
    e2 = people["enterprise2"].enterprise
    twin = Enterprise.objects.create(name=e2.name, credit_code=make_credit_code(9001), jurisdiction=e2.jurisdiction)
    form = pick(e2.name)
    assert "对应多条记录" in form.errors["enterprise"][0]
    assert pick(twin.credit_code).cleaned_data["enterprise"] == twin


def test_only_the_fields_queryset_counts(people):
    e2 = people["enterprise2"].enterprise
    other = Jurisdiction.objects.create(code="wd", name="外地市")
    field = lookups.EnterpriseField(Enterprise.objects.filter(jurisdiction=other))
    with pytest.raises(forms.ValidationError):
        field.clean(e2.credit_code)


def test_the_box_shows_the_chosen_enterprise_and_asks_for_suggestions(people):
    e2 = people["enterprise2"].enterprise
    html = str(PickForm(initial={"enterprise": e2.pk})["enterprise"])
    assert f'value="{lookups.enterprise_label(e2)}"' in html
    assert 'list="id_enterprise-options"' in html and '<datalist id="id_enterprise-options">' in html
    assert f'hx-get="{reverse("portal:lookup", args=["enterprise"])}?field=enterprise"' in html


def test_suggestions_match_part_of_the_name_or_the_start_of_the_code(client, people):
    e2 = people["enterprise2"].enterprise
    client.force_login(people["official1"])
    url = reverse("portal:lookup", args=["enterprise"])
    body = client.get(url, {"field": "enterprise", "enterprise": e2.name[2:6]}).content.decode()
    assert f'<option value="{lookups.enterprise_label(e2)}">' in body
    body = client.get(url, {"field": "enterprise", "enterprise": e2.credit_code[:10].lower()}).content.decode()
    assert lookups.enterprise_label(e2) in body
    assert client.get(url, {"field": "enterprise", "enterprise": "x"}).content.decode().strip() == ""


def test_suggestions_stay_in_the_users_jurisdiction_and_need_a_login(client, people):
    other = Jurisdiction.objects.create(code="wd", name="外地市")
    far = Enterprise.objects.create(name="湛江远方贸易有限公司", credit_code=make_credit_code(9002), jurisdiction=other)
    url = reverse("portal:lookup", args=["enterprise"])
    assert client.get(url, {"q": "远方贸易"}).status_code == 302  # to the login page
    client.force_login(people["official1"])
    assert far.name not in client.get(url, {"q": "远方贸易"}).content.decode()
    client.force_login(people["admin"])
    assert far.name in client.get(url, {"q": "远方贸易"}).content.decode()


def test_suggestions_are_capped(client, people, django_assert_num_queries):
    hk = people["enterprise2"].enterprise.jurisdiction
    Enterprise.objects.bulk_create([Enterprise(name=f"同名前缀{i}号公司", credit_code=make_credit_code(9100 + i),
                                               jurisdiction=hk) for i in range(lookups.SUGGESTIONS + 5)])
    client.force_login(people["official1"])
    client.get(reverse("portal:lookup", args=["enterprise"]), {"q": "同名前缀"})
    with django_assert_num_queries(3):  # user, roles, suggestions (the session is cached)
        body = client.get(reverse("portal:lookup", args=["enterprise"]), {"q": "同名前缀"}).content.decode()
    assert body.count("<option") == lookups.SUGGESTIONS


class TeamForm(forms.Form):
    lead = lookups.UserField()
    members = lookups.UserMultipleField(User.objects.filter(enterprise__isnull=True), required=False)
    guests = lookups.EnterpriseMultipleField(Enterprise.objects.all(), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = roles.holders(Role.OFFICIAL)


def test_people_are_found_by_user_name_full_name_or_suggestion(people):
    official = people["official1"]
    e1, e2 = people["enterprise1"].enterprise, people["enterprise2"].enterprise
    form = TeamForm({"lead": lookups.user_label(official), "members": f"handler1\n\n{people['handler2'].full_name}\nhandler1",
                     "guests": f"{e1.credit_code}\n{lookups.enterprise_label(e2)}"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lead"] == official
    assert form.cleaned_data["members"] == [people["handler1"], people["handler2"]]  # once each, in order
    assert form.cleaned_data["guests"] == [e1, e2]
    assert TeamForm({"lead": "official1", "guests": e1.name}).is_valid()


def test_every_unknown_line_is_named_and_nothing_is_lost(people):
    form = TeamForm({"lead": "handler1", "members": "handler1\n查无此人\n企业用户enterprise1",
                     "guests": ""})
    assert not form.is_valid()
    assert "未找到人员“handler1”" in form.errors["lead"][0]  # not an official
    assert ["未找到人员“查无此人”" in m for m in form.errors["members"]] == [True, False]
    assert "未找到人员“企业用户enterprise1”" in form.errors["members"][1]
    assert form.errors["guests"] == ["该字段是必填项。"]
    html = str(form["members"])
    assert "查无此人" in html and 'data-lookup-add="id_members"' in html  # the text area keeps what was typed


def test_people_suggestions_are_staff_of_the_jurisdiction_narrowed_by_role(client, people):
    client.force_login(people["oversight1"])
    url = reverse("portal:lookup", args=["user"])
    everyone = client.get(url, {"q": "1"}).content.decode()  # user names ending in 1 do not match; names do
    assert "enterprise1" not in everyone
    body = client.get(url, {"field": "official", "official": "offi", "role": Role.OFFICIAL}).content.decode()
    assert f'value="{lookups.user_label(people["official1"])}"' in body
    body = client.get(url, {"field": "official", "official": "hand", "role": Role.OFFICIAL}).content.decode()
    assert "handler1" not in body
    assert "handler1" in client.get(url, {"q": "hand"}).content.decode()
    assert client.get(reverse("portal:lookup", args=["nothing"]), {"q": "ab"}).status_code == 404


def test_typed_digits_are_kept_as_typed_not_read_as_an_id(people):
    e2 = people["enterprise2"].enterprise
    form = pick(str(e2.pk))
    assert not form.is_valid()
    assert f'value="{e2.pk}"' in str(form["enterprise"])


def test_only_staff_are_suggested_people(client, people):
    url = reverse("portal:lookup", args=["user"])
    client.force_login(people["enterprise1"])
    assert client.get(url, {"q": "hand"}).content.decode().strip() == ""
    client.force_login(people["dispatcher1"])
    assert "handler1" in client.get(url, {"q": "hand"}).content.decode()


def test_one_character_a_surname_suggests_people(client, people):
    """Chinese names are two or three characters: the surname alone must suggest (issue 15)."""
    client.force_login(people["dispatcher1"])
    url = reverse("portal:lookup", args=["user"])
    body = client.get(url, {"q": "张"}).content.decode()
    assert f'value="{lookups.user_label(people["official1"])}"' in body  # 张书记
    assert "刘受理" not in body
    # One character of an enterprise name would match a city's directory: enterprises still need two.
    assert client.get(reverse("portal:lookup", args=["enterprise"]), {"q": "恒"}).content.decode().strip() == ""
