from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("基础信息")

    def ready(self) -> None:
        from django.contrib.auth.models import Group
        from django.db.models.signals import post_delete, post_save

        from portal import calendar
        from portal.models import Holiday
        from portal.roles import ensure_groups, forget_group_ids

        # Groups need the permissions, which exist only after every app has migrated.
        post_migrate.connect(ensure_groups, dispatch_uid="portal.ensure_groups")
        post_save.connect(forget_group_ids, sender=Group, dispatch_uid="portal.forget_group_ids.save")
        post_delete.connect(forget_group_ids, sender=Group, dispatch_uid="portal.forget_group_ids.delete")
        post_save.connect(calendar.forget, sender=Holiday, dispatch_uid="portal.calendar.forget.save")
        post_delete.connect(calendar.forget, sender=Holiday, dispatch_uid="portal.calendar.forget.delete")
