"""Choosing an enterprise by name or credit code, with suggestions, instead of a select of the directory."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from portal import lookups
from portal.demo import make_credit_code
from portal.models import Enterprise, Jurisdiction

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    enterprise = lookups.EnterpriseField(Enterprise.objects.all())


def pick(text: str) -> PickForm:
    form = PickForm({"enterprise": text})
    form.is_valid()
    return form


def test_an_enterprise_is_found_by_credit_code_name_or_suggestion(people):
    e2 = people["enterprise2"].enterprise
    for text in (e2.credit_code, e2.credit_code.lower(), e2.name, lookups.label(e2), f"  {e2.name} "):
        assert pick(text).cleaned_data["enterprise"] == e2, text


def test_unknown_and_ambiguous_names_are_refused_in_chinese(people):
    form = pick("没有这家公司")
    assert "未找到该企业" in form.errors["enterprise"][0]
    e2 = people["enterprise2"].enterprise
    twin = Enterprise.objects.create(name=e2.name, credit_code=make_credit_code(9001), jurisdiction=e2.jurisdiction)
    form = pick(e2.name)
    assert "有多家企业名为" in form.errors["enterprise"][0]
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
    assert f'value="{lookups.label(e2)}"' in html
    assert 'list="id_enterprise-options"' in html and '<datalist id="id_enterprise-options">' in html
    assert f'hx-get="{reverse("portal:enterprise-lookup")}?field=enterprise"' in html


def test_suggestions_match_part_of_the_name_or_the_start_of_the_code(client, people):
    e2 = people["enterprise2"].enterprise
    client.force_login(people["official1"])
    url = reverse("portal:enterprise-lookup")
    body = client.get(url, {"field": "enterprise", "enterprise": e2.name[2:6]}).content.decode()
    assert f'<option value="{lookups.label(e2)}">' in body
    body = client.get(url, {"field": "enterprise", "enterprise": e2.credit_code[:10].lower()}).content.decode()
    assert lookups.label(e2) in body
    assert client.get(url, {"field": "enterprise", "enterprise": "x"}).content.decode().strip() == ""


def test_suggestions_stay_in_the_users_jurisdiction_and_need_a_login(client, people):
    other = Jurisdiction.objects.create(code="wd", name="外地市")
    far = Enterprise.objects.create(name="湛江远方贸易有限公司", credit_code=make_credit_code(9002), jurisdiction=other)
    url = reverse("portal:enterprise-lookup")
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
    client.get(reverse("portal:enterprise-lookup"), {"q": "同名前缀"})
    with django_assert_num_queries(3):  # user, roles, suggestions (the session is cached)
        body = client.get(reverse("portal:enterprise-lookup"), {"q": "同名前缀"}).content.decode()
    assert body.count("<option") == lookups.SUGGESTIONS
