"""Issue 12, acceptance 3: 湛江 is a real second jurisdiction — its complaints reach its own departments and never
appear to 恒口 staff; its dispatcher, oversight, quotas and registers work on its own data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Category, Complaint
from portal.models import Department, Jurisdiction

pytestmark = pytest.mark.django_db


def test_demo_loads_zhanjiang_structure_people_and_own_quotas(people):
    zj, hk = Jurisdiction.objects.get(code="ZJ"), Jurisdiction.objects.get(code="HK")
    assert (zj.pairing_limit, zj.visit_quota, zj.forum_target) != (hk.pairing_limit, hk.visit_quota, hk.forum_target)
    kinds = set(Department.objects.filter(jurisdiction=zj).values_list("kind", flat=True))
    assert kinds == {"dispatch", "efficiency", "discipline", "ordinary"}
    for name in ("zj_enterprise1", "zj_dispatcher1", "zj_handler1", "zj_official1", "zj_oversight1"):
        user = people[name]
        assert user.home_jurisdiction_id == zj.pk and user.check_password("pw-Test-12345"), name
    categories = Category.objects.filter(jurisdiction=zj)
    assert categories.count() >= 4
    assert all(c.default_department and c.default_department.jurisdiction_id == zj.pk for c in categories)


def test_zhanjiang_complaint_reaches_a_zhanjiang_department_and_never_hengkou_staff(client, people):
    zj_enterprise = people["zj_enterprise1"]
    client.force_login(zj_enterprise)
    form = client.get("/complaints/new/").content.decode()
    assert "企业权益保护" in form and "法律维权" not in form  # 湛江's categories only
    category = Category.objects.get(jurisdiction__code="ZJ", name="困难诉求")
    r = client.post("/complaints/new/", {"category": category.pk, "title": "冷链仓储用电增容审批慢",
                                         "description": "申请用电增容三个月未批复。"})
    assert r.status_code == 302
    complaint = Complaint.objects.get(title="冷链仓储用电增容审批慢")
    assert complaint.number.startswith("ZJ-")

    def sees(username: str, url: str) -> bool:
        client.force_login(people[username])
        return complaint.title in client.get(url).content.decode()

    assert sees("zj_dispatcher1", "/complaints/inbox/")
    assert not sees("dispatcher1", "/complaints/inbox/")
    complaint_services.assign(complaint=complaint, department=category.default_department, by=people["zj_dispatcher1"])
    assert complaint.department.jurisdiction.code == "ZJ"
    assert sees("zj_handler1", "/complaints/queue/")
    assert sees("zj_oversight1", "/complaints/all/")
    for username in ("handler1", "handler2", "oversight1", "dispatcher1", "investigator1"):
        client.force_login(people[username])
        assert client.get(f"/complaints/{complaint.pk}/").status_code == 404, username
        assert complaint.title not in client.get("/complaints/all/").content.decode(), username


def test_hengkou_dispatcher_cannot_route_to_zhanjiang(people):
    hk_complaint = Complaint.objects.filter(jurisdiction__code="HK").first()
    zj_dept = Department.objects.get(jurisdiction__code="ZJ", name="市工业和信息化局")
    from django.core.exceptions import PermissionDenied

    from portal.errors import TransitionRefused

    with pytest.raises((PermissionDenied, TransitionRefused)):
        complaint_services.assign(complaint=hk_complaint, department=zj_dept, by=people["zj_dispatcher1"])


def test_pledges_outstanding_are_per_jurisdiction(client, people):
    client.force_login(people["oversight1"])
    page = client.get("/conduct/pledges/outstanding/").content.decode()
    assert "<td>official1</td>" in page and "<td>zj_official1</td>" not in page
    client.force_login(people["zj_oversight1"])
    page = client.get("/conduct/pledges/outstanding/").content.decode()
    assert "<td>zj_official1</td>" in page and "<td>official1</td>" not in page


def test_zhanjiang_quota_and_own_registers(client, people):
    from conduct.queries import pledge_registers
    from liaison import services as liaison_services

    zj_official, zj_firm = people["zj_official1"], people["zj_enterprise1"].enterprise
    pairing = liaison_services.create_pairing(official=zj_official, enterprise=zj_firm,
                                              start=timezone.localdate().replace(month=1, day=1), by=people["admin"])
    client.force_login(people["zj_oversight1"])
    page = client.get("/liaison/?state=all").content.decode()
    assert zj_firm.name in page and people["enterprise1"].enterprise.name not in page
    assert pairing.enterprise.jurisdiction.visit_quota == 4
    assert {r.jurisdiction.code for r in pledge_registers(zj_official)} == {"ZJ"}


def test_zhanjiang_oversight_dashboard_is_its_own(client, people):
    client.force_login(people["zj_oversight1"])
    r = client.get("/oversight/")
    assert r.status_code == 200 and "湛江市" in r.content.decode()
