from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("政企联系")

    def ready(self) -> None:
        from liaison import demo, home, scale  # noqa: F401  (registers the demo and scale steps and the home cards)
        from portal import nav
        from portal.models import Role

        staff = (Role.OFFICIAL, Role.DISPATCHER, Role.HANDLER, Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)
        nav.register(
            nav.Item(_("我联系的企业"), "liaison:my-pairings", (Role.OFFICIAL,)),
            nav.Item(_("联系企业"), "liaison:pairings", tuple(r for r in staff if r != Role.OFFICIAL)),
            nav.Item(_("走访记录"), "liaison:visits", (*staff, Role.ENTERPRISE)),
            nav.Item(_("座谈会"), "liaison:forums", (*staff, Role.ENTERPRISE)),
            nav.Item(_("重点项目"), "liaison:projects", staff),
        )
