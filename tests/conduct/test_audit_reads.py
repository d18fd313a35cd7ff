"""Issue 11: reads of conduct reports and of integrity proposals reach the security audit log."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from conduct import services
from portal.models import Enterprise, SecurityEvent

pytestmark = pytest.mark.django_db


def test_reading_a_report_on_the_page_the_list_and_the_api_is_audited(client_for, make_report):
    report = make_report()
    client = client_for("investigator1")
    assert client.get(reverse("conduct:report-detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("conduct:reports")).status_code == 200
    assert client.get(f"/api/v1/conduct-reports/{report.pk}/").status_code == 200
    rows = SecurityEvent.objects.filter(event="conduct_report_read", object_id=str(report.pk))
    assert rows.count() == 3
    assert {r.detail["via"] for r in rows} == {"page", "list", "api"}
    assert {r.username for r in rows} == {"investigator1"} and all(r.ip for r in rows)


def test_reading_an_integrity_proposal_is_audited(client_for, people):
    e2 = Enterprise.objects.get(users__username="enterprise2")
    entry = services.propose_entry(by=people["oversight1"], enterprise=e2, list="black", reason="r", basis="b",
                                   valid_from=datetime.date.today())
    client = client_for("investigator1")
    assert client.get(reverse("conduct:integrity-detail", args=[entry.pk])).status_code == 200
    assert client.get(f"/api/v1/integrity-list/{entry.pk}/").status_code == 200
    rows = SecurityEvent.objects.filter(event="integrity_read", object_id=str(entry.pk))
    assert {r.detail["via"] for r in rows} == {"page", "api"}
    assert rows.first().detail["status"] == "proposed"
