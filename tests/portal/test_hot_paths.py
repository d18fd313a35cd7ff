"""The pieces the busiest paths rely on: users by role, the cached holiday rows, audience fan-out."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import calendar, roles
from portal.models import Holiday, Notification, Role, User
from portal.services import Audience, notify_audiences

pytestmark = pytest.mark.django_db


def test_holders_are_the_active_users_of_the_role(people):
    people["handler2"].is_active = False
    people["handler2"].save()
    hk = people["handler1"].jurisdiction  # the demo's 湛江 staff hold the roles in their own jurisdiction
    # party1 is 党务群团工作局's handler (issue 14, party coverage).
    assert set(roles.holders(Role.HANDLER).filter(jurisdiction=hk)) == {people["handler1"], people["party1"]}
    assert set(roles.holders(Role.DISPATCHER).filter(jurisdiction=hk)) == {people["dispatcher1"]}


def test_a_recreated_group_is_found_again(people):
    roles.holders(Role.INVESTIGATOR).count()  # the id is cached now
    Group.objects.filter(name=Role.INVESTIGATOR).delete()  # no signal: a bulk delete
    Group.objects.create(name=Role.INVESTIGATOR)  # post_save forgets the cached ids
    people["investigator1"].groups.add(Group.objects.get(name=Role.INVESTIGATOR))
    assert list(roles.holders(Role.INVESTIGATOR)) == [people["investigator1"]]


def test_holiday_rows_are_read_once_per_process(django_assert_num_queries):
    calendar.add_working_days(date(2026, 9, 30), 1)
    with django_assert_num_queries(0):
        assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_an_edit_elsewhere_is_seen_once_the_cache_is_old(monkeypatch):
    assert calendar.is_working_day(date(2026, 11, 3))
    # Another process's edit: no signal reaches this one.
    Holiday.objects.bulk_create([Holiday(date=date(2026, 11, 3), kind=Holiday.Kind.HOLIDAY, name="地方假日")])
    assert calendar.is_working_day(date(2026, 11, 3))
    later = calendar.time.monotonic() + calendar.CACHE_SECONDS + 1
    monkeypatch.setattr(calendar.time, "monotonic", lambda: later)
    assert not calendar.is_working_day(date(2026, 11, 3))


def test_audiences_are_told_in_one_statement(people, django_assert_num_queries,
                                               django_capture_on_commit_callbacks):
    people["handler2"].is_active = False
    people["handler2"].save()
    User.objects.filter(pk=people["enterprise1"].pk).update(email="")
    # The fan-out is one statement; the e-mail delivery request is the outbox row written with it.
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(2):
        written = notify_audiences([
            Audience(User.objects.filter(username__startswith="handler"),
                     subject="新分办诉求待签收", url="/complaints/1/"),
            Audience(User.objects.filter(username="enterprise1"), subject="诉求已提交", body="预计答复日期"),
        ])
    assert written == 2  # handler2 is inactive
    handler = Notification.objects.get(recipient=people["handler1"])
    assert (handler.subject, handler.url, handler.email_status) == ("新分办诉求待签收", "/complaints/1/", "pending")
    owner = Notification.objects.get(recipient=people["enterprise1"])
    assert (owner.body, owner.email_status, owner.key) == ("预计答复日期", "none", "")
    assert len(callbacks) <= 1  # at most one publication after commit (none if a request is still pending)


def test_the_session_user_comes_with_the_enterprise_and_the_session_from_the_cache(client, people,
                                                                                    django_assert_num_queries):
    client.force_login(people["enterprise1"])
    # The session is read from the cache (nothing from django_session); the user and their enterprise in
    # one query.
    # (The 404 page itself now draws the site's layout and the audit log may record it: only the session's and
    # the user's reads are counted here.)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert response.wsgi_request.user.enterprise == people["enterprise1"].enterprise
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not any("django_session" in q for q in sql)
    user_reads = [q for q in sql if q.startswith("SELECT") and 'FROM "portal_user"' in q]
    assert len(user_reads) == 1 and '"portal_enterprise"' in user_reads[0]


def test_a_deactivated_user_is_logged_out_by_the_backend(client, people):
    client.force_login(people["enterprise1"])
    User.objects.filter(pk=people["enterprise1"].pk).update(is_active=False)
    assert client.get("/complaints/").status_code == 302  # to the login page


def test_a_session_survives_an_emptied_cache(client, people):
    from django.core.cache import cache

    client.force_login(people["enterprise1"])
    cache.clear()
    assert client.get("/complaints/").status_code == 200
