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

        from portal import home
        from portal.models import Role

        # An enterprise's users see who asks to join their enterprise (portal/accounts.py).
        home.register(Role.ENTERPRISE, "portal/snippets/home_join_requests.html", context=home.join_requests_card,
                      order=5)
        from portal import sweep, uploads

        sweep.step(uploads.held_uploads_purged)  # files kept through a failed submit and never claimed
        # The admin's back office is a card of its 工作台, not only an entry of the user menu.
        home.register(Role.ADMIN, "portal/snippets/home_admin_backoffice.html", order=1)
        # An enterprise user's own details and notice contacts (portal/views.profile).
        home.register(Role.ENTERPRISE, "portal/snippets/home_profile.html", order=90)

        self.connect_security()

    def connect_security(self) -> None:
        """The security audit log's receivers and token revocation (portal/security.py)."""
        from axes.signals import user_locked_out
        from django.contrib.admin.models import LogEntryManager
        from django.contrib.auth import signals as auth_signals
        from django.db.models.signals import post_save, pre_save

        from portal import security
        from portal.models import User

        auth_signals.user_logged_in.connect(security.on_logged_in, dispatch_uid="portal.audit.login")
        auth_signals.user_login_failed.connect(security.on_login_failed, dispatch_uid="portal.audit.login_failed")
        auth_signals.user_logged_out.connect(security.on_logged_out, dispatch_uid="portal.audit.logout")
        user_locked_out.connect(security.on_locked_out, dispatch_uid="portal.audit.lockout")
        pre_save.connect(security.on_user_pre_save, sender=User, dispatch_uid="portal.security.user_pre_save")
        post_save.connect(security.on_user_post_save, sender=User, dispatch_uid="portal.security.user_post_save")
        if not getattr(LogEntryManager.log_actions, "audited", False):
            LogEntryManager.log_actions = security.audit_admin_log(LogEntryManager.log_actions)
