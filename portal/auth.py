"""Authentication backend: the session's user comes with their enterprise.

Nearly every page an enterprise user opens asks for `request.user.enterprise` (the complaint form, the
home page, the lists); loading it with the user saves that query on each of them.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from portal.models import User


class PortalBackend(ModelBackend):
    """ModelBackend (passwords, permissions) whose per-request user load joins the enterprise and the department
    (pages that depend on which department a handler belongs to need no query for it)."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("enterprise", "department").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
