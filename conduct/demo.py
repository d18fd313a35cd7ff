"""Demo data of the conduct app: the registers, one red-list entry and one anonymous report (idempotent)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from conduct import services
from conduct.models import ConductReport, IntegrityEntry, Rule
from portal.demo import demo_step

DEMO_REPORT = "演示：走访时有公职人员暗示企业报销其个人餐费。"


@demo_step
def conduct_demo(ctx: dict) -> None:
    services.seed_registers()
    users, e1 = ctx["users"], ctx["enterprises"]["e1"]
    if not IntegrityEntry.objects.filter(enterprise=e1, list=IntegrityEntry.List.RED).exists():
        today = timezone.localdate()
        entry = services.propose_entry(
            by=users["oversight1"], enterprise=e1, list=IntegrityEntry.List.RED,
            reason="守法诚信经营，积极履行社会责任。", basis="演示数据：年度诚信经营评价优秀。",
            valid_from=today, valid_until=today + datetime.timedelta(days=365),
        )
        services.approve_entry(entry, by=users["investigator1"])
        services.publish_entry(entry, by=users["oversight1"])
    if not ConductReport.objects.filter(description=DEMO_REPORT).exists():
        rule = Rule.objects.get(register__key="hk-officials", number=2)
        services.file_report(reporter=users["enterprise1"], rules=[rule], description=DEMO_REPORT,
                             subject_name="某部门工作人员", anonymous=True)
