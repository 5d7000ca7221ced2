"""Celery tasks of the claims app: each takes ids and calls one service."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from claims.services import extraction


@shared_task(
    name=extraction.ARTICLES_EXTRACT_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=600,  # well below the broker's visibility timeout (an hour)
    retry_jitter=True,
    max_retries=8,
)
def articles_extract(article_ids: list[int]) -> None:
    """Extract quotes and claims of a few articles; running it again changes nothing."""
    extraction.articles_extraction_run(article_ids=article_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def articles_requeue_stale() -> None:
    """Periodic: re-enqueue articles whose message was lost or whose worker died."""
    extraction.articles_requeue_stale()
