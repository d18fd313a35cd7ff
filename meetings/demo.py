"""The meetings app's part of seed_demo: one open joint meeting of 恒口, its members the demo handlers' departments
and both tracking offices. Its agenda is left empty: an item would pin the demo's complaints and visit problems
(PROTECT), which tests that rebuild their own data set delete."""

from __future__ import annotations

from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from portal.demo import demo_step
from portal.models import Department


@demo_step
def meetings_demo(ctx: dict) -> None:
    hk, users = ctx["jurisdiction"], ctx["users"]
    if Meeting.objects.filter(jurisdiction=hk).exists():
        return
    dispatch = Department.objects.get(jurisdiction=hk, name="经济发展与招商局")
    members = Department.objects.filter(jurisdiction=hk, name__in=["应急管理和市场监督管理局", "社会事务管理局",
                                                                   "效能督查办公室", "党政办督查室"])
    services.create_meeting(by=users["dispatcher1"], kind=Meeting.Kind.JOINT, title="政企联席会议（第一次）",
                            date=timezone.localdate(), convenor_department=dispatch, members=list(members))
