"""Home-page cards of the declarations app (registered in DeclarationsConfig.ready); one query each."""

from __future__ import annotations

from declarations import queries
from declarations.models import Declaration, Flag


def declarant_card(request) -> dict:
    mine = Declaration.objects.filter(official=request.user)
    return {"declarations_pending": mine.filter(status=Declaration.Status.PENDING).count(),
            "declarations_to_approve": queries.pending_for_approver(request.user).count()}


def approver_card(request) -> dict:
    return {"declarations_to_approve": queries.pending_for_approver(request.user).count()}


def checker_card(request) -> dict:
    return {"declarations_open_flags": queries.flags_visible_to(request.user).filter(status=Flag.Status.OPEN).count()}
