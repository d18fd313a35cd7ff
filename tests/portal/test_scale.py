"""seed_scale: counts, valid credit codes, top-up, copy_rows id ranges (SQLite and PostgreSQL alike)."""

import importlib

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import clear_url_caches

from portal import creditcode, scale
from portal.models import Department, Enterprise, Notification, Role, User

pytestmark = pytest.mark.django_db


def seed(**options):
    call_command("seed_scale", quiet=True, notifications=2, password="pw-Scale-12345", stdout=open("/dev/null", "w"),
                 **options)


def test_seed_scale_creates_enterprises_people_and_valid_unique_credit_codes():
    seed(enterprises=30, officials=12)
    ents = Enterprise.objects.filter(credit_code__startswith=scale.CREDIT_PREFIX)
    codes = list(ents.values_list("credit_code", flat=True))
    assert len(codes) == 30 == len(set(codes))
    assert all(creditcode.problem(code) is None for code in codes)
    assert ents.filter(is_key=True).count() == 3
    assert User.objects.filter(groups__name=Role.OFFICIAL, username__startswith="scale-").count() == 12
    assert User.objects.filter(groups__name=Role.ENTERPRISE, username__startswith="scale-").count() == 6
    assert User.objects.filter(groups__name=Role.OVERSIGHT, username__startswith="scale-").count() == scale.OVERSIGHT_USERS
    ordinary = Department.objects.filter(jurisdiction__code="HK", kind=Department.Kind.ORDINARY)
    assert ordinary.count() >= len(scale.CITY_DEPARTMENTS)
    assert User.objects.filter(groups__name=Role.HANDLER, username__startswith="scale-").count() == (
        ordinary.count() * scale.HANDLERS_PER_DEPARTMENT)
    assert not ordinary.filter(head__isnull=True).exists()
    every_key_enterprise_has_an_account = ents.filter(is_key=True, users__isnull=False).count() == 3
    assert every_key_enterprise_has_an_account
    user = User.objects.get(username="scale-official-000001")
    assert check_password("pw-Scale-12345", user.password)
    assert user.department.kind == Department.Kind.ORDINARY
    assert Notification.objects.filter(recipient=user).count() == 2


def test_seed_scale_tops_up_to_larger_numbers_and_is_idempotent():
    seed(enterprises=20, officials=5)
    seed(enterprises=35, officials=8)
    codes = list(Enterprise.objects.filter(credit_code__startswith=scale.CREDIT_PREFIX).values_list("credit_code", flat=True))
    assert len(codes) == 35 == len(set(codes))
    users = User.objects.filter(username__startswith="scale-").count()
    notifications = Notification.objects.count()
    assert User.objects.filter(username__startswith="scale-official-").count() == 8
    seed(enterprises=35, officials=8)
    assert Enterprise.objects.count() == 35
    assert User.objects.filter(username__startswith="scale-").count() == users
    assert Notification.objects.count() == notifications


def test_copy_rows_returns_the_ids_it_created_and_ordinary_inserts_follow(people):
    user = people["official1"]
    ids = scale.copy_rows(Notification, ["recipient", "subject"], ((user.pk, f"n{i}") for i in range(5)), batch=2)
    assert len(ids) == 5
    rows = Notification.objects.filter(pk__in=ids).order_by("pk")
    assert [n.subject for n in rows] == ["n0", "n1", "n2", "n3", "n4"]
    assert all(n.created_at is not None and n.key == "" for n in rows)
    after = Notification.objects.create(recipient=user, subject="after")
    assert after.pk == ids.stop
    assert scale.copy_rows(Notification, ["recipient", "subject"], []) == range(ids.stop + 1, ids.stop + 1)


def test_id_ranges_from_the_database_keep_gaps():
    seed(enterprises=10, officials=3)
    ents = Enterprise.objects.filter(credit_code__startswith=scale.CREDIT_PREFIX).order_by("pk")
    all_ids = list(ents.values_list("pk", flat=True))
    ents.filter(pk=all_ids[4]).delete()
    ranges = scale.IdRanges.of(ents)
    assert list(ranges) == all_ids[:4] + all_ids[5:]
    assert len(ranges.runs) == 2 and len(ranges) == 9
    assert ranges[4] == all_ids[5] and ranges[-1] == all_ids[-1]
    assert list(ranges + range(all_ids[4], all_ids[4] + 1)) == all_ids


def test_copy_text_escapes_what_copy_would_misread():
    assert scale._copy_text("a\tb\\c\nd") == "a\\tb\\\\c\\nd"
    assert scale._copy_text(None) == r"\N" and scale._copy_text(True) == "t"


def test_bench_views_are_routed_only_with_portal_bench(monkeypatch, client, people):
    import portal.urls

    monkeypatch.delenv("PORTAL_BENCH", raising=False)
    importlib.reload(portal.urls)
    clear_url_caches()
    assert client.get("/bench/bare/").status_code == 404
    assert client.post("/bench/signed-in/").status_code == 404
    try:
        monkeypatch.setenv("PORTAL_BENCH", "1")
        importlib.reload(portal.urls)
        clear_url_caches()
        response = client.get("/bench/bare/")
        assert response.status_code == 200 and response.content == b"ok"
        # The signed-in floor: a logged-in POST (CSRF checked) that only asks who is asking.
        assert client.post("/bench/signed-in/").status_code == 302  # to the login page
        csrf = Client(enforce_csrf_checks=True)
        csrf.force_login(people["enterprise1"])
        assert csrf.post("/bench/signed-in/").status_code == 403  # no CSRF token
        csrf.get("/complaints/new/")
        response = csrf.post("/bench/signed-in/", {"csrfmiddlewaretoken": csrf.cookies["csrftoken"].value})
        assert response.status_code == 200 and response.content == b"ok"
    finally:
        monkeypatch.delenv("PORTAL_BENCH", raising=False)
        importlib.reload(portal.urls)
        clear_url_caches()
    assert client.get("/bench/bare/").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM statistics are PostgreSQL's (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_analyze_vacuums_the_tables_a_bulk_load_filled_outside_a_transaction():
    """After a load, the tables autovacuum would vacuum next are vacuumed (their visibility map set, for the
    index-only scans); inside a transaction ANALYZE alone runs (VACUUM would fail there)."""
    seed(enterprises=2000, officials=5)

    def vacuumed() -> bool:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_stat_clear_snapshot()")
            cur.execute("SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s",
                        [Enterprise._meta.db_table])
            return cur.fetchone()[0]

    with transaction.atomic():
        scale.analyze()  # no error inside a transaction
    assert vacuumed()  # seed_scale's own run (outside any transaction) vacuumed the filled table
