"""A Redis that cannot be reached is an empty cache: logins, sessions and forms keep working on the database.

The cache here points at a port where nothing listens (connection refused at once); tests/portal/test_outage.py
stops a real Redis under a production-like site.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache, caches

from complaints.models import Complaint
from portal import sessions
from portal.cache import ResilientRedisCache, is_down

pytestmark = pytest.mark.django_db

DEAD = {"default": {"BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                    "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DEAD  # pytest-django restores the setting (and the cache handler) afterwards
    return caches["default"]


def test_an_unreachable_redis_is_an_empty_cache():
    c = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    assert not is_down(c)
    assert c.get("k", "default") == "default"
    assert is_down(c)  # the breaker is open: the next calls do not touch the network
    c.set("k", 1)
    assert c.add("k", 1) is False
    assert c.delete("k") is False
    assert c.get_many(["a", "b"]) == {}
    assert c.get_or_set("k", 5) == 5
    assert "k" not in c
    with pytest.raises(ValueError):
        c.incr("k")


def test_logins_pages_and_the_complaint_form_work_without_the_cache(client, people, password, categories,
                                                                     redis_down):
    response = client.post("/accounts/login/", {"username": "enterprise1", "password": password})
    assert response.status_code == 302 and is_down(redis_down)
    assert client.get("/").status_code == 200
    assert client.get("/complaints/new/").status_code == 200
    form = {"category": categories["政策咨询"].pk, "title": "停电期间的诉求", "description": "缓存不可用时提交"}
    response = client.post("/complaints/new/", form)
    assert response.status_code == 302
    complaint = Complaint.objects.get(title="停电期间的诉求")
    assert response["Location"] == f"/complaints/{complaint.pk}/"
    client.logout()
    client.post("/accounts/login/", {"username": "dispatcher1", "password": password})
    for url in ("/", "/complaints/inbox/", "/complaints/all/", "/inbox/"):
        assert client.get(url).status_code == 200, url
    assert "停电期间的诉求" in client.get("/complaints/inbox/").content.decode()


def test_a_session_ended_while_the_cache_was_down_is_not_revived_when_it_returns(client, people, password):
    """The logout could not delete the cached copy; the first request after the cache answers again does."""
    client.post("/accounts/login/", {"username": "handler1", "password": password})
    cookie = client.cookies["sessionid"].value
    store = sessions.SessionStore(cookie)
    assert store.load().get("_auth_user_id") == str(people["handler1"].pk)
    assert cache.get(store.cache_key) is not None  # the copy in the cache

    c = caches["default"]
    c.is_down = lambda: True  # the cache is down: its writes fail (whatever the backend in this run)
    c.delete = lambda *a, **k: False
    try:
        client.post("/accounts/logout/")
        assert store.cache_key in sessions.stale_keys()
    finally:
        del c.is_down, c.delete
    assert cache.get(store.cache_key) is not None  # the stale copy is still there
    client.cookies["sessionid"] = cookie  # replay the old cookie
    assert client.get("/complaints/queue/").status_code == 302  # to the login page: the session is gone
    assert cache.get(store.cache_key) is None and not sessions.stale_keys()


@pytest.fixture
def categories(people):
    from complaints.models import Category

    return {c.name: c for c in Category.objects.filter(jurisdiction=people["enterprise1"].enterprise.jurisdiction)}
