"""Navigation entries (registered from AccountabilityConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accountability.queries import READER_ROLES
from portal import nav


def register() -> None:
    nav.register(
        nav.Item(_("问责提示"), "accountability:flags", READER_ROLES),
        nav.Item(_("问责案件"), "accountability:cases", READER_ROLES),
    )
