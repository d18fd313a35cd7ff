from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("效能督查")

    def ready(self) -> None:
        from oversight import home, scale  # noqa: F401  (scale registers its step)

        home.register()
        from oversight import rollups
        from portal.figures import figures_changed

        # A change that moves a figure refreshes the stored summaries (portal.figures; nobody imports oversight).
        figures_changed.connect(rollups.on_figures_changed, dispatch_uid="oversight-figures-changed")
