"""Pages beyond the permission matrix: filing on behalf, what the enterprise sees, home cards, filters."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from complaints import services
from complaints.models import Complaint
from portal import lookups
from tests.complaints.conftest import pdf

pytestmark = pytest.mark.django_db
S = Complaint.Status


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_an_official_files_on_behalf_through_the_page(people, categories):
    r = client_for(people["official1"]).post(reverse("complaints:new"), {
        # What a chosen suggestion reads: the name and the credit code.
        "enterprise": lookups.enterprise_label(people["enterprise2"].enterprise), "category": categories["困难诉求"].pk,
        "title": "走访发现用工难", "description": "企业反映招工困难", "source": "走访 2026-05-01",
    })
    c = Complaint.objects.get(title="走访发现用工难")
    assert r.status_code == 302
    assert (c.enterprise, c.submitter, c.first_responder, c.source) == (
        people["enterprise2"].enterprise, people["official1"], people["official1"], "走访 2026-05-01")


def test_the_new_page_shows_each_categorys_answer_days(people):
    body = client_for(people["enterprise1"]).get(reverse("complaints:new")).content.decode()
    assert "政策咨询（3个工作日内答复）" in body and "法律维权（15个工作日内答复）" in body
    assert 'name="enterprise"' not in body  # an enterprise files for itself


def test_the_enterprise_sees_the_expected_date_but_not_internal_requests(people, make_complaint):
    c = make_complaint(S.ACCEPTED)
    services.request_transfer(complaint=c, by=people["handler1"], reason="内部讨论：不属本部门")
    mine = client_for(people["enterprise1"]).get(reverse("complaints:detail", args=[c.pk])).content.decode()
    staff = client_for(people["dispatcher1"]).get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert c.answer_deadline.isoformat() in mine and "预计答复日期" in mine
    assert "内部讨论" not in mine and "内部讨论" in staff
    api = APIClient()
    api.force_authenticate(people["enterprise1"])
    events = api.get(f"/api/v1/complaints/{c.pk}/").json()["events"]
    assert [e["action"] for e in events] == ["submit", "assign", "accept"]


def test_the_assign_form_preselects_the_categorys_department(people, make_complaint, categories):
    c = make_complaint(category="法律维权")
    body = client_for(people["dispatcher1"]).get(reverse("complaints:assign", args=[c.pk])).content.decode()
    dept = categories["法律维权"].default_department
    assert f'<option value="{dept.pk}" selected>{dept.name}</option>' in body


def test_lists_filter_and_search(people, make_complaint):
    a = make_complaint(S.ASSIGNED, title="供电不稳")
    b = make_complaint(S.SUBMITTED, title="道路积水")
    oversight = client_for(people["oversight1"])

    def numbers(query):
        return {c.number for c in oversight.get(reverse("complaints:all"), query).context["page"]}

    assert a.number in numbers({"q": "供电"}) and b.number not in numbers({"q": "供电"})
    assert numbers({"q": a.number}) == {a.number}
    assert b.number in numbers({"status": "submitted"}) and a.number not in numbers({"status": "submitted"})
    assert a.number in numbers({"department": a.department_id}) and b.number not in numbers(
        {"department": a.department_id})
    Complaint.objects.filter(pk=a.pk).update(answer_deadline="2026-01-05")
    assert numbers({"overdue": "1"}) >= {a.number} and b.number not in numbers({"overdue": "1"})
    assert a.number in {c.number for c in oversight.get(reverse("complaints:overdue")).context["page"]}


def test_home_cards_for_each_role(people):
    for username, text in [("enterprise1", "我的诉求"), ("official1", "代企业提交诉求"), ("dispatcher1", "进入受理台"),
                           ("handler1", "进入待办"), ("oversight1", "超期诉求")]:
        assert text in client_for(people[username]).get("/").content.decode(), username


def test_api_create_with_an_attachment(people, categories):
    api = APIClient()
    api.force_authenticate(people["enterprise1"])
    r = api.post("/api/v1/complaints/", {"category": categories["法律维权"].pk, "title": "合同纠纷",
                                         "description": "对方违约", "attachments": [pdf("合同.pdf")]},
                 format="multipart")
    assert r.status_code == 201
    assert [a["name"] for a in r.json()["attachments"]] == ["合同.pdf"]
