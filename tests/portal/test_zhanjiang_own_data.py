"""Issue 12, acceptance 3 (the rest of it): 湛江's dispatcher, oversight and quotas work on 湛江's own data —
the dashboard's figures count 湛江's complaints and pairings only, with 湛江's visit quota; 湛江's pairing limit
(not 恒口's) is enforced; each dispatcher routes only within its own jurisdiction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Category, Complaint
from liaison import services as liaison_services
from oversight import queries as oversight
from portal.demo import make_credit_code
from portal.errors import TransitionRefused
from portal.models import Enterprise, Jurisdiction

pytestmark = pytest.mark.django_db


def _zj_complaint(people, title="冷库用电增容审批慢"):
    zj_enterprise = people["zj_enterprise1"]
    return complaint_services.submit_complaint(
        enterprise=zj_enterprise.enterprise, submitter=zj_enterprise, title=title, description="三个月未批复。",
        category=Category.objects.get(jurisdiction__code="ZJ", name="困难诉求"))


def test_each_oversight_sees_its_own_jurisdictions_figures(people):
    _zj_complaint(people)
    year = timezone.localdate().year
    zj_scope = oversight.scope_for(people["zj_oversight1"], {})
    hk_scope = oversight.scope_for(people["oversight1"], {})
    assert (zj_scope.jurisdiction.code, hk_scope.jurisdiction.code) == ("ZJ", "HK")
    zj_total = oversight.summary(zj_scope)["complaints"]["total"]
    hk_total = oversight.summary(hk_scope)["complaints"]["total"]
    assert zj_total == Complaint.objects.filter(jurisdiction__code="ZJ", created_at__year=year).count() >= 1
    assert hk_total == Complaint.objects.filter(jurisdiction__code="HK", created_at__year=year).count()
    with pytest.raises(Http404):  # 湛江's oversight cannot ask for 恒口's figures, nor the other way round
        oversight.scope_for(people["zj_oversight1"], {"jurisdiction": "HK"})
    with pytest.raises(Http404):
        oversight.scope_for(people["oversight1"], {"jurisdiction": "ZJ"})


def test_zhanjiangs_pairing_limit_and_visit_quota_are_its_own(people):
    zj, hk = Jurisdiction.objects.get(code="ZJ"), Jurisdiction.objects.get(code="HK")
    assert (zj.pairing_limit, zj.visit_quota) == (3, 4) and (hk.pairing_limit, hk.visit_quota) != (3, 4)
    firms = Enterprise.objects.bulk_create(
        Enterprise(jurisdiction=zj, name=f"湛江测试企业{i}", credit_code=make_credit_code(70_000 + i), is_key=True)
        for i in range(zj.pairing_limit + 1))
    start = timezone.localdate().replace(month=1, day=1)
    for firm in firms[:zj.pairing_limit]:  # three: more than 恒口's limit of two, within 湛江's
        liaison_services.create_pairing(official=people["zj_official1"], enterprise=firm, start=start,
                                        by=people["zj_oversight1"])
    with pytest.raises(TransitionRefused, match="湛江市每位领导 3 家"):
        liaison_services.create_pairing(official=people["zj_official1"], enterprise=firms[-1], start=start,
                                        by=people["zj_oversight1"])
    visits = oversight.summary(oversight.scope_for(people["zj_oversight1"], {}))["visits"]
    assert visits["quota_per_pairing"] == 4 and visits["pairings"] == zj.pairing_limit
    assert oversight.summary(oversight.scope_for(people["oversight1"], {}))["visits"]["quota_per_pairing"] == hk.visit_quota


def test_each_dispatcher_routes_within_its_own_jurisdiction(client, people):
    complaint = _zj_complaint(people, title="港区道路破损影响物流")
    hk_department = people["handler1"].department
    with pytest.raises((PermissionDenied, TransitionRefused)):
        complaint_services.assign(complaint=complaint, department=hk_department, by=people["dispatcher1"])
    complaint.refresh_from_db()
    assert complaint.department is None or complaint.department.jurisdiction.code == "ZJ"
    client.force_login(people["zj_dispatcher1"])
    inbox = client.get("/complaints/inbox/").content.decode()
    assert "港区道路破损影响物流" in inbox
    hk_titles = Complaint.objects.filter(jurisdiction__code="HK", status=Complaint.Status.SUBMITTED).values_list(
        "title", flat=True)
    assert not any(title in inbox for title in hk_titles)
