"""Query parameters held to what a list understands: an unknown parameter is a 400 naming it
(never silently ignored), and `ordering` accepts only the fields a view offers.

`KnownQueryParameters` comes first among the filter backends: it learns what the view takes
from the other backends (the FilterSet's filters, `ordering`), the paginator (`cursor`,
`page_size`), `format`, and the view's own `extra_query_parameters`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter
from rest_framework.request import Request

# With `q`, lists offer their rank as an ordering, the default one.
RANK = "rank"
SEARCH_PARAMETER = "q"
_ID_ORDERINGS = ("-id", "id")


def _known_parameters(request: Request, queryset: QuerySet[Any], view: Any) -> set[str]:
    known = {"format", *getattr(view, "extra_query_parameters", ())}
    for backend in getattr(view, "filter_backends", ()):
        if issubclass(backend, DjangoFilterBackend):
            filterset = backend().get_filterset_class(view, queryset)
            if filterset is not None:
                known.update(filterset.base_filters)
        if issubclass(backend, OrderingFilter):
            known.add(backend.ordering_param)
    paginator = getattr(view, "paginator", None)
    for attribute in ("cursor_query_param", "page_size_query_param", "page_query_param"):
        name = getattr(paginator, attribute, None)
        if name:
            known.add(name)
    return known


class KnownQueryParameters(BaseFilterBackend):
    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        known = _known_parameters(request, queryset, view)
        unknown = [name for name in request.query_params if name not in known]
        if unknown:
            takes = ", ".join(sorted(known))
            raise ValidationError(
                {
                    name: [f"Unknown parameter {name!r}. This endpoint takes: {takes}."]
                    for name in unknown
                }
            )
        return queryset


class KnownOrdering(OrderingFilter):
    """`ordering=<field>` or `-<field>` among the view's `ordering_fields`; ties are broken by
    id, newest first, so cursor pages are stable. With `q`, `rank` is offered and is the
    default (best match first); without it, the view's `ordering` or newest first."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> tuple[str, ...]:
        searching = bool(request.query_params.get(SEARCH_PARAMETER))
        given = request.query_params.get(self.ordering_param)
        if given is None or not given.strip():
            if searching and RANK in self._offered(view):
                return (f"-{RANK}", "-id")
            return tuple(getattr(view, "ordering", None) or ("-id",))
        field = given.strip()
        offered = self._offered(view)
        if "," in field or field.lstrip("-") not in offered:
            choices = ", ".join(sorted(offered))
            raise ValidationError(
                {self.ordering_param: [f"Order by one of {choices}, or -<field> for descending."]}
            )
        if field.lstrip("-") == RANK and not searching:
            raise ValidationError({self.ordering_param: ["Ordering by rank needs a search (q)."]})
        if field in _ID_ORDERINGS:
            return (field,)
        return (field, "-id")

    def _offered(self, view: Any) -> set[str]:
        return {*getattr(view, "ordering_fields", ()), *_ID_ORDERINGS[1:]}

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        return queryset.order_by(*self.get_ordering(request, queryset, view))
