"""Issue 11: idle and absolute session limits, expiring hashed API tokens, and what a password change ends."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal import tokens
from portal.models import SecurityEvent
from portal.security import SEEN_AT

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def at(minutes: float):
    return time_machine.travel(T0 + datetime.timedelta(minutes=minutes), tick=False)


def logged_in(client) -> bool:
    return client.get("/").status_code == 200


def login(client, username, password):
    assert client.post("/accounts/login/", {"username": username, "password": password}).status_code == 302


def test_a_session_ends_after_30_idle_minutes(client, people, password):
    with at(0):
        login(client, "dispatcher1", password)
    with at(29):
        assert logged_in(client)
    with at(58):  # 29 minutes after the last request: still in
        assert logged_in(client)
    with at(89):
        response = client.get("/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    row = SecurityEvent.objects.get(event="session_expired")
    assert row.username == "dispatcher1" and row.detail["reason"] == "idle"


def test_a_session_ends_12_hours_after_login_however_busy(client, people, password):
    with at(0):
        login(client, "dispatcher1", password)
    for minute in range(20, 12 * 60, 20):
        with at(minute):
            assert logged_in(client), minute
    with at(12 * 60 + 1):
        assert not logged_in(client)
    assert SecurityEvent.objects.get(event="session_expired").detail["reason"] == "absolute"


def test_the_idle_clock_is_written_at_most_once_a_minute(client, people, password):
    with at(0):
        login(client, "dispatcher1", password)
    # The session is read inside the travelled time: in the database store it expired long before the real now.
    with at(0.5):
        client.get("/")
        assert client.session[SEEN_AT] == int(T0.timestamp())
    with at(1.5):
        client.get("/")
        assert client.session[SEEN_AT] == int((T0 + datetime.timedelta(minutes=1.5)).timestamp())


def test_the_session_cookie_expires_after_the_absolute_limit(client, people, password):
    login(client, "dispatcher1", password)
    assert client.cookies["sessionid"]["max-age"] == 12 * 3600


def api_token(username, password):
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200
    return response.json()["token"]


def me(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/me/")


def test_a_token_is_stored_as_a_digest_and_expires_after_30_days(people, password):
    with at(0):
        key = api_token("dispatcher1", password)
        stored = Token.objects.get(user=people["dispatcher1"])
        assert stored.key != key and stored.key == tokens.digest(key)
        assert me(key).status_code == 200
    with at(29 * 24 * 60):
        assert me(key).status_code == 200
    with at(30 * 24 * 60 + 1):
        response = me(key)
        assert response.status_code in (401, 403) and "过期" in response.json()["detail"]
    assert not Token.objects.filter(user=people["dispatcher1"]).exists()


def test_the_token_lifetime_is_a_setting(people, password, settings):
    settings.API_TOKEN_DAYS = 1
    with at(0):
        key = api_token("dispatcher1", password)
    with at(24 * 60 + 1):
        assert me(key).status_code in (401, 403)


def test_a_new_token_replaces_the_old_one(people, password):
    first = api_token("dispatcher1", password)
    second = api_token("dispatcher1", password)
    assert me(first).status_code in (401, 403) and me(second).status_code == 200


def test_the_admin_never_shows_a_token_key(client, people, password):
    key = api_token("dispatcher1", password)
    client.force_login(people["admin"])
    body = client.get("/admin/authtoken/tokenproxy/").content.decode()
    assert "dispatcher1" in body or "调度" in body or people["dispatcher1"].display_name in body
    assert key not in body and tokens.digest(key) not in body
    assert client.get("/admin/authtoken/tokenproxy/add/").status_code == 403


def test_a_password_change_ends_the_users_other_sessions_and_tokens(people, password):
    mine, other = Client(), Client()
    login(mine, "dispatcher1", password)
    login(other, "dispatcher1", password)
    key = api_token("dispatcher1", password)
    response = mine.post("/accounts/password/", {
        "old_password": password, "new_password1": "Nn-Changed-2026", "new_password2": "Nn-Changed-2026",
    })
    assert response.status_code == 302
    assert logged_in(mine)  # the session that changed it stays
    assert not logged_in(other)
    assert me(key).status_code in (401, 403)
    row = SecurityEvent.objects.get(event="password_change", path="/accounts/password/")
    assert row.username == "dispatcher1" and row.ip == "127.0.0.1"
    people["dispatcher1"].refresh_from_db()
    assert people["dispatcher1"].password_changed_at is not None


def test_deactivation_ends_the_users_sessions_and_tokens(client, people, password):
    login(client, "dispatcher1", password)
    key = api_token("dispatcher1", password)
    user = people["dispatcher1"]
    user.is_active = False
    user.save()
    assert not logged_in(client)
    assert me(key).status_code in (401, 403)
    assert not Token.objects.filter(user=user).exists()


def test_a_hash_upgrade_at_login_is_not_a_password_change(people, password, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    before = SecurityEvent.objects.filter(event="password_change").count()
    key = api_token("dispatcher1", password)  # logs in: the MD5 hash is upgraded to PBKDF2
    assert people["dispatcher1"].__class__.objects.get(pk=people["dispatcher1"].pk).password.startswith("pbkdf2")
    assert me(key).status_code == 200
    assert SecurityEvent.objects.filter(event="password_change").count() == before
