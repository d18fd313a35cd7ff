from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "dossier"
    verbose_name = _("一企一档")

    def ready(self) -> None:
        from dossier.queries import READER_ROLES
        from portal import nav

        nav.register(nav.Item(_("企业档案"), "dossier:search", READER_ROLES))
