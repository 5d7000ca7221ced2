"""Writes of the sources app: getting articles in, exactly once."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from sources.content_fingerprint import content_hash
from sources.document_reading import DocumentInput
from sources.models import Article, Feed, Publication
from sources.rejections import InputRejected
from sources.text_decoding import text_validate

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    article: Article
    created: bool  # False when the article was already stored (same URL or same text)


def article_ingest(
    *,
    text: str,
    title: str = "",
    url: str | None = None,
    original_url: str = "",
    byline: str = "",
    published_at: datetime.datetime | None = None,
    language: str = "",
    publication: Publication | None = None,
    feed: Feed | None = None,
) -> IngestOutcome:
    """Store an article in one transaction and enqueue its extraction after commit.

    An article already stored under the same canonical URL or with the same text is returned
    as it is. Raises InputRejected, writing nothing, when the text cannot be ingested.
    """
    text = text_validate(text, max_chars=settings.FACTDB_MAX_ARTICLE_CHARS)
    if "\x00" in text:
        raise InputRejected("the text contains binary data (NUL characters)")
    canonical_url = url.strip() if url and url.strip() else None
    fingerprint = content_hash(text)

    existing = _article_find(canonical_url=canonical_url, fingerprint=fingerprint)
    if existing is not None:
        return IngestOutcome(article=existing, created=False)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                text=text,
                content_hash=fingerprint,
                canonical_url=canonical_url,
                original_url=original_url,
                title=title[:1000],
                byline=byline[:500],
                published_at=published_at,
                language=language,
                publication=publication,
                feed=feed,
                queued_at=timezone.now(),
            )
            transaction.on_commit(partial(article_extraction_enqueue, article_id=article.pk))
    except IntegrityError:
        # Another process stored the same article between our lookup and our insert.
        existing = _article_find(canonical_url=canonical_url, fingerprint=fingerprint)
        if existing is None:
            raise
        return IngestOutcome(article=existing, created=False)
    return IngestOutcome(article=article, created=True)


def article_extraction_enqueue(*, article_id: int) -> None:
    """Send the extraction task; a broker failure is logged, and beat re-sends it later."""
    from claims.tasks import article_extract

    try:
        article_extract.delay(article_id)
    except Exception:
        logger.warning(
            "could not enqueue extraction of article %s; the periodic requeue will retry",
            article_id,
            exc_info=True,
        )


def _article_find(*, canonical_url: str | None, fingerprint: str) -> Article | None:
    match = Q(content_hash=fingerprint)
    if canonical_url:
        match |= Q(canonical_url=canonical_url)
    return Article.objects.filter(match).order_by("id").first()


def publication_get_or_create(*, name: str) -> Publication:
    """The publication with this name (case-insensitive), created when unknown."""
    found = Publication.objects.filter(name__iexact=name).order_by("id").first()
    return found or Publication.objects.create(name=name)


def document_ingest(*, document: DocumentInput) -> IngestOutcome:
    """Ingest a document read from a file or a JSON line."""
    publication = (
        publication_get_or_create(name=document.publication) if document.publication else None
    )
    return article_ingest(
        text=document.text,
        title=document.title,
        url=document.url,
        original_url=document.original_url,
        byline=document.byline,
        published_at=document.published_at,
        language=document.language,
        publication=publication,
    )
