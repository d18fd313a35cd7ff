"""Pages and API of 问责: roles (403), jurisdiction (404), fixed query counts, the home card and the lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accountability import services
from accountability.models import Case, Measure
from complaints.home import first_asked_card
from complaints.models import Complaint
from portal.models import SecurityEvent

pytestmark = pytest.mark.django_db


def make_case(people, c, **kw):
    args = dict(by=people["oversight1"], source=Case.Source.FLAG_BOUNCED, target=Case.Target.DEPARTMENT,
                department=people["handler2"].department, complaint=c, grounds="推拖绕", facts="两次退回",
                measure=Measure.INTERVIEW, decided_on=timezone.localdate(), decided_by="监察审计局")
    args.update(kw)
    return services.open_case(**args)


def queries_for(user, url: str) -> int:
    api = url.startswith("/api/")
    client = APIClient() if api else Client()
    if api:
        client.force_authenticate(user)
    else:
        client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return len(ctx.captured_queries)


# (user, url, queries): the same with one flagged complaint and case as with several.
PINNED = [
    ("oversight1", "/accountability/flags/", 5),
    ("oversight1", "/accountability/", 5),
    ("oversight1", "/accountability/officials/{h1}/", 12),
    ("oversight1", "/api/v1/accountability-cases/", 2),
    ("dispatcher1", "/complaints/first-asked/", 7),
]


@pytest.mark.parametrize(("username", "url", "expected"), PINNED)
def test_lists_run_a_fixed_number_of_queries(people, bounced, username, url, expected):
    url = url.format(h1=people["handler1"].pk)
    make_case(people, bounced("一"), target=Case.Target.OFFICIAL, official=people["handler1"], department=None)
    small = queries_for(people[username], url)
    for title in ("二", "三", "四"):
        make_case(people, bounced(title), target=Case.Target.OFFICIAL, official=people["handler1"], department=None)
    large = queries_for(people[username], url)
    assert small == large == expected


def test_the_flag_list_shows_the_bounced_complaint_with_a_button_to_open_a_case(people, bounced):
    c = bounced()
    client = Client()
    client.force_login(people["oversight1"])
    page = client.get("/accountability/flags/").content.decode()
    assert c.number in page and 'data-flag="bounced"' in page
    assert f"/accountability/new/?source=flag_bounced&amp;complaint={c.pk}" in page
    client.force_login(people["investigator1"])  # reads, does not open
    page = client.get("/accountability/flags/").content.decode()
    assert c.number in page and "/accountability/new/" not in page
    client.force_login(people["zj_oversight1"])
    assert c.number not in client.get("/accountability/flags/").content.decode()


def test_opening_a_case_through_the_page(people, bounced):
    c = bounced()
    client = Client()
    client.force_login(people["oversight1"])
    url = f"/accountability/new/?source=flag_bounced&complaint={c.pk}"
    page = client.get(url).content.decode()
    assert c.number in page and "已转办2次" in page  # the grounds start from the flag
    r = client.post(url, {"target": "department", "department": people["handler2"].department_id,
                          "grounds": "推拖绕", "facts": "两次退回", "measure": "reminder",
                          "decided_on": timezone.localdate().isoformat(), "decided_by": "监察审计局"})
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/accountability/{case.pk}/"
    assert (case.source, case.complaint, case.measure) == ("flag_bounced", c, "reminder")
    page = client.get(f"/accountability/{case.pk}/").content.decode()
    assert "提醒谈话" in page and 'id="history"' in page
    client.force_login(people["investigator1"])
    assert client.get(url).status_code == 403
    client.force_login(people["zj_oversight1"])
    assert client.get(url).status_code == 404
    assert client.get(f"/accountability/{case.pk}/").status_code == 404


def test_roles_and_jurisdictions(people, bounced):
    case = make_case(people, bounced())
    client = Client()
    for username in ("enterprise1", "official1", "dispatcher1", "handler1", "approver1"):
        client.force_login(people[username])
        for url in ("/accountability/", "/accountability/flags/", f"/accountability/{case.pk}/",
                    f"/accountability/officials/{people['handler1'].pk}/"):
            assert client.get(url).status_code == 403, (username, url)
    client.force_login(people["zj_oversight1"])
    assert client.get(f"/accountability/officials/{people['handler1'].pk}/").status_code == 404
    assert client.get(f"/accountability/{case.pk}/revise/").status_code == 404
    client.force_login(people["investigator1"])
    assert client.get(f"/accountability/{case.pk}/").status_code == 200
    assert client.get(f"/accountability/{case.pk}/revise/").status_code == 403


def test_the_api_lists_the_jurisdictions_cases(people, bounced):
    case = make_case(people, bounced())
    api = APIClient()
    api.force_authenticate(people["oversight1"])
    body = api.get("/api/v1/accountability-cases/").json()
    row = body["results"][0] if isinstance(body, dict) else body[0]
    assert (row["id"], row["measure"], row["measure_display"], row["deduction"]) == (case.pk, "interview", "约谈", 2)
    assert row["complaint_number"] == case.complaint.number
    assert api.get(f"/api/v1/accountability-cases/{case.pk}/").status_code == 200
    api.force_authenticate(people["zj_oversight1"])
    assert api.get(f"/api/v1/accountability-cases/{case.pk}/").status_code == 404
    body = api.get("/api/v1/accountability-cases/").json()
    assert (body["results"] if isinstance(body, dict) else body) == []
    api.force_authenticate(people["handler1"])
    assert api.get("/api/v1/accountability-cases/").status_code == 403


def test_the_officials_yearly_record_lists_flags_and_cases(people, bounced):
    c = bounced()
    make_case(people, c, target=Case.Target.OFFICIAL, official=people["dispatcher1"], department=None)
    client = Client()
    client.force_login(people["oversight1"])
    page = client.get(f"/accountability/officials/{people['dispatcher1'].pk}/").content.decode()
    for section in ('id="visits"', 'id="pledge"', 'id="declarations"', 'id="flags"', 'id="cases"'):
        assert section in page
    assert c.number in page and "约谈" in page  # the first-asked complaint's flag, and the case
    assert SecurityEvent.objects.filter(event="accountability_official_record_read",
                                        object_id=str(people["dispatcher1"].pk)).exists()


def test_the_home_card_shows_my_first_asked_complaints_in_one_query(people, bounced, rf,
                                                                  django_assert_num_queries):
    bounced()
    request = rf.get("/")
    request.user = people["dispatcher1"]
    with django_assert_num_queries(1):
        card = first_asked_card(request)["first_asked_card"]
    mine = Complaint.objects.filter(first_responder=people["dispatcher1"])  # the demo's, and the bounced one
    assert (card["total"], card["open"]) == (mine.count(), mine.open().count())
    assert (card["bounced"], card["asked"]) == (1, 1)
    client = Client()
    client.force_login(people["dispatcher1"])
    page = client.get("/").content.decode()
    assert 'data-card="first-asked"' in page and 'data-figure="asked"' in page
    assert "/complaints/first-asked/?asked=1" in page
    page = client.get("/complaints/first-asked/?asked=1").content.decode()
    assert "我首问的诉求" in page
    client.force_login(people["handler2"])  # first asked nothing: no card
    assert 'data-card="first-asked"' not in client.get("/").content.decode()
