from rest_framework.pagination import PageNumberPagination

from portal.pagination import CappedPaginator, SearchPaginator

# The list filters that search text (DRF's SearchFilter, the complaint list's q).
SEARCH_PARAMS = ("search", "q")


class Pagination(PageNumberPagination):
    """Page-number pagination whose `count` stops at portal.pagination.CAP (+1) on huge lists; a search's first
    page that is not full is counted by its rows, and a search's count stops at SEARCH_CAP (+1)."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        searching = any(request.query_params.get(k, "").strip() for k in SEARCH_PARAMS)
        self.django_paginator_class = SearchPaginator if searching else CappedPaginator
        return super().paginate_queryset(queryset, request, view)
