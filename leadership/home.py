"""Navigation entries and the leadership's home card (registered from LeadershipConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal import home, nav
from portal.models import Role


def latest_report(request) -> dict:
    """One query: the newest stored report of the user's jurisdiction."""
    from leadership.queries import reports_visible_to

    return {"latest_report": reports_visible_to(request.user).defer("figures").order_by("-month").first()}


def register() -> None:
    from leadership.queries import READER_ROLES

    nav.register(nav.Item(_("领导月报"), "leadership:reports", READER_ROLES))
    home.register(Role.LEADERSHIP, "leadership/snippets/home_card.html", context=latest_report, order=1)
