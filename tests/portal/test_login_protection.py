"""Issue 11: brute force on every way in is locked out, told when to retry, recorded, and can be unlocked."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from portal.models import SecurityEvent

pytestmark = pytest.mark.django_db
LOCK_TEXT = "登录失败次数过多"


def form_login(client, username, password, path="/accounts/login/", ip="10.1.1.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


def token_login(username, password, ip="10.1.1.1"):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json",
                            REMOTE_ADDR=ip)


def events(name, username="dispatcher1"):
    return SecurityEvent.objects.filter(event=name, username=username)


def test_ten_wrong_passwords_then_the_right_one_on_the_form_is_refused_with_when_to_retry(client, people, password):
    for i in range(10):
        response = form_login(client, "dispatcher1", f"wrong-{i}")
        assert response.status_code in (200, 429)
    response = form_login(client, "dispatcher1", password)
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCK_TEXT in body and "分钟后" in body and "再试" in body
    assert int(response["Retry-After"]) > 25 * 60
    # Not logged in.
    assert client.get("/").status_code == 302
    # The audit log has every attempt: 11 failed logins (the last 6 refused while locked), one lockout, no login.
    assert events("login_failed").count() == 11
    assert events("login_failed").filter(result="refused").count() == 7  # the 5th locked, then 6 refused
    assert events("lockout").count() == 1
    assert not events("login").exists()
    row = events("login_failed").first()
    assert row.ip == "10.1.1.1" and row.path == "/accounts/login/" and row.method == "POST"


def test_ten_wrong_passwords_then_the_right_one_on_the_token_endpoint_is_refused_in_json(people, password):
    for i in range(10):
        assert token_login("dispatcher1", f"wrong-{i}").status_code in (400, 429)
    response = token_login("dispatcher1", password)
    assert response.status_code == 429
    assert LOCK_TEXT in response.json()["detail"] and "retry_after" in response.json()
    assert "token" not in response.json()
    assert events("login_failed").count() == 11 and events("lockout").count() == 1


def test_the_admin_login_is_protected_too(client, people, password):
    for i in range(5):
        form_login(client, "admin", f"wrong-{i}", path="/admin/login/")
    response = form_login(client, "admin", password, path="/admin/login/")
    assert response.status_code == 429 and LOCK_TEXT in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_lock_is_per_user_name_others_log_in(client, people, password):
    for i in range(5):
        form_login(client, "dispatcher1", f"wrong-{i}")
    assert form_login(client, "handler1", password).status_code == 302


def test_an_admin_unlocks_from_the_admin_and_the_user_logs_in(client, people, password):
    for i in range(6):
        form_login(client, "dispatcher1", f"wrong-{i}")
    assert form_login(client, "dispatcher1", password).status_code == 429
    admin_client = type(client)()
    admin_client.force_login(people["admin"])
    response = admin_client.post("/admin/portal/user/", {
        "action": "unlock", "_selected_action": [people["dispatcher1"].pk],
    })
    assert response.status_code == 302
    unlock = SecurityEvent.objects.get(event="unlock")
    assert unlock.username == "admin" and unlock.object_id == "dispatcher1" and unlock.detail["via"] == "admin"
    assert form_login(client, "dispatcher1", password).status_code == 302
    assert events("login").count() == 1


def test_an_admin_unlocks_with_the_command_and_the_token_works_again(people, password):
    for i in range(5):
        token_login("dispatcher1", f"wrong-{i}")
    assert token_login("dispatcher1", password).status_code == 429
    call_command("unlock_user", "dispatcher1", stdout=open("/dev/null", "w"))
    assert SecurityEvent.objects.filter(event="unlock", object_id="dispatcher1").exists()
    response = token_login("dispatcher1", password)
    assert response.status_code == 200 and response.json()["token"]


def test_the_admin_role_sees_and_clears_axes_attempts(client, people):
    form_login(client, "dispatcher1", "wrong")
    client.force_login(people["admin"])
    assert client.get("/admin/axes/accessattempt/").status_code == 200


def test_the_lock_ends_after_the_lockout_time(client, people, password):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for i in range(5):
            form_login(client, "dispatcher1", f"wrong-{i}")
        assert form_login(client, "dispatcher1", password).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert form_login(client, "dispatcher1", password).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        assert form_login(client, "dispatcher1", password).status_code == 302


def test_failures_further_apart_than_the_window_do_not_add_up(client, people, password):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for i in range(4):
            form_login(client, "dispatcher1", f"wrong-{i}")
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        for i in range(4):
            form_login(client, "dispatcher1", f"wrong-{i}")
        assert form_login(client, "dispatcher1", password).status_code == 302


def test_a_success_clears_the_user_names_count(client, people, password):
    for i in range(4):
        form_login(client, "dispatcher1", f"wrong-{i}")
    assert form_login(client, "dispatcher1", password).status_code == 302
    client.logout()
    for i in range(4):
        form_login(client, "dispatcher1", f"wrong-{i}")
    assert form_login(client, "dispatcher1", password).status_code == 302


def test_an_address_is_throttled_after_its_own_limit(client, people, password, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 8
    for i in range(8):  # eight different user names, each under its own limit, from one address
        form_login(client, f"nobody{i}", "wrong", ip="10.9.9.9")
    assert form_login(client, "handler1", password, ip="10.9.9.9").status_code == 429
    # Another address is not affected; nor is a user name that only failed elsewhere.
    assert form_login(client, "handler1", password, ip="10.9.9.10").status_code == 302


def test_one_address_takes_many_users_typos(client, people, password):
    """Many officials share one NAT: 20 people mistyping once each lock nobody out at the default limit."""
    for i in range(20):
        form_login(client, f"official-{i}", "wrong", ip="10.2.2.2")
    assert form_login(client, "handler1", password, ip="10.2.2.2").status_code == 302
