"""Read-heavy pages on a replica: a real second database (the `replica` alias has its own test database).

The replica here holds only what the test copies into it, so where a page read from is visible in what it shows.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from oversight import queries, rollups
from oversight.models import SummarySnapshot
from portal.dbrouters import PIN_COOKIE
from portal.models import Department, Jurisdiction

pytestmark = pytest.mark.django_db(databases=["default", "replica"])

REPLICA_TIME = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)


@pytest.fixture
def replica(people, settings):
    """Routing on; the replica holds the directory and a summary computed at REPLICA_TIME (the primary's is now)."""
    settings.REPLICA_READS = True
    jurisdictions = list(Jurisdiction.objects.all())
    Jurisdiction.objects.using("replica").bulk_create(jurisdictions)
    departments = list(Department.objects.all())
    for d in departments:
        d.head_id = d.liaison_officer_id = None  # no users on the replica side; the page reads them from the primary
    Department.objects.using("replica").bulk_create(departments)
    hk = Jurisdiction.objects.get(code="HK")
    primary = rollups.refresh(queries.Scope(timezone.localdate().year, hk, None))
    SummarySnapshot.objects.using("replica").create(
        year=primary.year, jurisdiction_id=hk.pk, department=None, data=primary.data, computed_at=REPLICA_TIME)
    return primary


def test_dashboard_reads_the_replica(client, people, replica):
    client.force_login(people["oversight1"])
    response = client.get("/oversight/")
    assert response.status_code == 200
    assert response.context["computed_at"] == REPLICA_TIME


def test_the_api_summary_reads_the_replica(client, people, replica):
    client.force_login(people["oversight1"])
    body = client.get("/api/v1/dashboard/summary").json()
    assert parse_datetime(body["computed_at"]) == REPLICA_TIME


def test_a_browser_that_just_wrote_reads_the_primary_until_the_pin_expires(client, people, replica, settings):
    client.force_login(people["oversight1"])
    wrote = client.post("/inbox/read/")  # any write
    assert wrote.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    response = client.get("/oversight/")
    assert response.context["computed_at"] == replica.computed_at  # the primary's row
    del client.cookies[PIN_COOKIE]  # what the browser does when max-age has passed
    assert client.get("/oversight/").context["computed_at"] == REPLICA_TIME


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(client, people, replica):
    """立即刷新 writes the summary (to the primary) and its redirect target reads it back from there."""
    client.force_login(people["oversight1"])
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1)):
        response = client.post("/oversight/refresh/", follow=True)
    assert response.status_code == 200
    hk = Jurisdiction.objects.get(code="HK")
    fresh = SummarySnapshot.objects.get(year=replica.year, jurisdiction=hk, department=None)
    assert fresh.computed_at > replica.computed_at
    assert SummarySnapshot.objects.using("replica").get(jurisdiction_id=hk.pk).computed_at == REPLICA_TIME
    assert response.context["computed_at"] == fresh.computed_at


def test_without_replica_reads_everything_is_on_the_primary(client, people, replica, settings):
    settings.REPLICA_READS = False
    client.force_login(people["oversight1"])
    response = client.get("/oversight/")
    assert response.context["computed_at"] == replica.computed_at
    assert PIN_COOKIE not in client.post("/inbox/read/").cookies


def test_pages_without_the_decorator_never_read_the_replica(client, people, replica):
    """The complaint lists are read right after their writes: they stay on the primary."""
    client.force_login(people["dispatcher1"])
    assert client.get("/complaints/inbox/").status_code == 200  # the replica has no users/complaints tables' rows
