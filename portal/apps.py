from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("基础信息")

    def ready(self) -> None:
        from portal.roles import ensure_groups

        # Groups need the permissions, which exist only after every app has migrated.
        post_migrate.connect(ensure_groups, dispatch_uid="portal.ensure_groups")
