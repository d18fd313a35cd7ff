"""Home-page cards of the declarations app (registered in DeclarationsConfig.ready); one query each."""

from __future__ import annotations

from django.db.models import Count, Q

from declarations import queries
from declarations.models import Declaration, Flag


def declarant_card(request) -> dict:
    """The official's own pending requests and those waiting for their decision as a department head: one query."""
    user = request.user
    to_approve = Q(official__department__head_id=user.pk, kind=Declaration.Kind.EVENT) & ~Q(official_id=user.pk)
    counts = Declaration.objects.filter(status=Declaration.Status.PENDING).filter(Q(official_id=user.pk) | to_approve)\
        .aggregate(mine=Count("pk", filter=Q(official_id=user.pk)), to_approve=Count("pk", filter=to_approve))
    return {"declarations_pending": counts["mine"], "declarations_to_approve": counts["to_approve"]}


def approver_card(request) -> dict:
    return {"declarations_to_approve": queries.pending_for_approver(request.user).count()}


def checker_card(request) -> dict:
    return {"declarations_open_flags": queries.flags_visible_to(request.user).filter(status=Flag.Status.OPEN).count()}
