"""Issue 14, acceptance 4: the enterprise file at (small) city scale — seed_scale's data, the same pinned number of
queries as the demo (tests/dossier/test_dossier.py PINNED), whatever the enterprise's history holds."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from complaints.models import Complaint
from portal.models import User
from tests.dossier.test_dossier import PINNED

pytestmark = pytest.mark.django_db


def test_the_busiest_scale_enterprise_file_is_the_pinned_number_of_queries(people, django_assert_num_queries):
    call_command("seed_scale", quiet=True, password="pw-Scale-12345", stdout=open("/dev/null", "w"),
                 enterprises=200, officials=20, notifications=0, complaints=3000, conduct_reports=5, pairings=150,
                 declarations=200)
    busiest = (Complaint.objects.values("enterprise_id").annotate(n=Count("pk")).order_by("-n").first())
    assert busiest["n"] > 20  # more than a section shows
    oversight = User.objects.filter(username__startswith="scale-oversight-").order_by("id").first()
    client = Client()
    client.force_login(oversight)
    url = f"/enterprises/{busiest['enterprise_id']}/"
    client.get(url)
    with django_assert_num_queries(dict(PINNED)["oversight1"]):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="dossier-complaint"') == 20
    search = client.get("/enterprises/", {"q": "第1"})
    assert search.status_code == 200 and 'class="list-group-item list-group-item-action enterprise-result"' in \
        search.content.decode()
