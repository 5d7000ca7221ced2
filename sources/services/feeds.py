"""RSS/Atom subscriptions: polled at their interval, each new entry ingested once.

Beat runs `feeds_poll_due` every minute; it claims the feeds whose time has come (moving their
next poll forward, so two beats never poll one feed twice) and enqueues a poll for each. A poll
is a conditional GET (ETag / Last-Modified); every entry not seen before becomes a FeedItem,
unique per feed and entry id, and is ingested from its link. A failing feed records the error
and waits twice as long each time, up to a day.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from factdb.task_queue import task_send, task_send_on_commit
from sources.fetch_policy import fetch_policy
from sources.models import Feed, FeedItem, Publication
from sources.reading.documents import DocumentInput, html_document
from sources.reading.feed_parsing import FeedEntry, feed_parse
from sources.reading.fetching import (
    FetchError,
    FetchFailed,
    FetchRefused,
    system_resolve,
    url_fetch,
    url_target_vet,
)
from sources.reading.rejections import InputRejected
from sources.reading.url_canonical import url_canonicalize
from sources.services.articles import IngestOutcome, document_ingest, url_ingest

logger = logging.getLogger(__name__)

# The tasks (sources.tasks) that run `feed_poll` and `feed_item_ingest`, sent by name.
FEED_POLL_TASK = "sources.tasks.feed_poll"
FEED_ITEM_INGEST_TASK = "sources.tasks.feed_item_ingest"
# Entries whose feed carries at least this much text need no fetch of their page.
_FULL_CONTENT_CHARS = 1500


@dataclass(frozen=True, slots=True)
class FeedPollOutcome:
    new_items: int
    not_modified: bool = False
    error: str = ""


def feed_subscribe(
    *, url: str, poll_interval: int = 900, publication: Publication | None = None
) -> Feed:
    """Subscribe to a feed (or reactivate it); its first poll is due at once.

    Raises InputRejected (field "url") when the fetcher would refuse every poll of the URL.
    """
    canonical = feed_url_vet(url=url)
    feed, created = Feed.objects.get_or_create(
        url=canonical,
        defaults={"poll_interval": max(60, poll_interval), "publication": publication},
    )
    if not created:
        feed.is_active = True
        feed.next_poll_at = timezone.now()
        feed.save(update_fields=["is_active", "next_poll_at"])
    return feed


def feed_url_vet(*, url: str) -> str:
    """The canonical spelling of a feed URL the fetcher may poll.

    Raises InputRejected (field "url") when it is not an http(s) address, or with the fetcher's
    reason ("refused: 10.0.0.1 is a private address") when the fetcher would refuse every poll
    of it. A host that does not resolve now is accepted: the poll that meets it records it.
    """
    try:
        canonical = url_canonicalize(url)
    except InputRejected as error:
        raise InputRejected(str(error), field="url") from error
    try:
        # The URL as given: its canonical spelling drops a user name and password unseen.
        url_target_vet(url, policy=fetch_policy(), resolve=system_resolve)
    except FetchRefused as refusal:
        raise InputRejected(str(refusal), field="url") from refusal
    except FetchFailed:
        pass  # DNS trouble now says nothing about the next poll
    return canonical


def feed_update(*, feed: Feed, changes: Mapping[str, Any]) -> Feed:
    """Change a feed's settings (url, poll_interval, is_active, publication); a new URL is
    vetted as at subscription, so a feed is never moved to an address every poll would fail."""
    changes = dict(changes)
    if "url" in changes and changes["url"] != feed.url:
        changes["url"] = feed_url_vet(url=changes["url"])
    for name, value in changes.items():
        setattr(feed, name, value)
    if changes:
        feed.save(update_fields=list(changes))
    return feed


def feed_poll_enqueue(*, feed_id: int) -> None:
    """Queue a poll of the feed now, after the current transaction commits."""
    task_send_on_commit(FEED_POLL_TASK, feed_id)


def feeds_poll_due(*, limit: int = 100) -> list[int]:
    """Claim the active feeds that are due and enqueue a poll of each; return their ids."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Feed.objects.select_for_update(skip_locked=True)
            .filter(is_active=True)
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
            .order_by(F("next_poll_at").asc(nulls_first=True))
            .values_list("id", "poll_interval")[:limit]
        )
        for feed_id, interval in due:
            Feed.objects.filter(pk=feed_id).update(
                next_poll_at=now + datetime.timedelta(seconds=interval)
            )
            task_send_on_commit(FEED_POLL_TASK, feed_id)
    return [feed_id for feed_id, _ in due]


def feed_poll(*, feed_id: int) -> FeedPollOutcome:
    """Fetch the feed once; record what came of it; enqueue the ingestion of new entries."""
    feed = Feed.objects.get(pk=feed_id)
    try:
        result = url_fetch(
            feed.url,
            policy=fetch_policy(),
            etag=feed.etag or None,
            last_modified=feed.last_modified or None,
        )
        if result.not_modified:
            _poll_success(feed, etag=feed.etag, last_modified=feed.last_modified)
            return FeedPollOutcome(new_items=0, not_modified=True)
        parsed = feed_parse(result.body, base_url=result.final_url)
    except (FetchError, InputRejected) as error:
        return _poll_failure(feed, str(error))
    except DatabaseError:
        raise
    except Exception as error:  # a parser bug must not stop the feed's schedule
        logger.exception("feed %s: unexpected error while polling", feed.pk)
        return _poll_failure(feed, f"internal error ({type(error).__name__})")
    new_item_ids = [
        item_id for entry in parsed.entries if (item_id := _item_new(feed, entry)) is not None
    ]
    _poll_success(
        feed,
        etag=result.etag or "",
        last_modified=result.last_modified or "",
        title=feed.title or parsed.title,
    )
    for item_id in new_item_ids:
        task_send(FEED_ITEM_INGEST_TASK, item_id)
    return FeedPollOutcome(new_items=len(new_item_ids))


def feed_item_ingest(*, item_id: int) -> IngestOutcome | None:
    """Ingest one feed entry from its page, or from the feed's own full text.

    Raises FetchFailed when the page could not be fetched and a retry may help; records any
    other failure on the item.
    """
    item = FeedItem.objects.select_related("feed").get(pk=item_id)
    if item.article_id is not None:
        return None
    try:
        if len(item.content) >= _FULL_CONTENT_CHARS or not item.link:
            outcome = document_ingest(document=_content_document(item), feed=item.feed)
        else:
            outcome = url_ingest(url=item.link, feed=item.feed)
    except InputRejected as error:
        feed_item_failure_record(item_id=item.pk, error=str(error))
        return None
    except (FetchFailed, DatabaseError):
        raise  # the task decides whether to try again
    except Exception as error:
        logger.exception("feed item %s: unexpected error while ingesting", item.pk)
        feed_item_failure_record(item_id=item.pk, error=f"internal error ({type(error).__name__})")
        return None
    FeedItem.objects.filter(pk=item.pk).update(article=outcome.article, last_error="")
    return outcome


def feed_item_failure_record(*, item_id: int, error: str) -> None:
    FeedItem.objects.filter(pk=item_id).update(last_error=error[:2000])


def _item_new(feed: Feed, entry: FeedEntry) -> int | None:
    """Store the entry unless seen before; its id when new."""
    try:
        with transaction.atomic():
            item = FeedItem.objects.create(
                feed=feed,
                entry_id=entry.entry_id[:2000],
                link=(entry.link or "")[:2000],
                title=entry.title[:1000],
                content=entry.content or entry.summary,
            )
    except IntegrityError:
        return None  # seen in an earlier poll (or by a concurrent one)
    return item.pk


def _content_document(item: FeedItem) -> DocumentInput:
    if "<" in item.content:
        return html_document(f"feed item {item.pk}", item.content, url=item.link or None)
    return DocumentInput(origin=f"feed item {item.pk}", text=item.content, url=item.link or None)


def _poll_success(feed: Feed, *, etag: str, last_modified: str, title: str = "") -> None:
    now = timezone.now()
    Feed.objects.filter(pk=feed.pk).update(
        etag=etag[:500],
        last_modified=last_modified[:100],
        title=(title or feed.title)[:500],
        last_polled_at=now,
        next_poll_at=now + datetime.timedelta(seconds=feed.poll_interval),
        failure_count=0,
        last_error="",
    )


def _poll_failure(feed: Feed, error: str) -> FeedPollOutcome:
    now = timezone.now()
    failures = feed.failure_count + 1
    wait = min(feed.poll_interval * 2**failures, settings.FACTDB_FEED_MAX_BACKOFF_SECONDS)
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now,
        next_poll_at=now + datetime.timedelta(seconds=wait),
        failure_count=failures,
        last_error=error[:2000],
    )
    return FeedPollOutcome(new_items=0, error=error)
