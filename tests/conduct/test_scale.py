"""seed_scale's conduct steps: reports citing officials' rules, integrity entries reflected on enterprises."""

import pytest
from django.core.management import call_command

from conduct.models import ConductReport, IntegrityEntry, Register, Rule
from portal.models import Enterprise

pytestmark = pytest.mark.django_db


def seed(**options):
    options = {"enterprises": 1000, "officials": 10, "notifications": 0, **options}
    call_command("seed_scale", quiet=True, password="pw-Scale-12345", stdout=open("/dev/null", "w"), **options)


def test_conduct_reports_cite_current_officials_rules_and_concluded_ones_have_an_outcome():
    seed(conduct_reports=40)
    reports = ConductReport.objects.filter(reporter__username__startswith="scale-")
    assert reports.count() == 40
    assert Rule.objects.exists()  # seed_registers ran when there were no rules
    for report in reports.prefetch_related("rules__register"):
        rules = list(report.rules.all())
        assert rules and all(r.register.binds == Register.Binds.OFFICIALS for r in rules)
        assert report.events.filter(action="file").exists()
        if report.is_concluded:
            assert report.concluded_at and report.outcome and report.events.filter(action="conclude").exists()
    seed(conduct_reports=40)
    assert ConductReport.objects.filter(reporter__username__startswith="scale-").count() == 40


def test_integrity_entries_are_published_and_set_the_enterprise_flag():
    seed()
    entries = IntegrityEntry.objects.filter(enterprise__credit_code__startswith="91610902")
    assert entries.filter(list="red").count() == 10 and entries.filter(list="black").count() == 3
    in_force = entries.in_force()
    assert set(Enterprise.objects.filter(integrity="black").values_list("pk", flat=True)) >= set(
        in_force.filter(list="black").values_list("enterprise_id", flat=True))
    seed()
    assert IntegrityEntry.objects.filter(enterprise__credit_code__startswith="91610902").count() == entries.count()
