"""Search (`?q=`): any part of the number, title or description, or of the enterprise's name; index plans on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints import queries, search
from complaints.models import Complaint
from portal.pagination import SearchPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(people, make_complaint):
    c = make_complaint(title="厂区门前石板碎裂")
    Complaint.objects.filter(pk=c.pk).update(description="雨季积水严重，影响货车通行，请尽快修复排水沟。")
    return Complaint.objects.get(pk=c.pk)


def found(people, term: str, who: str = "oversight1") -> list[int]:
    qs = queries.filter_complaints(Complaint.objects.visible_to(people[who]), {"q": term})
    return list(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("term", ["石板碎裂", "排水沟", "货车通行", "积水"])
def test_words_of_the_title_or_description_find_it(people, filed, term):
    assert found(people, term) == [filed.pk]


def test_part_of_the_enterprise_name_or_the_number_finds_it(people, filed):
    name = filed.enterprise.name
    by_name = found(people, name[1:4])
    assert filed.pk in by_name
    assert set(Complaint.objects.filter(pk__in=by_name).values_list("enterprise_id", flat=True)) == {filed.enterprise_id}
    assert found(people, filed.number) == [filed.pk]
    assert found(people, filed.number.lower()) == [filed.pk]


def test_wildcards_in_the_term_are_literal(people, filed):
    assert found(people, "%") == []
    assert found(people, "石_碎") == []


def test_search_stays_within_what_the_user_sees(people, filed):
    assert found(people, "排水沟", who="enterprise2") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_a_long_term_is_an_index_search_on_every_arm(people, filed):
    """Every arm of the OR — number, title, description, enterprise name — can use its trigram index: with
    sequential scans priced out, the plan reads complaints only through the indexes (a BitmapOr), never the table."""
    qs = queries.filter_complaints(Complaint.objects.all(), {"q": "排水沟"})
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # not the primary key walked backwards either
        plan = qs.order_by("-id").explain()
    for index in ("complaint_title_trgm", "complaint_description_trgm", "complaint_number_trgm",
                  "enterprise_name_trgm"):
        assert index in plan, plan
    assert "Seq Scan on complaints_complaint" not in plan
    assert search.uses_index("排水沟") and not search.uses_index("积水")


def test_a_search_whose_first_page_is_not_full_is_not_counted(people, filed):
    qs = queries.filter_complaints(Complaint.objects.all(), {"q": "排水沟"}).order_by("-id")
    with CaptureQueriesContext(connection) as ctx:
        page = SearchPaginator(qs, 20).get_page(None)
    assert [c.pk for c in page.object_list] == [filed.pk]
    assert page.paginator.count == 1
    assert len(ctx.captured_queries) == 1


def test_a_full_first_page_is_counted_once(people, make_complaint):
    for i in range(3):
        make_complaint(title=f"排水沟堵塞{i}")
    qs = queries.filter_complaints(Complaint.objects.all(), {"q": "排水沟"}).order_by("-id")
    with CaptureQueriesContext(connection) as ctx:
        page = SearchPaginator(qs, 2).get_page("1")
        rows = list(page.object_list)
    assert len(rows) == 2 and page.paginator.count == 3 and page.has_next()
    assert len(ctx.captured_queries) == 2
    assert [c.pk for c in SearchPaginator(qs, 2).get_page("2").object_list] == [qs.last().pk]


def test_a_short_term_checks_the_rows_own_enterprise_not_the_directory(people, filed):
    """Issue 16: two characters that trigrams cannot narrow would make the enterprise array a scan of the whole
    directory (seconds at 1M enterprises when few names match); the name is checked on the joined enterprise."""
    name = filed.enterprise.name
    short = queries.filter_complaints(Complaint.objects.all(), {"q": name[1:3]})
    assert filed.pk in short.values_list("pk", flat=True)
    assert "ARRAY(" not in str(short.query)
    if connection.vendor == "postgresql":
        assert "ARRAY(" in str(queries.filter_complaints(Complaint.objects.all(), {"q": name[1:4]}).query)
