"""Issue 16: the dispatcher inbox's counts (the tab badges, and the unfiltered list's page count) come from a
cache of a few seconds per user, forgotten when the user changes a complaint; a search of the inbox is not counted
when its first page is not full; with the cache down, everything is counted as before."""

from __future__ import annotations

import re

import pytest
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from complaints import queries, services
from complaints.models import Complaint
from portal import cache as portal_cache

pytestmark = pytest.mark.django_db
S = Complaint.Status


@pytest.fixture(autouse=True)
def _fresh_counts(people):
    """Counts a test before cached (ids are reused on SQLite) are not this test's."""
    queries.forget_inbox_counts(people["dispatcher1"])


def submitted(people, categories, n: int, title="收件箱") -> list[Complaint]:
    cats = list(categories.values())
    return [services.submit_complaint(enterprise=people["enterprise1"].enterprise, submitter=people["enterprise1"],
                                      category=cats[i % len(cats)], title=f"{title}{i}", description="x")
            for i in range(n)]


def waiting(people) -> int:
    """What the 待受理 list holds (the demo's own complaints included)."""
    return Complaint.objects.visible_to(people["dispatcher1"]).filter(status=S.SUBMITTED).count()


def dispatcher(people) -> Client:
    client = Client()
    client.force_login(people["dispatcher1"])
    client.get("/")  # sessions and content types read once, as in a running worker
    return client


def badge(html: str, tab: str) -> int:
    return int(re.search(rf'href="\?tab={tab}">[^<]*<span class="badge[^"]*">(\d+)</span>', html).group(1))


def counting(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "complaints_complaint" in q["sql"]]


def test_the_inbox_counts_once_then_serves_its_counts_from_the_cache(people, categories, django_assert_num_queries):
    assert 0 < queries.INBOX_COUNTS_SECONDS <= 10  # "within seconds" (issue 15 defect 3)
    submitted(people, categories, 3)
    client = dispatcher(people)
    # Counting: the tab counts (one aggregate, which is also the list's count), the rows, the departments of
    # the 批量分办 form, the bell; no COUNT of the list of its own.
    with django_assert_num_queries(6) as ctx:
        html = client.get("/complaints/inbox/").content.decode()
    assert len(counting(ctx)) == 1 and badge(html, "new") == waiting(people)
    # Seconds later: no counting at all.
    with django_assert_num_queries(5) as ctx:
        html = client.get("/complaints/inbox/?tab=new&sort=-number").content.decode()
    assert counting(ctx) == [] and badge(html, "new") == waiting(people)
    with django_assert_num_queries(4):  # the pending transfer requests and their count, the bell
        client.get("/complaints/inbox/?tab=transfer")


def test_the_unfiltered_list_is_paged_by_the_tab_count(people, categories):
    submitted(people, categories, 25 - waiting(people))
    html = dispatcher(people).get("/complaints/inbox/").content.decode()
    assert badge(html, "new") == 25 and "第 1 / 2 页" in html


def test_the_dispatchers_own_assignment_shows_in_the_counts_at_once(people, categories):
    complaints = submitted(people, categories, 3)
    client = dispatcher(people)
    before = waiting(people)
    assert badge(client.get("/complaints/inbox/").content.decode(), "new") == before
    client.post("/complaints/inbox/assign/", {"ids": [complaints[0].pk], "department": people["handler1"].department_id})
    html = client.get("/complaints/inbox/").content.decode()
    assert badge(html, "new") == before - 1 == html.count('name="ids"')  # the same as the rows listed


def test_anybody_elses_change_shows_when_the_cached_counts_expire(people, categories, monkeypatch):
    complaints = submitted(people, categories, 2)
    client = dispatcher(people)
    before = waiting(people)
    assert badge(client.get("/complaints/inbox/").content.decode(), "new") == before
    services.assign(complaint=complaints[0], department=people["handler1"].department, by=people["admin"])
    assert badge(client.get("/complaints/inbox/").content.decode(), "new") == before  # seconds old, as said
    queries.cache.delete(f"inbox-counts:{people['dispatcher1'].pk}")  # INBOX_COUNTS_SECONDS later
    assert badge(client.get("/complaints/inbox/").content.decode(), "new") == before - 1


def test_without_the_cache_the_inbox_counts_every_time(people, categories, monkeypatch):
    """An unreachable Redis is an empty cache (portal.cache): the page is counted, not broken."""
    down = DummyCache("dummy", {})
    monkeypatch.setattr(queries, "cache", down)
    monkeypatch.setattr(portal_cache, "cache", down)
    complaints = submitted(people, categories, 2)
    client = dispatcher(people)
    before = waiting(people)
    assert badge(client.get("/complaints/inbox/").content.decode(), "new") == before
    services.assign(complaint=complaints[0], department=people["handler1"].department, by=people["dispatcher1"])
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/complaints/inbox/").content.decode()
    assert badge(html, "new") == before - 1 and len(counting(ctx)) == 1


def test_a_search_of_the_inbox_whose_first_page_is_not_full_is_not_counted(people, categories,
                                                                           django_assert_num_queries):
    submitted(people, categories, 3, title="冷库制冷故障")
    submitted(people, categories, 2, title="用电增容")
    client = dispatcher(people)
    client.get("/complaints/inbox/")  # the tab counts cached
    with django_assert_num_queries(5) as ctx:  # the rows (one more than a page), the form, the bell …
        html = client.get("/complaints/inbox/", {"q": "冷库"}).content.decode()
    assert counting(ctx) == []
    assert html.count('name="ids"') == 3
