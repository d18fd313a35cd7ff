"""The one place that changes party-coverage follow-ups: assign a 党建指导员 and a follow-up date, record that the
enterprise's party organisation is established. Each change is audit-logged and kept in history."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from party import queries
from party.models import Coverage
from portal import audit
from portal.errors import RoleRefused
from portal.models import Enterprise, User
from portal.services import notify


def _require_manager(enterprise: Enterprise, by: User) -> None:
    if not queries.can_manage(by):
        raise RoleRefused(_("仅党务群团工作局可跟进党组织覆盖。"))
    if not by.has_role("admin") and by.jurisdiction_id != enterprise.jurisdiction_id:
        raise RoleRefused(_("该企业不在您的辖区。"))


def _coverage_for_update(enterprise: Enterprise) -> Coverage:
    """The enterprise's follow-up, locked; a new one unsaved (one save, so one history row per change)."""
    return (Coverage.objects.select_for_update().filter(enterprise=enterprise).first()
            or Coverage(enterprise=enterprise))


@transaction.atomic
def assign(enterprise: Enterprise, *, by: User, instructor: User | None, follow_up_on: dt.date | None,
           note: str = "") -> Coverage:
    """Set the enterprise's 党建指导员, next follow-up date and notes; a newly assigned instructor is told."""
    _require_manager(enterprise, by)
    coverage = _coverage_for_update(enterprise)
    before = {"instructor": coverage.instructor_id, "follow_up_on": coverage.follow_up_on}
    coverage.instructor, coverage.follow_up_on, coverage.note, coverage.updated_by = instructor, follow_up_on, note, by
    coverage.save()
    queries.forget_coverage()
    audit.record("party_coverage_assign", user=by, obj=coverage, enterprise=enterprise.pk,
                 instructor=instructor.pk if instructor else None,
                 follow_up_on=follow_up_on.isoformat() if follow_up_on else None,
                 before={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in before.items()})
    if instructor is not None and instructor.pk != before["instructor"]:
        notify(instructor, subject=_("党建指导：%(name)s") % {"name": enterprise.name},
               body=_("您被指定为该企业的党建指导员（党员 %(n)d 人，尚未建立党组织）。跟进日期：%(date)s。") % {
                   "n": enterprise.party_member_count, "date": follow_up_on.isoformat() if follow_up_on else "—"},
               url=reverse("party:edit", args=[enterprise.pk]))
    return coverage


@transaction.atomic
def record_organised(enterprise: Enterprise, *, by: User, on: dt.date | None = None, note: str = "") -> Coverage:
    """The enterprise has set up its party organisation: it leaves the list (the follow-up record stays)."""
    _require_manager(enterprise, by)
    on = on or timezone.localdate()
    coverage = _coverage_for_update(enterprise)
    coverage.organised_on, coverage.updated_by = on, by
    if note:
        coverage.note = note
    coverage.save()
    Enterprise.objects.filter(pk=enterprise.pk).update(has_party_organisation=True)
    enterprise.has_party_organisation = True
    queries.forget_coverage()
    audit.record("party_coverage_organised", user=by, obj=coverage, enterprise=enterprise.pk, on=on.isoformat())
    return coverage
