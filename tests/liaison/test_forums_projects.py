"""Forums (scheduled → held/cancelled, attendance, minutes, resolutions) and key-project reports."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from liaison import services
from liaison.models import Chamber, Forum, InspectionReport, KeyProject, ProblemStatus, Resolution
from portal import lookups
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Department, Notification

from .conftest import make_enterprise, make_project, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 6, 15, 10, 0)


@pytest.fixture
def dispatch(hk):
    return Department.objects.get(jurisdiction=hk, name="经济发展与招商局")


def schedule(by, organiser, date=dt.date(2026, 6, 15), **kw):
    return services.schedule_forum(by=by, title="政企座谈会", date=date, place="三楼会议室", organiser=organiser,
                                   agenda="企业发言；部门答复", **kw)


@time_machine.travel(TODAY, tick=False)
def test_forum_is_scheduled_held_with_attendance_and_counted(people, dispatch, e1, e2, hk):
    chamber = Chamber.objects.create(jurisdiction=hk, name="建材行业协会")
    forum = schedule(people["official1"], dispatch, invited_enterprises=[e1, e2], invited_chambers=[chamber])
    assert Notification.objects.filter(recipient=people["enterprise1"], key=f"forum-invited:{forum.pk}").exists()
    held_before = Forum.objects.held_in(2026).filter(jurisdiction=hk).count()
    services.hold_forum(forum=forum, by=people["dispatcher1"], minutes="会议纪要", attended_enterprises=[e1],
                        attended_chambers=[chamber])
    forum.refresh_from_db()
    assert forum.status == Forum.Status.HELD and list(forum.attended_enterprises.all()) == [e1]
    assert Forum.objects.held_in(2026).filter(jurisdiction=hk).count() == held_before + 1
    with pytest.raises(TransitionRefused):
        services.cancel_forum(forum=forum, by=people["dispatcher1"], reason="改期")


@time_machine.travel(TODAY, tick=False)
def test_a_forum_cannot_be_held_before_its_date(people, dispatch):
    forum = schedule(people["dispatcher1"], dispatch, date=dt.date(2026, 6, 20))
    with pytest.raises(TransitionRefused, match="尚未到召开日期"):
        services.hold_forum(forum=forum, by=people["dispatcher1"], minutes="纪要")


@time_machine.travel(TODAY, tick=False)
def test_attendance_must_be_among_the_invitees(people, dispatch, e1, e2):
    forum = schedule(people["dispatcher1"], dispatch, invited_enterprises=[e1])
    with pytest.raises(ValidationError):
        services.hold_forum(forum=forum, by=people["dispatcher1"], minutes="纪要", attended_enterprises=[e2])


@time_machine.travel(TODAY, tick=False)
def test_handlers_and_enterprises_cannot_schedule(people, dispatch, client):
    for who in ("handler1", "enterprise1", "oversight1"):
        with pytest.raises(RoleRefused):
            schedule(people[who], dispatch)
        client.force_login(people[who])
        assert client.get("/liaison/forums/new/").status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_resolutions_need_an_owner_for_a_task_and_the_owner_is_told(people, dispatch, e1):
    forum = schedule(people["dispatcher1"], dispatch, invited_enterprises=[e1])
    with pytest.raises(TransitionRefused):
        services.add_resolution(forum=forum, by=people["dispatcher1"], text="落实用地", owner=people["handler1"])
    services.hold_forum(forum=forum, by=people["dispatcher1"], minutes="纪要")
    with pytest.raises(ValidationError):
        services.add_resolution(forum=forum, by=people["dispatcher1"], text="落实用地")
    task = services.add_resolution(forum=forum, by=people["dispatcher1"], text="落实用地", owner=people["handler1"])
    assert Notification.objects.filter(recipient=people["handler1"], key=f"forum-task:{task.pk}").exists()
    matter = services.add_resolution(forum=forum, by=people["dispatcher1"], text="企业反映电价",
                                     kind=Resolution.Kind.COMPLAINT, enterprise=e1)
    assert matter.status == ProblemStatus.OPEN


@time_machine.travel(TODAY, tick=False)
def test_enterprise_sees_only_forums_it_is_invited_to(people, dispatch, e1, e2):
    mine = schedule(people["dispatcher1"], dispatch, invited_enterprises=[e1])
    other = schedule(people["dispatcher1"], dispatch, invited_enterprises=[e2])
    api = APIClient()
    api.force_authenticate(people["enterprise1"])
    ids = {f["id"] for f in api.get("/api/v1/forums/").json()["results"]}
    assert mine.pk in ids and other.pk not in ids
    assert api.get(f"/api/v1/forums/{other.pk}/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_api_schedule_hold_and_cancel(people, dispatch, e1):
    api = APIClient()
    api.force_authenticate(people["dispatcher1"])
    body = {"title": "API座谈会", "date": "2026-06-15", "place": "会议室", "organiser": dispatch.pk,
            "agenda": "议程", "invited_enterprises": [e1.pk]}
    forum = api.post("/api/v1/forums/", body, format="json").json()
    held = api.post(f"/api/v1/forums/{forum['id']}/hold/", {"minutes": "纪要", "attended_enterprises": [e1.pk]},
                    format="json")
    assert held.status_code == 200 and held.json()["status"] == "held"
    assert api.post(f"/api/v1/forums/{forum['id']}/cancel/", {"reason": "x"}, format="json").status_code == 409
    api.force_authenticate(people["handler1"])
    assert api.post("/api/v1/forums/", body, format="json").status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_forum_list_shows_the_years_count_against_the_target(client, people, dispatch):
    Forum.objects.all().delete()
    forum = schedule(people["dispatcher1"], dispatch)
    services.hold_forum(forum=forum, by=people["dispatcher1"], minutes="纪要")
    client.force_login(people["oversight1"])
    assert "2026 年已召开 1 / 3" in client.get("/liaison/forums/").content.decode()
    assert "本年已召开 1 / 3" in client.get("/").content.decode()


# ---------------------------------------------------------------- key projects


@time_machine.travel(TODAY, tick=False)
def test_report_once_per_month_with_problems_and_on_time_flag(people):
    member = make_user("handler")
    project = make_project(members=[member])
    report = services.submit_report(project=project, by=member, month=dt.date(2026, 5, 20), progress="主体封顶",
                                    investment_month=Decimal("100"), investment_total=Decimal("900"),
                                    problems=[("缺少施工用电", True), ("", False), ("审批慢", False)])
    assert report.month == dt.date(2026, 5, 1) and report.due_date == dt.date(2026, 6, 5)
    assert report.on_time is False  # filed on 15 June
    assert [(p.description, p.to_joint_meeting) for p in report.problems.all()] == [("缺少施工用电", True),
                                                                                   ("审批慢", False)]
    with pytest.raises(TransitionRefused, match="已经提交"):
        services.submit_report(project=project, by=member, month=dt.date(2026, 5, 1), progress="x",
                               investment_month=Decimal("1"), investment_total=Decimal("1"))


@time_machine.travel(dt.datetime(2026, 6, 5, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_report_filed_by_the_fifth_is_on_time(people):
    member = make_user("handler")
    project = make_project(members=[member])
    report = services.submit_report(project=project, by=member, month=dt.date(2026, 5, 1), progress="进度",
                                    investment_month=Decimal("1"), investment_total=Decimal("1"))
    assert report.on_time is True


@time_machine.travel(TODAY, tick=False)
def test_only_the_team_reports_and_totals_are_checked(people):
    project = make_project(members=[make_user("handler")])
    with pytest.raises(RoleRefused, match="包抓专班"):
        services.submit_report(project=project, by=people["handler2"], month=dt.date(2026, 5, 1), progress="x",
                               investment_month=Decimal("1"), investment_total=Decimal("1"))
    with pytest.raises(ValidationError):
        services.submit_report(project=project, by=people["dispatcher1"], month=dt.date(2026, 5, 1), progress="x",
                               investment_month=Decimal("5"), investment_total=Decimal("1"))
    with pytest.raises(ValidationError):
        services.submit_report(project=project, by=people["dispatcher1"], month=dt.date(2026, 7, 1), progress="x",
                               investment_month=Decimal("1"), investment_total=Decimal("1"))


@time_machine.travel(TODAY, tick=False)
def test_report_page_and_api(client, people):
    member = make_user("handler")
    project = make_project(members=[member])
    client.force_login(member)
    r = client.post(f"/liaison/projects/{project.pk}/reports/new/",
                    {"month": "2026-05", "progress": "进度", "investment_month": "10", "investment_total": "20",
                     "problems": "#用地\n审批"})
    report = InspectionReport.objects.get(project=project)
    assert r.status_code == 302 and r.url == f"/liaison/reports/{report.pk}/"
    assert report.problems.filter(to_joint_meeting=True).count() == 1
    r = client.post(f"/liaison/projects/{project.pk}/reports/new/",
                    {"month": "2026-05", "progress": "进度二", "investment_month": "1", "investment_total": "2"})
    assert "2026-05 的巡查督导报告已经提交。" in r.content.decode() and "进度二" in r.content.decode()
    api = APIClient()
    api.force_authenticate(member)
    r = api.post("/api/v1/inspection-reports/", {"project": project.pk, "month": "2026-04-01", "progress": "p",
                                                  "investment_month": "1", "investment_total": "21",
                                                  "problems": [{"description": "缺电", "to_joint_meeting": True}]},
                 format="json")
    assert r.status_code == 201 and r.json()["problems"][0]["to_joint_meeting"] is True
    api.force_authenticate(people["enterprise1"])
    assert api.get("/api/v1/projects/").json()["count"] == 0


@time_machine.travel(TODAY, tick=False)
def test_problem_can_be_marked_resolved_once(client, people):
    member = make_user("handler")
    project = make_project(members=[member])
    report = services.submit_report(project=project, by=member, month=dt.date(2026, 5, 1), progress="进度",
                                    investment_month=Decimal("1"), investment_total=Decimal("1"),
                                    problems=[("缺电", True)])
    problem = report.problems.get()
    client.force_login(member)
    assert client.post(f"/liaison/problems/project/{problem.pk}/resolve/").status_code == 302
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
    with pytest.raises(TransitionRefused):
        services.resolve_problem(problem=problem, by=member)
    client.force_login(people["enterprise1"])
    assert client.post(f"/liaison/problems/project/{problem.pk}/resolve/").status_code == 403


def test_other_jurisdictions_staff_get_404(people):
    from portal.models import Jurisdiction

    zj = Jurisdiction.objects.get(code="ZJ")
    outsider = make_user("oversight", jurisdiction=zj)
    project = make_project()
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/projects/{project.pk}/").status_code == 404
    assert api.get("/api/v1/pairings/").json()["count"] == 0
    make_enterprise(zj)


@time_machine.travel(TODAY, tick=False)
def test_forum_and_project_pages_take_enterprises_and_people_as_lines(client, people, dispatch):
    """The pages name key enterprises and staff by name or identifier (lookups), never a select of the city."""
    key, other = make_enterprise(name="重点甲"), make_enterprise(name="非重点乙", is_key=False)
    client.force_login(people["dispatcher1"])
    body = {"title": "页面座谈会", "date": "2026-06-20", "place": "会议室", "organiser": dispatch.pk, "agenda": "议程",
            "invited_enterprises": f"{lookups.enterprise_label(key)}\n{other.credit_code}"}
    response = client.post("/liaison/forums/new/", body)
    assert response.status_code == 200 and "未找到企业" in response.content.decode()  # not a key enterprise
    body["invited_enterprises"] = f"{lookups.enterprise_label(key)}\n{key.name}"
    response = client.post("/liaison/forums/new/", body)
    forum = Forum.objects.get(title="页面座谈会")
    assert response.status_code == 302 and list(forum.invited_enterprises.all()) == [key]

    response = client.post("/liaison/projects/new/", {
        "name": "页面项目", "lead_department": dispatch.pk, "enterprise": key.credit_code,
        "members": f"{lookups.user_label(people['handler1'])}\nhandler2"})
    assert response.status_code == 302
    project = KeyProject.objects.get(name="页面项目")
    assert project.enterprise == key and set(project.members.all()) == {people["handler1"], people["handler2"]}
