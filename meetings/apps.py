from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("联席会议")

    def ready(self) -> None:
        from meetings import demo  # noqa: F401  (registers its seed_demo step)
        from meetings.services import VIEWERS
        from portal import nav

        nav.register(nav.Item(_("联席会议"), "meetings:list", VIEWERS))
