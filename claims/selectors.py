"""Reads of the claims app."""

from __future__ import annotations

import time

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from claims.extraction import KnownSpeaker
from claims.models import ArticleExtraction, NumericClaim, Quote, ReviewStatus, Speaker
from sources.models import Article

# Enough to cover a newsroom's regular voices without slowing each extraction down.
_KNOWN_SPEAKERS_LIMIT = 5000
# A worker reads the verified speakers at most this often, not once per article.
_KNOWN_SPEAKERS_TTL_SECONDS = 60.0
_known_speakers_cache: tuple[float, list[tuple[str, list[str], str]]] = (-1e9, [])


def known_speakers_for_text(text: str) -> list[KnownSpeaker]:
    """Verified speakers (with a confirmed quote) whose name or an alias appears in `text`."""
    folded = text.casefold()
    rows = _verified_speakers()
    found = []
    for name, aliases, role in rows:
        surname = name.split()[-1].casefold() if name.split() else ""
        if (surname and surname in folded) or any(a.casefold() in folded for a in aliases):
            found.append(
                KnownSpeaker(name=name, aliases=tuple(aliases), roles=(role,) if role else ())
            )
    return found


def _verified_speakers() -> list[tuple[str, list[str], str]]:
    global _known_speakers_cache
    fetched_at, rows = _known_speakers_cache
    if time.monotonic() - fetched_at < _KNOWN_SPEAKERS_TTL_SECONDS:
        return rows
    confirmed = Quote.objects.filter(speaker=OuterRef("pk"), status=ReviewStatus.CONFIRMED)
    rows = list(
        Speaker.objects.filter(merged_into__isnull=True)
        .filter(Exists(confirmed))
        .values_list("name", "aliases", "role")[:_KNOWN_SPEAKERS_LIMIT]
    )
    _known_speakers_cache = (time.monotonic(), rows)
    return rows


def quotes_for_article(*, article_id: int) -> QuerySet[Quote]:
    return Quote.objects.filter(article_id=article_id).select_related("speaker")


def numeric_claims_for_article(*, article_id: int) -> QuerySet[NumericClaim]:
    return NumericClaim.objects.filter(article_id=article_id).select_related("speaker")


def articles_with_extraction() -> QuerySet[Article]:
    """Articles annotated with their extraction state: `extraction_status`, `attempts`,
    `last_error`, `extractor_version`, `extracted_at`.

    An article whose state row is not written yet (it is created once the article's
    transaction commits) reads as pending, or as duplicate for a near-copy.
    """
    Status = ArticleExtraction.Status
    return Article.objects.annotate(
        extraction_status=Coalesce(
            F("extraction__status"),
            Case(
                When(duplicate_of__isnull=False, then=Value(Status.DUPLICATE.value)),
                default=Value(Status.PENDING.value),
            ),
            output_field=CharField(),
        ),
        extraction_attempts=Coalesce(F("extraction__attempts"), 0),
        extraction_last_error=Coalesce(
            F("extraction__last_error"), Value(""), output_field=TextField()
        ),
        extraction_extractor_version=Coalesce(
            F("extraction__extractor_version"), Value(""), output_field=CharField()
        ),
        extraction_extracted_at=F("extraction__extracted_at"),
    )


def article_extraction_status(*, article: Article) -> str:
    """The extraction state of one article, read as `articles_with_extraction` reads it."""
    annotated = articles_with_extraction()
    # django-stubs does not see the annotations of a QuerySet returned by a function.
    return str(annotated.values_list("extraction_status", flat=True).get(pk=article.pk))  # type: ignore[misc]
