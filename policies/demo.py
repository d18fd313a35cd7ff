"""Demo data: enterprise profiles (enterprise1 and enterprise2 in different industries), a published policy
pushed to enterprise1, an open consultation (30 days from seeding)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from policies import services
from policies.models import Consultation, EnterpriseProfile, Policy, Size, Topic
from portal.demo import demo_step
from portal.models import Notification

PROFILES = {
    "e1": dict(industry_code="C13", size=Size.SMALL, area="恒口镇", tags="专精特新 农业产业化龙头企业"),
    "e2": dict(industry_code="C30", size=Size.MEDIUM, area="大同镇", tags="高新技术企业"),
}

POLICY = dict(
    title="恒口示范区支持农副食品加工企业技术改造的若干措施",
    number="恒示管发〔2026〕8号",
    topic=Topic.INDUSTRY,
    summary="对农副食品加工企业的设备更新、技术改造按投资额给予补助，单个项目最高50万元。",
    body="一、支持范围：示范区内从事农副食品加工（行业代码C13）的企业。\n\n"
         "二、补助标准：按设备投资额的10%给予补助，单个项目最高50万元。\n\n"
         "三、申报方式：企业向发文部门提交申报材料，政策联络员负责解答。",
    industries="C13",
)

CONSULTATION_TITLE = "恒口示范区涉企行政检查规范（征求意见稿）"
CONSULTATION_TEXT = [
    "第一条 为规范涉企行政检查，减少对企业正常生产经营的干扰，制定本规范。",
    "第二条 行政检查实行计划管理，各部门年度检查计划于每年1月底前公布。",
    "第三条 同一部门对同一企业的例行检查每年不超过一次，联合检查优先。",
    "第四条 检查人员应出示证件，告知检查依据，不得要求企业承担检查费用。",
    "第五条 本规范自发布之日起施行。",
]


@demo_step
def policies_demo(ctx: dict) -> None:
    """Idempotent: profiles refreshed; the policy and the consultation recognised by their titles."""
    users, enterprises = ctx["users"], ctx["enterprises"]
    for key, fields in PROFILES.items():
        profile, _ = EnterpriseProfile.objects.get_or_create(enterprise=enterprises[key])
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
    handler1 = users["handler1"]
    department = handler1.department
    # The demo's own announcements should not fill the demo inboxes (the home card shows the policy).
    before = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if not Policy.objects.filter(title=POLICY["title"]).exists():
        policy = services.create_policy(by=handler1, department=department, **POLICY)
        services.publish_policy(policy, by=handler1)
        services.push_policy(policy.pk)  # the worker would; the demo should not depend on one running
    if not Consultation.objects.filter(title=CONSULTATION_TITLE).exists():
        today = timezone.localdate()
        consultation = services.create_consultation(
            by=handler1, department=department, title=CONSULTATION_TITLE, text=CONSULTATION_TEXT,
            opens_on=today, closes_on=today + dt.timedelta(days=30),
            summary="为优化营商环境、规范涉企行政检查，现公开征求企业意见。")
        services.open_consultation(consultation, by=handler1)
    Notification.objects.filter(pk__gt=before, url__startswith="/policies/").delete()
