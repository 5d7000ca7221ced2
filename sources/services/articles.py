"""Getting articles in, exactly once: from text, documents and URLs."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sources.fetch_policy import fetch_policy
from sources.models import Article, Feed, Publication
from sources.reading.boilerplate import boilerplate_strip
from sources.reading.content_fingerprint import content_hash
from sources.reading.documents import DocumentInput, html_document, title_from_text
from sources.reading.fetching import system_resolve, url_fetch, url_target_vet
from sources.reading.language_codes import language_code_normalize
from sources.reading.near_duplicates import simhash, simhash_bands, simhash_to_signed
from sources.reading.rejections import InputRejected
from sources.reading.text_decoding import text_validate
from sources.reading.url_canonical import url_canonicalize
from sources.selectors import (
    article_at_url_find,
    article_find,
    article_near_duplicate_find,
    articles_find,
    near_duplicate_match,
    near_duplicate_originals,
)
from sources.signals import articles_stored_announce

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
        if self.article.duplicate_of_id is not None:
            return "near-duplicate"
        return "new"


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article's fields once its input has been checked, cleaned and fingerprinted."""

    text: str
    fingerprint: str
    canonical_url: str | None
    original_url: str
    title: str
    byline: str
    published_at: datetime.datetime | None
    language: str


def article_prepare(
    *,
    text: str,
    title: str = "",
    url: str | None = None,
    original_url: str = "",
    byline: str = "",
    published_at: datetime.datetime | None = None,
    language: str = "",
) -> PreparedArticle:
    """Check and clean an article's input; raise InputRejected when it cannot be ingested.

    Page furniture (ad placeholders, comment counters, photo credits) is removed; a trailing
    "Source: <url>" line becomes `original_url`; the URL is canonicalised. `language` must be
    an ISO 639-1 code ("EN" and "pt-BR" are read as "en" and "pt") or blank, to be detected.
    Without a title, the text's first line is the title (the text itself is kept as it is).
    """
    max_chars = settings.FACTDB_MAX_ARTICLE_CHARS
    cleaned = boilerplate_strip(text_validate(text, max_chars=max_chars))
    text = text_validate(cleaned.text, max_chars=max_chars)
    language = language_code_normalize(language)
    canonical_url = url_canonicalize(url) if url and url.strip() else None
    if canonical_url and len(canonical_url) > _URL_MAX_LENGTH:
        canonical_url = None
    return PreparedArticle(
        text=text,
        fingerprint=content_hash(text),
        canonical_url=canonical_url,
        original_url=_url_or_blank(original_url or cleaned.upstream_url or ""),
        title=(title.strip() or title_from_text(text))[:1000],
        byline=byline.strip()[:500],
        published_at=published_at,
        language=language,
    )


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
    """Store an article in one transaction and announce it (`articles_stored`) after commit.

    An article already stored under the same canonical URL or with the same text is returned
    as it is. A near-copy of a stored article is stored linked to it (`duplicate_of`).
    Raises InputRejected, writing nothing, when the input cannot be ingested.
    """
    prepared = article_prepare(
        text=text, title=title, url=url, original_url=original_url, byline=byline,
        published_at=published_at, language=language,
    )  # fmt: skip
    existing = article_find(canonical_url=prepared.canonical_url, fingerprint=prepared.fingerprint)
    if existing is not None:
        return IngestOutcome(article=existing, created=False)
    # SimHash only for new texts: a re-run of an import is mostly exact duplicates.
    signature = simhash(prepared.text)
    original = article_near_duplicate_find(signature=signature)
    article = _article_build(
        prepared, signature=signature, publication=publication, feed=feed, original=original
    )
    try:
        with transaction.atomic():
            article.save(force_insert=True)
            articles_stored_announce(articles=[article])
    except IntegrityError:
        # Another process stored the same article between our lookup and our insert.
        existing = article_find(
            canonical_url=prepared.canonical_url, fingerprint=prepared.fingerprint
        )
        if existing is None:
            raise
        return IngestOutcome(article=existing, created=False)
    return IngestOutcome(article=article, created=True)


def documents_ingest(
    *, documents: Sequence[DocumentInput], feed: Feed | None = None
) -> list[IngestOutcome | InputRejected]:
    """Ingest many documents with a few queries and one transaction; one result each, in order.

    Same rules as `article_ingest`: duplicates (also within the batch) are returned, not
    stored; near-copies are linked to their original. A conflict with a concurrent writer
    makes the batch fall back to one document at a time.
    """
    results: list[IngestOutcome | InputRejected | PreparedArticle] = []
    for document in documents:
        try:
            results.append(_document_prepare(document))
        except InputRejected as error:
            results.append(error)
    prepared = [(i, p) for i, p in enumerate(results) if isinstance(p, PreparedArticle)]
    stored = articles_find(
        fingerprints=[p.fingerprint for _, p in prepared],
        canonical_urls=[p.canonical_url for _, p in prepared if p.canonical_url],
    )
    # SimHash only for texts not already stored: a re-run of an import is mostly duplicates.
    signatures = {
        index: simhash(item.text)
        for index, item in prepared
        if not (stored.get(item.fingerprint) or stored.get(item.canonical_url or ""))
    }
    stored_originals = near_duplicate_originals(signatures=list(signatures.values()))
    batch_originals: list[tuple[int, Article]] = []  # new in this batch, not copies themselves
    publications: dict[str, Publication] = {}
    to_create: list[tuple[int, Article]] = []
    for index, item in prepared:
        existing = stored.get(item.fingerprint) or stored.get(item.canonical_url or "")
        if existing is not None:
            results[index] = IngestOutcome(article=existing, created=False)
            continue
        signature = signatures[index]
        original = stored_originals.get(signature) or near_duplicate_match(
            signature, batch_originals
        )
        name = documents[index].publication
        if name and name not in publications:
            publications[name] = publication_get_or_create(name=name)
        article = _article_build(
            item,
            signature=signature,
            publication=publications.get(name),
            feed=feed,
            original=original,
        )
        to_create.append((index, article))
        # Later documents of the batch are compared with this one too.
        stored[item.fingerprint] = article
        if item.canonical_url:
            stored[item.canonical_url] = article
        if original is None and signature:
            batch_originals.append((signature, article))
    try:
        with transaction.atomic():
            # Near-copies of an article new in this batch go in once their original has an id.
            articles = [article for _, article in to_create]
            linked_later = [a for a in articles if a.duplicate_of and a.duplicate_of.pk is None]
            later_ids = {id(a) for a in linked_later}
            Article.objects.bulk_create([a for a in articles if id(a) not in later_ids])
            for article in linked_later:
                article.duplicate_of = article.duplicate_of  # picks up the original's new id
            Article.objects.bulk_create(linked_later)
            articles_stored_announce(articles=articles)
    except IntegrityError:
        return [_document_ingest_or_rejection(document, feed) for document in documents]
    for index, article in to_create:
        results[index] = IngestOutcome(article=article, created=True)
    # Duplicates within the batch point at the article created for their twin.
    return [
        r if not isinstance(r, PreparedArticle) else IngestOutcome(
            article=stored[r.fingerprint], created=False
        )
        for r in results
    ]  # fmt: skip


def articles_language_fill(*, languages: Mapping[int, str]) -> None:
    """Record the language found for articles stored without one (`{article id: code}`)."""
    by_language: dict[str, list[int]] = {}
    for article_id, language in languages.items():
        if language:
            by_language.setdefault(language[:16], []).append(article_id)
    for language, article_ids in by_language.items():
        Article.objects.filter(pk__in=article_ids, language="").update(
            language=language, updated_at=timezone.now()
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


def url_ingest(*, url: str, feed: Feed | None = None) -> IngestOutcome:
    """Fetch the page at `url` and ingest its article, unless that URL is already stored.

    Raises InputRejected (including the fetcher's refusals, FetchRefused) when the URL or
    what it serves cannot be ingested, and FetchFailed when the fetch failed (its `retryable`
    says whether a later try may succeed).
    """
    policy = fetch_policy()
    # The guard speaks first, so a hostile URL gets its refusal ("refused: 10.0.0.1 is a
    # private address") before anything else looks at it.
    url_target_vet(url, policy=policy, resolve=system_resolve)
    stored = article_at_url_find(canonical_url=url_canonicalize(url))
    if stored is not None:
        return IngestOutcome(article=stored, created=False)
    result = url_fetch(url, policy=policy)
    if result.is_feed:
        raise InputRejected(f"{url} is a feed, not an article: subscribe to it as a feed")
    text = result.text_decoded().text
    if result.is_html:
        document = html_document(url, text, page_url=result.final_url)
    else:
        document = DocumentInput(origin=url, text=text, url=result.final_url)
    return document_ingest(document=document, feed=feed)


def _document_prepare(document: DocumentInput) -> PreparedArticle:
    return article_prepare(
        text=document.text, title=document.title, url=document.url,
        original_url=document.original_url, byline=document.byline,
        published_at=document.published_at, language=document.language,
    )  # fmt: skip


def _document_ingest_or_rejection(
    document: DocumentInput, feed: Feed | None
) -> IngestOutcome | InputRejected:
    try:
        return document_ingest(document=document, feed=feed)
    except InputRejected as error:
        return error


def _article_build(
    prepared: PreparedArticle,
    *,
    signature: int,
    publication: Publication | None,
    feed: Feed | None,
    original: Article | None,
) -> Article:
    bands = simhash_bands(signature) if signature else (None, None, None, None)
    return Article(
        text=prepared.text,
        content_hash=prepared.fingerprint,
        canonical_url=prepared.canonical_url,
        original_url=prepared.original_url,
        title=prepared.title,
        byline=prepared.byline,
        published_at=prepared.published_at,
        language=prepared.language,
        publication=publication,
        feed=feed,
        simhash=simhash_to_signed(signature) if signature else None,
        simhash_band0=bands[0],
        simhash_band1=bands[1],
        simhash_band2=bands[2],
        simhash_band3=bands[3],
        duplicate_of=original,
    )


def _url_or_blank(url: str) -> str:
    url = url.strip()
    ok = url.startswith(("http://", "https://")) and len(url) <= _URL_MAX_LENGTH
    return url if ok else ""
