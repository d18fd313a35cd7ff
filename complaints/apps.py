from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("诉求受理")

    def ready(self) -> None:
        from complaints import demo, home, scale  # noqa: F401  (demo and scale register their steps)

        home.register()
