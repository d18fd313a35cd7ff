from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = _("廉政报备")

    def ready(self) -> None:
        from declarations import home, reminders, scale, services  # noqa: F401  (scale registers its seed_scale step)
        from liaison import reminders as sweep
        from portal import home as home_cards
        from portal import nav
        from portal.models import Role

        declarants = (Role.OFFICIAL, Role.HANDLER, Role.DISPATCHER)
        sweep.register(reminders.declaration_reminders)
        sweep.register(services.flag_undeclared_meals)
        nav.register(
            nav.Item(_("报备"), "declarations:mine", declarants),
            nav.Item(_("报备审批"), "declarations:approvals", (Role.APPROVER,)),
            nav.Item(_("报备核查"), "declarations:flags", (Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)),
        )
        # Handlers and dispatchers reach their declarations through the menu; the card is the officials'.
        home_cards.register(Role.OFFICIAL, "declarations/snippets/home_declarant.html", context=home.declarant_card)
        home_cards.register(Role.APPROVER, "declarations/snippets/home_approver.html", context=home.approver_card)
        for role in (Role.OVERSIGHT, Role.INVESTIGATOR):
            home_cards.register(role, "declarations/snippets/home_checker.html", context=home.checker_card)
