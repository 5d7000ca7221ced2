"""Bulk ingestion jobs: a list of items (URLs, texts, pages) ingested with counts a user can query.

A job's items are stored with it; a worker ingests them in order, each item and the job's
counts in one transaction, so a worker killed halfway resumes at the first unrecorded item and
nothing is counted or stored twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from factdb.task_queue import task_send, task_send_on_commit
from sources.models import IngestJob
from sources.reading.documents import document_from_mapping
from sources.reading.fetching import FetchFailed
from sources.reading.rejections import InputRejected
from sources.services.articles import IngestOutcome, document_ingest, url_ingest

logger = logging.getLogger(__name__)

# A job keeps the reasons of its first failures only: enough to act on, bounded in size.
MAX_RECORDED_ERRORS = 1000
MAX_JOB_ITEMS = 10_000
# The task (sources.tasks) that runs `ingest_job_run`, sent by name.
INGEST_JOB_RUN_TASK = "sources.tasks.ingest_job_run"
# First key of the two-key advisory locks that keep two workers off the same job.
_JOB_LOCK_SPACE = 7_000_001


@dataclass(frozen=True, slots=True)
class ItemFailure:
    origin: str
    reason: str


def ingest_job_create(
    *,
    kind: str,
    items: list[dict[str, Any]],
    source: str = "",
    created_by: AbstractBaseUser | AnonymousUser | None = None,
) -> IngestJob:
    """Store a job and enqueue it for a worker after commit."""
    if not items:
        raise InputRejected("the job has no items")
    if len(items) > MAX_JOB_ITEMS:
        raise InputRejected(
            f"the job has {len(items):,} items; the limit is {MAX_JOB_ITEMS:,} per job"
        )
    user = created_by if isinstance(created_by, User) else None
    with transaction.atomic():
        job = IngestJob.objects.create(
            kind=kind, source=source[:5000], payload=items, total=len(items), created_by=user
        )
        task_send_on_commit(INGEST_JOB_RUN_TASK, job.pk)
    return job


def ingest_job_start(*, kind: str, source: str, total: int | None) -> IngestJob:
    """A job run in this process (the ingest command), recorded so others can follow it."""
    return IngestJob.objects.create(
        kind=kind,
        source=source[:5000],
        total=total,
        status=IngestJob.Status.RUNNING,
        started_at=timezone.now(),
    )


def ingest_job_record(
    *, job: IngestJob, outcomes: list[IngestOutcome], failures: list[ItemFailure]
) -> None:
    """Add a batch of results to the job's counts (and its first failures' reasons)."""
    kinds = [outcome.kind for outcome in outcomes]
    updates: dict[str, Any] = {
        "new_count": F("new_count") + kinds.count("new"),
        "duplicate_count": F("duplicate_count") + len(kinds) - kinds.count("new"),
        "failed_count": F("failed_count") + len(failures),
        "updated_at": timezone.now(),
    }
    with transaction.atomic():
        if failures:
            errors = IngestJob.objects.select_for_update().values_list("errors", flat=True)
            recorded = errors.get(pk=job.pk)
            room = max(0, MAX_RECORDED_ERRORS - len(recorded))
            new_errors = [{"origin": f.origin, "reason": f.reason} for f in failures[:room]]
            updates["errors"] = recorded + new_errors
        IngestJob.objects.filter(pk=job.pk).update(**updates)


def ingest_job_finish(*, job: IngestJob) -> None:
    IngestJob.objects.filter(pk=job.pk).update(
        status=IngestJob.Status.DONE, finished_at=timezone.now(), payload=[]
    )


def ingest_job_run(*, job_id: int) -> None:
    """Ingest the job's remaining items; safe to run again after a crash, or twice at once."""
    with _job_lock(job_id) as locked:
        if locked:
            _ingest_job_continue(job_id)


@contextmanager
def _job_lock(job_id: int) -> Iterator[bool]:
    """A session advisory lock: one runner per job; freed if its worker dies mid-job."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_JOB_LOCK_SPACE, job_id])
        locked = bool(cursor.fetchone()[0])
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_JOB_LOCK_SPACE, job_id])


def _ingest_job_continue(job_id: int) -> None:
    with transaction.atomic():
        job = IngestJob.objects.select_for_update().get(pk=job_id)
        if job.status in (IngestJob.Status.DONE, IngestJob.Status.FAILED):
            return
        job.status = IngestJob.Status.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["status", "started_at", "updated_at"])
    items = job.payload
    for index in range(job.processed_count, len(items)):
        _job_item_ingest(job, index, items[index])
    ingest_job_finish(job=job)


def _job_item_ingest(job: IngestJob, index: int, item: Any) -> None:
    origin = _item_origin(index, item)
    try:
        is_url_item = isinstance(item, dict) and "text" not in item and "html" not in item
        if is_url_item and isinstance(item.get("url"), str):
            # Fetch outside the transaction: a slow server must not hold locks.
            outcome = url_ingest(url=item["url"])
            ingest_job_record(job=job, outcomes=[outcome], failures=[])
            return
        with transaction.atomic():
            outcome = document_ingest(document=document_from_mapping(origin, item))
            ingest_job_record(job=job, outcomes=[outcome], failures=[])
    except (InputRejected, FetchFailed) as error:
        ingest_job_record(job=job, outcomes=[], failures=[ItemFailure(origin, str(error))])
    except DatabaseError:
        raise  # the task retries; the item was not recorded, so it is tried again
    except Exception as error:
        # A bug on one item must not stall the job (or loop it forever): record and go on.
        logger.exception("ingest job %s: %s failed unexpectedly", job.pk, origin)
        reason = f"internal error ({type(error).__name__}); the item was skipped"
        ingest_job_record(job=job, outcomes=[], failures=[ItemFailure(origin, reason)])


def _item_origin(index: int, item: Any) -> str:
    url = item.get("url") if isinstance(item, dict) else None
    return f"item {index + 1}" + (f" ({url})" if isinstance(url, str) and url else "")


def ingest_jobs_resume_stale(*, idle_seconds: int = 600) -> int:
    """Re-enqueue jobs that made no progress for a while (message lost, worker gone)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=idle_seconds)
    stale = list(
        IngestJob.objects.filter(
            status__in=[IngestJob.Status.QUEUED, IngestJob.Status.RUNNING],
            kind__in=[IngestJob.Kind.URLS, IngestJob.Kind.API],
            updated_at__lt=cutoff,
        ).values_list("id", flat=True)[:100]
    )
    for job_id in stale:
        IngestJob.objects.filter(pk=job_id).update(updated_at=timezone.now())
        task_send(INGEST_JOB_RUN_TASK, job_id)
    return len(stale)
