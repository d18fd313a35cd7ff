"""Navigation entries and home cards (registered from OversightConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal import home, nav
from portal.models import Role


def register() -> None:
    nav.register(
        nav.Item(_("督查看板"), "oversight:dashboard", (Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN, Role.LEADERSHIP)),
        nav.Item(_("督办通知"), "complaints:notices", (Role.OVERSIGHT, Role.HANDLER)),
        nav.Item(_("亲清考核"), "oversight:assessment", (Role.OVERSIGHT, Role.ADMIN, Role.HANDLER)),
    )
    for role in (Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN):
        home.register(role, "oversight/snippets/home_card.html", order=5)
