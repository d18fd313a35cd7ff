"""Navigation by role. Each app registers its entries here; the base template draws them."""

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


def register(*items: Item) -> None:
    for item in items:
        if item not in ITEMS:
            ITEMS.append(item)


def menu_for(user) -> list[dict]:
    menu = []
    for item in ITEMS:
        if user.has_role(*item.roles):
            try:
                menu.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
            except NoReverseMatch:
                continue
    return menu
