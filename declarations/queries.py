"""Reads: who sees which declaration and flag (one access helper each, 404 on foreign rows), the cross-check."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from declarations.models import Declaration, Flag
from declarations.services import CHECKER_ROLES, DECLARANT_ROLES
from portal.models import Enterprise, Role, User

# Who may reach the declarations pages and API at all (an enterprise user never).
READER_ROLES = (*DECLARANT_ROLES, Role.APPROVER, *CHECKER_ROLES, Role.ADMIN)
FLAG_READER_ROLES = (*CHECKER_ROLES, Role.ADMIN)


def _scoped(qs: QuerySet, user: User) -> QuerySet:
    """Admins see every jurisdiction; oversight and investigators their own (all of them without one)."""
    if user.has_role(Role.ADMIN) or not user.jurisdiction_id:
        return qs
    return qs.filter(jurisdiction_id=user.jurisdiction_id)


def declarations_visible_to(user: User) -> QuerySet:
    """The declarant's own; the event requests an approver decides; all of them for oversight (scoped)."""
    qs = Declaration.objects.all()
    if not user.is_authenticated or not user.has_role(*READER_ROLES):
        return qs.none()
    if user.has_role(Role.ADMIN, *CHECKER_ROLES):
        return _scoped(qs, user)
    visible = Q(official_id=user.pk)
    if user.has_role(Role.APPROVER) and user.jurisdiction_id:
        visible |= Q(jurisdiction_id=user.jurisdiction_id, kind=Declaration.Kind.EVENT)
    visible |= Q(official__department__head_id=user.pk, kind=Declaration.Kind.EVENT)
    return qs.filter(visible)


def get_declaration_for_user(user: User, pk: int) -> Declaration:
    declaration = (declarations_visible_to(user).select_related("official__department", "enterprise", "approver",
                                                                 "jurisdiction")
                   .filter(pk=pk).first())
    if declaration is None:
        raise Http404
    return declaration


def pending_for_approver(user: User) -> QuerySet:
    """Event requests waiting for this user's decision (not their own)."""
    return (declarations_visible_to(user).filter(status=Declaration.Status.PENDING, kind=Declaration.Kind.EVENT)
            .exclude(official_id=user.pk).select_related("official__department", "enterprise")
            .order_by("date", "id"))


def flags_visible_to(user: User) -> QuerySet:
    if not user.is_authenticated or not user.has_role(*FLAG_READER_ROLES):
        return Flag.objects.none()
    return _scoped(Flag.objects.all(), user)


def flag_list(user: User, *, year: int | None = None, status: str | None = None,
              official_id: int | None = None) -> QuerySet:
    """Flags newest first with the official, the enterprise and the declaration: one query a page."""
    qs = flags_visible_to(user)
    if year:
        qs = qs.filter(year=year)
    if status in Flag.Status.values:
        qs = qs.filter(status=status)
    if official_id:
        qs = qs.filter(official_id=official_id)
    return qs.select_related("official__department", "enterprise", "declaration", "closed_by").order_by("-id")


def get_flag_for_user(user: User, pk: int) -> Flag:
    flag = flags_visible_to(user).select_related("official", "enterprise", "declaration").filter(pk=pk).first()
    if flag is None:
        raise Http404
    return flag


def get_official_for_checker(user: User, pk: int) -> User:
    """A public servant of the checker's jurisdiction (404 otherwise)."""
    qs = User.objects.filter(pk=pk, enterprise__isnull=True).select_related("department", "jurisdiction")
    if not user.has_role(Role.ADMIN) and user.jurisdiction_id:
        qs = qs.filter(jurisdiction_id=user.jurisdiction_id)
    official = qs.first()
    if official is None:
        raise Http404
    return official


CROSS_CHECK_ROWS = 50


def cross_check(official: User, *, year: int | None = None) -> dict:
    """Per official: declarations beside visits, forums and complaints of the same enterprises, and the flags.

    The enterprises are those of the official's declarations and pairings. Each list is cut at
    CROSS_CHECK_ROWS rows; a fixed number of queries whatever the official's history.
    """
    from complaints.models import Complaint
    from liaison.models import Forum, Pairing, Visit

    declarations = Declaration.objects.filter(official=official)
    if year:
        declarations = declarations.filter(date__year=year)
    declarations = list(declarations.select_related("enterprise", "approver").order_by("-date", "-id")[:CROSS_CHECK_ROWS])
    enterprise_ids = {d.enterprise_id for d in declarations if d.enterprise_id}
    enterprise_ids |= set(Pairing.objects.filter(official=official).values_list("enterprise_id", flat=True)[:200])
    visits = Visit.objects.filter(pairing__official=official)
    forums = Forum.objects.filter(Q(attended_enterprises__in=enterprise_ids) | Q(invited_enterprises__in=enterprise_ids))
    complaints = Complaint.objects.filter(enterprise_id__in=enterprise_ids)
    if year:
        visits, forums = visits.filter(date__year=year), forums.filter(date__year=year)
        complaints = complaints.filter(created_at__year=year)
    flags = Flag.objects.filter(official=official)
    if year:
        flags = flags.filter(year=year)
    return {
        "declarations": declarations,
        "enterprises": list(Enterprise.objects.filter(pk__in=enterprise_ids).order_by("name")[:200]),
        "visits": list(visits.select_related("pairing__enterprise").order_by("-date", "-id")[:CROSS_CHECK_ROWS]),
        "forums": list(forums.distinct().order_by("-date", "-id")[:CROSS_CHECK_ROWS]),
        "complaints": list(complaints.select_related("enterprise", "department")
                           .order_by("-created_at", "-id")[:CROSS_CHECK_ROWS]),
        "flags": list(flags.select_related("enterprise", "declaration", "closed_by").order_by("-id")[:CROSS_CHECK_ROWS]),
    }


def enterprise_declarations(enterprise: Enterprise, user: User, *, limit: int = 50) -> dict:
    """For a per-enterprise page: the enterprise's declarations the user may see and its open flags.

    Two queries whatever the numbers (rows cut at `limit`); flags only for oversight, investigators and admins.
    """
    declarations = list(
        declarations_visible_to(user).filter(enterprise=enterprise)
        .select_related("official__department").order_by("-date", "-id")[:limit])
    flags = list(
        flags_visible_to(user).filter(enterprise=enterprise, status=Flag.Status.OPEN)
        .select_related("official", "declaration").order_by("-id")[:limit])
    return {"declarations": declarations, "flags": flags}
