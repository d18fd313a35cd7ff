"""Demo data: official1 paired with e1 and e2, a few visits, a forum, a key project. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from liaison.models import Chamber, Forum, InspectionReport, KeyProject, Pairing, Visit, VisitProblem
from portal.demo import demo_step
from portal.models import Department


@demo_step
def liaison_demo(ctx: dict) -> None:
    hk, users, enterprises = ctx["jurisdiction"], ctx["users"], ctx["enterprises"]
    official, today = users["official1"], timezone.localdate()
    start = today.replace(month=1, day=1)
    pairings = {}
    for key in ("e1", "e2"):
        pairings[key], _ = Pairing.objects.get_or_create(
            official=official, enterprise=enterprises[key], defaults={"start": start, "created_by": users["admin"]})
    # One confirmed visit to e1 and one awaiting confirmation by e2, dated earlier this year.
    first = max(start, today - dt.timedelta(days=30))
    if not pairings["e1"].visits.exists():
        visit = Visit.objects.create(pairing=pairings["e1"], date=first, form=Visit.Form.ON_SITE, logged_by=official,
                                     companions="经济发展与招商局 刘受理", discussed="了解企业扩产用地和用工需求。",
                                     follow_up="协调国土部门对接用地指标。", status=Visit.Status.CONFIRMED,
                                     answered_by=users["enterprise1"], answered_at=timezone.now())
        VisitProblem.objects.create(visit=visit, description="扩产项目用地指标尚未落实。")
    if not pairings["e2"].visits.exists():
        Visit.objects.create(pairing=pairings["e2"], date=max(start, today - dt.timedelta(days=7)),
                             form=Visit.Form.PHONE, logged_by=official, discussed="电话了解企业原材料价格上涨影响。")
    chamber, _ = Chamber.objects.get_or_create(jurisdiction=hk, name="恒口示范区工商业联合会（总商会）",
                                               defaults={"contact": "0915-0000000"})
    dispatch = Department.objects.get(jurisdiction=hk, name="经济发展与招商局")
    forum, created = Forum.objects.get_or_create(
        jurisdiction=hk, title="一季度政企座谈会",
        defaults=dict(date=today + dt.timedelta(days=10), place="恒口示范区管委会三楼会议室", organiser=dispatch,
                      agenda="一、通报营商环境工作；二、企业代表发言；三、部门现场答复。",
                      created_by=users["dispatcher1"]))
    if created:
        forum.invited_enterprises.set([enterprises["e1"], enterprises["e2"]])
        forum.invited_chambers.set([chamber])
    project, created = KeyProject.objects.get_or_create(
        jurisdiction=hk, name="绿源农业科技扩产项目",
        defaults=dict(enterprise=enterprises["e1"], lead_department=dispatch, planned_investment=Decimal("5000"),
                      description="新建标准化厂房两栋及冷链仓储。"))
    if created:
        project.members.set([users["dispatcher1"], official])
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    InspectionReport.objects.get_or_create(
        project=project, month=month,
        defaults=dict(progress="主体结构完成60%。", investment_month=Decimal("320"), investment_total=Decimal("1850"),
                      submitted_by=users["dispatcher1"]))
