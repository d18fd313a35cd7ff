from django.core.exceptions import PermissionDenied


class TransitionRefused(Exception):
    """A state change that the workflow does not allow now; the message is for the user (API: 409)."""


class RoleRefused(PermissionDenied):
    """The caller may never do this — their role or their relation to the object (not its state) forbids it.

    A PermissionDenied: 403 on pages (templates/403.html shows the message) and in the API (DRF keeps the
    message). A refusal that depends on the object's state is TransitionRefused (409) instead."""
