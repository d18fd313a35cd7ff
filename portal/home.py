"""Cards on each role's home page. Apps register theirs in AppConfig.ready():

    home.register(Role.ENTERPRISE, "complaints/snippets/home_card.html", context=my_complaints_summary)

`context(request) -> dict` is merged into the page's context; keep it to a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    template: str
    context: Callable | None = None
    order: int = 50


CARDS: dict[str, list[Card]] = {}


def register(role: str, template: str, *, context: Callable | None = None, order: int = 50) -> None:
    cards = CARDS.setdefault(role, [])
    if all(c.template != template for c in cards):
        cards.append(Card(template, context, order))
        cards.sort(key=lambda c: c.order)


def join_requests_card(request) -> dict:
    """One query: the enterprise's pending join requests (the card shows only when there are some)."""
    from portal.queries import join_requests_for

    return {"join_requests": list(join_requests_for(request.user)[:5])}


def cards_for(role: str, request) -> tuple[list[str], dict]:
    templates, context = [], {}
    for card in CARDS.get(role, []):
        templates.append(card.template)
        if card.context:
            context.update(card.context(request))
    return templates, context
