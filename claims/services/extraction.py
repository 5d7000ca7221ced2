"""Running extraction on articles: scheduling, claiming, extracting and storing what it finds.

The state of each article's extraction is an ArticleExtraction row. Articles are announced by
the sources app once stored (`articles_stored`); the rows are created then, or at the latest
when an article is first claimed or swept up by the periodic requeue, so an article whose
announcement was lost is still extracted.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

import pghistory
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from claims import extraction
from claims.extraction import Extraction
from claims.extraction.pack_guess import UNDETERMINED
from claims.models import ArticleExtraction
from claims.selectors import known_speakers_for_text
from claims.services.candidates import ArticleResult, candidates_store
from claims.services.edits import Actor, permission_require
from factdb.celery import app as celery_app
from sources.models import Article
from sources.reading.language import language_detect
from sources.services.articles import articles_language_fill

logger = logging.getLogger(__name__)

# The task (claims.tasks) that runs `articles_extraction_run`, sent by name.
ARTICLES_EXTRACT_TASK = "claims.tasks.articles_extract"
# Five hundred characters of news tell its language as surely as three thousand, 6x faster.
_LANGUAGE_SAMPLE_CHARS = 500
Status = ArticleExtraction.Status


@dataclass(frozen=True, slots=True)
class ExtractionClaim:
    """The right to extract one article, proven by the attempt number and the time the claim
    set (a re-extraction counts attempts from zero again, so the number alone can repeat).

    It carries what the extraction needs, read by the claiming statement itself.
    """

    article_id: int
    attempt: int
    text: str
    language: str
    stored_before: bool  # an earlier extraction stored candidates (maybe reviewed since)
    claimed_at: datetime.datetime | None = None  # None: fenced by the attempt number alone


# Claims articles: creates the state row of one never claimed, or takes a pending one, or one
# whose claim is older than the lease (its worker presumably died). A near-copy is never
# claimed. Returns what the extraction needs with the claims obtained.
_CLAIM_SQL = """
WITH claimed AS (
    INSERT INTO {extraction} AS e
           (article_id, status, attempts, last_error, extractor_version, queued_at, claimed_at,
            updated_at)
    SELECT a.id, 'extracting', 1, '', '', %(now)s, %(now)s, %(now)s
      FROM {article} AS a
     WHERE a.id = ANY(%(ids)s) AND a.duplicate_of_id IS NULL
    ON CONFLICT (article_id) DO UPDATE
       SET status = 'extracting', attempts = e.attempts + 1, claimed_at = %(now)s,
           updated_at = %(now)s
     WHERE e.attempts < %(max_attempts)s
       AND (e.status = 'pending' OR (e.status = 'extracting' AND e.claimed_at < %(lease_expired)s))
    RETURNING e.article_id, e.attempts, e.extractor_version, e.claimed_at
)
SELECT c.article_id, c.attempts, a.text, a.language, c.extractor_version, c.claimed_at
  FROM claimed AS c JOIN {article} AS a ON a.id = c.article_id
"""

# Marks claimed articles extracted, each only under the attempt that claimed it; the rows it
# returns are the claims still held. Also takes their row locks for the rest of the store.
_MARK_EXTRACTED_SQL = """
UPDATE {extraction} AS e
   SET status = 'extracted', extracted_at = %(now)s, updated_at = %(now)s,
       extractor_version = %(version)s, last_error = ''
  FROM unnest(%(ids)s::bigint[], %(attempts)s::integer[], %(claimed_ats)s::timestamptz[])
       AS held(id, attempt, claimed_at)
 WHERE e.article_id = held.id AND e.attempts = held.attempt AND e.status = 'extracting'
   AND (held.claimed_at IS NULL OR e.claimed_at = held.claimed_at)
RETURNING e.article_id
"""


def _sql(template: str) -> str:
    """The statement with the tables named as the models name them."""
    quote = connection.ops.quote_name
    return template.format(
        extraction=quote(ArticleExtraction._meta.db_table),
        article=quote(Article._meta.db_table),
    )


def extractions_schedule(*, articles: Sequence[Article]) -> None:
    """Record newly stored articles as pending (near-copies as duplicates) and enqueue them.

    Called once the articles are committed; safe to call again for the same articles.
    """
    now = timezone.now()
    ArticleExtraction.objects.bulk_create(
        [
            ArticleExtraction(article_id=article.pk, status=Status.DUPLICATE)
            if article.duplicate_of_id is not None
            else ArticleExtraction(article_id=article.pk, status=Status.PENDING, queued_at=now)
            for article in articles
        ],
        ignore_conflicts=True,  # already recorded, by the requeue or a claim
    )
    articles_extraction_enqueue(
        article_ids=[article.pk for article in articles if article.duplicate_of_id is None]
    )


def articles_extraction_enqueue(*, article_ids: Sequence[int]) -> None:
    """Send the extraction tasks over one broker connection, a few articles per task.

    A few articles per task let a worker store them in one transaction; few enough that
    workers still share a burst. A broker failure is logged; beat's requeue re-sends
    what did not go out.
    """
    if not article_ids:
        return
    size = settings.FACTDB_EXTRACTION_BATCH
    try:
        with celery_app.producer_or_acquire() as producer:
            for start in range(0, len(article_ids), size):
                batch = list(article_ids[start : start + size])
                celery_app.send_task(ARTICLES_EXTRACT_TASK, args=(batch,), producer=producer)
    except Exception:
        logger.warning(
            "could not enqueue extraction of %d article(s); the periodic requeue will retry",
            len(article_ids),
            exc_info=True,
        )


def articles_extraction_claim(*, article_ids: Sequence[int]) -> list[ExtractionClaim]:
    """Mark these articles as being extracted, except those done or held by another worker.

    One conditional upsert: only an article never claimed, a pending one, or one whose claim
    is older than the lease (its worker presumably died) is claimed. Returns the claims
    obtained, in id order.
    """
    now = timezone.now()
    lease_expired = now - datetime.timedelta(seconds=settings.FACTDB_EXTRACTION_LEASE_SECONDS)
    parameters: dict[str, object] = {
        "ids": list(article_ids), "now": now, "lease_expired": lease_expired,
        "max_attempts": settings.FACTDB_EXTRACTION_MAX_ATTEMPTS,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_sql(_CLAIM_SQL), parameters)  # type: ignore[arg-type]
        rows = cursor.fetchall()
    return sorted(
        (
            ExtractionClaim(
                article_id=article_id,
                attempt=attempt,
                text=text,
                language=language,
                stored_before=bool(extractor_version),
                claimed_at=claimed_at,
            )
            for article_id, attempt, text, language, extractor_version, claimed_at in rows
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
    for number, claim in enumerate(claims):
        try:
            extracted.append((claim, _extract(claim)))
        except SoftTimeLimitExceeded:
            # The engine is deterministic: this article would take as long next time.
            article_extraction_fail(claim=claim, error=_stopped("extracting", claim))
            _extractions_retry_alone(
                claims=[*(done for done, _ in extracted), *claims[number + 1 :]]
            )
            raise
        except Exception as error:
            logger.exception("extraction of article %s failed", claim.article_id)
            article_extraction_fail(claim=claim, error=f"{type(error).__name__}: {error}")
    try:
        return extractions_store(extracted=extracted)
    except SoftTimeLimitExceeded:
        stored = [claim for claim, _ in extracted]
        if len(stored) == 1:
            article_extraction_fail(claim=stored[0], error=_stopped("storing", stored[0]))
        else:
            _extractions_retry_alone(claims=stored, why=_stopped("storing", stored[0], many=True))
        raise
    except Exception:
        for claim, _ in extracted:
            article_extraction_release(claim=claim)
        raise


def _stopped(doing: str, claim: ExtractionClaim, *, many: bool = False) -> str:
    what = (
        "the batch of articles it was in"
        if many
        else f"this article ({len(claim.text):,} characters)"
    )
    return (
        f"{doing} {what} stopped at the {settings.CELERY_TASK_SOFT_TIME_LIMIT} s time limit "
        "of an extraction task (FACTDB_TASK_SOFT_TIME_LIMIT)"
        + ("; each of its articles is tried again on its own" if many else "")
    )


def _extractions_retry_alone(*, claims: Sequence[ExtractionClaim], why: str = "") -> None:
    """Give these claims back and enqueue each article in a task of its own, so the one that
    cannot be done in time fails alone and the others are not held up by it."""
    for claim in claims:
        article_extraction_release(claim=claim, error=why)
    # Outside any transaction here: the messages go at once.
    for claim in claims:
        articles_extraction_enqueue(article_ids=[claim.article_id])


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


def article_extraction_release(*, claim: ExtractionClaim, error: str = "") -> None:
    """Give the claim back so a retry can take it at once instead of waiting for the lease;
    `error` says why, for the record. With its attempts used up, the article fails instead."""
    now = timezone.now()
    if claim.attempt >= settings.FACTDB_EXTRACTION_MAX_ATTEMPTS:
        attempts = f"gave up after {claim.attempt} attempts"
        article_extraction_fail(claim=claim, error=f"{attempts}: {error}" if error else attempts)
        return
    _claim_held(claim).update(
        status=Status.PENDING, last_error=error, queued_at=now, updated_at=now
    )


def article_extraction_fail(*, claim: ExtractionClaim, error: str) -> None:
    _claim_held(claim).update(
        status=Status.FAILED, last_error=error[:2000], updated_at=timezone.now()
    )


def _claim_held(claim: ExtractionClaim) -> QuerySet[ArticleExtraction]:
    """The article's state row, as long as `claim` is still the live claim on it."""
    held = ArticleExtraction.objects.filter(
        pk=claim.article_id, status=Status.EXTRACTING, attempts=claim.attempt
    )
    return held if claim.claimed_at is None else held.filter(claimed_at=claim.claimed_at)


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
        "claimed_ats": [claim.claimed_at for claim, _ in extracted],
    }
    # The history names what the engine changes of earlier candidates "extraction".
    history = pghistory.context(action="extraction", extractor_version=version)
    with transaction.atomic(), history, connection.cursor() as cursor:
        cursor.execute(_sql(_MARK_EXTRACTED_SQL), parameters)  # type: ignore[arg-type]
        held = {row[0] for row in cursor.fetchall()}
        # An article stored without a language gets the one its extraction found.
        articles_language_fill(
            languages={
                claim.article_id: result.language
                for claim, result in extracted
                if claim.article_id in held and not claim.language
            }
        )
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


def articles_reextract(*, article_ids: Sequence[int], actor: Actor | None = None) -> int:
    """Extract these articles again with the current engine; returns how many were queued.

    What an editor confirmed, rejected or fixed stays as it is (candidates_store). Articles
    pending or being extracted are left to the run already under way, so the fencing of a
    live claim (its attempt number) is never reset under a worker. `actor` (None for the
    command line) needs the right to review quotes.
    """
    if actor is not None:
        permission_require(actor, "claims.change_quote")
    ids = sorted(set(article_ids))
    now = timezone.now()
    with transaction.atomic():
        _extractions_record_missing_for(ids)
        queued = list(
            ArticleExtraction.objects.select_for_update()
            .filter(article_id__in=ids, status__in=[Status.EXTRACTED, Status.FAILED])
            .values_list("article_id", flat=True)
        )
        ArticleExtraction.objects.filter(article_id__in=queued).update(
            status=Status.PENDING, attempts=0, last_error="", queued_at=now, updated_at=now
        )
        transaction.on_commit(partial(articles_extraction_enqueue, article_ids=queued))
    return len(queued)


def articles_requeue_stale(*, limit: int = 1000) -> int:
    """Re-enqueue articles whose message was lost or whose worker died; return how many.

    The database, not the broker, says what remains to be done: an article stored without a
    state row (its announcement was lost), a pending article whose message went out long ago,
    or an extracting one whose lease ran out, is sent again. An article that used up its
    attempts is marked failed instead of looping forever.
    """
    now = timezone.now()
    pending_cutoff = now - datetime.timedelta(seconds=settings.FACTDB_REQUEUE_PENDING_AFTER_SECONDS)
    lease_cutoff = now - datetime.timedelta(seconds=settings.FACTDB_EXTRACTION_LEASE_SECONDS)
    max_attempts = settings.FACTDB_EXTRACTION_MAX_ATTEMPTS

    ArticleExtraction.objects.filter(
        status=Status.EXTRACTING, claimed_at__lt=lease_cutoff, attempts__gte=max_attempts
    ).update(
        status=Status.FAILED,
        last_error=f"gave up after {max_attempts} attempts (the worker stopped each time)",
        updated_at=now,
    )
    _extractions_record_missing(limit=limit)
    with transaction.atomic():
        stale_ids = list(
            ArticleExtraction.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Status.PENDING)
                & (Q(queued_at__isnull=True) | Q(queued_at__lt=pending_cutoff))
                | Q(status=Status.EXTRACTING, claimed_at__lt=lease_cutoff)
            )
            .order_by("article_id")
            .values_list("article_id", flat=True)[:limit]
        )
        ArticleExtraction.objects.filter(pk__in=stale_ids).update(queued_at=now, updated_at=now)
        transaction.on_commit(partial(articles_extraction_enqueue, article_ids=stale_ids))
    if stale_ids:
        logger.info("re-enqueued %d stale articles", len(stale_ids))
    return len(stale_ids)


def _extractions_record_missing(*, limit: int) -> None:
    """State rows for stored articles that have none: pending (never queued) or duplicate."""
    _extractions_record(
        Article.objects.filter(extraction__isnull=True)
        .order_by("id")
        .values_list("id", "duplicate_of_id")[:limit]
    )


def _extractions_record_missing_for(article_ids: Sequence[int]) -> None:
    _extractions_record(
        Article.objects.filter(pk__in=article_ids, extraction__isnull=True).values_list(
            "id", "duplicate_of_id"
        )
    )


def _extractions_record(missing: Iterable[tuple[int, int | None]]) -> None:
    ArticleExtraction.objects.bulk_create(
        [
            ArticleExtraction(
                article_id=article_id,
                status=Status.PENDING if original_id is None else Status.DUPLICATE,
            )
            for article_id, original_id in missing
        ],
        ignore_conflicts=True,
    )
