"""Password rules beyond Django's own (length, common passwords, similarity, all-digits): settings.py lists them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (str.islower, str.isupper, str.isdigit)


def classes_in(password: str) -> int:
    """How many of the four classes — lower case, upper case, digits, anything else — the password uses."""
    found = {i for c in password for i, test in enumerate(CLASSES) if test(c)}
    if any(not (c.islower() or c.isupper() or c.isdigit()) for c in password):
        found.add(len(CLASSES))
    return len(found)


class CharacterClassesValidator:
    """At least `min_classes` of lower case, upper case, digits and symbols (GB/T 22239 复杂度要求)."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = max(1, min(4, min_classes))

    def validate(self, password: str, user=None) -> None:
        if classes_in(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes}
