"""The monthly report lists the joint-meeting decisions of its month (联席会议交办事项): in the figures, on the
printable page, in the PDF and in the XLSX — a decision of May in May's report, not in June's."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
import time_machine
from django.test import Client

from leadership import queries, services
from tests.leadership.conftest import BUILD_DAY, MONTH, at

pytestmark = pytest.mark.django_db

MAY_PROBLEM = "厂区道路排水不畅"
JUNE_PROBLEM = "园区路灯夜间不亮"
JUNE = dt.date(2026, 6, 1)


def _decide(people, visit, text: str, when: dt.datetime, deadline: dt.date, action: str):
    """A joint meeting held on `when`'s day decides the problem there and then, through the services."""
    from liaison.models import VisitProblem
    from meetings import services as meeting_services
    from meetings.models import Meeting
    from portal.models import Department

    problem = VisitProblem.objects.create(visit=visit, description=text)
    by = people["dispatcher1"]
    with time_machine.travel(when, tick=False):
        meeting = meeting_services.create_meeting(
            by=by, kind=Meeting.Kind.JOINT, title=f"{when.month}月政企联席会议", date=when.date(),
            convenor_department=Department.objects.get(jurisdiction=by.jurisdiction, name="经济发展与招商局"),
            members=[people["handler1"].department])
        item = meeting_services.add_problem(meeting=meeting, by=by, problem=problem)
        return meeting_services.decide(item=item, by=by, department=people["handler1"].department,
                                       deadline=deadline, action=action)


@pytest.fixture
def decisions(month_world, people):
    from liaison.models import Visit

    visit = Visit.objects.get(pairing__enterprise=people["enterprise1"].enterprise, date=dt.date(2026, 5, 10))
    may = _decide(people, visit, MAY_PROBLEM, at(5, 12), dt.date(2026, 5, 26), "十个工作日内疏通排水管网")
    june = _decide(people, visit, JUNE_PROBLEM, at(6, 2), dt.date(2026, 6, 20), "检修路灯线路")
    return {"may": may, "june": june, **month_world}


def _may_figures(hk):
    # Where a decision stands is read when the report is built: on June 1st the May decision is past its deadline.
    with time_machine.travel(at(6, 1, 8), tick=False):
        return queries.figures(hk, MONTH, today=BUILD_DAY)


def test_a_may_decision_is_in_mays_figures(decisions, people):
    m = _may_figures(decisions["hk"])["meetings"]
    assert m["decided"] == 1 and m["by_status"] == {"overdue": 1}
    row = m["decisions"][0]
    item = decisions["may"]
    assert row == {
        "meeting_id": item.meeting_id, "meeting": "5月政企联席会议", "meeting_kind": "联席会议",
        "meeting_date": "2026-05-12", "problem": item.text, "enterprise": people["enterprise1"].enterprise.name,
        "department": decisions["d1"].name, "deadline": "2026-05-26", "action": "十个工作日内疏通排水管网",
        "status": "overdue", "status_label": "已超期", "complaint_id": item.complaint_id,
        "complaint_number": item.complaint.number, "decided_on": "2026-05-12"}
    assert item.text == f"走访 2026-05-10：{MAY_PROBLEM}"  # the agenda item names the problem's source


def test_a_may_decision_is_not_in_junes_figures(decisions):
    with time_machine.travel(at(7, 1, 8), tick=False):
        june = queries.figures(decisions["hk"], JUNE, today=dt.date(2026, 7, 1))["meetings"]
    assert [r["problem"] for r in june["decisions"]] == [decisions["june"].text]
    assert june["by_status"] == {"overdue": 1}


def test_another_jurisdictions_report_lists_none(decisions):
    assert queries.figures(decisions["zj"], MONTH, today=BUILD_DAY)["meetings"] == {
        "decided": 0, "by_status": {}, "decisions": []}


def _may_report(hk):
    with time_machine.travel(at(6, 1, 8), tick=False):
        return services.build_report(hk, MONTH, today=BUILD_DAY)


def test_the_xlsx_has_a_sheet_of_the_decisions(decisions, people):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_may_report(decisions["hk"]).xlsx.read()))
    sheet = book["联席会议交办事项"]
    assert [c.value for c in sheet[2]] == ["会议", "交办问题", "涉及企业", "责任部门", "办结期限", "议定措施",
                                           "办理情况（生成时）"]
    assert [c.value for c in sheet[3]] == [
        "5月政企联席会议（2026-05-12）", decisions["may"].text, people["enterprise1"].enterprise.name, decisions["d1"].name,
        "2026-05-26", "十个工作日内疏通排水管网", f"已超期 {decisions['may'].complaint.number}"]
    assert sheet.max_row == 3  # the June decision is not in May's report
    summary = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=3, values_only=True)}
    assert summary["联席会议交办事项"] == 1


def test_the_pdf_lists_the_decision(decisions, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(_may_report(decisions["hk"]).pdf.read())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "联席会议交办事项" in text
    assert decisions["may"].text in text and "十个工作日内疏通排水管网" in text
    assert JUNE_PROBLEM not in text


def test_the_printable_page_lists_the_decision(decisions, people):
    report = _may_report(decisions["hk"])
    c = Client()
    c.force_login(people["leader1"])
    body = c.get(f"/leadership/reports/{report.pk}/").content.decode()
    section = body[body.index('data-table="decisions"'):]
    section = section[:section.index("</section>")]
    assert MAY_PROBLEM in section and decisions["d1"].name in section and "2026-05-26" in section
    assert JUNE_PROBLEM not in body


def test_a_report_built_before_the_meetings_existed_still_shows(decisions, people):
    report = _may_report(decisions["hk"])
    figures = dict(report.figures)
    figures.pop("meetings")
    type(report).objects.filter(pk=report.pk).update(figures=figures)
    c = Client()
    c.force_login(people["leader1"])
    r = c.get(f"/leadership/reports/{report.pk}/")
    assert r.status_code == 200 and 'data-table="decisions"' in r.content.decode()
