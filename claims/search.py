"""Full-text search over quotes, numeric claims, articles and speakers, in PostgreSQL.

A query is read as web search syntax (`websearch_to_tsquery`: words must all appear, "a
phrase" in order, `-word` must not, `OR` between alternatives), folded like the documents by
the `factdb_search` configuration (factdb migration 0001): lower case, accents off, no stemming,
so it means the same in every language. Each match carries `rank` and `snippet`,
the matching words between SNIPPET_START and SNIPPET_STOP (private-use characters that no text
holds, so the snippet can be escaped for HTML before they become <mark> tags).

Quotes and claims match on their stored `search_vector` column (claims migration 0011), articles
on the words of their title, speakers on the trigram word similarity of their name and aliases
("Tokaev" finds Tokayev), all through indexes.
"""

from __future__ import annotations

import html
from typing import Any, TypeVar

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import BooleanField, F, FloatField, Func, Model, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

from claims.models import NumericClaim, Quote, Speaker
from sources.models import Article

SEARCH_CONFIG = "factdb_search"
SNIPPET_START = "\ue000"
SNIPPET_STOP = "\ue001"

# ts_rank normalisation 1: divides by 1 + log(length), so a short quote that is all about the
# words ranks above a long one that mentions them once.
_RANK_NORMALISATION = 1

ItemT = TypeVar("ItemT", bound=Model)


def snippet_html(snippet: str | None) -> str | None:
    """A snippet safe to show as HTML, its matching words in <mark>…</mark>."""
    if snippet is None:
        return None
    escaped = html.escape(snippet, quote=False)
    return escaped.replace(SNIPPET_START, "<mark>").replace(SNIPPET_STOP, "</mark>")


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def _stored_vector(table: str) -> RawSQL:
    return RawSQL(f'"{table}"."search_vector"', [], output_field=SearchVectorField())


def _headline(field: str, query: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        field,
        query,
        config=SEARCH_CONFIG,
        start_sel=SNIPPET_START,
        stop_sel=SNIPPET_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _matching(
    items: QuerySet[ItemT], vector: Any, query: SearchQuery, snippet_of: str
) -> QuerySet[ItemT]:
    matches: QuerySet[ItemT] = (
        items.alias(search_document=vector)
        .filter(search_document=query)
        .annotate(
            rank=SearchRank(vector, query, normalization=Value(_RANK_NORMALISATION)),
            snippet=_headline(snippet_of, query),
        )
    )
    return matches


def quotes_matching(quotes: QuerySet[Quote], text: str) -> QuerySet[Quote]:
    vector = _stored_vector(Quote._meta.db_table)
    return _matching(quotes, vector, search_query(text), "text")


def numeric_claims_matching(claims: QuerySet[NumericClaim], text: str) -> QuerySet[NumericClaim]:
    vector = _stored_vector(NumericClaim._meta.db_table)
    return _matching(claims, vector, search_query(text), "surface")


def articles_matching(articles: QuerySet[Article], text: str) -> QuerySet[Article]:
    # The very expression sources migration 0006 indexes.
    title_words = Func(
        Value(SEARCH_CONFIG),
        F("title"),
        function="to_tsvector",
        template="%(function)s(%(expressions)s)",
        arg_joiner="::regconfig, ",
        output_field=SearchVectorField(),
    )
    return _matching(articles, title_words, search_query(text), "title")


def _folded(expression: Func | Value) -> Func:
    return Func(expression, function="factdb_fold", output_field=TextField())


def _speaker_names() -> Func:
    return Func(F("name"), F("aliases"), function="claims_speaker_names", output_field=TextField())


class _Contains(Func):
    """`array @> array`."""

    template = "(%(expressions)s)"
    arg_joiner = " @> "
    output_field = BooleanField()


def speakers_named(name: str) -> QuerySet[Speaker]:
    """Speakers whose name or an alias is `name`, case and accents aside (through an index)."""
    keys = Func(
        F("name"),
        F("aliases"),
        function="claims_speaker_keys",
        output_field=ArrayField(TextField()),
    )
    wanted = Func(
        _folded(Value(name.strip())), template="ARRAY[%(expressions)s]",
        output_field=ArrayField(TextField()),
    )  # fmt: skip
    return Speaker.objects.filter(_Contains(keys, wanted))


class _WordSimilarity(Func):
    """pg_trgm's word_similarity(query, names): how well the query matches a run of words."""

    function = "word_similarity"
    output_field = FloatField()


class _WordSimilar(Func):
    """`query <% names`: similar above the session's threshold (factdb.settings), which is the
    form the trigram index answers."""

    template = "(%(expressions)s)"
    arg_joiner = " <%% "
    output_field = BooleanField()


def speakers_matching(speakers: QuerySet[Speaker], text: str) -> QuerySet[Speaker]:
    """Speakers whose name or an alias resembles `text`, the closest first in `rank`."""
    query, names = _folded(Value(text)), _speaker_names()
    return speakers.filter(_WordSimilar(query, names)).annotate(rank=_WordSimilarity(query, names))
