"""Changes that move an oversight figure: the stored summaries learn of them after commit.

The oversight dashboard reads stored summaries (oversight.rollups). A service whose change moves a figure (a
complaint filed or moved, a notice answered, a forum held, a visit logged, a report filed …) calls
`changed(jurisdiction_id, year)` inside its transaction; once the transaction commits, `figures_changed` is
sent and oversight (which listens, apps → portal only) queues one refresh of that jurisdiction's summaries
through the outbox. A change that rolls back refreshes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

# Sent after commit with jurisdiction_id and year (the figures' year: a complaint's submission year, a
# forum's date …).
figures_changed = Signal()


def changed(jurisdiction_id: int | Callable[[], int | None] | None, year: int | None = None) -> None:
    """Call inside the changing transaction; the refresh is asked for only if it commits.

    `jurisdiction_id` may be a function returning it, called after commit: finding it costs a query on some
    paths (a visit's enterprise), which the change itself should not pay."""
    if not jurisdiction_id:
        return
    year = year or timezone.localdate().year

    def send() -> None:
        jid = jurisdiction_id() if callable(jurisdiction_id) else jurisdiction_id
        if jid:
            figures_changed.send(sender=None, jurisdiction_id=jid, year=year)

    transaction.on_commit(send)
