"""Reads shared by pages and the API: who sees which directory rows."""

from __future__ import annotations

from django.db.models import F, Func, IntegerField, QuerySet, Subquery

from portal.models import Enterprise, JoinRequest, Role

STAFF_ROLES = (Role.OFFICIAL, Role.DISPATCHER, Role.HANDLER, Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)


def count_of(related: QuerySet) -> Subquery:
    """How many rows of `related` (filtered on OuterRef) each outer row has, as an annotation.

    A correlated COUNT rather than a join + GROUP BY: a paginated list orders and cuts its page first and
    counts only those rows, instead of grouping a city's worth of rows before the LIMIT.
    """
    counted = related.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def enterprises_visible_to(user):
    """Staff see every enterprise; an enterprise user sees only their own."""
    if not user.is_authenticated:
        return Enterprise.objects.none()
    if user.has_role(*STAFF_ROLES):
        return Enterprise.objects.all()
    if user.has_role(Role.ENTERPRISE) and user.enterprise_id:
        return Enterprise.objects.filter(pk=user.enterprise_id)
    return Enterprise.objects.none()


def join_requests_for(user):
    """The pending join requests a user may decide, newest first: their own enterprise's (an admin's: all)."""
    qs = JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).select_related("user", "enterprise")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.has_role(Role.ADMIN):
        return qs
    if user.has_role(Role.ENTERPRISE) and user.enterprise_id:
        return qs.filter(enterprise_id=user.enterprise_id)
    return qs.none()


def get_join_request_for_user(user, pk: int) -> JoinRequest:
    """The access helper for join requests: another enterprise's (or a decided one) is a 404."""
    from django.http import Http404

    join = join_requests_for(user).filter(pk=pk).first()
    if join is None:
        raise Http404
    return join
