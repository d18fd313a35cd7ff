"""The meetings app's part of seed_demo: one open joint meeting of 恒口, its members the demo handlers' departments
and both tracking offices. Its agenda is left empty: an item would pin the demo's complaints and visit problems
(PROTECT), which tests that rebuild their own data set delete."""

from __future__ import annotations

from django.utils import timezone

from meetings.models import Meeting, MeetingEvent
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
    # Rows made directly, as the other demo steps do: the service would also notify the members' staff, and the
    # demo leaves nobody's inbox with mail waiting to be sent.
    by = users["dispatcher1"]
    meeting = Meeting.objects.create(jurisdiction=hk, kind=Meeting.Kind.JOINT, title="政企联席会议（第一次）",
                                     date=timezone.localdate(), convenor_department=dispatch, convenor=by,
                                     created_by=by)
    meeting.members.set(list(members))
    MeetingEvent.objects.create(meeting=meeting, actor=by, action=MeetingEvent.Action.CREATE)
