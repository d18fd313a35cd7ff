"""Home-page cards and navigation entries (registered from PoliciesConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from policies import queries
from portal import home, nav
from portal.models import Role

HOME_LIMIT = 5


def enterprise_card(request) -> dict:
    """为您推荐的政策: the latest policies pushed to the enterprise, each with why (two queries)."""
    enterprise_id = request.user.enterprise_id
    if not enterprise_id:
        return {"policies_for_you": [], "policy_profile_missing": False}
    profile, matched = queries.matched_with_profile(enterprise_id, limit=HOME_LIMIT)
    return {"policies_for_you": matched, "policy_profile_missing": profile is None}


def register() -> None:
    home.register(Role.ENTERPRISE, "policies/snippets/home_enterprise.html", context=enterprise_card, order=15)
    home.register(Role.HANDLER, "policies/snippets/home_handler.html", order=40)
    nav.register(
        nav.Item(_("政策"), "policies:list", tuple(Role.values)),
        nav.Item(_("征求意见"), "policies:consultations", tuple(Role.values)),
        nav.Item(_("政策发布"), "policies:manage", (Role.HANDLER, Role.ADMIN)),
        nav.Item(_("政策兑现"), "policies:commitments", (Role.OVERSIGHT, Role.ADMIN)),
    )
