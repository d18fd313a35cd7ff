"""Demo data of the conduct app: the registers, one red-list entry and one anonymous report (idempotent).

Demo rows are fixtures, not events: nobody is notified, and the red entry goes to a demo enterprise of its
own so that enterprise1/enterprise2, which every app's tests use, carry no integrity flag.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from conduct import services
from conduct.models import ConductReport, IntegrityEntry, ReportEvent, Rule
from portal.demo import make_credit_code
from portal.models import Enterprise

DEMO_REPORT = "演示：走访时有公职人员暗示企业报销其个人餐费。"
DEMO_RED = dict(name="恒口示范区诚信示范食品有限公司", industry="食品制造", legal_representative="赵诚")


def conduct_demo(ctx: dict) -> None:
    services.seed_registers()
    users = ctx["users"]
    red, _ = Enterprise.objects.get_or_create(
        credit_code=make_credit_code(300), defaults={**DEMO_RED, "jurisdiction": ctx["jurisdiction"]})
    if not IntegrityEntry.objects.filter(enterprise=red).exists():
        today, now = timezone.localdate(), timezone.now()
        IntegrityEntry.objects.create(
            enterprise=red, list=IntegrityEntry.List.RED, reason="守法诚信经营，积极履行社会责任。",
            basis="演示数据：年度诚信经营评价优秀。", valid_from=today, valid_until=today + datetime.timedelta(days=365),
            status=IntegrityEntry.Status.PUBLISHED, proposed_by=users["oversight1"], approved_by=users["investigator1"],
            approved_at=now, published_by=users["oversight1"], published_at=now,
        )
        services.sync_enterprise_integrity([red.pk])
    if not ConductReport.objects.filter(description=DEMO_REPORT).exists():
        report = ConductReport.objects.create(jurisdiction_id=users["enterprise1"].home_jurisdiction_id,
                                              reporter=users["enterprise1"], anonymous=True, description=DEMO_REPORT,
                                              subject_name="某部门工作人员")
        report.rules.set(Rule.objects.filter(register__key="hk-officials", number=2))
        ReportEvent.objects.create(report=report, actor=users["enterprise1"], action=ReportEvent.Action.FILE,
                                   to_status=report.status)


def register() -> None:
    from portal.demo import demo_step

    demo_step(conduct_demo)
