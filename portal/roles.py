"""Roles are Django groups; this module is the one place that creates them and checks them."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.models import Role

# Apps whose models the admin role manages in the Django admin.
ADMIN_APPS = ("portal", "complaints", "liaison", "conduct", "declarations", "policies", "party", "meetings", "authtoken", "axes")


def ensure_groups(sender=None, **kwargs) -> None:
    """Create one group per role; the admin group may change every model of the portal's apps."""
    from django.contrib.auth.models import Group, Permission

    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
    perms = Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
    groups[Role.ADMIN].permissions.add(*perms)
    # The ids are known now (also after a test database is flushed and re-created).
    _group_ids.clear()
    _group_ids.update({role: g.pk for role, g in groups.items()})


# Role -> group id, per process. Filtering users by the group's id rather than its name lets PostgreSQL
# use the statistics of portal_user_groups.group_id: "dispatchers of a jurisdiction" is then a few index
# probes, not a hash join over every user (the planner cannot know how many users a group *name* has).
_group_ids: dict[str, int] = {}


def group_id(role: str) -> int:
    gid = _group_ids.get(role)
    if gid is None:
        from django.contrib.auth.models import Group

        gid = _group_ids[role] = Group.objects.get_or_create(name=role)[0].pk
    return gid


def holders(role: str):
    """Active users holding `role` (a queryset; narrow it further). No DISTINCT: (user, group) is unique."""
    from portal.models import User

    return User.objects.filter(groups=group_id(role), is_active=True)


def forget_group_ids(**kwargs) -> None:
    """Called whenever groups may have been re-created (migrate, flush, an edit in the admin)."""
    _group_ids.clear()


def access_required(allowed):
    """View decorator: logged in and `allowed(user)`, else login or 403 (for access decided by more than a role)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed = allowed  # read by may_open: a link asks the view it leads to
        return wrapper

    return decorator


def may_open(user, url_name: str, *args) -> bool:
    """Whether `user` may open the page `url_name` names — the test its view's access_required/role_required
    makes, so a page shows links only where they lead somewhere (a leader's dashboard figures are not links into
    complaint lists it may not read). Object-level checks inside the view are not made here."""
    from django.urls import resolve, reverse

    view = resolve(reverse(url_name, args=args)).func
    allowed = getattr(view, "allowed", None)
    return allowed is None or (user.is_authenticated and bool(allowed(user)))


def role_required(*roles: str):
    """View decorator: logged in and holding one of the roles, else login or 403."""
    return access_required(lambda user: user.has_role(*roles))
