"""Writes of the sources app: getting articles in, exactly once."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sources.boilerplate import boilerplate_strip
from sources.content_fingerprint import content_hash
from sources.document_reading import DocumentInput
from sources.models import Article, Feed, Publication
from sources.near_duplicates import simhash, simhash_bands, simhash_to_signed
from sources.selectors import article_find, article_near_duplicate_find
from sources.text_decoding import text_validate
from sources.url_canonical import url_canonicalize

logger = logging.getLogger(__name__)

_URL_MAX_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    article: Article
    created: bool  # False when the article was already stored (same URL or same text)

    @property
    def kind(self) -> str:
        """new, duplicate (already stored) or near-duplicate (stored, linked to its original)."""
        if not self.created:
            return "duplicate"
        if self.article.status == Article.Status.DUPLICATE:
            return "near-duplicate"
        return "new"


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

    Page furniture (ad placeholders, comment counters, photo credits) is removed first; a
    trailing "Source: <url>" line becomes `original_url`. An article already stored under the
    same canonical URL or with the same text is returned as it is. A near-copy of a stored
    article is stored as its duplicate and not extracted again. Raises InputRejected, writing
    nothing, when the input cannot be ingested.
    """
    max_chars = settings.FACTDB_MAX_ARTICLE_CHARS
    cleaned = boilerplate_strip(text_validate(text, max_chars=max_chars))
    text = text_validate(cleaned.text, max_chars=max_chars)
    original_url = _url_or_blank(original_url or cleaned.upstream_url or "")
    canonical_url = url_canonicalize(url) if url and url.strip() else None
    if canonical_url and len(canonical_url) > _URL_MAX_LENGTH:
        canonical_url = None
    fingerprint = content_hash(text)

    existing = article_find(canonical_url=canonical_url, fingerprint=fingerprint)
    if existing is not None:
        return IngestOutcome(article=existing, created=False)
    signature = simhash(text)
    original = article_near_duplicate_find(signature=signature)
    bands = simhash_bands(signature) if signature else (None, None, None, None)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                text=text,
                content_hash=fingerprint,
                canonical_url=canonical_url,
                original_url=original_url,
                title=title.strip()[:1000],
                byline=byline.strip()[:500],
                published_at=published_at,
                language=language.strip().lower()[:16],
                publication=publication,
                feed=feed,
                simhash=simhash_to_signed(signature) if signature else None,
                simhash_band0=bands[0],
                simhash_band1=bands[1],
                simhash_band2=bands[2],
                simhash_band3=bands[3],
                duplicate_of=original,
                status=Article.Status.DUPLICATE if original else Article.Status.PENDING,
                queued_at=None if original else timezone.now(),
            )
            if original is None:
                transaction.on_commit(partial(article_extraction_enqueue, article_id=article.pk))
    except IntegrityError:
        # Another process stored the same article between our lookup and our insert.
        existing = article_find(canonical_url=canonical_url, fingerprint=fingerprint)
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


def publication_get_or_create(*, name: str) -> Publication:
    """The publication with this name (case-insensitive), created when unknown."""
    found = Publication.objects.filter(name__iexact=name).order_by("id").first()
    return found or Publication.objects.create(name=name)


def document_ingest(*, document: DocumentInput, feed: Feed | None = None) -> IngestOutcome:
    """Ingest a document read from a file, a JSON line, a web page or a feed entry."""
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
        feed=feed,
    )


def _url_or_blank(url: str) -> str:
    url = url.strip()
    ok = url.startswith(("http://", "https://")) and len(url) <= _URL_MAX_LENGTH
    return url if ok else ""
