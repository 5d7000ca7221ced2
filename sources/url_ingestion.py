"""Ingest an article from its URL: fetched through the guarded fetcher, then stored."""

from __future__ import annotations

from sources.document_reading import DocumentInput, html_document
from sources.fetch_policy import fetch_policy
from sources.fetching import system_resolve, url_fetch, url_target_vet
from sources.models import Article, Feed
from sources.rejections import InputRejected
from sources.services import IngestOutcome, document_ingest
from sources.url_canonical import url_canonicalize


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
    stored = Article.objects.filter(canonical_url=url_canonicalize(url)).first()
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
