import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Notification
from portal.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


def test_count_stops_at_the_cap(people):
    user = people["official1"]
    Notification.objects.bulk_create(Notification(recipient=user, subject=f"n{i}") for i in range(7))
    qs = Notification.objects.filter(recipient=user).order_by("id")
    small = CappedPaginator(qs, 2)
    small.cap = 100
    assert small.count == 7 and not small.capped and small.num_pages == 4
    capped = CappedPaginator(qs, 2)
    capped.cap = 5
    assert capped.count == 6 and capped.capped
    assert [n.subject for n in capped.get_page(2)] == ["n2", "n3"]


# ---- searches (issue 16) ------------------------------------------------------------------------------


def test_a_search_counts_to_a_lower_cap_than_a_list():
    from portal.pagination import CAP, SEARCH_CAP, SearchPaginator

    assert SearchPaginator.cap == SEARCH_CAP < CAP


def test_an_api_search_whose_first_page_is_not_full_is_not_counted(people, django_assert_num_queries):
    from rest_framework.test import APIClient

    from portal.models import Enterprise

    client = APIClient()
    client.force_authenticate(people["dispatcher1"])
    name = Enterprise.objects.order_by("id").first().name
    with django_assert_num_queries(1) as ctx:  # the rows (one more than a page), no COUNT
        data = client.get("/api/v1/enterprises/", {"search": name}).json()
    assert data["count"] == len(data["results"]) >= 1 and "COUNT(" not in ctx.captured_queries[0]["sql"]
    with CaptureQueriesContext(connection) as ctx:  # a list is counted (capped) as before
        assert client.get("/api/v1/enterprises/").json()["count"] == Enterprise.objects.count()
    assert any("COUNT(" in q["sql"] for q in ctx.captured_queries)


def test_a_search_with_more_than_its_cap_says_so(people, monkeypatch):
    from django.test import Client

    from complaints.models import Complaint
    from portal.pagination import SearchPaginator

    monkeypatch.setattr(SearchPaginator, "cap", 2)
    monkeypatch.setattr("complaints.views.PAGE_SIZE", 1)
    client = Client()
    client.force_login(people["oversight1"])
    visible = Complaint.objects.visible_to(people["oversight1"])
    term = visible.order_by("id").first().number[:4]  # the jurisdiction's prefix and year: every demo complaint
    assert visible.filter(number__startswith=term).count() > 3
    html = client.get("/complaints/all/", {"q": term}).content.decode()
    assert "超过一千条" in html
