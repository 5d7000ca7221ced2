"""Writing the engine's candidates: speakers by name, quotes and claims by article span.

Called inside the transaction that marks articles extracted. Fresh articles get all their
candidates in one INSERT per table, however many articles are stored together; an article
extracted before has its untouched candidates replaced span by span (one with a verdict is
never dropped). Whatever an editor confirmed, rejected or fixed is never touched, and the
engine finding it again (at its current span or where it first found it) does not bring it
back as a new candidate: a rejected quote stays rejected, a fixed one is not doubled.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from claims.extraction import Extraction, NumericClaimCandidate, QuoteCandidate
from claims.models import NumericClaim, Quote, Speaker, speaker_name_key

logger = logging.getLogger(__name__)

# NumericClaim.value holds 30 integer digits; larger figures are not plausible claims.
_VALUE_LIMIT = Decimal(10) ** 30
_QUOTE_FIELDS = [
    "text", "kind", "speaker", "speaker_mention", "confidence", "language", "extractor_version",
]  # fmt: skip
_CLAIM_FIELDS = [
    "surface", "value", "value_max", "unit", "qualifier", "subject", "period", "kind", "speaker",
    "confidence", "language", "extractor_version",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article's extraction, ready to store."""

    article_id: int
    text: str
    result: Extraction
    stored_before: bool  # an earlier extraction stored candidates (maybe reviewed since)


def candidates_store(*, results: Sequence[ArticleResult], version: str) -> None:
    """Store the quotes and numeric claims of these articles, with their speakers."""
    speakers = speakers_get_or_create(mentions=_speaker_mentions(results))
    fresh_quotes: list[Quote] = []
    fresh_claims: list[NumericClaim] = []
    for item in results:
        quotes = [
            _quote_build(item, quote, speakers, version)
            for quote in item.result.quotes
            if _span_holds(item, quote, quote.text)
        ]
        claims = [
            _claim_build(item, claim, speakers, version)
            for claim in item.result.numeric_claims
            if _span_holds(item, claim, claim.surface) and _value_storable(claim)
        ]
        if item.stored_before:
            _candidates_replace(Quote, item.article_id, quotes, _QUOTE_FIELDS)
            _candidates_replace(NumericClaim, item.article_id, claims, _CLAIM_FIELDS)
        else:
            fresh_quotes.extend(quotes)
            fresh_claims.extend(claims)
    Quote.objects.bulk_create(fresh_quotes)
    NumericClaim.objects.bulk_create(fresh_claims)


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


def _speaker_mentions(results: Sequence[ArticleResult]) -> dict[str, set[str]]:
    mentions: dict[str, set[str]] = {}
    for item in results:
        for claim in item.result.numeric_claims:
            if claim.speaker:
                mentions.setdefault(claim.speaker, set())
        for quote in item.result.quotes:
            if quote.speaker:
                named = mentions.setdefault(quote.speaker, set())
                if quote.speaker_mention:
                    named.add(quote.speaker_mention)
    return mentions


def _speakers_by_key(keys: set[str]) -> dict[str, Speaker]:
    """The canonical speaker of each name key, share-locked while unmerged: a merge under way
    is waited for (its survivor is then used), and one starting later waits for this
    transaction, so no candidate is stored on a speaker merged meanwhile."""
    for _ in range(_MERGE_RETRIES):
        by_key = _speakers_read(keys)
        if _unmerged_locked({speaker.pk for speaker in by_key.values()}):
            break
    return by_key


# Each retry follows a merge committed while the speakers were read; more in a row is absurd.
_MERGE_RETRIES = 5


def _unmerged_locked(ids: set[int]) -> bool:
    table = connection.ops.quote_name(Speaker._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE id = ANY(%s) AND merged_into_id IS NULL "
            "ORDER BY id FOR KEY SHARE",
            [sorted(ids)],
        )
        return {row[0] for row in cursor.fetchall()} == ids


def _speakers_read(keys: set[str]) -> dict[str, Speaker]:
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


def _quote_build(
    item: ArticleResult, quote: QuoteCandidate, speakers: dict[str, Speaker], version: str
) -> Quote:
    return Quote(
        article_id=item.article_id,
        text=quote.text,
        start=quote.start,
        end=quote.end,
        found_start=quote.start,
        found_end=quote.end,
        kind=quote.kind if quote.kind in Quote.Kind.values else Quote.Kind.DIRECT,
        speaker=speakers.get(quote.speaker or ""),
        speaker_mention=(quote.speaker_mention or "")[:300],
        confidence=_confidence(quote.confidence),
        language=item.result.language,
        extractor_version=version,
    )


def _claim_build(
    item: ArticleResult, claim: NumericClaimCandidate, speakers: dict[str, Speaker], version: str
) -> NumericClaim:
    return NumericClaim(
        article_id=item.article_id,
        surface=claim.surface,
        start=claim.start,
        end=claim.end,
        found_start=claim.start,
        found_end=claim.end,
        value=claim.value,
        value_max=claim.value_max,
        unit=(claim.unit or "")[:32],
        qualifier=claim.qualifier,
        subject=(claim.subject or "")[:500],
        period=(claim.period or "")[:64],
        kind=claim.kind or "",
        speaker=speakers.get(claim.speaker or ""),
        confidence=_confidence(claim.confidence),
        language=item.result.language,
        extractor_version=version,
    )


def _candidates_replace(
    model: type[Quote] | type[NumericClaim],
    article_id: int,
    fresh_rows: list[Any],
    fields: list[str],
) -> None:
    """Upsert fresh candidates by span; drop stale ones; never touch what an editor touched."""
    # Locked, so an editor's decision committed meanwhile is read here, not overwritten.
    stored = list(model.objects.select_for_update().filter(article_id=article_id).order_by("pk"))
    kept = [row for row in stored if row.reviewed_or_edited]
    kept_spans = {(row.start, row.end) for row in kept} | {
        (row.found_start, row.found_end) for row in kept if row.found_start is not None
    }
    untouched = {(row.start, row.end): row for row in stored if not row.reviewed_or_edited}
    fresh = {
        (row.start, row.end): row for row in fresh_rows if (row.start, row.end) not in kept_spans
    }
    stale = [row.pk for span, row in untouched.items() if span not in fresh]
    if stale:
        # One an editor wrote a verdict on stays: deleting it would delete the verdict.
        model.objects.filter(pk__in=stale, verdicts__isnull=True).delete()
    to_create, to_update = [], []
    now = timezone.now()  # bulk_update leaves auto_now fields to the caller
    for span, row in fresh.items():
        existing = untouched.get(span)
        if existing is None:
            to_create.append(row)
        elif _differs(row, existing, fields):
            row.pk, row.created_at, row.updated_at = existing.pk, existing.created_at, now
            row.version = existing.version + 1  # an editor's open page is stale now
            to_update.append(row)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, fields=[*fields, "version", "updated_at"])


def _differs(row: Any, existing: Any, fields: list[str]) -> bool:
    # Compare the speaker by id: reading `existing.speaker` would cost a query per row.
    attributes = ["speaker_id" if field == "speaker" else field for field in fields]
    return any(getattr(row, name) != getattr(existing, name) for name in attributes)


def _span_holds(
    item: ArticleResult, candidate: QuoteCandidate | NumericClaimCandidate, words: str
) -> bool:
    """The engine promises valid offsets; a broken promise is logged and the item dropped."""
    holds = 0 <= candidate.start < candidate.end <= len(item.text) and (
        item.text[candidate.start : candidate.end] == words
    )
    if not holds:
        logger.error(
            "article %s: dropped a candidate whose offsets do not hold (%s-%s)",
            item.article_id,
            candidate.start,
            candidate.end,
        )
    return holds


def _value_storable(claim: NumericClaimCandidate) -> bool:
    values = [claim.value] if claim.value_max is None else [claim.value, claim.value_max]
    return all(v.is_finite() and abs(v) < _VALUE_LIMIT for v in values) and (
        claim.value_max is None or claim.value_max >= claim.value
    )


def _confidence(value: float) -> float:
    return min(1.0, max(0.0, float(value)))
