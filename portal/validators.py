from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MixedCharacterValidator:
    """A password needs letters and digits: a sensible floor for a government intranet."""

    def validate(self, password: str, user=None) -> None:
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError(_("密码必须同时包含字母和数字。"), code="password_no_mix")

    def get_help_text(self) -> str:
        return _("密码必须同时包含字母和数字。")
