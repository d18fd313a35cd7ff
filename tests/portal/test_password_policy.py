"""Issue 11: ≥ 12 characters, three of four classes, the common list — on registration too; optional expiry."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from portal.demo import DEFAULT_PASSWORD
from portal.models import Jurisdiction, User


@pytest.mark.parametrize("weak", ["abcdefgh12", "abcdefghijk1", "ABCDEFGHIJ12", "Abcdefgh12", "123456789012",
                                  "Password1234"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


@pytest.mark.parametrize("good", [DEFAULT_PASSWORD, "pw-Test-12345", "pw-Scale-12345", "Hengkou2026x",
                                  "green-hills-2026!"])
def test_demo_and_fixture_passwords_pass(good):
    validate_password(good)


def test_the_common_password_list_is_on():
    names = {type(v).__name__ for v in get_default_password_validators()}
    assert {"CommonPasswordValidator", "CharacterClassesValidator", "MinimumLengthValidator"} <= names


def test_the_policy_is_a_setting(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "portal.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 4}}]
    with pytest.raises(ValidationError):
        validate_password("Hengkou2026x")
    validate_password("Hengkou-2026x")


@pytest.mark.django_db
def test_registration_refuses_abcdefgh12(client, people):
    hk = Jurisdiction.objects.get(code="HK")
    response = client.post("/accounts/register/", {
        "jurisdiction": hk.pk, "enterprise_name": "横口新材料有限公司", "credit_code": "91110000802100433B",
        "full_name": "赵六", "phone": "13800000000", "email": "z@example.com", "username": "zhaoliu2",
        "password1": "abcdefgh12", "password2": "abcdefgh12",
    })
    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode() or "至少包含 12 个字符" in response.content.decode()
    assert not User.objects.filter(username="zhaoliu2").exists()


@pytest.mark.django_db
def test_an_expired_staff_password_must_be_changed_before_anything_else(client, people, password, settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    staff, enterprise = people["dispatcher1"], people["enterprise1"]
    User.objects.filter(pk__in=[staff.pk, enterprise.pk]).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=91))
    client.force_login(staff)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    assert client.get("/complaints/inbox/").status_code == 302
    api = APIClient()
    api.force_login(staff)
    assert api.get("/api/v1/me/").status_code == 403
    assert client.get("/accounts/password/").status_code == 200
    response = client.post("/accounts/password/", {
        "old_password": password, "new_password1": "Nn-Renewed-2026", "new_password2": "Nn-Renewed-2026"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    # Enterprise accounts are not staff: no expiry.
    other = type(client)()
    other.force_login(enterprise)
    assert other.get("/").status_code == 200


@pytest.mark.django_db
def test_expiry_is_off_by_default(client, people):
    User.objects.filter(pk=people["dispatcher1"].pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=400))
    client.force_login(people["dispatcher1"])
    assert client.get("/").status_code == 200
