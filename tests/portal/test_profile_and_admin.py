"""Issue 15 rough edges: an enterprise user's own profile and contacts (audit-logged), the admin's back-office
card, and the history pages' Chinese reasons and headings."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import SecurityEvent

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_an_enterprise_user_sees_and_edits_its_profile_and_contacts(people, django_assert_max_num_queries):
    user = people["enterprise1"]
    client = client_for(user)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("portal:profile")).content.decode()
    assert user.enterprise.name in body and user.enterprise.credit_code in body
    assert 'name="email"' in body and 'name="contact_phone"' in body
    r = client.post(reverse("portal:profile"), {"full_name": "王经理", "phone": "13800000001",
                                                "email": "notices@example.com", "contact_name": "王经理",
                                                "contact_phone": "0915-1234567"})
    assert r.status_code == 302
    user.refresh_from_db()
    user.enterprise.refresh_from_db()
    assert (user.phone, user.email, user.enterprise.contact_phone) == ("13800000001", "notices@example.com",
                                                                       "0915-1234567")
    row = SecurityEvent.objects.get(event="profile_change", user_pk=user.pk)
    assert set(row.detail["fields"]) >= {"phone", "email", "enterprise.contact_phone"}
    assert "13800000001" not in str(row.detail)  # which fields, not the personal data itself


def test_a_bad_email_stays_on_the_page_with_its_error(people):
    r = client_for(people["enterprise1"]).post(reverse("portal:profile"), {"full_name": "王经理", "email": "nope"})
    assert r.status_code == 400 and 'id="id_email_error"' in r.content.decode()
    assert not SecurityEvent.objects.filter(event="profile_change").exists()


def test_staff_edit_their_own_contacts_but_no_enterprise(people):
    client = client_for(people["handler1"])
    body = client.get(reverse("portal:profile")).content.decode()
    assert 'name="contact_phone"' not in body
    client.post(reverse("portal:profile"), {"full_name": people["handler1"].full_name, "phone": "13900000002"})
    people["handler1"].refresh_from_db()
    assert people["handler1"].phone == "13900000002"


def test_the_admins_home_page_has_a_back_office_card(people):
    body = client_for(people["admin"]).get(reverse("portal:home")).content.decode()
    assert 'id="admin-backoffice-card"' in body and reverse("admin:index") in body
    assert 'id="admin-backoffice-card"' not in client_for(people["oversight1"]).get(reverse("portal:home")).content.decode()


def test_history_pages_show_chinese_reasons_and_headings(people):
    from conduct import services
    from conduct.models import Rule

    services.seed_registers()
    rule = Rule.objects.filter(retired_at__isnull=True).first()
    services.retire_rule(rule, by=people["admin"])
    rule.text = rule.text + "（修订）"
    rule.save()  # an admin's edit: no reason
    body = client_for(people["admin"]).get(reverse("admin:conduct_rule_history", args=[rule.pk])).content.decode()
    assert "初始导入" in body and "废止" in body
    assert "seed_registers" not in body.split('id="change-history"')[1].replace('data-reason="seed_registers"', "")
    assert ">None<" not in body and "变更内容" in body and "变更原因" in body
    assert "Changes</th>" not in body
