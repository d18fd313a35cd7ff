"""seed_scale's declarations step, and the flags page and API at scale: a fixed number of queries (acceptance 4)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from declarations import queries
from declarations.models import Declaration, Flag
from portal.models import User

pytestmark = pytest.mark.django_db


def seed(**options):
    options = {"enterprises": 300, "officials": 20, "notifications": 0, "complaints": 0, "conduct_reports": 0,
               "pairings": 0, **options}
    call_command("seed_scale", quiet=True, password="pw-Scale-12345", stdout=open("/dev/null", "w"), **options)


def test_declarations_step_tops_up_and_stores_the_flags_the_rules_call_for(people):
    seed(declarations=400)
    scale = Declaration.objects.filter(official__username__startswith="scale-")
    assert scale.count() == 400
    assert set(scale.values_list("kind", flat=True)) == set(Declaration.Kind.values)
    flags = Flag.objects.filter(official__username__startswith="scale-")
    assert flags.exists()
    for flag in flags.select_related("declaration")[:50]:
        d = flag.declaration
        if flag.kind == "over_standard":
            assert d.kind == "hospitality" and d.reason
        elif flag.kind == "unapproved_event":
            assert d.late
        else:
            assert d.disposition in ("kept", "handed_in") and d.value > 200
    seed(declarations=400)
    assert scale.count() == 400

    # The flags page and the API at scale: the same queries as with a single flag.
    investigator = people["investigator1"]
    investigator.jurisdiction = None  # city-wide: reads every flag
    investigator.save(update_fields=["jurisdiction"])
    assert queries.flags_visible_to(User.objects.get(pk=investigator.pk)).count() == flags.count()
    from django.test import Client

    client = Client()
    client.force_login(investigator)
    client.get("/declarations/flags/?status=all&year=all")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as page:
        response = client.get("/declarations/flags/?status=all&year=all")
    assert response.status_code == 200 and response.content.decode().count('class="flag"') == 20
    api = APIClient()
    api.force_authenticate(investigator)
    with CaptureQueriesContext(connection) as listed:
        assert len(api.get("/api/v1/declarations/flags/").json()["results"]) == 20
    assert len(page.captured_queries) == 6, [q["sql"][:100] for q in page.captured_queries]
    assert len(listed.captured_queries) == 4, [q["sql"][:100] for q in listed.captured_queries]
