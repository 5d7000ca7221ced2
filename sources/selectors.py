"""Reads of the sources app."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Q

from sources.models import Article
from sources.reading.near_duplicates import (
    NEAR_DUPLICATE_DISTANCE,
    hamming_distance,
    is_near_duplicate,
    simhash_to_signed,
)


def article_find(*, canonical_url: str | None, fingerprint: str) -> Article | None:
    """The stored article with this canonical URL or this content hash, if any."""
    match = Q(content_hash=fingerprint)
    if canonical_url:
        match |= Q(canonical_url=canonical_url)
    return Article.objects.filter(match).order_by("id").first()


def article_at_url_find(*, canonical_url: str) -> Article | None:
    """The stored article with this canonical URL, if any."""
    return Article.objects.filter(canonical_url=canonical_url).first()


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
    """The original article whose text is nearly the same as a text with this SimHash."""
    return near_duplicate_originals(signatures=[signature]).get(signature)


# For each signature, the closest stored original within the distance (the oldest on a tie).
# Candidates come from the four band indexes (two hashes at most 3 bits apart share a band,
# by pigeonhole); the distance is counted in SQL, so however many articles share a band,
# only true near-duplicates come back, one per signature.
_NEAR_DUPLICATES_SQL = """
SELECT s.signature, original.id
  FROM unnest(%(signatures)s::bigint[]) AS s(signature)
  JOIN LATERAL (
      SELECT a.id
        FROM {article_table} a
       WHERE (a.simhash_band0 = (s.signature & 65535)
              OR a.simhash_band1 = ((s.signature >> 16) & 65535)
              OR a.simhash_band2 = ((s.signature >> 32) & 65535)
              OR a.simhash_band3 = ((s.signature >> 48) & 65535))
         AND a.duplicate_of_id IS NULL
         AND bit_count(int8send(a.simhash # s.signature)) <= %(distance)s
       ORDER BY bit_count(int8send(a.simhash # s.signature)), a.id
       LIMIT 1
  ) AS original ON true
"""


def near_duplicate_originals(*, signatures: Sequence[int]) -> dict[int, Article]:
    """The stored original of each signature that has one, in one query."""
    signed = {simhash_to_signed(s): s for s in signatures if s}
    if not signed:
        return {}
    sql = _NEAR_DUPLICATES_SQL.format(
        article_table=connection.ops.quote_name(Article._meta.db_table)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {"signatures": list(signed), "distance": NEAR_DUPLICATE_DISTANCE},
        )
        found = dict(cursor.fetchall())
    articles = Article.objects.only("id", "duplicate_of_id").in_bulk(set(found.values()))
    return {signed[s]: articles[article_id] for s, article_id in found.items()}


def near_duplicate_match(
    signature: int, candidates: Sequence[tuple[int, Article]]
) -> Article | None:
    """The closest of (signature, article) candidates within the distance, first on a tie."""
    if not signature:
        return None
    best: tuple[int, int] | None = None
    chosen = None
    for order, (candidate, article) in enumerate(candidates):
        if is_near_duplicate(signature, candidate):
            key = (hamming_distance(signature, candidate), order)
            if best is None or key < best:
                best, chosen = key, article
    return chosen
