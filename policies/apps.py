from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("政策服务")

    def ready(self) -> None:
        from policies import demo, home, reminders, scale  # noqa: F401  (demo, scale and sweep steps register)

        home.register()
