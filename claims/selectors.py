"""Reads of the claims app."""

from __future__ import annotations

import time

from django.db.models import Exists, OuterRef, QuerySet

from claims.extraction import KnownSpeaker
from claims.models import NumericClaim, Quote, ReviewStatus, Speaker

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
