"""What API consumers filter lists by: one FilterSet per list, each value checked (a bad one is
a 400 naming the parameter), `q` searching (claims.search).

Dates take ISO 8601 dates or date-times (`2025-01-31`, `2025-01-31T08:00:00+07:00`); `_after`
is inclusive and `_before` exclusive. A claim's `value_gte` / `value_lte` compare its range: a
claim "from 3 to 5 million" matches `value_gte=4000000`.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django_filters.fields import IsoDateTimeField

from claims import search
from claims.models import ArticleExtraction, NumericClaim, Quote, ReviewStatus, Speaker, Verdict
from sources.models import Article

_Q_HELP = (
    'Full-text search: words (all must appear), "a phrase", -word to exclude, OR between '
    "alternatives; case and accents do not matter. Results carry `rank` and `snippet` and are "
    "ordered by rank unless `ordering` says otherwise."
)


class _Search(django_filters.CharFilter):  # type: ignore[misc]  # untyped package
    def __init__(self, matching: Any, **kwargs: Any) -> None:
        super().__init__(help_text=_Q_HELP, max_length=500, **kwargs)
        self._matching = matching

    def filter(self, queryset: QuerySet[Any], value: str) -> QuerySet[Any]:
        if value in (None, ""):
            return queryset
        matches: QuerySet[Any] = self._matching(queryset, value)
        return matches


class _UtcDateTimeField(IsoDateTimeField):  # type: ignore[misc]  # untyped package
    """An ISO 8601 date-time, in UTC: PostgreSQL refuses offsets Python allows (-20:44)."""

    def to_python(self, value: Any) -> datetime.datetime | None:
        parsed: datetime.datetime | None = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:  # the first or last moment Python can hold, moved past it
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class _UtcDateTimeFilter(django_filters.IsoDateTimeFilter):  # type: ignore[misc]
    field_class = _UtcDateTimeField


class _DateRange:
    @staticmethod
    def after(field: str, label: str) -> django_filters.IsoDateTimeFilter:
        return _UtcDateTimeFilter(
            field_name=field, lookup_expr="gte", help_text=f"{label} on or after (ISO 8601)"
        )

    @staticmethod
    def before(field: str, label: str) -> django_filters.IsoDateTimeFilter:
        return _UtcDateTimeFilter(
            field_name=field, lookup_expr="lt", help_text=f"{label} before (ISO 8601)"
        )


def _speaker_named(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    """Items of the speakers called `value` (by name or alias, case and accents aside), and of
    those they were merged into."""
    named = search.speakers_named(value)
    speakers = Speaker.objects.filter(
        Q(pk__in=named.values("pk")) | Q(pk__in=named.values("merged_into"))
    )
    # As an array computed first, not IN (subquery): the planner otherwise walks every item
    # newest first looking for the few of these speakers (0.7 ms instead of 370 ms at 1M).
    return queryset.filter(_AnyOf(F("speaker_id"), Subquery(speakers.values("pk"))))


class _AnyOf(Func):
    """`column = ANY(ARRAY(subquery))`."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY(ARRAY"
    output_field = BooleanField()


def _rated(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    """Items with a published (or corrected) verdict of this rating."""
    item_field = "quote" if queryset.model is Quote else "numeric_claim"
    verdicts = Verdict.objects.filter(**{item_field: OuterRef("pk")}, rating=value).exclude(
        status=Verdict.Status.DRAFT
    )
    return queryset.filter(Exists(verdicts))


class _CandidateFilter(django_filters.FilterSet):  # type: ignore[misc]  # untyped package
    speaker = django_filters.NumberFilter(
        field_name="speaker_id",
        help_text="a speaker's id; by name: `speaker_name`",
        error_messages={
            "invalid": "A speaker's id (a number); to filter by name, use speaker_name."
        },
    )
    speaker_name = django_filters.CharFilter(
        method=_speaker_named,
        max_length=300,
        help_text="a speaker's name or alias (also finds speakers merged into it)",
    )
    article = django_filters.NumberFilter(field_name="article_id")
    publication = django_filters.NumberFilter(field_name="article__publication_id")
    language = django_filters.CharFilter(max_length=16)
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)
    rating = django_filters.ChoiceFilter(
        choices=Verdict.Rating.choices,
        method=_rated,
        help_text="the rating of a published verdict on the item",
    )
    published_after = _DateRange.after("article__published_at", "the article published")
    published_before = _DateRange.before("article__published_at", "the article published")
    reviewed_after = _DateRange.after("reviewed_at", "confirmed or rejected")
    reviewed_before = _DateRange.before("reviewed_at", "confirmed or rejected")


class QuoteFilter(_CandidateFilter):
    q = _Search(search.quotes_matching)
    kind = django_filters.ChoiceFilter(choices=Quote.Kind.choices)

    class Meta:
        model = Quote
        fields: list[str] = []


def _value_at_least(queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
    at_least: QuerySet[Any] = queryset.alias(top=Coalesce("value_max", "value")).filter(
        top__gte=value
    )
    return at_least


class NumericClaimFilter(_CandidateFilter):
    q = _Search(search.numeric_claims_matching)
    kind = django_filters.ChoiceFilter(choices=NumericClaim.Kind.choices)
    unit = django_filters.CharFilter(max_length=32, help_text="e.g. USD, IDR, percent, tonne")
    qualifier = django_filters.ChoiceFilter(choices=NumericClaim.Qualifier.choices)
    period = django_filters.CharFilter(max_length=64, help_text="as stored, e.g. 2023")
    value_gte = django_filters.NumberFilter(
        method=_value_at_least, help_text="the value (or a range's upper end) is at least this"
    )
    value_lte = django_filters.NumberFilter(
        field_name="value",
        lookup_expr="lte",
        help_text="the value (or a range's lower end) is at most this",
    )

    class Meta:
        model = NumericClaim
        fields: list[str] = []


class SpeakerFilter(django_filters.FilterSet):  # type: ignore[misc]  # untyped package
    q = _Search(search.speakers_matching)
    country = django_filters.CharFilter(max_length=2)
    wikidata_id = django_filters.CharFilter(max_length=20)
    merged_into = django_filters.NumberFilter(field_name="merged_into_id")

    class Meta:
        model = Speaker
        fields: list[str] = []


class ArticleFilter(django_filters.FilterSet):  # type: ignore[misc]  # untyped package
    q = _Search(search.articles_matching)
    status = django_filters.ChoiceFilter(
        field_name="extraction_status", choices=ArticleExtraction.Status.choices
    )
    language = django_filters.CharFilter(max_length=16)
    publication = django_filters.NumberFilter(field_name="publication_id")
    feed = django_filters.NumberFilter(field_name="feed_id")
    published_after = _DateRange.after("published_at", "published")
    published_before = _DateRange.before("published_at", "published")

    class Meta:
        model = Article
        fields: list[str] = []
