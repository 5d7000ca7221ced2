"""Writes of the claims app: running extraction on an article and storing its candidates."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims import extraction
from claims.extraction import Extraction, NumericClaimCandidate, QuoteCandidate
from claims.extraction.language_detect import UNDETERMINED
from claims.models import NumericClaim, Quote, ReviewStatus, Speaker, speaker_name_key
from claims.selectors import known_speakers_for_text
from sources.language_detection import language_detect
from sources.models import Article

logger = logging.getLogger(__name__)

# Five hundred characters of news tell its language as surely as three thousand, 6x faster.
_LANGUAGE_SAMPLE_CHARS = 500
# NumericClaim.value holds 30 integer digits; larger figures are not plausible claims.
_VALUE_LIMIT = Decimal(10) ** 30


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
 WHERE id = %(id)s
   AND attempts < %(max_attempts)s
   AND (status = 'pending' OR (status = 'extracting' AND claimed_at < %(lease_expired)s))
RETURNING attempts, text, language, extractor_version
"""


def article_extraction_claim(*, article_id: int) -> ExtractionClaim | None:
    """Mark the article as being extracted, unless it is done or another worker holds it.

    One conditional UPDATE: only a pending article, or one whose claim is older than the lease
    (its worker presumably died), can be claimed. Returns None when there is nothing to do.
    """
    now = timezone.now()
    lease_expired = now - datetime.timedelta(seconds=settings.FACTDB_EXTRACTION_LEASE_SECONDS)
    parameters: dict[str, int | datetime.datetime] = {
        "id": article_id, "now": now, "lease_expired": lease_expired,
        "max_attempts": settings.FACTDB_EXTRACTION_MAX_ATTEMPTS,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, parameters)
        row = cursor.fetchone()
    if row is None:
        return None
    attempt, text, language, extractor_version = row
    return ExtractionClaim(
        article_id=article_id,
        attempt=attempt,
        text=text,
        language=language,
        stored_before=bool(extractor_version),
    )


def article_extraction_run(*, article_id: int) -> bool:
    """Claim, extract and store one article. True when this call did the extraction."""
    claim = article_extraction_claim(article_id=article_id)
    if claim is None:
        return False
    if settings.FACTDB_EXTRACTION_TEST_DELAY:
        time.sleep(settings.FACTDB_EXTRACTION_TEST_DELAY)
    try:
        result = _extract(claim)
    except Exception as error:
        # The engine is deterministic: the same text fails the same way, so do not retry.
        logger.exception("extraction of article %s failed", article_id)
        article_extraction_fail(claim=claim, error=f"{type(error).__name__}: {error}")
        return False
    try:
        return extraction_store(claim=claim, result=result)
    except Exception:
        article_extraction_release(claim=claim)
        raise


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


def extraction_store(*, claim: ExtractionClaim, result: Extraction) -> bool:
    """Replace the article's candidates with `result` in one transaction and mark it extracted.

    Quotes and claims an editor has confirmed or rejected are left exactly as they are. Returns
    False, writing nothing, when the claim was lost meanwhile (the lease ran out and another
    worker took the article).
    """
    version = extraction.EXTRACTOR_VERSION
    now = timezone.now()
    with transaction.atomic():
        # Marking it first also locks the row: a rival store of the same article waits here,
        # then finds it no longer extracting under its attempt and writes nothing.
        marked = Article.objects.filter(
            pk=claim.article_id, status=Article.Status.EXTRACTING, attempts=claim.attempt
        ).update(
            status=Article.Status.EXTRACTED,
            extracted_at=now,
            updated_at=now,
            extractor_version=version,
            last_error="",
            language=claim.language or result.language,
        )
        if not marked:
            return False
        speakers = _speakers_resolve(result)
        _quotes_replace(claim, result, speakers, version)
        _numeric_claims_replace(claim, result, speakers, version)
    return True


def _speakers_resolve(result: Extraction) -> dict[str, Speaker]:
    mentions: dict[str, set[str]] = {}
    for speaker in [
        *(q.speaker for q in result.quotes),
        *(n.speaker for n in result.numeric_claims),
    ]:
        if speaker:
            mentions.setdefault(speaker, set())
    for quote in result.quotes:
        if quote.speaker and quote.speaker_mention:
            mentions[quote.speaker].add(quote.speaker_mention)
    return speakers_get_or_create(mentions=mentions)


def speakers_get_or_create(*, mentions: dict[str, set[str]]) -> dict[str, Speaker]:
    """The canonical speaker for each name (following merges), created when unknown.

    `mentions` maps each name to how the text referred to that person; mentions that are part
    of the name ("Lavrov" for "Sergei Lavrov") become aliases. Two queries for any number of
    names, plus one insert for the unknown ones.
    """
    keys = {name: speaker_name_key(name) for name in mentions}
    found = _speakers_by_key(set(keys.values()))
    missing = {key: name for name, key in keys.items() if key not in found}
    if missing:
        Speaker.objects.bulk_create(
            [Speaker(name=name, name_key=key) for key, name in sorted(missing.items())],
            ignore_conflicts=True,  # a concurrent worker may create the same person
        )
        found.update(_speakers_by_key(set(missing)))
    speakers = {name: found[key] for name, key in keys.items()}
    for name, speaker in speakers.items():
        _aliases_add(speaker, mentions[name])
    return speakers


def speaker_get_or_create(*, name: str, mentions: Iterable[str] = ()) -> Speaker:
    return speakers_get_or_create(mentions={name: set(mentions)})[name]


def _speakers_by_key(keys: set[str]) -> dict[str, Speaker]:
    by_key: dict[str, Speaker] = {}
    for speaker in Speaker.objects.filter(name_key__in=keys).order_by("-wikidata_id", "id"):
        by_key.setdefault(speaker.name_key, speaker)
    for key, speaker in by_key.items():
        canonical = speaker
        while canonical.merged_into is not None:
            canonical = canonical.merged_into
        by_key[key] = canonical
    return by_key


def _aliases_add(speaker: Speaker, mentions: Iterable[str]) -> None:
    key = speaker.name_key
    name_words = set(key.split())
    new_aliases = sorted(
        mention
        for mention in mentions
        if speaker_name_key(mention) != key
        and set(speaker_name_key(mention).split()) <= name_words
        and mention not in speaker.aliases
    )
    if new_aliases:
        speaker.aliases = [*speaker.aliases, *new_aliases]
        speaker.save(update_fields=["aliases", "updated_at"])


def _quotes_replace(
    claim: ExtractionClaim, result: Extraction, speakers: dict[str, Speaker], version: str
) -> None:
    fresh = {(q.start, q.end): q for q in result.quotes if _span_holds(claim, q, q.text)}
    _candidates_replace(
        model=Quote,
        claim=claim,
        fresh=fresh,
        build=lambda q: Quote(
            article_id=claim.article_id,
            text=q.text,
            start=q.start,
            end=q.end,
            kind=q.kind if q.kind in Quote.Kind.values else Quote.Kind.DIRECT,
            speaker=speakers.get(q.speaker or ""),
            speaker_mention=(q.speaker_mention or "")[:300],
            confidence=_confidence(q.confidence),
            language=result.language,
            extractor_version=version,
        ),
        fields=["text", "kind", "speaker", "speaker_mention", "confidence", "language",
                "extractor_version"],
    )  # fmt: skip


def _numeric_claims_replace(
    claim: ExtractionClaim, result: Extraction, speakers: dict[str, Speaker], version: str
) -> None:
    fresh = {
        (n.start, n.end): n
        for n in result.numeric_claims
        if _span_holds(claim, n, n.surface) and _value_storable(n)
    }
    _candidates_replace(
        model=NumericClaim,
        claim=claim,
        fresh=fresh,
        build=lambda n: NumericClaim(
            article_id=claim.article_id,
            surface=n.surface,
            start=n.start,
            end=n.end,
            value=n.value,
            value_max=n.value_max,
            unit=(n.unit or "")[:32],
            qualifier=n.qualifier,
            subject=(n.subject or "")[:500],
            period=(n.period or "")[:64],
            kind=n.kind or "",
            speaker=speakers.get(n.speaker or ""),
            confidence=_confidence(n.confidence),
            language=result.language,
            extractor_version=version,
        ),
        fields=["surface", "value", "value_max", "unit", "qualifier", "subject", "period",
                "kind", "speaker", "confidence", "language", "extractor_version"],
    )  # fmt: skip


def _candidates_replace(*, model, claim, fresh, build, fields) -> None:  # type: ignore[no-untyped-def]
    """Upsert fresh candidates by span; drop stale ones; never touch reviewed rows."""
    # An article never stored before has no candidates: skip the lookup.
    rows = model.objects.filter(article_id=claim.article_id) if claim.stored_before else []
    stored = {(row.start, row.end): row for row in rows}
    stale = [
        row.pk
        for span, row in stored.items()
        if span not in fresh and row.status == ReviewStatus.CANDIDATE
    ]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    to_create, to_update = [], []
    for span, item in fresh.items():
        row = stored.get(span)
        if row is None:
            to_create.append(build(item))
        elif row.status == ReviewStatus.CANDIDATE:
            updated = build(item)
            updated.pk = row.pk
            updated.created_at = row.created_at
            if any(getattr(updated, field) != getattr(row, field) for field in fields):
                to_update.append(updated)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, fields=[*fields, "updated_at"])


def _span_holds(
    claim: ExtractionClaim, item: QuoteCandidate | NumericClaimCandidate, text: str
) -> bool:
    """The engine promises valid offsets; a broken promise is logged and the item dropped."""
    holds = 0 <= item.start < item.end <= len(claim.text) and (
        claim.text[item.start : item.end] == text
    )
    if not holds:
        logger.error(
            "article %s: dropped a candidate whose offsets do not hold (%s-%s)",
            claim.article_id,
            item.start,
            item.end,
        )
    return holds


def _value_storable(item: NumericClaimCandidate) -> bool:
    values = [item.value] if item.value_max is None else [item.value, item.value_max]
    return all(v.is_finite() and abs(v) < _VALUE_LIMIT for v in values) and (
        item.value_max is None or item.value_max >= item.value
    )


def _confidence(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


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
