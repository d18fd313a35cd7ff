from rest_framework.permissions import BasePermission


def role_permission(*roles: str) -> type[BasePermission]:
    """A DRF permission class admitting authenticated users holding one of the roles."""

    class HasRole(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and request.user.has_role(*roles))

    HasRole.__name__ = "HasRole_" + "_".join(roles)
    return HasRole
