from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("效能督查")

    def ready(self) -> None:
        from oversight import home, scale  # noqa: F401  (scale registers its step)

        home.register()
