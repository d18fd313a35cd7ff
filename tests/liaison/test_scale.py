"""seed_scale's liaison steps: pairings within the limit, visits, forums with invitees, projects with reports."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from liaison.models import Forum, InspectionReport, KeyProject, Pairing, Visit
from portal.models import Jurisdiction

pytestmark = pytest.mark.django_db


def seed(**options):
    options = {"enterprises": 200, "officials": 15, "notifications": 0, **options}
    call_command("seed_scale", quiet=True, password="pw-Scale-12345", stdout=open("/dev/null", "w"), **options)


def scale_pairings():
    return Pairing.objects.filter(official__username__startswith="scale-official-")


def test_pairings_pair_officials_with_key_enterprises_within_the_pairing_limit():
    seed(pairings=24)
    limit = Jurisdiction.objects.get(code="HK").pairing_limit
    pairs = scale_pairings()
    assert pairs.count() == 24
    assert not pairs.filter(enterprise__is_key=False).exists()
    assert max(pairs.values("official").annotate(n=Count("id")).values_list("n", flat=True)) <= limit
    assert pairs.values("official", "enterprise").distinct().count() == 24
    assert all(p.is_active() for p in pairs)


def test_more_pairings_than_officials_allow_are_capped_and_top_up_adds_the_difference():
    limit = Jurisdiction.objects.get(code="HK").pairing_limit
    seed(pairings=10)
    seed(pairings=10_000)
    assert scale_pairings().count() == 15 * limit
    assert Visit.objects.filter(pairing__in=scale_pairings()).count() == 3 * 15 * limit


def test_visits_forums_and_projects_are_realistic_and_reachable():
    seed(pairings=20, visits=90, forums=2)
    visits = Visit.objects.filter(pairing__in=scale_pairings())
    assert visits.count() == 90
    assert set(visits.values_list("status", flat=True)) <= set(Visit.Status.values)
    assert not visits.exclude(logged_by=models_f("pairing__official")).exists()
    forums = Forum.objects.filter(created_by__username__startswith="scale-")
    assert forums.filter(status=Forum.Status.HELD).exists() and forums.filter(status=Forum.Status.SCHEDULED).exists()
    assert not forums.annotate(n=Count("invited_enterprises")).filter(n=0).exists()
    projects = KeyProject.objects.filter(enterprise__credit_code__startswith="91610902")
    assert projects.count() == 5
    assert InspectionReport.objects.filter(project__in=projects).exists()
    assert not projects.annotate(n=Count("members")).filter(n=0).exists()
    seed(pairings=20, visits=90, forums=2)
    assert Forum.objects.filter(created_by__username__startswith="scale-").count() == forums.count()
    assert KeyProject.objects.filter(enterprise__credit_code__startswith="91610902").count() == 5


def models_f(name):
    from django.db.models import F

    return F(name)
