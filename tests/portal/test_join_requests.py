"""Defect 11: registering with an existing enterprise's (public) credit code binds the account to it only after
one of the enterprise's users — or an admin who has seen how many accounts it has — approves."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from portal.models import JoinRequest, Jurisdiction, Notification, User

PASSWORD = "Hengkou2026xy"


def register(client, enterprise, username="stranger", **extra):
    data = {"jurisdiction": Jurisdiction.objects.get(code="HK").pk,
            "enterprise_name": enterprise.name if enterprise else "恒口新材料有限公司",
            "credit_code": enterprise.credit_code if enterprise else "91110000802100433B", "full_name": "陌生人",
            "phone": "13900000000", "email": f"{username}@example.com", "username": username,
            "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post("/accounts/register/", data)


@pytest.fixture
def e1(people):
    return people["enterprise1"].enterprise


@pytest.fixture
def pending(client, people, e1):
    r = register(client, e1)
    assert r.status_code == 200 and "该企业已有账号" in r.content.decode()
    return User.objects.get(username="stranger")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_credit_code_alone_binds_nothing(pending, e1, people):
    assert not pending.is_active and pending.enterprise_id is None
    join = JoinRequest.objects.get(user=pending)
    assert join.enterprise == e1 and join.status == JoinRequest.Status.PENDING
    assert not Client().login(request=HttpRequest(), username="stranger", password=PASSWORD)
    # The enterprise's own users are told, and the admins' message says how many accounts it already has.
    assert Notification.objects.filter(recipient=people["enterprise1"], subject__contains="stranger").exists()
    accounts = User.objects.filter(enterprise=e1).count()
    admin_note = Notification.objects.get(recipient=people["admin"], subject__contains="申请加入已有企业")
    assert f"已有{accounts}个账号" in admin_note.subject


def test_a_new_enterprise_keeps_todays_flow(client, people):
    register(client, None, username="newco")
    user = User.objects.get(username="newco")
    assert user.enterprise.credit_code == "91110000802100433B" and not user.is_active
    assert not JoinRequest.objects.filter(user=user).exists()
    assert Notification.objects.filter(recipient=people["admin"], subject__contains="新企业账号待激活").exists()


def test_the_enterprise_user_approves_from_their_home_page(pending, e1, people):
    from complaints import services
    from complaints.models import Category

    holder = logged_in(people["enterprise1"])
    home = holder.get("/").content.decode()
    assert 'id="join-requests-card"' in home and 'data-join-request="stranger"' in home
    page = holder.get(reverse("join-requests")).content.decode()
    join = JoinRequest.objects.get(user=pending)
    assert reverse("join-request-decide", args=[join.pk]) in page
    r = holder.post(reverse("join-request-decide", args=[join.pk]), {"decision": "approve"})
    assert r.status_code == 302
    pending.refresh_from_db()
    assert pending.is_active and pending.enterprise == e1
    assert Client().login(request=HttpRequest(), username="stranger", password=PASSWORD)
    # Now, and only now, the enterprise's complaints are theirs to read.
    complaint = services.submit_complaint(enterprise=e1, submitter=people["enterprise1"], title="t", description="d",
                                         category=Category.objects.filter(jurisdiction=e1.jurisdiction).first())
    assert logged_in(pending).get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200
    assert "join-requests-card" not in holder.get("/").content.decode()


def test_the_enterprise_user_refuses(pending, people):
    join = JoinRequest.objects.get(user=pending)
    logged_in(people["enterprise1"]).post(reverse("join-request-decide", args=[join.pk]), {"decision": "refuse"})
    pending.refresh_from_db()
    join.refresh_from_db()
    assert join.status == JoinRequest.Status.REFUSED and join.decided_by == people["enterprise1"]
    assert not pending.is_active and pending.enterprise_id is None
    assert not Client().login(request=HttpRequest(), username="stranger", password=PASSWORD)


def test_nobody_else_decides(pending, people):
    join = JoinRequest.objects.get(user=pending)
    url = reverse("join-request-decide", args=[join.pk])
    other = logged_in(people["enterprise2"])
    assert "stranger" not in other.get(reverse("join-requests")).content.decode()
    assert other.post(url, {"decision": "approve"}).status_code == 404
    assert logged_in(people["dispatcher1"]).post(url, {"decision": "approve"}).status_code == 403
    assert Client().post(url, {"decision": "approve"}).status_code == 302  # to the login page
    pending.refresh_from_db()
    assert not pending.is_active and pending.enterprise_id is None


def test_the_admin_sees_the_count_and_confirms_before_activation(pending, e1, people):
    admin = logged_in(people["admin"])
    accounts = User.objects.filter(enterprise=e1).count()
    changelist = reverse("admin:portal_user_changelist")
    listing = admin.get(changelist, {"q": "stranger"}).content.decode()
    assert e1.name in listing and f'<td class="field-enterprise_accounts">{accounts}</td>' in listing
    # The action first shows the warning with the count; nothing is activated yet.
    r = admin.post(changelist, {"action": "activate", ACTION_CHECKBOX_NAME: [pending.pk]})
    html = r.content.decode()
    assert r.status_code == 200 and 'id="join-warning"' in html
    assert f'<td class="join-count">{accounts}</td>' in html and e1.name in html
    pending.refresh_from_db()
    assert not pending.is_active
    # Confirmed: bound and active, and the message repeats the count.
    r = admin.post(changelist, {"action": "activate", ACTION_CHECKBOX_NAME: [pending.pk], "confirm": "yes"},
                   follow=True)
    pending.refresh_from_db()
    assert pending.is_active and pending.enterprise == e1
    assert JoinRequest.objects.get(user=pending).status == JoinRequest.Status.APPROVED
    assert f"此前该企业已有{accounts}个账号" in r.content.decode()


def test_admin_activation_of_a_new_enterprise_needs_no_confirmation(client, people):
    register(client, None, username="newco")
    user = User.objects.get(username="newco")
    r = logged_in(people["admin"]).post(reverse("admin:portal_user_changelist"),
                                        {"action": "activate", ACTION_CHECKBOX_NAME: [user.pk]})
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.is_active
