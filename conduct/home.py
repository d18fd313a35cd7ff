"""Home-page cards of the conduct app (registered in ConductConfig.ready); one or two queries each."""

from __future__ import annotations

from django.utils import timezone

from conduct.models import ConductReport, CreditRepair, IntegrityEntry, Pledge
from portal.models import Role


def official_card(request) -> dict:
    year = timezone.localdate().year
    return {"conduct_year": year, "conduct_pledged": Pledge.objects.filter(user=request.user, year=year).exists()}


def investigator_card(request) -> dict:
    return {"conduct_new_reports": ConductReport.objects.filter(status=ConductReport.Status.RECEIVED).count(),
            "conduct_open_reports": ConductReport.objects.filter(status=ConductReport.Status.INVESTIGATING).count()}


def oversight_card(request) -> dict:
    to_approve = (IntegrityEntry.objects.filter(status=IntegrityEntry.Status.PROPOSED)
                  .exclude(proposed_by=request.user).count())
    context = {"conduct_to_approve": to_approve}
    if request.user.has_role(Role.OVERSIGHT):
        context["conduct_repairs"] = CreditRepair.objects.filter(status=CreditRepair.Status.PENDING).count()
    return context
