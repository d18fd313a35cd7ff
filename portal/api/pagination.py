from rest_framework.pagination import PageNumberPagination

from portal.pagination import CappedPaginator


class Pagination(PageNumberPagination):
    """Page-number pagination whose `count` stops at portal.pagination.CAP (+1) on huge lists."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 200
