"""一企一档: everything the portal knows about one enterprise, read from the other apps (none imports this one).

Staff only, scoped to their jurisdiction (admins: every one). The profile is a fixed number of queries whatever the
enterprise's history: each section is one query cut at ROWS (newest first) and the complaint figures one GROUP BY;
the timeline merges those rows in Python and keeps the newest TIMELINE.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint
from conduct.models import IntegrityEntry
from declarations.queries import FLAG_READER_ROLES, enterprise_declarations
from liaison.models import Forum, KeyProject, Pairing, Visit
from policies.queries import policies_for_enterprise
from portal import audit
from portal.models import Enterprise, Role, User
from portal.queries import STAFF_ROLES

# The leadership (党工委、管委会) reads the files of its jurisdiction as it reads the dashboard; it changes nothing here.
READER_ROLES = (*STAFF_ROLES, Role.APPROVER, Role.LEADERSHIP)
ROWS = 20
TIMELINE = 30
SEARCH_ROWS = 50
CODE_PREFIX = re.compile(r"[0-9A-Za-z]{2,18}")


def record_flag_read(request, enterprise: Enterprise, flags: list) -> None:
    """A checker opening the file reads the enterprise's open cross-check flags: logged as on the flags page
    (declarations.views), one row per opening, so the page's queries do not depend on whether there are any."""
    if request.user.has_role(*FLAG_READER_ROLES):
        audit.record("declaration_flags_read", request=request, obj=enterprise, via="dossier",
                     flags=[f.pk for f in flags])


def may_read(user: User) -> bool:
    return user.is_authenticated and user.has_role(*READER_ROLES)


def enterprises_for(user: User) -> QuerySet:
    """The enterprises whose file this user may open: their jurisdiction's (admins: all; nobody else: none)."""
    if not may_read(user):
        return Enterprise.objects.none()
    if user.has_role(Role.ADMIN):
        return Enterprise.objects.all()
    if not user.jurisdiction_id:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(jurisdiction_id=user.jurisdiction_id)


def get_enterprise_for(user: User, pk: int) -> Enterprise:
    enterprise = (enterprises_for(user).select_related("jurisdiction", "party_coverage__instructor")
                  .filter(pk=pk).first())
    if enterprise is None:
        raise Http404
    return enterprise


def search(user: User, text: str) -> list[Enterprise]:
    """Enterprises of the user's scope whose name contains `text` or whose credit code starts with it (one
    query): the first SEARCH_ROWS registered, by name."""
    text = (text or "").strip()[:100]
    if not text:
        return []
    qs = enterprises_for(user)
    if CODE_PREFIX.fullmatch(text):
        found = qs.filter(Q(credit_code__startswith=text.upper()) | Q(name__icontains=text))
    else:
        found = qs.filter(name__icontains=text)
    # The first SEARCH_ROWS matches in the directory's order (id), then shown by name: ordering every match by
    # name sorted a common word's 100k–1M names (1.5–3 s at 1M enterprises); walking the primary key finds a
    # common word's first rows at once, and a rare one comes from the trigram index (portal 0010). The LIMIT
    # keeps the inner query apart (PostgreSQL does not flatten it), so the sort is of at most SEARCH_ROWS rows.
    first = found.order_by("id").values("id")[:SEARCH_ROWS]
    return list(qs.select_related("jurisdiction").filter(pk__in=first).order_by("name", "id"))


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    kind: str
    label: str
    title: str
    url: str
    status: str = ""


def _at(value) -> dt.datetime:
    """Dates and datetimes on one axis (a date counts from the start of its day, in the site's zone)."""
    if isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def profile(enterprise: Enterprise, user: User) -> dict:
    """Every record type about `enterprise` the portal keeps, newest first, and one timeline across them."""
    e = enterprise
    complaints = list(Complaint.objects.filter(enterprise=e).select_related("category", "department")
                      .order_by("-created_at", "-id")[:ROWS])
    by_status = dict(Complaint.objects.filter(enterprise=e).order_by().values("status")
                     .annotate(n=Count("pk")).values_list("status", "n"))
    pairings = list(Pairing.objects.filter(enterprise=e).select_related("official").order_by("-start", "-id")[:ROWS])
    visits = list(Visit.objects.filter(pairing__enterprise=e).select_related("pairing__official")
                  .order_by("-date", "-id")[:ROWS])
    forums = list(Forum.objects.filter(attended_enterprises=e).select_related("organiser")
                  .order_by("-date", "-id")[:ROWS])
    projects = list(KeyProject.objects.filter(enterprise=e).select_related("lead_department")
                    .order_by("-created_at", "-id")[:ROWS])
    integrity = list(IntegrityEntry.objects.in_force().filter(enterprise=e).order_by("-valid_from", "-id")[:ROWS])
    declared = enterprise_declarations(e, user, limit=ROWS)
    policies = policies_for_enterprise(e.pk, limit=ROWS)
    coverage = getattr(e, "party_coverage", None)

    labels = dict(Complaint.Status.choices)
    complaint_figures = [{"status": s, "label": labels[s], "count": by_status[s]} for s in labels if s in by_status]
    events: list[Event] = []
    for c in complaints:
        url = reverse("complaints:detail", args=[c.pk])
        events.append(Event(c.created_at, "complaint", _("诉求"), f"{c.number} {c.title}", url, c.get_status_display()))
        if c.closed_at:
            events.append(Event(c.closed_at, "complaint", _("诉求办结"), f"{c.number} {c.title}", url,
                                c.get_rating_display() if c.rating else ""))
    for v in visits:
        events.append(Event(_at(v.date), "visit", _("走访"), f"{v.pairing.official} · {v.get_form_display()}",
                            reverse("liaison:visit-detail", args=[v.pk]), v.get_status_display()))
    for p in pairings:
        events.append(Event(_at(p.start), "pairing", _("建立联系"), str(p.official),
                            reverse("liaison:pairing-detail", args=[p.pk])))
    for f in forums:
        events.append(Event(_at(f.date), "forum", _("座谈会"), f.title, reverse("liaison:forum-detail", args=[f.pk]),
                            f.get_status_display()))
    for p in projects:
        events.append(Event(p.created_at, "project", _("重点项目"), p.name,
                            reverse("liaison:project-detail", args=[p.pk])))
    for entry in integrity:
        events.append(Event(entry.published_at or _at(entry.valid_from), "integrity", entry.get_list_display(),
                            entry.reason[:60], reverse("conduct:integrity")))
    for d in declared["declarations"]:
        events.append(Event(d.created_at, "declaration", _("报备"), f"{d.get_kind_display()} · {d.official}",
                            reverse("declarations:detail", args=[d.pk]), d.get_status_display()))
    for flag in declared["flags"]:
        events.append(Event(flag.created_at, "flag", _("报备核查提示"), f"{flag.get_kind_display()} · {flag.official}",
                            reverse("declarations:flags"), flag.get_status_display()))
    for m in policies:
        events.append(Event(m.pushed_at, "policy", _("政策推送"), m.policy.title,
                            reverse("policies:detail", args=[m.policy.pk])))
    if coverage is not None:
        events.append(Event(coverage.updated_at, "party", _("党建指导"),
                            str(coverage.instructor or "—"), reverse("party:edit", args=[e.pk])))
    events.sort(key=lambda ev: ev.at, reverse=True)
    return {
        "enterprise": e,
        "complaints": complaints, "complaint_figures": complaint_figures,
        "complaint_total": sum(by_status.values()),
        "complaint_open": sum(n for s, n in by_status.items() if s not in (Complaint.Status.CLOSED,
                                                                             Complaint.Status.REFUSED)),
        "pairings": pairings, "visits": visits, "forums": forums, "projects": projects,
        "integrity": integrity, "declarations": declared["declarations"], "flags": declared["flags"],
        "policies": policies, "coverage": coverage, "timeline": events[:TIMELINE],
        "needs_party_organisation": e.needs_party_organisation,
    }
