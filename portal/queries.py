"""Reads shared by pages and the API: who sees which directory rows."""

from __future__ import annotations

from portal.models import Enterprise, Role

STAFF_ROLES = (Role.OFFICIAL, Role.DISPATCHER, Role.HANDLER, Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)


def enterprises_visible_to(user):
    """Staff see every enterprise; an enterprise user sees only their own."""
    if not user.is_authenticated:
        return Enterprise.objects.none()
    if user.has_role(*STAFF_ROLES):
        return Enterprise.objects.all()
    if user.has_role(Role.ENTERPRISE) and user.enterprise_id:
        return Enterprise.objects.filter(pk=user.enterprise_id)
    return Enterprise.objects.none()
