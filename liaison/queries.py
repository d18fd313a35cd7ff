"""Who sees which liaison rows, in one place; the access helpers raise 404 for pages and API alike."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from liaison.models import (
    Forum,
    InspectionReport,
    KeyProject,
    Pairing,
    ProjectProblem,
    Resolution,
    Visit,
    VisitProblem,
)
from portal.models import Role, User
from portal.queries import count_of

# Staff read every liaison row of their own jurisdiction (admins: every jurisdiction).
STAFF_ROLES = (Role.OFFICIAL, Role.DISPATCHER, Role.HANDLER, Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)
# Who creates and ends pairings (the page and the admin).
PAIRING_MANAGERS = (Role.ADMIN, Role.OVERSIGHT)
# Who schedules forums and records them: leadership members, the 经济发展与招商局 dispatcher, admins.
FORUM_ORGANISERS = (Role.OFFICIAL, Role.DISPATCHER, Role.ADMIN)
# Who creates key projects (the team then reports): the dispatcher's bureau and admins.
PROJECT_MANAGERS = (Role.DISPATCHER, Role.ADMIN)


def _staff_scope(user: User, field: str) -> Q | None:
    """Q restricting `field` (a jurisdiction FK path) to the user's jurisdiction; None = no staff access."""
    if not user.is_authenticated or not user.has_role(*STAFF_ROLES):
        return None
    if user.has_role(Role.ADMIN):
        return Q()
    if not user.jurisdiction_id:
        return None
    return Q(**{field: user.jurisdiction_id})


def _own_enterprise(user: User) -> int | None:
    """The enterprise id of an enterprise user (None for anyone else)."""
    if user.is_authenticated and user.has_role(Role.ENTERPRISE) and user.enterprise_id:
        return user.enterprise_id
    return None


def _visible(model, user: User, jurisdiction: str, enterprise: str | None = None):
    """Staff: the rows whose `jurisdiction` path is theirs; an enterprise user: the rows whose `enterprise`
    path is their own enterprise (when the model has one); anybody else: none."""
    scope = _staff_scope(user, jurisdiction)
    if scope is not None:
        return model.objects.filter(scope)
    own = _own_enterprise(user) if enterprise else None
    return model.objects.filter(**{enterprise: own}) if own else model.objects.none()


def pairings_visible_to(user: User):
    """Staff: their jurisdiction's pairings; an enterprise user: their enterprise's."""
    return _visible(Pairing, user, "enterprise__jurisdiction", "enterprise_id")


def visits_visible_to(user: User):
    return _visible(Visit, user, "pairing__enterprise__jurisdiction", "pairing__enterprise_id")


def forums_visible_to(user: User):
    """Staff: their jurisdiction's forums; an enterprise user: the forums their enterprise is invited to."""
    return _visible(Forum, user, "jurisdiction", "invited_enterprises")


def projects_visible_to(user: User):
    return _visible(KeyProject, user, "jurisdiction")


def reports_visible_to(user: User):
    return _visible(InspectionReport, user, "project__jurisdiction")


# ---- list reads, each a fixed number of queries


def pairing_list(user: User, *, year: int | None = None):
    """Pairings with this year's counts, official and enterprise (and its jurisdiction) joined."""
    year = year or timezone.localdate().year
    return (
        pairings_visible_to(user)
        .with_year_counts(year, paged=True)
        .select_related("official", "enterprise", "enterprise__jurisdiction")
        .order_by("official_id", "id")
    )


def my_pairings(user: User, *, year: int | None = None):
    """The official's own active pairings and those they may log for as a delegate."""
    # A subquery for the delegates, so the join does not multiply the visit counts.
    delegated = Pairing.delegates.through.objects.filter(user=user).values("pairing_id")
    return pairing_list(user, year=year).active().filter(Q(official=user) | Q(pk__in=delegated))


def visit_list(user: User):
    # Counted per row of the page: a GROUP BY would count every visit of the year first (1.6 s at 300k visits).
    return (
        visits_visible_to(user)
        .select_related("pairing__official", "pairing__enterprise", "logged_by")
        .annotate(problem_count=count_of(VisitProblem.objects.filter(visit=OuterRef("pk"))))
        .order_by("-date", "-id")
    )


def forum_list(user: User):
    return (
        forums_visible_to(user)
        .select_related("organiser", "jurisdiction")
        .annotate(invited_count=Count("invited_enterprises", distinct=True) + Count("invited_chambers", distinct=True))
        .order_by("-date", "-id")
    )


def project_list(user: User):
    return (
        projects_visible_to(user)
        .select_related("lead_department", "enterprise")
        .annotate(report_count=Count("reports"))
        .order_by("id")
    )


def report_list(user: User):
    return reports_visible_to(user).select_related("project", "submitted_by").order_by("-month", "-id")


def forums_held(jurisdiction_id: int | None, year: int) -> int:
    return Forum.objects.held_in(year).filter(jurisdiction_id=jurisdiction_id).count()


# ---- access helpers (404 for a missing or foreign row)


def get_pairing_for_user(user: User, pk: int) -> Pairing:
    pairing = (
        pairings_visible_to(user)
        .select_related("official", "enterprise", "enterprise__jurisdiction")
        .prefetch_related("delegates")
        .filter(pk=pk)
        .first()
    )
    if pairing is None:
        raise Http404
    return pairing


def get_visit_for_user(user: User, pk: int) -> Visit:
    visit = (
        visits_visible_to(user)
        .select_related("pairing__official", "pairing__enterprise", "logged_by", "answered_by")
        .prefetch_related("problems")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def get_forum_for_user(user: User, pk: int) -> Forum:
    forum = (
        forums_visible_to(user)
        .select_related("organiser", "jurisdiction", "created_by")
        .prefetch_related("invited_enterprises", "invited_chambers", "attended_enterprises", "attended_chambers",
                          Prefetch("resolutions__owner"))
        .filter(pk=pk)
        .first()
    )
    if forum is None:
        raise Http404
    return forum


def get_project_for_user(user: User, pk: int) -> KeyProject:
    project = (
        projects_visible_to(user)
        .select_related("lead_department", "enterprise", "jurisdiction")
        .prefetch_related("members")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404
    return project


def get_report_for_user(user: User, pk: int) -> InspectionReport:
    report = (
        reports_visible_to(user)
        .select_related("project", "submitted_by")
        .prefetch_related("problems")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def get_problem_for_user(user: User, kind: str, pk: int):
    """A problem found on a visit, a forum resolution or a project report (`kind` visit / resolution /
    project), if the user may see its parent; else 404 (pages and API alike)."""
    if kind == "visit":
        qs = VisitProblem.objects.filter(visit__in=visits_visible_to(user))
    elif kind == "resolution":
        qs = Resolution.objects.filter(forum__in=forums_visible_to(user))
    elif kind == "project":
        qs = ProjectProblem.objects.filter(report__in=reports_visible_to(user))
    else:
        raise Http404
    problem = qs.filter(pk=pk).first()
    if problem is None:
        raise Http404
    return problem
