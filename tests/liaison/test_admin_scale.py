"""The admin at city scale: change pages never list the city — related complaints, enterprises and users are
picked by id or autocomplete (a visit's change page took 226 s and 162 MB with 1M complaints when its inline
listed them); big lists run one COUNT and no date hierarchy."""

from __future__ import annotations

import pytest
import time_machine

from liaison.models import Forum, InspectionReport, KeyProject, Pairing, Visit

from .test_query_counts import TODAY, grow

pytestmark = pytest.mark.django_db

PAGES = [Visit, Forum, Pairing, KeyProject, InspectionReport]


def options(client, model) -> int:
    obj = model.objects.order_by("id").first()
    response = client.get(f"/admin/liaison/{model._meta.model_name}/{obj.pk}/change/")
    assert response.status_code == 200
    return response.content.decode().count("<option")


@time_machine.travel(TODAY, tick=False)
def test_change_pages_do_not_grow_with_the_directory(client, people, make_complaint_rows):
    client.force_login(people["admin"])
    grow(people, 1)
    before = {m: options(client, m) for m in PAGES}
    grow(people, 3)  # more officials, enterprises, forums, projects
    make_complaint_rows(25)
    assert {m: options(client, m) for m in PAGES} == before


@pytest.fixture
def make_complaint_rows(people):
    from complaints import services
    from complaints.models import Category

    def _make(n: int) -> None:
        category = Category.objects.filter(jurisdiction=people["enterprise1"].enterprise.jurisdiction).first()
        for i in range(n):
            services.submit_complaint(enterprise=people["enterprise1"].enterprise, submitter=people["enterprise1"],
                                      category=category, title=f"诉求{i}", description="内容")

    return _make


def test_the_complaint_list_has_no_date_hierarchy(client, people):
    """Its DISTINCT/MIN/MAX over every complaint cost 0.7 s a page at 1M; a date filter costs nothing."""
    client.force_login(people["admin"])
    body = client.get("/admin/complaints/complaint/").content.decode()
    assert 'class="xfull"' not in body and "date-hierarchy" not in body


def test_the_api_token_pages_load_no_user_list(client, people):
    """Tokens are issued by the API only (stored as digests, portal/tokens.py): no add page, no user select."""
    client.force_login(people["admin"])
    assert client.get("/admin/authtoken/tokenproxy/add/").status_code == 403
    body = client.get("/admin/authtoken/tokenproxy/").content.decode()
    assert body.count("<option") < 10
