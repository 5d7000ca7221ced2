"""Stable pagination: a cursor over the list's ordering (ids by default), so inserts between
pages never shift results. `page_size` and `cursor` are checked: a bad one is a 400 naming it,
not silently the default page or a 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request


class IdCursorPagination(CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return int(self.page_size or 1)
        try:
            size = int(given)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"A whole number from 1 to {self.max_page_size}, not {given!r}."
                    ]
                }
            )
        return size

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            raise self._bad_cursor() from error
        except (ValueError, TypeError, DjangoValidationError) as error:
            # A cursor whose position does not fit the ordering's field (edited by hand).
            if request.query_params.get(self.cursor_query_param) is None:
                raise
            raise self._bad_cursor() from error

    def _bad_cursor(self) -> ValidationError:
        return ValidationError(
            {
                self.cursor_query_param: [
                    "This cursor is not one this list gave out: follow the `next` and "
                    "`previous` links as they are."
                ]
            }
        )
