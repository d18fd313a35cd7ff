from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "party"
    verbose_name = _("党组织覆盖")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from party import home, queries, reminders  # noqa: F401  (registers its step of the daily sweep)
        from portal import home as home_cards
        from portal import nav
        from portal.models import Enterprise, Role

        # A member count or an organisation changed anywhere (admin, profile, import): the cached figures go.
        post_save.connect(queries.forget_coverage, sender=Enterprise, dispatch_uid="party-coverage-forget")

        # Every handler would see a menu entry only 党务群团工作局's may open: they get a home card instead.
        nav.register(nav.Item(_("党组织覆盖"), "party:coverage", (Role.OVERSIGHT, Role.ADMIN)))
        home_cards.register(Role.HANDLER, "party/snippets/home_card.html", context=home.party_card)
