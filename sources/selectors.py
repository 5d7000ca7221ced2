"""Reads of the sources app."""

from __future__ import annotations

from collections.abc import Sequence

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


def articles_find(
    *, fingerprints: Sequence[str], canonical_urls: Sequence[str]
) -> dict[str, Article]:
    """Stored articles by content hash and by canonical URL, in one query."""
    if not fingerprints and not canonical_urls:
        return {}
    found: dict[str, Article] = {}
    for article in Article.objects.filter(
        Q(content_hash__in=fingerprints) | Q(canonical_url__in=canonical_urls)
    ).order_by("-id"):
        found[article.content_hash] = article
        if article.canonical_url:
            found[article.canonical_url] = article
    return found


def article_near_duplicate_find(*, signature: int) -> Article | None:
    """The original article whose text is nearly the same as a text with this SimHash.

    Candidates share one of the four 16-bit bands (any two hashes at most 3 bits apart do);
    the closest within the distance wins, the oldest on a tie.
    """
    return near_duplicate_match(signature, near_duplicate_originals(signatures=[signature]))


def near_duplicate_originals(*, signatures: Sequence[int]) -> list[Article]:
    """Stored originals sharing a SimHash band with any of the signatures (one query)."""
    bands = [simhash_bands(s) for s in signatures if s]
    if not bands:
        return []
    match = Q()
    for position in range(4):
        match |= Q(**{f"simhash_band{position}__in": sorted({b[position] for b in bands})})
    limit = _NEAR_DUPLICATE_CANDIDATES * len(bands)
    return list(
        Article.objects.filter(match)
        .exclude(status=Article.Status.DUPLICATE)
        .only("id", "simhash", "status")
        .order_by("id")[:limit]
    )


def near_duplicate_match(signature: int, candidates: Sequence[Article]) -> Article | None:
    """The closest candidate within the near-duplicate distance, the oldest on a tie."""
    if not signature:
        return None
    best: tuple[int, int] | None = None
    chosen = None
    for order, article in enumerate(candidates):
        if article.simhash is None:
            continue
        stored = simhash_from_signed(article.simhash)
        if is_near_duplicate(signature, stored):
            key = (hamming_distance(signature, stored), order)
            if best is None or key < best:
                best, chosen = key, article
    return chosen
