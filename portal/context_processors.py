from __future__ import annotations

from portal.models import Notification
from portal.nav import menu_for


def portal(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}

    def unread() -> int:  # lazy: pages without the navbar pay nothing
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"nav_items": menu_for(user), "unread_count": unread}
