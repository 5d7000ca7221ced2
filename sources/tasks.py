"""Celery tasks of the sources app: each takes an id and calls one service."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from sources.reading.fetching import FetchFailed
from sources.services import feeds, ingest_jobs


@shared_task(
    name=ingest_jobs.INGEST_JOB_RUN_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=8,
)
def ingest_job_run(job_id: int) -> None:
    """Ingest a bulk job's remaining items."""
    ingest_jobs.ingest_job_run(job_id=job_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def ingest_jobs_resume_stale() -> None:
    """Periodic: pick up jobs whose message was lost or whose worker died."""
    ingest_jobs.ingest_jobs_resume_stale()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def feeds_poll_due() -> None:
    """Periodic: enqueue a poll of every feed whose time has come."""
    feeds.feeds_poll_due()


@shared_task(name=feeds.FEED_POLL_TASK, acks_late=True, reject_on_worker_lost=True)
def feed_poll(feed_id: int) -> None:
    feeds.feed_poll(feed_id=feed_id)


@shared_task(
    name=feeds.FEED_ITEM_INGEST_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=5,
)
def feed_item_ingest(self, item_id: int) -> None:  # type: ignore[no-untyped-def]
    """Ingest one new feed entry; a temporarily unreachable page is tried again later."""
    try:
        feeds.feed_item_ingest(item_id=item_id)
    except FetchFailed as error:
        if not error.retryable or self.request.retries >= self.max_retries:
            feeds.feed_item_failure_record(item_id=item_id, error=str(error))
            return
        raise self.retry(exc=error, countdown=min(1800, 30 * 2**self.request.retries)) from error
