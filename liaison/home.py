"""Home-page cards of this app (registered on import from LiaisonConfig.ready)."""

from __future__ import annotations

from django.utils import timezone

from liaison import queries
from liaison.models import Forum, Visit
from liaison.views import official_home_context
from portal import home
from portal.models import Role


def enterprise_context(request) -> dict:
    """Visits awaiting the enterprise's confirmation and its upcoming forums (two queries)."""
    user = request.user
    pending = list(queries.visit_list(user).filter(status=Visit.Status.LOGGED)[:5])
    forums = list(queries.forums_visible_to(user).filter(status=Forum.Status.SCHEDULED,
                                                         date__gte=timezone.localdate()).order_by("date")[:3])
    return {"visits_to_confirm": pending, "upcoming_forums": forums}


def forum_progress_context(request) -> dict:
    """本年已召开 N / target for the user's jurisdiction (one query)."""
    jurisdiction = request.user.jurisdiction
    year = timezone.localdate().year
    return {"forum_year": year, "forums_held": queries.forums_held(jurisdiction.pk if jurisdiction else None, year),
            "forum_target": jurisdiction.forum_target if jurisdiction else 3}


home.register(Role.OFFICIAL, "liaison/snippets/home_official.html", context=official_home_context, order=10)
home.register(Role.ENTERPRISE, "liaison/snippets/home_enterprise.html", context=enterprise_context, order=20)
for role in (Role.OFFICIAL, Role.DISPATCHER, Role.OVERSIGHT, Role.ADMIN):
    home.register(role, "liaison/snippets/home_forums.html", context=forum_progress_context, order=30)
