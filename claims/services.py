"""Writes of the claims app: running extraction on articles and storing what it finds."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims import extraction
from claims.candidate_storage import ArticleResult, candidates_store
from claims.extraction import Extraction
from claims.extraction.language_detect import UNDETERMINED
from claims.selectors import known_speakers_for_text
from sources.language_detection import language_detect
from sources.models import Article

logger = logging.getLogger(__name__)

# Five hundred characters of news tell its language as surely as three thousand, 6x faster.
_LANGUAGE_SAMPLE_CHARS = 500


@dataclass(frozen=True, slots=True)
class ExtractionClaim:
    """The right to extract one article, proven by the attempt number the claim set.

    It carries what the extraction needs, read by the claiming statement itself.
    """

    article_id: int
    attempt: int
    text: str
    language: str
    stored_before: bool  # an earlier extraction stored candidates (maybe reviewed since)


_CLAIM_SQL = """
UPDATE sources_article
   SET status = 'extracting', attempts = attempts + 1, claimed_at = %(now)s, updated_at = %(now)s
 WHERE id = ANY(%(ids)s)
   AND attempts < %(max_attempts)s
   AND (status = 'pending' OR (status = 'extracting' AND claimed_at < %(lease_expired)s))
RETURNING id, attempts, text, language, extractor_version
"""

# Marks claimed articles extracted, each only under the attempt that claimed it; the rows it
# returns are the claims still held. Also takes their row locks for the rest of the store.
_MARK_EXTRACTED_SQL = """
UPDATE sources_article AS a
   SET status = 'extracted', extracted_at = %(now)s, updated_at = %(now)s,
       extractor_version = %(version)s, last_error = '',
       language = CASE WHEN a.language = '' THEN held.language ELSE a.language END
  FROM unnest(%(ids)s::bigint[], %(attempts)s::integer[], %(languages)s::text[])
       AS held(id, attempt, language)
 WHERE a.id = held.id AND a.attempts = held.attempt AND a.status = 'extracting'
RETURNING a.id
"""


def articles_extraction_claim(*, article_ids: Sequence[int]) -> list[ExtractionClaim]:
    """Mark these articles as being extracted, except those done or held by another worker.

    One conditional UPDATE: only a pending article, or one whose claim is older than the lease
    (its worker presumably died), is claimed. Returns the claims obtained, in id order.
    """
    now = timezone.now()
    lease_expired = now - datetime.timedelta(seconds=settings.FACTDB_EXTRACTION_LEASE_SECONDS)
    parameters: dict[str, object] = {
        "ids": list(article_ids), "now": now, "lease_expired": lease_expired,
        "max_attempts": settings.FACTDB_EXTRACTION_MAX_ATTEMPTS,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, parameters)  # type: ignore[arg-type]
        rows = cursor.fetchall()
    return sorted(
        (
            ExtractionClaim(
                article_id=article_id,
                attempt=attempt,
                text=text,
                language=language,
                stored_before=bool(extractor_version),
            )
            for article_id, attempt, text, language, extractor_version in rows
        ),
        key=lambda claim: claim.article_id,
    )


def article_extraction_claim(*, article_id: int) -> ExtractionClaim | None:
    claims = articles_extraction_claim(article_ids=[article_id])
    return claims[0] if claims else None


def articles_extraction_run(*, article_ids: Sequence[int]) -> int:
    """Claim, extract and store these articles; return how many this call extracted.

    An article the engine fails on is marked failed with the error (the engine is
    deterministic: trying again cannot help); the others are stored together.
    """
    claims = articles_extraction_claim(article_ids=article_ids)
    if not claims:
        return 0
    if settings.FACTDB_EXTRACTION_TEST_DELAY:
        time.sleep(settings.FACTDB_EXTRACTION_TEST_DELAY)
    extracted: list[tuple[ExtractionClaim, Extraction]] = []
    for claim in claims:
        try:
            extracted.append((claim, _extract(claim)))
        except Exception as error:
            logger.exception("extraction of article %s failed", claim.article_id)
            article_extraction_fail(claim=claim, error=f"{type(error).__name__}: {error}")
    try:
        return extractions_store(extracted=extracted)
    except Exception:
        for claim, _ in extracted:
            article_extraction_release(claim=claim)
        raise


def article_extraction_run(*, article_id: int) -> bool:
    """Claim, extract and store one article. True when this call did the extraction."""
    return articles_extraction_run(article_ids=[article_id]) == 1


def _extract(claim: ExtractionClaim) -> Extraction:
    """Run the engine; when the article gives no language and the engine cannot tell among its
    language packs, the packaged model (lingua) names it, for the record."""
    known = known_speakers_for_text(claim.text)
    result = extraction.extract(claim.text, lang=claim.language or None, known_speakers=known)
    if result.language == UNDETERMINED:
        detected = language_detect(claim.text, sample_chars=_LANGUAGE_SAMPLE_CHARS)
        if detected:
            result = dataclasses.replace(result, language=detected)
    return result


def article_extraction_release(*, claim: ExtractionClaim) -> None:
    """Give the claim back so a retry can take it at once instead of waiting for the lease."""
    Article.objects.filter(
        pk=claim.article_id, status=Article.Status.EXTRACTING, attempts=claim.attempt
    ).update(status=Article.Status.PENDING, queued_at=timezone.now())


def article_extraction_fail(*, claim: ExtractionClaim, error: str) -> None:
    Article.objects.filter(
        pk=claim.article_id, status=Article.Status.EXTRACTING, attempts=claim.attempt
    ).update(status=Article.Status.FAILED, last_error=error[:2000])


def extractions_store(*, extracted: Sequence[tuple[ExtractionClaim, Extraction]]) -> int:
    """Store the candidates of several articles in one transaction and mark them extracted.

    Quotes and claims an editor has confirmed or rejected are left exactly as they are. An
    article whose claim was lost meanwhile (the lease ran out and another worker took it) gets
    nothing written. Returns how many articles were stored.
    """
    if not extracted:
        return 0
    version = extraction.EXTRACTOR_VERSION
    parameters: dict[str, object] = {
        "now": timezone.now(),
        "version": version,
        "ids": [claim.article_id for claim, _ in extracted],
        "attempts": [claim.attempt for claim, _ in extracted],
        "languages": [claim.language or result.language for claim, result in extracted],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_MARK_EXTRACTED_SQL, parameters)  # type: ignore[arg-type]
        held = {row[0] for row in cursor.fetchall()}
        candidates_store(
            results=[
                ArticleResult(
                    article_id=claim.article_id,
                    text=claim.text,
                    result=result,
                    stored_before=claim.stored_before,
                )
                for claim, result in extracted
                if claim.article_id in held
            ],
            version=version,
        )
    return len(held)


def extraction_store(*, claim: ExtractionClaim, result: Extraction) -> bool:
    """Store one article's extraction; False, writing nothing, when the claim was lost."""
    return extractions_store(extracted=[(claim, result)]) == 1


def articles_requeue_stale(*, limit: int = 1000) -> int:
    """Re-enqueue articles whose message was lost or whose worker died; return how many.

    The database, not the broker, says what remains to be done: a pending article whose
    message went out long ago, or an extracting one whose lease ran out, is sent again. An
    article that used up its attempts is marked failed instead of looping forever.
    """
    from sources.services import articles_extraction_enqueue

    now = timezone.now()
    pending_cutoff = now - datetime.timedelta(seconds=settings.FACTDB_REQUEUE_PENDING_AFTER_SECONDS)
    lease_cutoff = now - datetime.timedelta(seconds=settings.FACTDB_EXTRACTION_LEASE_SECONDS)
    max_attempts = settings.FACTDB_EXTRACTION_MAX_ATTEMPTS

    Article.objects.filter(
        status=Article.Status.EXTRACTING, claimed_at__lt=lease_cutoff, attempts__gte=max_attempts
    ).update(
        status=Article.Status.FAILED,
        last_error=f"gave up after {max_attempts} attempts (the worker stopped each time)",
    )
    with transaction.atomic():
        stale_ids = list(
            Article.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Article.Status.PENDING)
                & (Q(queued_at__isnull=True) | Q(queued_at__lt=pending_cutoff))
                | Q(status=Article.Status.EXTRACTING, claimed_at__lt=lease_cutoff)
            )
            .order_by("id")
            .values_list("id", flat=True)[:limit]
        )
        Article.objects.filter(pk__in=stale_ids).update(queued_at=now)
        transaction.on_commit(partial(articles_extraction_enqueue, article_ids=stale_ids))
    if stale_ids:
        logger.info("re-enqueued %d stale articles", len(stale_ids))
    return len(stale_ids)
