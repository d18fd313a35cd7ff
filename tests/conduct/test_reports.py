"""Acceptance 3: only 监察审计局 investigators see reports; the reporter stays hidden; every view is logged."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conduct import services
from conduct.models import ConductReport, ReportAccessLog, Rule
from portal.errors import RoleRefused, TransitionRefused

from .conftest import PDF

pytestmark = pytest.mark.django_db
OUTSIDERS = ["handler1", "official1", "dispatcher1", "oversight1", "enterprise2", "admin", "handler2"]


def test_any_logged_in_user_files_a_report_with_evidence_through_the_page(client_for, people, rule):
    client = client_for("enterprise1")
    response = client.post(reverse("conduct:report-new"), {
        "rules": [rule.pk], "subject_name": "某局张某", "description": "要求企业报销餐费。", "anonymous": "on",
        "evidence": [SimpleUploadedFile("发票.pdf", PDF)],
    })
    assert response.status_code == 302
    report = ConductReport.objects.get(description="要求企业报销餐费。")
    assert report.anonymous and report.reporter == people["enterprise1"]
    assert list(report.rules.all()) == [rule]
    assert report.evidence.get().original_name == "发票.pdf"
    assert report.status == ConductReport.Status.RECEIVED


def test_a_renamed_executable_is_refused_and_nothing_is_lost(client_for, people, rule):
    client = client_for("official1")
    response = client.post(reverse("conduct:report-new"), {
        "rules": [rule.pk], "subject_name": "某某", "description": "保留的描述",
        "evidence": [SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 64)],
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "不能只靠改扩展名上传" in html and "保留的描述" in html


def test_a_report_needs_a_person_or_an_enterprise(client_for, people, rule):
    response = client_for("enterprise1").post(reverse("conduct:report-new"), {
        "rules": [rule.pk], "description": "描述"})
    assert "请填写被举报的人员，或选择被举报的企业。" in response.content.decode()


def test_investigator_sees_the_report_and_the_reporter(client_for, make_report):
    report = make_report(anonymous=True)
    client = client_for("investigator1")
    html = client.get(reverse("conduct:report-detail", args=[report.pk])).content.decode()
    assert "王经理" in html and "举报人要求特别保密" in html
    assert report.number in client.get(reverse("conduct:reports")).content.decode()


@pytest.mark.parametrize("username", OUTSIDERS)
def test_a_report_is_404_for_everybody_but_investigators(client_for, make_report, username):
    report = make_report(anonymous=True)
    evidence_report = make_report(files=[(SimpleUploadedFile("a.pdf", PDF), _pdf_kind())])
    item = evidence_report.evidence.get()
    client = client_for(username)
    assert client.get(reverse("conduct:report-detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("conduct:report-evidence", args=[evidence_report.pk, item.pk])).status_code == 404
    assert client.get(f"/api/v1/conduct-reports/{report.pk}/").status_code == 404
    assert client.post(reverse("conduct:report-investigate", args=[report.pk])).status_code == 404
    assert client.post(f"/api/v1/conduct-reports/{report.pk}/investigate/").status_code == 404
    assert client.get("/api/v1/conduct-reports/").json()["results"] == []
    assert client.get(reverse("conduct:reports")).status_code == 403


def test_the_filer_too_gets_404_on_the_report_itself_but_sees_status_on_the_receipt(client_for, make_report):
    report = make_report(anonymous=True)
    client = client_for("enterprise1")
    assert client.get(reverse("conduct:report-detail", args=[report.pk])).status_code == 404
    html = client.get(reverse("conduct:my-reports")).content.decode()
    assert report.number in html and "已受理" in html
    mine = client.get("/api/v1/conduct-reports/mine/").json()
    assert {r["id"] for r in mine} >= {report.pk} and "notes" not in mine[0] and "reporter" not in mine[0]


def test_reporter_never_sees_investigation_notes(client_for, people, make_report):
    report = make_report()
    services.start_investigation(report, by=people["investigator1"])
    services.add_note(report, by=people["investigator1"], note="内部调查记录：已约谈")
    services.conclude(report, by=people["investigator1"], status="founded", outcome="经查属实，已给予处分。")
    html = client_for("enterprise1").get(reverse("conduct:my-reports")).content.decode()
    assert "经查属实，已给予处分。" in html and "内部调查记录" not in html and "周监察" not in html


def test_every_view_is_logged_with_who_and_how(client_for, people, make_report):
    report = make_report()
    client = client_for("investigator1")
    client.get(reverse("conduct:report-detail", args=[report.pk]))
    client.get(f"/api/v1/conduct-reports/{report.pk}/")
    client.get(reverse("conduct:reports"))
    client.get("/api/v1/conduct-reports/")
    vias = set(ReportAccessLog.objects.filter(report=report, user=people["investigator1"]).values_list("via", flat=True))
    assert vias == {"page", "api", "list", "api_list"}


def test_denied_views_are_not_logged_as_reads(client_for, people, make_report):
    report = make_report()
    client_for("oversight1").get(reverse("conduct:report-detail", args=[report.pk]))
    assert not ReportAccessLog.objects.filter(user=people["oversight1"]).exists()


def test_reporter_identity_is_not_in_the_notification_to_investigators(people, make_report, mailoutbox):
    make_report(anonymous=True)
    note = people["investigator1"].notifications.latest("id")
    assert "王经理" not in note.subject + note.body and "enterprise1" not in note.subject + note.body


def test_reports_list_runs_a_fixed_number_of_queries(client_for, make_report, django_assert_num_queries):
    client = client_for("investigator1")
    make_report()
    client.get(reverse("conduct:reports"))
    with django_assert_num_queries(8):  # + one audit INSERT for the page's reports
        client.get(reverse("conduct:reports"))
    for _ in range(5):
        make_report(anonymous=True)
    with django_assert_num_queries(8):  # + one audit INSERT for the page's reports
        client.get(reverse("conduct:reports"))


def test_reports_api_list_runs_a_fixed_number_of_queries(client_for, make_report, django_assert_num_queries):
    client = client_for("investigator1")
    make_report()
    client.get("/api/v1/conduct-reports/")
    with django_assert_num_queries(8):  # + one audit INSERT for the page's reports
        client.get("/api/v1/conduct-reports/")
    for _ in range(5):
        make_report()
    with django_assert_num_queries(8):  # + one audit INSERT for the page's reports
        client.get("/api/v1/conduct-reports/")


# ---- workflow ---------------------------------------------------------------------------


def test_states_run_received_investigating_concluded(people, make_report):
    report = make_report()
    investigator = people["investigator1"]
    with pytest.raises(TransitionRefused):
        services.conclude(report, by=investigator, status="founded", outcome="x")
    report = services.start_investigation(report, by=investigator)
    assert report.status == "investigating" and report.handler == investigator
    report = services.conclude(report, by=investigator, status="unfounded", outcome="经查不实。")
    assert report.status == "unfounded" and report.concluded_at
    assert list(report.events.values_list("action", flat=True)) == ["file", "investigate", "conclude"]


def test_false_accusation_cites_the_enterprises_rule_six(people, make_report):
    report = make_report()
    services.start_investigation(report, by=people["investigator1"])
    report = services.conclude(report, by=people["investigator1"], status="false_accusation", outcome="捏造事实。")
    assert report.false_accusation_rule == Rule.objects.get(register__key="hk-enterprises", number=6)
    assert "诬告陷害" in report.false_accusation_rule.text


def test_only_investigators_move_a_report(people, make_report):
    report = make_report()
    with pytest.raises(RoleRefused):
        services.start_investigation(report, by=people["oversight1"])


def test_a_refused_step_answers_409_in_the_api(client_for, make_report):
    report = make_report()
    client = client_for("investigator1")
    response = client.post(f"/api/v1/conduct-reports/{report.pk}/conclude/", {"status": "founded", "outcome": "x"})
    assert response.status_code == 409 and "不能执行此操作" in response.json()["detail"]
    assert client.post(f"/api/v1/conduct-reports/{report.pk}/investigate/").status_code == 200
    assert client.post(f"/api/v1/conduct-reports/{report.pk}/investigate/").status_code == 409


def test_api_files_a_report_for_any_logged_in_user(client_for, people, rule):
    client = client_for("handler1")
    response = client.post("/api/v1/conduct-reports/", {"rules": [rule.pk], "description": "d",
                                                         "subject_name": "某人"}, content_type="application/json")
    assert response.status_code == 201
    assert set(response.json()) == {"id", "number", "status", "created_at", "concluded_at", "anonymous", "rules",
                                     "outcome"}
    assert client.get(f"/api/v1/conduct-reports/{response.json()['id']}/").status_code == 404


def test_api_filing_needs_login(client, seeded, rule):
    assert client.post("/api/v1/conduct-reports/", {"rules": [rule.pk], "description": "d"}).status_code in (401, 403)


def test_a_retired_rule_cannot_be_cited(people, make_report, rule):
    services.retire_rule(rule, by=people["admin"])
    with pytest.raises(TransitionRefused):
        make_report()


def _pdf_kind():
    from portal.uploads import KINDS

    return KINDS[".pdf"]


# ---- a city runs several jurisdictions: reports stay with their own 监察审计局 ----------------------------


def _zhanjiang(people):
    """A Zhanjiang enterprise user and investigator (the ZJ registers come with seed_registers)."""
    from django.contrib.auth.models import Group

    from portal.demo import make_credit_code
    from portal.models import Enterprise, Jurisdiction, User

    zj = Jurisdiction.objects.get(code="ZJ")
    firm = Enterprise.objects.create(jurisdiction=zj, name="湛江某贸易公司", credit_code=make_credit_code(8801))
    reporter = User.objects.create(username="zj-enterprise", enterprise=firm)
    reporter.groups.add(Group.objects.get(name="enterprise"))
    investigator = User.objects.create(username="zj-investigator", jurisdiction=zj)
    investigator.groups.add(Group.objects.get(name="investigator"))
    return zj, reporter, investigator


def test_a_report_belongs_to_the_reporters_jurisdiction_and_cites_its_registers(people, rule, make_report):
    zj, reporter, _ = _zhanjiang(people)
    assert make_report().jurisdiction == rule.register.jurisdiction
    zj_rule = Rule.objects.filter(register__key="zj-negative").first()
    with pytest.raises(TransitionRefused, match="只能引用本辖区"):
        make_report(rules=[zj_rule])  # enterprise1 is in HK
    report = services.file_report(reporter=reporter, rules=[zj_rule], description="x", subject_name="某人")
    assert report.jurisdiction == zj
    from portal.models import User

    nowhere = User.objects.create(username="city-staff")  # no jurisdiction: the cited registers decide
    with pytest.raises(TransitionRefused, match="同一辖区"):
        services.file_report(reporter=nowhere, rules=[rule, zj_rule], description="x", subject_name="某人")
    assert services.file_report(reporter=nowhere, rules=[zj_rule], description="x", subject_name="某人").jurisdiction == zj


def test_only_the_jurisdictions_investigators_see_and_are_told(client_for, people, rule, make_report):
    from portal.models import Notification, User

    zj, reporter, zj_investigator = _zhanjiang(people)
    hk_report = make_report()
    zj_report = services.file_report(reporter=reporter, rules=[Rule.objects.filter(register__key="zj-negative")[0]],
                                     description="x", subject_name="某人")
    city = User.objects.create(username="city-investigator")  # no jurisdiction: the whole city
    city.groups.add(people["investigator1"].groups.get(name="investigator"))
    told = set(Notification.objects.filter(url__endswith=f"/conduct/reports/{zj_report.pk}/")
               .values_list("recipient__username", flat=True))
    assert told == {"zj-investigator"}  # city-investigator was created after the filing
    hk = client_for("investigator1")
    assert hk.get(reverse("conduct:report-detail", args=[zj_report.pk])).status_code == 404
    assert zj_report.number not in hk.get(reverse("conduct:reports")).content.decode()
    assert hk.get(reverse("conduct:report-detail", args=[hk_report.pk])).status_code == 200
    client = client_for("investigator1")
    client.force_login(zj_investigator)
    assert client.get(reverse("conduct:report-detail", args=[hk_report.pk])).status_code == 404
    client.force_login(city)
    body = client.get(reverse("conduct:reports")).content.decode()
    assert hk_report.number in body and zj_report.number in body


def test_the_report_form_offers_the_reporters_own_registers(client_for, people, seeded):
    body = client_for("enterprise1").get(reverse("conduct:report-new")).content.decode()
    assert "公职人员政商交往“十不准”" in body and "湛江市政商交往负面清单" not in body


def test_a_report_cites_prohibitions_only_not_encouraged_items(people):
    from conduct.models import Register

    zj = people["zj_enterprise1"]
    encouraged = Rule.objects.filter(register__kind=Register.Kind.ENCOURAGED, register__jurisdiction__code="ZJ").first()
    with pytest.raises(TransitionRefused):
        services.file_report(reporter=zj, rules=[encouraged], description="x", subject_name="某某")
    prohibition = Rule.objects.filter(register__key="zj-negative").first()
    assert services.file_report(reporter=zj, rules=[prohibition], description="x", subject_name="某某").pk


def test_outcomes_are_worded_as_the_documents_do():
    assert [s.label for s in ConductReport.CONCLUSIONS] == ["属实", "部分属实", "不属实", "诬告陷害"]


def test_the_api_refuses_a_report_citing_an_encouraged_item_with_a_chinese_message(client_for, people):
    from conduct.models import Register

    client = client_for("zj_enterprise1")
    encouraged = Rule.objects.filter(register__key="zj-positive", number=6).get()
    prohibition = Rule.objects.filter(register__key="zj-negative", number=1).get()
    before = ConductReport.objects.count()
    response = client.post("/api/v1/conduct-reports/", {"rules": [prohibition.pk, encouraged.pk], "description": "d",
                                                         "subject_name": "某人"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["rules"] == ["举报只能引用禁止性条文，正面清单的鼓励事项不能作为举报依据。"]
    assert ConductReport.objects.count() == before
    assert encouraged.register.kind == Register.Kind.ENCOURAGED
    response = client.post("/api/v1/conduct-reports/", {"rules": [prohibition.pk], "description": "d",
                                                         "subject_name": "某人"}, content_type="application/json")
    assert response.status_code == 201


def test_the_report_form_refuses_an_encouraged_item_with_a_chinese_message(client_for, people):
    client = client_for("zj_enterprise1")
    form = client.get(reverse("conduct:report-new")).content.decode()
    encouraged = Rule.objects.get(register__key="zj-positive", number=6)
    assert "湛江市政商交往负面清单" in form and f'value="{encouraged.pk}"' not in form  # never offered
    token = re.search(r'name="submission_token" value="([^"]+)"', form)
    data = {"rules": [encouraged.pk], "description": "参加企业年会", "subject_name": "某局某人"}
    if token:
        data["submission_token"] = token.group(1)
    response = client.post(reverse("conduct:report-new"), data)
    assert response.status_code == 200
    assert "所选条文不能作为举报依据：只能引用本辖区规范清单中的禁止性条文，正面清单的鼓励事项不能引用。" in response.content.decode()
    assert not ConductReport.objects.filter(description="参加企业年会").exists()


def test_the_complaint_form_points_a_report_on_an_official_to_the_conduct_report(client_for, people):
    html = client_for("enterprise1").get("/complaints/new/").content.decode()
    assert 'id="report-official-link"' in html and f'href="{reverse("conduct:report-new")}"' in html
    assert "实名保密" in html and "匿名" not in html
