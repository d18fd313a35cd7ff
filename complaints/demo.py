"""Demo data: the categories, the holiday calendar, and a few complaints of enterprise1 in different states."""

from __future__ import annotations

from complaints import services
from complaints.models import Category, Complaint
from complaints.seed import ZJ_CATEGORIES, seed_categories
from portal.calendar import seed_holidays
from portal.demo import demo_step
from portal.models import Department, Holiday, Jurisdiction, Notification


@demo_step
def complaints_demo(ctx: dict) -> None:
    """Idempotent: each demo complaint is recognised by its title and created only once."""
    seed_holidays(Holiday)
    seed_categories(Category, Department, Jurisdiction)
    seed_categories(Category, Department, Jurisdiction, ZJ_CATEGORIES)
    users, e1, hk = ctx["users"], ctx["enterprises"]["e1"], ctx["jurisdiction"]
    enterprise1, dispatcher1, handler1 = users["enterprise1"], users["dispatcher1"], users["handler1"]
    handler_dept = handler1.department
    categories = {c.name: c for c in Category.objects.filter(jurisdiction=hk)}
    plans = [
        ("厂区周边道路破损影响运输", "困难诉求", 0),
        ("咨询2026年中小企业技改补贴申报条件", "政策咨询", 1),
        ("反映园区夜间施工噪声扰民", "投诉举报", 2),
        ("食品经营许可证延续办理进度咨询", "投诉举报", 3),
        ("建议优化园区公交线路", "意见建议", 4),
    ]
    # The demo's own history should not fill the demo users' inboxes: its notifications are dropped below.
    before = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    existing = set(Complaint.objects.filter(enterprise=e1).values_list("title", flat=True))
    for title, category_name, steps in plans:
        if title in existing or category_name not in categories:
            continue
        c = services.submit_complaint(enterprise=e1, submitter=enterprise1, category=categories[category_name],
                                      title=title, description=f"{title}，请有关部门协调解决。")
        if steps >= 1:
            services.assign(complaint=c, department=handler_dept, by=dispatcher1)
        if steps >= 2:
            services.accept(complaint=c, by=handler1)
        if steps >= 3:
            services.answer(complaint=c, by=handler1, text="已现场核实并协调处理，详见答复。")
        if steps >= 4:
            services.rate(complaint=c, by=enterprise1, rating=Complaint.Rating.SATISFIED)
    Notification.objects.filter(pk__gt=before, url__startswith="/complaints/").delete()
