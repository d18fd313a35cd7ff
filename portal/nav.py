"""Navigation by role. Each app registers its entries here (label, URL name, roles); the layout of the menu —
which task group an entry sits in and in what order — is decided in GROUPS below, the one place for it.
The base template draws what `menu_for` returns: top-level links and dropdowns, no role logic of its own.

Grouping by task keeps every role's menu on one line at 1280 px (issue 15): a group a role sees only one
entry of is drawn as that entry's plain link, so nobody opens a dropdown to find a single item.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Role


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    roles: tuple[str, ...]


ITEMS: list[Item] = [
    Item(_("工作台"), "portal:home", tuple(Role.values)),
    Item(_("安全审计"), "portal:audit", (Role.OVERSIGHT, Role.ADMIN)),
]

# (key, label, URL names in menu order). "" is the top level. An entry registered under a URL name no group
# lists is drawn at the top level after the groups, so a new page is never hidden from its menu.
GROUPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("", "", ("portal:home",)),
    ("complaints", _("诉求"), (
        "complaints:mine", "complaints:inbox", "complaints:queue", "complaints:all", "complaints:overdue",
        "complaints:first-asked",
    )),
    ("liaison", _("联系服务"), (
        "liaison:my-pairings", "liaison:pairings", "liaison:visits", "liaison:forums", "liaison:projects",
        "policies:list", "policies:consultations", "policies:manage", "dossier:search", "party:coverage",
    )),
    ("oversight", _("督查"), (
        "oversight:dashboard", "leadership:reports", "complaints:notices", "meetings:list", "accountability:flags",
        "accountability:cases", "oversight:assessment", "policies:commitments",
    )),
    ("conduct", _("清单与举报"), (
        "conduct:registers", "declarations:mine", "declarations:approvals", "declarations:flags",
        "conduct:report-new", "conduct:reports", "conduct:integrity", "conduct:integrity-manage",
        "conduct:pledge", "conduct:pledge-outstanding",
    )),
    ("admin", _("管理"), ("portal:audit", "conduct:changes")),
]


def register(*items: Item) -> None:
    for item in items:
        if item not in ITEMS:
            ITEMS.append(item)


def _entries(user) -> dict[str, list[dict]]:
    """The user's entries by URL name (a name may carry different labels for different roles)."""
    found: dict[str, list[dict]] = {}
    for item in ITEMS:
        if user.has_role(*item.roles):
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            entries = found.setdefault(item.url_name, [])
            if not any(e["url"] == url for e in entries):
                entries.append({"label": item.label, "url": url, "name": item.url_name})
    return found


def menu_for(user) -> list[dict]:
    """The menu: a list of {"label", "url", "name"} links and {"label", "key", "children": [...]} groups."""
    entries = _entries(user)
    menu: list[dict] = []
    for key, label, names in GROUPS:
        children = [e for name in names for e in entries.pop(name, [])]
        if not key or len(children) == 1:
            menu += children
        elif children:
            menu.append({"label": label, "key": key, "children": children,
                         "names": [c["name"] for c in children]})
    menu += [e for rest in entries.values() for e in rest]
    return menu
