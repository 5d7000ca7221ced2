"""What a quote or numeric claim export row is: its columns, and the one query that reads them.

An export row flattens an item with what a reader of a spreadsheet needs beside it: the
article (id, URL, title, publication, published_at), the speaker (id, name), who reviewed and
edited it and when, and the rating of its latest published verdict. Everything comes from one
SELECT with joins (and one correlated subquery for the rating, read through the verdict's
foreign-key index), so an export costs one query whatever its size, and the rows are tuples
(`values_list`), never model instances.

`candidates_export` takes the list's queryset as the API filtered and ordered it, so an export
is exactly the list, unpaginated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Func, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from claims.models import NumericClaim, Quote, Verdict

# Rows fetched from the server-side cursor at a time: large enough that the round trips do not
# count, small enough that a chunk (with quote texts) stays well under a megabyte or two.
EXPORT_CHUNK_ROWS = 2_000


class _UtcText(Func):
    """A timestamp as ISO 8601 text in UTC ("2025-03-01T07:30:00Z", microseconds only when
    there are some, as Python's isoformat), written by PostgreSQL: parsing a million
    timestamps into Python datetimes only to print them again would cost seconds."""

    template = (
        "regexp_replace(to_char(%(expressions)s AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '\\.000000$', '') || 'Z'"
    )
    output_field = TextField()


# (column, what it is read from) for the columns both kinds share, after the kind's own.
_SHARED_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("language", "language"),
    ("start", "start"),
    ("end", "end"),
    ("confidence", "confidence"),
    ("extractor_version", "extractor_version"),
    ("article_id", "article_id"),
    # The article's own address, or the upstream one it syndicates when it has none.
    ("article_url", Coalesce("article__canonical_url", NullIf("article__original_url", Value("")))),
    ("article_title", "article__title"),
    ("publication", "article__publication__name"),
    ("published_at", _UtcText("article__published_at")),
    ("speaker_id", "speaker_id"),
    ("speaker_name", "speaker__name"),
    ("speaker_mention", "speaker_mention"),
    ("reviewed_by", "reviewer__username"),
    ("reviewed_at", _UtcText("reviewed_at")),
    ("edited_by", "edited_by__username"),
    ("edited_at", _UtcText("edited_at")),
    ("version", "version"),
)

_QUOTE_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("id", "id"),
    ("kind", "kind"),
    ("status", "status"),
    ("text", "text"),
)

_CLAIM_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("id", "id"),
    ("kind", "kind"),
    ("status", "status"),
    ("surface", "surface"),
    ("value", "value"),
    ("value_max", "value_max"),
    ("unit", "unit"),
    ("qualifier", "qualifier"),
    ("subject", "subject"),
    ("period", "period"),
)

VERDICT_RATING = "verdict_rating"


@dataclass(frozen=True, slots=True)
class Export:
    """An export's header and its rows, in the same order; the rows are read lazily, in
    chunks, from a server-side cursor (iterate them inside a transaction: see
    factdb.api.streaming)."""

    columns: tuple[str, ...]
    rows: Iterator[tuple[Any, ...]]


def _latest_rating(item_field: str) -> Subquery:
    """The rating of the item's most recently published (or corrected) verdict, or null."""
    published = (
        Verdict.objects.filter(**{item_field: OuterRef("pk")})
        .exclude(status=Verdict.Status.DRAFT)
        .order_by("-published_at", "-id")
        .values("rating")[:1]
    )
    return Subquery(published)


def export_columns(*, model: type[Quote] | type[NumericClaim]) -> tuple[str, ...]:
    """The header of an export of `model`'s items."""
    own = _QUOTE_COLUMNS if model is Quote else _CLAIM_COLUMNS
    return (*(name for name, _ in own), *(name for name, _ in _SHARED_COLUMNS), VERDICT_RATING)


def candidates_export(
    *, items: QuerySet[Quote] | QuerySet[NumericClaim], chunk_size: int = EXPORT_CHUNK_ROWS
) -> Export:
    """Every item of `items` (filtered and ordered as given) as an export row.

    Annotations the list added for display (a search's `snippet`) are not selected, so they
    cost nothing; one the ordering uses (`rank`) stays in ORDER BY.
    """
    model = items.model
    own = _QUOTE_COLUMNS if model is Quote else _CLAIM_COLUMNS
    item_field = "quote" if model is Quote else "numeric_claim"
    sources = [source for _, source in (*own, *_SHARED_COLUMNS)]
    rows = items.values_list(*sources, _latest_rating(item_field)).iterator(chunk_size=chunk_size)
    return Export(columns=export_columns(model=model), rows=rows)
