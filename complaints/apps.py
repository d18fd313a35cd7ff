from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("诉求受理")

    def ready(self) -> None:
        from complaints import demo, home, scale  # noqa: F401  (demo and scale register their steps)

        home.register()

        from complaints.queries import inbox_changed
        from portal.figures import figures_changed

        # A committed complaint change renews the jurisdiction's cached inbox counts (complaints.queries).
        figures_changed.connect(inbox_changed, dispatch_uid="complaints-inbox-changed")
