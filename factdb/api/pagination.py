"""Stable pagination: a cursor over ids, so inserts between pages never shift results."""

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500
