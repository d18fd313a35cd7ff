from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConductConfig(AppConfig):
    name = "conduct"
    verbose_name = _("政商交往规范")

    def ready(self) -> None:
        from conduct import demo, home, scale  # noqa: F401  (scale registers its seed_scale steps)
        from portal import home as home_cards
        from portal import nav
        from portal.models import Role

        everyone = tuple(Role.values)
        nav.register(
            nav.Item(_("规范清单"), "conduct:registers", everyone),
            nav.Item(_("违规举报"), "conduct:report-new", tuple(r for r in Role.values if r != Role.INVESTIGATOR)),
            nav.Item(_("举报受理"), "conduct:reports", (Role.INVESTIGATOR,)),
            nav.Item(_("诚信红黑榜"), "conduct:integrity", (Role.ENTERPRISE, Role.OFFICIAL, Role.DISPATCHER, Role.HANDLER)),
            nav.Item(_("红黑榜管理"), "conduct:integrity-manage", (Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)),
            nav.Item(_("亲清承诺"), "conduct:pledge", (Role.OFFICIAL,)),
            nav.Item(_("廉洁承诺"), "conduct:pledge", (Role.ENTERPRISE,)),
            nav.Item(_("承诺情况"), "conduct:pledge-outstanding", (Role.OVERSIGHT,)),
            nav.Item(_("修改记录"), "conduct:changes", (Role.ADMIN,)),
        )
        home_cards.register(Role.OFFICIAL, "conduct/snippets/home_official.html", context=home.official_card)
        home_cards.register(Role.INVESTIGATOR, "conduct/snippets/home_investigator.html", context=home.investigator_card)
        home_cards.register(Role.OVERSIGHT, "conduct/snippets/home_oversight.html", context=home.oversight_card)
        home_cards.register(Role.ENTERPRISE, "conduct/snippets/home_enterprise.html")
        demo.register()
