"""How a history record's change reason (django-simple-history's `_change_reason`, a code the services set)
reads in the admin's history pages: Chinese, and blank when there is none (an edit in the admin)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Codes set by conduct.services (registers and rules) and declarations.services (报备).
REASONS = {
    "seed_registers": _("初始导入"),
    "retire": _("废止"),
    "restore": _("恢复"),
    "declare": _("提交报备"),
    "edit": _("修改报备"),
    "approve": _("审批同意"),
    "refuse": _("审批不同意"),
    "record": _("登记实际情况"),
    "withdraw": _("撤回报备"),
}


def reason_label(code: str | None) -> str:
    """The reason as people read it; an unknown code is shown as it is (a new one is still legible)."""
    if not code or code == "None":
        return ""
    return str(REASONS.get(code, code))
