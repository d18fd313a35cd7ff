"""Home-page cards and navigation entries (registered from ComplaintsConfig.ready())."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.models import BOUNCE_TRANSFERS, Complaint
from complaints.queries import summary
from portal import home, nav
from portal.models import Role


def _card(title, lines, links) -> dict:
    return {"complaints_card": {"title": title, "lines": lines, "links": links}}


def enterprise_card(request) -> dict:
    s = summary(Complaint.objects.visible_to(request.user))
    return _card(_("我的诉求"), [(_("办理中"), s["submitted"] + s["assigned"] + s["accepted"]),
                               (_("待评价"), s["answered"]), (_("已办结"), s["closed"])],
                 [(_("提交诉求"), reverse("complaints:new")), (_("查看全部"), reverse("complaints:mine"))])


def official_card(request) -> dict:
    s = summary(Complaint.objects.visible_to(request.user))
    return _card(_("代企业提交的诉求"), [(_("共"), s["total"]), (_("办理中"), s["submitted"] + s["assigned"] + s["accepted"])],
                 [(_("代企业提交诉求"), reverse("complaints:new")), (_("查看"), reverse("complaints:mine"))])


def dispatcher_card(request) -> dict:
    s = summary(Complaint.objects.visible_to(request.user), closed=False)
    return _card(_("诉求受理"), [(_("待受理"), s["submitted"]), (_("退回申请"), s["transfer_requests"]),
                              (_("延期申请"), s["extension_requests"]), (_("超期"), s["overdue"])],
                 [(_("进入受理台"), reverse("complaints:inbox")), (_("全部诉求"), reverse("complaints:all"))])


def handler_card(request) -> dict:
    s = summary(Complaint.objects.filter(department_id=request.user.department_id or 0), closed=False)
    return _card(_("本部门诉求"), [(_("待签收"), s["assigned"]), (_("待答复"), s["accepted"]), (_("超期"), s["overdue"])],
                 [(_("进入待办"), reverse("complaints:queue"))])


def oversight_card(request) -> dict:
    s = summary(Complaint.objects.visible_to(request.user), closed=False)
    return _card(_("诉求督查"), [(_("超期"), s["overdue"]), (_("督办中"), s["supervised"]), (_("办理中"), s["open"])],
                 [(_("超期诉求"), reverse("complaints:overdue")), (_("全部诉求"), reverse("complaints:all"))])


def first_asked_card(request) -> dict:
    """我首问的诉求: one aggregate over the user's first-asked complaints (the card shows when there are some)."""
    S = Complaint.Status
    figures = Complaint.objects.filter(first_responder=request.user).aggregate(
        total=Count("id"),
        open=Count("id", filter=~Q(status__in=[S.CLOSED, S.REFUSED])),
        asked=Count("id", filter=Q(responder_asked_at__isnull=False)),
        bounced=Count("id", filter=Q(transfer_count__gte=BOUNCE_TRANSFERS)),
    )
    return {"first_asked_card": figures}


def register() -> None:
    template = "complaints/snippets/home_card.html"
    home.register(Role.ENTERPRISE, template, context=enterprise_card, order=10)
    home.register(Role.OFFICIAL, template, context=official_card, order=30)
    home.register(Role.DISPATCHER, template, context=dispatcher_card, order=10)
    home.register(Role.HANDLER, template, context=handler_card, order=10)
    home.register(Role.OVERSIGHT, template, context=oversight_card, order=20)
    for role in (Role.OFFICIAL, Role.DISPATCHER, Role.HANDLER):
        home.register(role, "complaints/snippets/home_first_asked.html", context=first_asked_card, order=15)
    nav.register(
        nav.Item(gettext_lazy("我的诉求"), "complaints:mine", (Role.ENTERPRISE, Role.OFFICIAL)),
        nav.Item(gettext_lazy("受理台"), "complaints:inbox", (Role.DISPATCHER,)),
        nav.Item(gettext_lazy("诉求待办"), "complaints:queue", (Role.HANDLER,)),
        nav.Item(gettext_lazy("全部诉求"), "complaints:all", (Role.OVERSIGHT, Role.DISPATCHER, Role.INVESTIGATOR)),
        nav.Item(gettext_lazy("超期诉求"), "complaints:overdue", (Role.OVERSIGHT,)),
        nav.Item(gettext_lazy("我首问的诉求"), "complaints:first-asked", (Role.OFFICIAL, Role.DISPATCHER)),
    )
