"""Reads of the sources app."""

from __future__ import annotations

from django.db.models import Q

from sources.models import Article
from sources.near_duplicates import (
    hamming_distance,
    is_near_duplicate,
    simhash_bands,
    simhash_from_signed,
)

# More candidates than this sharing a band means the hash is degenerate (e.g. boilerplate only).
_NEAR_DUPLICATE_CANDIDATES = 500


def article_find(*, canonical_url: str | None, fingerprint: str) -> Article | None:
    """The stored article with this canonical URL or this content hash, if any."""
    match = Q(content_hash=fingerprint)
    if canonical_url:
        match |= Q(canonical_url=canonical_url)
    return Article.objects.filter(match).order_by("id").first()


def article_near_duplicate_find(*, signature: int) -> Article | None:
    """The original article whose text is nearly the same as a text with this SimHash.

    Candidates share one of the four 16-bit bands (any two hashes at most 3 bits apart do);
    the closest within the distance wins, the oldest on a tie.
    """
    if not signature:
        return None
    b0, b1, b2, b3 = simhash_bands(signature)
    candidates = (
        Article.objects.filter(
            Q(simhash_band0=b0) | Q(simhash_band1=b1) | Q(simhash_band2=b2) | Q(simhash_band3=b3)
        )
        .exclude(status=Article.Status.DUPLICATE)
        .values_list("id", "simhash")[:_NEAR_DUPLICATE_CANDIDATES]
    )
    close = [
        (hamming_distance(signature, simhash_from_signed(stored)), article_id)
        for article_id, stored in candidates
        if stored is not None and is_near_duplicate(signature, simhash_from_signed(stored))
    ]
    if not close:
        return None
    return Article.objects.get(pk=min(close)[1])
