"""Pagination that stays cheap on a city's million rows.

COUNT(*) over a whole jurisdiction's complaints costs hundreds of milliseconds at 1M rows, and nobody
pages past a few hundred pages: the count stops at CAP ("10000+") — one bounded query whatever the size.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 10_000
# A search's count stops sooner: a common word (two characters that trigrams cannot narrow) matches most of the
# table, and its COUNT reads rows until the cap — 10,001 rows cost ~0.2 s at 1M enterprises or 10M complaints,
# 1,001 a tenth of that. Nobody pages through a thousand results of a search: they add a word.
SEARCH_CAP = 1_000


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


class SearchPaginator(CappedPaginator):
    """For search results: the first page is read before anything is counted, and when it is not full it is
    everything there is — no COUNT. A search for a rare term (the usual case) costs one query, not two; a
    common one's count stops at SEARCH_CAP ("1000+")."""

    cap = SEARCH_CAP

    def get_page(self, number):
        if number in (None, "", "1", 1):
            return self.page(1)
        return super().get_page(number)

    def page(self, number):
        if not isinstance(self.object_list, list) and "count" not in self.__dict__ and str(number) == "1":
            rows = list(self.object_list[: self.per_page + 1])
            if len(rows) <= self.per_page:
                self.__dict__["count"] = len(rows)
                return self._get_page(rows, 1, self)
            page = super().page(1)  # the COUNT; the rows already read serve the page
            page.object_list = rows[: self.per_page]
            return page
        return super().page(number)
