"""A problem found on a visit, at a forum or in an inspection becomes a complaint that enters routing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from complaints.models import Category, Complaint
from liaison import services
from liaison.models import Forum, ProblemStatus, Resolution, Visit, VisitProblem
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Department

pytestmark = pytest.mark.django_db
TODAY = "2026-05-12 10:00 +0800"


def visit_problem(people) -> VisitProblem:
    from liaison.models import Pairing

    pairing = Pairing.objects.get(official=people["official1"], enterprise=people["enterprise1"].enterprise)
    visit = Visit.objects.create(pairing=pairing, date=dt.date(2026, 5, 11), form=Visit.Form.ON_SITE,
                                 discussed="用地", logged_by=people["official1"])
    return VisitProblem.objects.create(visit=visit, description="二期用地手续办理缓慢\n涉及规划许可")


def category(name="困难诉求"):
    return Category.objects.get(jurisdiction__code="HK", name=name)


@time_machine.travel(TODAY, tick=False)
def test_official_turns_a_visit_problem_into_a_complaint_linked_both_ways(people):
    problem = visit_problem(people)
    complaint = services.convert_problem(problem=problem, by=people["official1"], category=category(),
                                         title="二期用地手续", description="办理缓慢")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CONVERTED and problem.complaint == complaint
    assert complaint.visit_problem == problem
    assert complaint.enterprise == people["enterprise1"].enterprise
    assert complaint.submitter == people["official1"] and complaint.first_responder == people["official1"]
    assert complaint.status == Complaint.Status.SUBMITTED and complaint.source == "走访 2026-05-11"


@time_machine.travel(TODAY, tick=False)
def test_a_converted_problem_cannot_be_converted_twice(people):
    problem = visit_problem(people)
    services.convert_problem(problem=problem, by=people["official1"], category=category(), title="a", description="b")
    with pytest.raises(TransitionRefused):
        services.convert_problem(problem=problem, by=people["official1"], category=category(), title="a",
                                 description="b")
    assert Complaint.objects.filter(source="走访 2026-05-11").count() == 1


@time_machine.travel(TODAY, tick=False)
def test_only_an_official_may_convert(people):
    problem = visit_problem(people)
    with pytest.raises(RoleRefused):
        services.convert_problem(problem=problem, by=people["dispatcher1"], category=category(), title="a",
                                 description="b")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN and problem.complaint is None


@time_machine.travel(TODAY, tick=False)
def test_a_forum_resolution_without_an_enterprise_is_refused_and_left_open(people):
    forum = Forum.objects.create(jurisdiction=people["official1"].jurisdiction, title="座谈会", date=dt.date(2026, 5, 10),
                                 place="会议室", agenda="议程", created_by=people["official1"],
                                 organiser=Department.objects.get(jurisdiction__code="HK", name="党政综合办公室"))
    resolution = Resolution.objects.create(forum=forum, text="协调融资", kind=Resolution.Kind.COMPLAINT)
    with pytest.raises(TransitionRefused, match="未指定涉及企业"):
        services.convert_problem(problem=resolution, by=people["official1"], category=category(), title="融资",
                                 description="协调融资")
    resolution.enterprise = people["enterprise2"].enterprise
    resolution.save(update_fields=["enterprise"])
    complaint = services.convert_problem(problem=resolution, by=people["official1"], category=category(),
                                         title="融资", description="协调融资")
    assert complaint.forum_resolution == resolution and complaint.source.startswith("座谈会 2026-05-10")


@time_machine.travel(TODAY, tick=False)
def test_convert_page_files_it_and_the_dispatcher_inbox_shows_it(client, people):
    problem = visit_problem(people)
    client.force_login(people["official1"])
    url = f"/liaison/problems/visit/{problem.pk}/convert/"
    page = client.get(url).content.decode()
    assert "二期用地手续办理缓慢" in page and "走访 2026-05-11" in page
    response = client.post(url, {"category": category().pk, "title": "", "description": "x"})
    assert "该字段是必填项" in response.content.decode()  # nothing saved, input kept
    assert not Complaint.objects.filter(source="走访 2026-05-11").exists()
    response = client.post(url, {"category": category().pk, "title": "二期用地手续", "description": "办理缓慢"})
    complaint = Complaint.objects.get(source="走访 2026-05-11")
    assert response.status_code == 302 and response["Location"] == f"/complaints/{complaint.pk}/"
    assert "查看走访记录" in client.get(response["Location"]).content.decode()
    client.force_login(people["dispatcher1"])
    assert complaint.number in client.get("/complaints/inbox/").content.decode()


def test_others_cannot_open_the_convert_page(client, people):
    problem = visit_problem(people)
    url = f"/liaison/problems/visit/{problem.pk}/convert/"
    client.force_login(people["dispatcher1"])
    assert client.get(url).status_code == 403
    client.force_login(people["enterprise1"])
    assert client.get(url).status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_the_api_converts_a_problem_like_the_page(people):
    from rest_framework.test import APIClient

    problem = visit_problem(people)
    url = f"/api/v1/problems/visit/{problem.pk}/convert/"
    api = APIClient()
    body = {"category": category().pk, "title": "二期用地手续", "description": "办理缓慢"}
    assert api.post(url, body, format="json").status_code in (401, 403)  # no login
    api.force_authenticate(people["enterprise1"])
    assert api.post(url, body, format="json").status_code == 403  # sees the visit, may not convert it
    api.force_authenticate(people["official1"])
    assert api.post(url, {**body, "title": ""}, format="json").status_code == 400
    response = api.post(url, body, format="json")
    assert response.status_code == 201
    data = response.json()
    complaint = Complaint.objects.get(pk=data["id"])
    assert (data["number"], data["status"]) == (complaint.number, "submitted")
    assert (complaint.source, complaint.submitter, complaint.enterprise) == (
        "走访 2026-05-11", people["official1"], people["enterprise1"].enterprise)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CONVERTED and problem.complaint == complaint
    again = api.post(url, body, format="json")
    assert again.status_code == 409 and again.json()["detail"]
    assert api.post(f"/api/v1/problems/nothing/{problem.pk}/convert/", body, format="json").status_code == 404
    assert api.post(f"/api/v1/problems/visit/{problem.pk + 999}/convert/", body, format="json").status_code == 404
