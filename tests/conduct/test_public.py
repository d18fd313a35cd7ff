"""Acceptance 4: the public pages work without login and show no reporter, no report, no unpublished entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conduct import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def secrets(people, make_report):
    """An anonymous, a named and a founded report, and an entry that is only proposed."""
    from portal.models import Enterprise

    anonymous = make_report(anonymous=True, description="匿名举报的秘密描述")
    named = make_report(reporter="official1", description="实名举报的秘密描述")
    services.start_investigation(named, by=people["investigator1"])
    services.conclude(named, by=people["investigator1"], status="founded", outcome="查实的秘密结论")
    e2 = Enterprise.objects.get(users__username="enterprise2")
    services.propose_entry(by=people["investigator1"], enterprise=e2, list="black", reason="未发布的黑榜事由",
                           basis="依据举报查实", valid_from=named.created_at.date(), basis_report=named)
    return anonymous, named


PUBLIC = ["/conduct/registers/", "/conduct/integrity/", "/api/v1/registers/", "/api/v1/integrity-list/"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_need_no_login_and_leak_nothing(client, secrets, url):
    anonymous, named = secrets
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    for secret in ("王经理", "张书记", "enterprise1", "official1", "秘密", "未发布的黑榜事由", anonymous.number,
                   named.number, "周监察", "investigator1"):
        assert secret not in text, secret


def test_the_login_page_links_to_the_public_registers(client):
    assert reverse("conduct:registers") in client.get(reverse("login")).content.decode()


def test_every_role_has_the_registers_in_the_nav(client_for, people):
    for username in ("enterprise1", "official1", "dispatcher1", "handler1", "oversight1", "investigator1", "admin"):
        html = client_for(username).get("/").content.decode()
        assert f'href="{reverse("conduct:registers")}"' in html, username


def test_staff_integrity_pages_show_the_basis_report_by_number_never_its_reporter(client_for, secrets):
    from conduct.models import IntegrityEntry

    anonymous, named = secrets
    entry = IntegrityEntry.objects.get(reason="未发布的黑榜事由")
    html = client_for("oversight1").get(reverse("conduct:integrity-detail", args=[entry.pk])).content.decode()
    assert named.number in html and "张书记" not in html and "official1" not in html
    api = client_for("oversight1").get(f"/api/v1/integrity-list/{entry.pk}/").json()
    assert api["basis_report"] == named.pk and "reporter" not in str(api)
