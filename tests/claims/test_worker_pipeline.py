"""The pipeline on real services: PostgreSQL, the broker and real Celery worker processes."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from claims.extraction import extract
from claims.models import ArticleExtraction, NumericClaim, Quote
from sources.models import Article
from sources.services.articles import article_ingest
from tests.conftest import WorkerProcess, queue_purge, wait_until
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _status(article_id: int) -> str | None:
    found = ArticleExtraction.objects.filter(article_id=article_id)
    return found.values_list("status", flat=True).first()


def test_sample_goes_through_a_real_worker_and_the_api_returns_its_candidates(
    start_worker: Callable[..., WorkerProcess], sample_text: str
) -> None:
    start_worker()
    client = APIClient()

    response = client.post("/api/articles/", {"text": sample_text}, format="json")
    assert response.status_code in (401, 403)

    client.force_authenticate(UserFactory())
    response = client.post("/api/articles/", {"text": sample_text}, format="json")
    assert response.status_code == 202, response.content
    article_id = response.json()["id"]
    assert response.json()["status"] == "pending"

    wait_until(lambda: _status(article_id) == "extracted", 60, "the worker to extract")

    detail = client.get(f"/api/articles/{article_id}/").json()
    expected = extract(detail["text"], lang=detail["language"])
    assert len(detail["quotes"]) == len(expected.quotes) > 0
    assert len(detail["numeric_claims"]) == len(expected.numeric_claims)
    quotes = client.get("/api/quotes/", {"article": article_id}).json()["results"]
    assert len(quotes) == len(expected.quotes)
    for quote in quotes:
        assert detail["text"][quote["start"] : quote["end"]] == quote["text"]
    for claim in client.get("/api/numeric-claims/", {"article": article_id}).json()["results"]:
        assert detail["text"][claim["start"] : claim["end"]] == claim["surface"]


def test_killing_the_worker_mid_extraction_delays_but_never_loses_or_doubles(
    start_worker: Callable[..., WorkerProcess], sample_text: str
) -> None:
    slow = start_worker(FACTDB_EXTRACTION_TEST_DELAY="60")
    article_id = article_ingest(text=sample_text).article.pk
    wait_until(lambda: _status(article_id) == "extracting", 30, "the slow worker to claim it")

    slow.kill_hard()
    assert _status(article_id) == "extracting"
    start_worker(
        beat=True,
        FACTDB_EXTRACTION_LEASE_SECONDS="2",
        FACTDB_REQUEUE_EVERY_SECONDS="1",
        FACTDB_VISIBILITY_TIMEOUT="5",  # the killed worker's message also comes back
    )

    wait_until(lambda: _status(article_id) == "extracted", 60, "the new worker to recover it")
    article = Article.objects.get(pk=article_id)
    state = ArticleExtraction.objects.get(article_id=article_id)
    assert state.attempts == 2
    expected = extract(article.text, lang=article.language)
    assert Quote.objects.filter(article_id=article_id).count() == len(expected.quotes)
    assert NumericClaim.objects.filter(article_id=article_id).count() == len(
        expected.numeric_claims
    )
    extracted_at = state.extracted_at
    # The redelivered message and later sweeps find nothing left to do.
    time.sleep(8)
    state.refresh_from_db()
    assert state.attempts == 2
    assert state.extracted_at == extracted_at


def test_a_lost_task_message_is_recovered_by_the_periodic_requeue(
    start_worker: Callable[..., WorkerProcess], sample_text: str
) -> None:
    article_id = article_ingest(text=sample_text).article.pk
    assert queue_purge() >= 1  # the message is gone, as if the broker had lost it

    start_worker(
        beat=True, FACTDB_REQUEUE_PENDING_AFTER_SECONDS="1", FACTDB_REQUEUE_EVERY_SECONDS="1"
    )

    wait_until(lambda: _status(article_id) == "extracted", 60, "the requeue to recover it")
    article = Article.objects.get(pk=article_id)
    expected = extract(article.text, lang=article.language)
    assert Quote.objects.filter(article_id=article_id).count() == len(expected.quotes)


def test_a_bulk_job_posted_to_the_api_is_run_by_a_real_worker(
    start_worker: Callable[..., WorkerProcess],
) -> None:
    from sources.models import IngestJob

    start_worker()
    client = APIClient()
    client.force_authenticate(UserFactory())
    items = [{"text": f"Berita {n}: harga cabai naik {n} persen, kata pedagang."} for n in range(5)]
    items.append({"url": "http://10.0.0.1/internal"})

    job_id = client.post("/api/ingest-jobs/", {"items": items}, format="json").json()["id"]

    wait_until(
        lambda: IngestJob.objects.get(pk=job_id).status == "done", 60, "the worker to run the job"
    )
    job = client.get(f"/api/ingest-jobs/{job_id}/").json()
    assert (job["new_count"], job["failed_count"], job["processed"]) == (5, 1, 6)
    assert "private address" in job["errors"][0]["reason"]
    wait_until(
        lambda: ArticleExtraction.objects.filter(status="extracted").count() == 5,
        60,
        "their extraction",
    )
