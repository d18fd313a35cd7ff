"""Roles are Django groups; this module is the one place that creates them and checks them."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.models import Role

# Apps whose models the admin role manages in the Django admin.
ADMIN_APPS = ("portal", "complaints", "liaison", "conduct", "authtoken")


def ensure_groups(sender=None, **kwargs) -> None:
    """Create one group per role; the admin group may change every model of the portal's apps."""
    from django.contrib.auth.models import Group, Permission

    for role in Role.values:
        Group.objects.get_or_create(name=role)
    admin = Group.objects.get(name=Role.ADMIN)
    perms = Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
    admin.permissions.add(*perms)


def role_required(*roles: str):
    """View decorator: logged in and holding one of the roles, else login or 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
