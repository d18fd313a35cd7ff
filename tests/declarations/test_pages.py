"""Pages through the HTTP client: who reaches what, the forms, the cross-check, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from declarations import services
from declarations.models import Declaration, Flag
from portal.models import SecurityEvent
from tests.declarations.conftest import make_event, make_hospitality

pytestmark = pytest.mark.django_db


def test_enterprise_user_is_refused_every_page(client, people):
    client.force_login(people["enterprise1"])
    for url in ("/declarations/", "/declarations/new/event/", "/declarations/flags/", "/declarations/approvals/",
                f"/declarations/officials/{people['official1'].pk}/"):
        assert client.get(url).status_code == 403, url


def test_official_declares_a_gift_through_the_form(client, official, e1):
    client.force_login(official)
    r = client.post("/declarations/new/gift/", {"enterprise": e1.credit_code, "date": timezone.localdate().isoformat(),
                                                "description": "月饼", "value": "500", "disposition": "handed_in",
                                                "handed_to": "", "receipt_no": ""})
    assert r.status_code == 200 and "上交的礼品礼金请填写上交单位和收据编号" in r.content.decode()
    r = client.post("/declarations/new/gift/", {"enterprise": e1.credit_code, "date": timezone.localdate().isoformat(),
                                                "description": "月饼", "value": "500", "disposition": "handed_in",
                                                "handed_to": "党工委办公室", "receipt_no": "SJ-2026-1"})
    d = Declaration.objects.get()
    assert r.status_code == 302 and r.url == f"/declarations/{d.pk}/"
    page = client.get(r.url).content.decode()
    assert "SJ-2026-1" in page and "提交报备" in page
    assert "月饼" in client.get("/declarations/").content.decode()


def test_approver_decides_on_the_page_and_the_official_records(client, people, official, e1):
    d = make_event(official, e1, date=timezone.localdate())
    client.force_login(people["approver1"])
    assert d.number in client.get("/declarations/approvals/").content.decode()
    assert client.post(f"/declarations/{d.pk}/approve/", {"note": "同意"}).status_code == 302
    client.force_login(official)
    client.post(f"/declarations/{d.pk}/record/", {"outcome": "参加年会"})
    d.refresh_from_db()
    assert d.status == "reported"
    history = client.get(f"/declarations/{d.pk}/").content.decode()
    assert history.count("list-group-item") >= 3 and "批准" in history and "记录活动情况" in history


def test_others_get_404_on_a_declaration(client, people, official, e1):
    d = make_event(official, e1)
    client.force_login(people["handler2"])
    assert client.get(f"/declarations/{d.pk}/").status_code == 404
    assert client.post(f"/declarations/{d.pk}/withdraw/").status_code == 404


def test_cross_check_shows_declarations_beside_visits_and_is_audited(client, people, official, e1):
    make_hospitality(official, e1, cost=Decimal("400"), reason="外地客商")
    client.force_login(people["oversight1"])
    page = client.get(f"/declarations/officials/{official.pk}/").content.decode()
    assert "接待超标准" in page and "/liaison/visits/" in page and e1.name in page
    assert SecurityEvent.objects.filter(event="declaration_cross_check_read", object_id=str(official.pk)).exists()
    flag = Flag.objects.get()
    r = client.post(f"/declarations/flags/{flag.pk}/close/", {"note": "已核实", "next": "/declarations/flags/"})
    assert r.status_code == 302 and Flag.objects.get().status == "closed"


def test_flags_page_runs_a_fixed_number_of_queries(client, people, official, e1, django_assert_num_queries):
    client.force_login(people["investigator1"])
    client.get("/declarations/flags/")  # warm the session and the content types

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/declarations/flags/?status=all").status_code == 200
        return len(ctx.captured_queries)

    make_hospitality(official, e1, cost=Decimal("400"), reason="x")
    few = count()
    for _ in range(5):
        make_event(official, e1, date=timezone.localdate() - dt.timedelta(days=1))
        services.declare(by=people["handler1"], kind="gift", data={
            "enterprise": e1, "date": timezone.localdate(), "description": "x", "value": Decimal("900"),
            "disposition": "kept"})
    assert Flag.objects.count() == 11
    assert count() == few
