"""Every role against every page and action, through the HTTP client and the API.

Anonymous → login (pages) / 401-403 (API); a role that may not act → 403; a complaint the user may not
see → 404; otherwise the action goes through (page: redirect to the complaint; API: 200).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from complaints import services
from complaints.models import Complaint
from tests.complaints.conftest import png

pytestmark = pytest.mark.django_db
S = Complaint.Status
USERS = ["enterprise1", "enterprise2", "official1", "dispatcher1", "handler1", "handler2", "oversight1",
         "investigator1", "admin", None]
# Who sees a complaint enterprise1 filed and dispatcher1 routed to handler1's department.
SEES = {"enterprise1", "dispatcher1", "handler1", "oversight1", "investigator1", "admin"}
ROLE = {"enterprise1": "enterprise", "enterprise2": "enterprise", "official1": "official",
        "dispatcher1": "dispatcher", "handler1": "handler", "handler2": "handler", "oversight1": "oversight",
        "investigator1": "investigator", "admin": "admin"}


def web(people, username):
    client = Client()
    if username:
        client.force_login(people[username])
    return client


def api(people, username):
    client = APIClient()
    if username:
        client.force_authenticate(people[username])
    return client


PAGES = {  # url name → roles allowed
    "complaints:mine": {"enterprise", "official"},
    "complaints:new": {"enterprise", "official"},
    "complaints:inbox": {"dispatcher", "admin"},
    "complaints:queue": {"handler"},
    "complaints:all": {"dispatcher", "oversight", "investigator", "admin"},
    "complaints:overdue": {"dispatcher", "oversight", "admin"},
}


def test_every_role_against_every_list_page(people):
    wrong = []
    for name, roles in PAGES.items():
        for username in USERS:
            r = web(people, username).get(reverse(name))
            expected = 302 if username is None else (200 if ROLE[username] in roles else 403)
            if r.status_code != expected:
                wrong.append((name, username, r.status_code, expected))
    assert not wrong


def test_every_role_against_the_complaint_its_attachment_and_its_api_object(people, categories):
    c = services.submit_complaint(enterprise=people["enterprise1"].enterprise, submitter=people["enterprise1"],
                                  category=categories["投诉举报"], title="看得见吗", description="x",
                                  attachments=[(png(), __import__("portal.uploads", fromlist=["x"]).sniff(png()))])
    services.assign(complaint=c, department=people["handler1"].department, by=people["dispatcher1"])
    att = c.attachments.get()
    wrong = []
    for username in USERS:
        page = web(people, username).get(reverse("complaints:detail", args=[c.pk]))
        download = web(people, username).get(reverse("complaints:attachment", args=[c.pk, att.pk]))
        obj = api(people, username).get(f"/api/v1/complaints/{c.pk}/")
        if username is None:
            got, expected = (page.status_code, download.status_code, obj.status_code in (401, 403)), (302, 302, True)
        else:
            code = 200 if username in SEES else 404
            got, expected = (page.status_code, download.status_code, obj.status_code), (code, code, code)
        if got != expected:
            wrong.append((username, got, expected))
    assert not wrong


def test_api_lists_show_only_what_the_caller_may_see(people, make_complaint):
    c = make_complaint(S.ASSIGNED)
    for username in USERS[:-1]:
        numbers = {row["number"] for row in api(people, username).get("/api/v1/complaints/").json()["results"]}
        assert (c.number in numbers) == (username in SEES), username
    assert api(people, None).get("/api/v1/complaints/").status_code in (401, 403)


def test_an_official_sees_what_they_filed(people, categories):
    c = services.submit_complaint(enterprise=people["enterprise2"].enterprise, submitter=people["official1"],
                                  category=categories["困难诉求"], title="走访发现", description="x", source="走访")
    assert web(people, "official1").get(reverse("complaints:detail", args=[c.pk])).status_code == 200
    assert web(people, "enterprise2").get(reverse("complaints:detail", args=[c.pk])).status_code == 200
    assert web(people, "enterprise1").get(reverse("complaints:detail", args=[c.pk])).status_code == 404


def test_a_handler_still_reads_what_it_acted_on_after_a_transfer(people, make_complaint):
    c = make_complaint(S.ACCEPTED)
    req = services.request_transfer(complaint=c, by=people["handler1"], reason="不属本部门")
    services.decide_transfer(request=req, by=people["dispatcher1"], approve=True)
    services.assign(complaint=c, department=people["handler2"].department, by=people["dispatcher1"])
    assert web(people, "handler1").get(reverse("complaints:detail", args=[c.pk])).status_code == 200
    assert web(people, "handler2").get(reverse("complaints:detail", args=[c.pk])).status_code == 200
    r = web(people, "handler1").post(reverse("complaints:answer", args=[c.pk]), {"text": "不该能答复"})
    assert r.status_code == 403


def _pending_transfer(people, c):
    services.request_transfer(complaint=c, by=people["handler1"], reason="不属本部门")
    return c.requests.get()


# action: (state, roles, page url name, page data, API action, API data)
ACTIONS = {
    "assign": (S.SUBMITTED, {"dispatcher", "admin"}, "complaints:assign", lambda p: {"department": p["handler1"].department_id},
               "assign", lambda p: {"department": p["handler1"].department_id}),
    "refuse": (S.SUBMITTED, {"dispatcher", "admin"}, "complaints:refuse", lambda p: {"reason": "不属受理范围"},
               "refuse", lambda p: {"reason": "不属受理范围"}),
    "accept": (S.ASSIGNED, {"handler"}, "complaints:accept", lambda p: {}, "accept", lambda p: {}),
    "answer": (S.ACCEPTED, {"handler"}, "complaints:answer", lambda p: {"text": "已处理"}, "reply",
               lambda p: {"text": "已处理"}),
    "transfer": (S.ASSIGNED, {"handler"}, "complaints:request-transfer", lambda p: {"reason": "不属本部门"},
                 "transfer", lambda p: {"reason": "不属本部门"}),
    "extend": (S.ACCEPTED, {"handler"}, "complaints:request-extension",
               lambda p: {"reason": "需协调", "new_deadline": "__deadline__"}, "extend",
               lambda p: {"reason": "需协调", "new_deadline": "__deadline__"}),
    "rate": (S.ANSWERED, {"enterprise"}, "complaints:rate", lambda p: {"rating": "satisfied"}, "rate",
             lambda p: {"rating": "satisfied"}),
    "reopen": (S.CLOSED, {"dispatcher", "oversight", "admin"}, "complaints:reopen", lambda p: {"reason": "回访未解决"},
               "reopen", lambda p: {"reason": "回访未解决"}),
    "supervise": (S.ACCEPTED, {"oversight", "admin"}, "complaints:supervise", lambda p: {"notice": "请加快"},
                  "supervise", lambda p: {"notice": "请加快"}),
    "decide": ("transfer-pending", {"dispatcher", "admin"}, "complaints:decide", lambda p: {"approve": "1"},
               "decide-transfer", lambda p: {"approve": True}),
}


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("name", list(ACTIONS))
def test_every_role_against_every_action(people, make_complaint, name, channel):
    state, roles, url_name, page_data, api_action, api_data = ACTIONS[name]
    wrong = []
    for username in USERS:
        c = make_complaint(S.ASSIGNED if state == "transfer-pending" else state)
        target = c.pk
        if state == "transfer-pending":
            target = _pending_transfer(people, c).pk
        data = (page_data if channel == "page" else api_data)(people)
        if data.get("new_deadline") == "__deadline__":
            from portal.calendar import add_working_days

            data["new_deadline"] = add_working_days(c.answer_deadline, 3).isoformat()
        if channel == "page":
            r = web(people, username).post(reverse(url_name, args=[target]), data)
        else:
            r = api(people, username).post(f"/api/v1/complaints/{c.pk}/{api_action}/", data, format="json")
        if username is None:
            ok = r.status_code == 302 if channel == "page" else r.status_code in (401, 403)
            expected = "login"
        elif ROLE[username] not in roles:
            ok, expected = r.status_code == 403, 403
        elif username not in SEES:
            ok, expected = r.status_code == 404, 404
        else:
            expected = "done"
            ok = (r.status_code == 302 and r["Location"] == reverse("complaints:detail", args=[c.pk])) if (
                channel == "page") else r.status_code == 200
            c.refresh_from_db()
            ok = ok and c.events.count() > 0
        if not ok:
            wrong.append((username, r.status_code, expected))
    assert not wrong


def test_refused_transition_is_409_with_a_message_in_the_api(people, make_complaint):
    c = make_complaint(S.ASSIGNED)
    r = api(people, "handler1").post(f"/api/v1/complaints/{c.pk}/reply/", {"text": "答复"}, format="json")
    assert r.status_code == 409 and "签收" in r.json()["detail"]
    r = api(people, "dispatcher1").post(f"/api/v1/complaints/{c.pk}/assign/",
                                        {"department": people["handler2"].department_id}, format="json")
    assert r.status_code == 409 and "已分办" in r.json()["detail"]


def test_refused_transition_on_a_page_shows_the_message_and_keeps_the_input(people, make_complaint):
    c = make_complaint(S.ASSIGNED)
    r = web(people, "handler1").post(reverse("complaints:answer", args=[c.pk]), {"text": "我的答复草稿"}, follow=True)
    assert r.status_code == 200
    body = r.content.decode()
    assert "请先签收" in body and "我的答复草稿" in body


def test_categories_api_reads_for_all_and_writes_for_admin(people, categories):
    assert api(people, "enterprise1").get("/api/v1/categories/").status_code == 200
    assert api(people, None).get("/api/v1/categories/").status_code in (401, 403)
    cat = categories["政策咨询"]
    r = api(people, "dispatcher1").patch(f"/api/v1/categories/{cat.pk}/", {"answer_days": 5}, format="json")
    assert r.status_code == 403
    r = api(people, "admin").patch(f"/api/v1/categories/{cat.pk}/", {"answer_days": 5}, format="json")
    assert r.status_code == 200 and r.json()["answer_days"] == 5


def test_api_create_by_enterprise_and_on_behalf_by_official(people, categories):
    r = api(people, "enterprise1").post("/api/v1/complaints/", {
        "category": categories["政策咨询"].pk, "title": "API 提交", "description": "内容"}, format="json")
    assert r.status_code == 201 and r.json()["number"].startswith("HK-")
    r = api(people, "official1").post("/api/v1/complaints/", {
        "category": categories["政策咨询"].pk, "title": "代提交", "description": "内容",
        "enterprise": people["enterprise2"].enterprise_id, "source": "走访 2026-05-01"}, format="json")
    assert r.status_code == 201 and r.json()["first_responder"] == people["official1"].display_name
    r = api(people, "handler1").post("/api/v1/complaints/", {
        "category": categories["政策咨询"].pk, "title": "x", "description": "y"}, format="json")
    assert r.status_code == 403
