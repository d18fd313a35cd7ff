"""Reads: who follows party coverage, the list of enterprises that need an organisation, coverage figures."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from portal.cache import remember
from portal.models import Enterprise, Jurisdiction, Role, User

# The department of measure 十二 (portal/directory.py); its handlers keep the list.
PARTY_DEPARTMENT = "党务群团工作局"
# Measure 十二: "党员人数3人以上的非公企业" — every enterprise of the directory is a non-public one (the portal
# serves private enterprises), so the member count and the organisation flag decide.
MIN_MEMBERS = 3
READER_ROLES = (Role.HANDLER, Role.OVERSIGHT, Role.ADMIN)
PAGE_SIZE = 50


def needs_organisation() -> Q:
    """Enterprise.needs_party_organisation as a filter."""
    return Q(party_member_count__gte=MIN_MEMBERS, has_party_organisation=False)


def is_party_worker(user: User) -> bool:
    """A handler of the jurisdiction's 党务群团工作局 (the session user comes with its department: no query)."""
    if not (user.is_authenticated and user.has_role(Role.HANDLER) and user.department_id):
        return False
    return user.department.name == PARTY_DEPARTMENT


def can_manage(user: User) -> bool:
    return user.is_authenticated and (user.has_role(Role.ADMIN) or is_party_worker(user))


def can_read(user: User) -> bool:
    return user.is_authenticated and (user.has_role(Role.OVERSIGHT, Role.ADMIN) or is_party_worker(user))


def enterprises_for(user: User) -> QuerySet:
    """The enterprises this user follows: admins every jurisdiction, anybody else their own."""
    qs = Enterprise.objects.all()
    if user.has_role(Role.ADMIN):
        return qs
    if not user.jurisdiction_id:
        return qs.none()
    return qs.filter(jurisdiction_id=user.jurisdiction_id)


def coverage_list(user: User, *, jurisdiction_id: int | None = None, unassigned: bool = False) -> QuerySet:
    """Enterprises needing a party organisation with their follow-up (one query per page)."""
    qs = (enterprises_for(user).filter(needs_organisation())
          .select_related("jurisdiction", "party_coverage__instructor").order_by("jurisdiction_id", "id"))
    if jurisdiction_id:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    if unassigned:
        qs = qs.filter(Q(party_coverage__isnull=True) | Q(party_coverage__instructor__isnull=True))
    return qs


def get_enterprise_for(user: User, pk: int) -> Enterprise:
    enterprise = (enterprises_for(user).select_related("jurisdiction", "party_coverage__instructor")
                  .filter(pk=pk).first())
    if enterprise is None:
        raise Http404
    return enterprise


# The coverage figures are one GROUP BY over the directory: ~0.45 s at a province's million enterprises, drawn on
# the dashboard and the party page. They are kept in the shared cache for COVERAGE_SECONDS; a change made through
# the party pages (an instructor, an organisation set up) forgets them at once, so a figure a user clicks agrees
# with the list behind it (issue 15, defect 3), and so does any save of an enterprise (its member count or
# organisation edited in the admin or by the enterprise: party/apps.py). With the cache down every view counts.
COVERAGE_SECONDS = 30
_COVERAGE_GENERATION = "party-coverage:generation"


def coverage_by_jurisdiction(jurisdiction_ids=None) -> list[dict]:
    """Per jurisdiction: enterprises with ≥ 3 party members, how many have an organisation, how many still need
    one and how many of those have a 党建指导员 — one GROUP BY over the directory, or the cache's copy."""
    ids = "all" if jurisdiction_ids is None else ",".join(map(str, sorted(jurisdiction_ids)))
    return remember(f"party-coverage:{cache.get(_COVERAGE_GENERATION, 0)}:{ids}", COVERAGE_SECONDS,
                    lambda: _coverage_by_jurisdiction(jurisdiction_ids))


def forget_coverage(**_signal) -> None:
    """After a party change: every cached set of figures is stale (a new generation: the old keys expire). Called
    at once and again when the change commits: a view that counted in between (before the commit) cached the old
    figures under the generation the commit then retires."""
    cache.set(_COVERAGE_GENERATION, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(_COVERAGE_GENERATION, uuid.uuid4().hex, timeout=None))


def _coverage_by_jurisdiction(jurisdiction_ids=None) -> list[dict]:
    eligible = Q(enterprises__party_member_count__gte=MIN_MEMBERS)
    qs = Jurisdiction.objects.order_by("id")
    if jurisdiction_ids is not None:
        qs = qs.filter(pk__in=jurisdiction_ids)
    rows = qs.annotate(
        eligible=Count("enterprises", filter=eligible),
        organised=Count("enterprises", filter=eligible & Q(enterprises__has_party_organisation=True)),
        assigned=Count("enterprises", filter=eligible & Q(enterprises__has_party_organisation=False,
                                                         enterprises__party_coverage__instructor__isnull=False)),
    ).values("pk", "name", "eligible", "organised", "assigned")
    result = []
    for r in rows:
        pending = r["eligible"] - r["organised"]
        result.append({**r, "pending": pending, "unassigned": pending - r["assigned"],
                       "rate": round(100 * r["organised"] / r["eligible"]) if r["eligible"] else None})
    return result
