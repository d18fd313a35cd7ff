"""Pagination that stays cheap on a city's million rows.

COUNT(*) over a whole jurisdiction's complaints costs hundreds of milliseconds at 1M rows, and nobody
pages past a few hundred pages: the count stops at CAP ("10000+") — one bounded query whatever the size.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 10_000


class CappedPaginator(Paginator):
    cap = CAP

    @cached_property
    def count(self) -> int:
        """The number of rows, counted only up to `cap` (+1 to know there are more)."""
        if isinstance(self.object_list, list):
            return len(self.object_list)
        limited = self.object_list.order_by()[: self.cap + 1]
        return limited.count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
