"""Extraction through the services, in process: idempotence and respect for editors' work."""

from __future__ import annotations

import pytest
from django.utils import timezone

from claims.extraction import extract
from claims.models import ArticleExtraction, NumericClaim, Quote, ReviewStatus
from claims.services import extraction as services
from sources.models import Article
from sources.services.articles import article_ingest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = ArticleExtraction.Status


def _state(article: Article) -> ArticleExtraction:
    return ArticleExtraction.objects.get(article=article)


def test_ingesting_the_same_text_twice_returns_the_stored_article(sample_text: str) -> None:
    first = article_ingest(text=sample_text, title="Putin in Kazakhstan")
    second = article_ingest(text=sample_text + "\n")  # whitespace alone does not make it new

    assert first.created
    assert not second.created
    assert second.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_ingesting_the_same_url_twice_returns_the_stored_article() -> None:
    first = article_ingest(text="One version.", url="https://example.com/a")
    second = article_ingest(text="A corrected version.", url="https://example.com/a")

    assert second.article.pk == first.article.pk
    assert not second.created


def test_extraction_stores_what_the_engine_finds_with_offsets_that_hold(sample_text: str) -> None:
    article = article_ingest(text=sample_text).article

    assert services.article_extraction_run(article_id=article.pk) is True

    article.refresh_from_db()
    expected = extract(article.text, lang=article.language)
    assert _state(article).status == Status.EXTRACTED
    assert article.quotes.count() == len(expected.quotes) > 0
    assert article.numeric_claims.count() == len(expected.numeric_claims)
    for quote in article.quotes.all():
        assert article.text[quote.start : quote.end] == quote.text
    for claim in article.numeric_claims.all():
        assert article.text[claim.start : claim.end] == claim.surface


def test_running_extraction_twice_changes_nothing(sample_text: str) -> None:
    article = article_ingest(text=sample_text).article
    services.article_extraction_run(article_id=article.pk)
    before = list(Quote.objects.order_by("id").values())

    assert services.article_extraction_run(article_id=article.pk) is False

    assert list(Quote.objects.order_by("id").values()) == before


def test_reextraction_keeps_editor_decisions_and_refreshes_candidates(sample_text: str) -> None:
    article = article_ingest(text=sample_text).article
    services.article_extraction_run(article_id=article.pk)
    editor = UserFactory()
    confirmed = Quote.objects.order_by("start").first()
    assert confirmed is not None
    confirmed.status = ReviewStatus.CONFIRMED
    confirmed.speaker_mention = "fixed by the editor"
    confirmed.reviewer = editor
    confirmed.reviewed_at = timezone.now()
    confirmed.save()
    snapshot = Quote.objects.filter(pk=confirmed.pk).values().get()
    count = Quote.objects.count()
    # A new extractor version asks for the article to be extracted again.
    ArticleExtraction.objects.filter(article=article).update(status=Status.PENDING)

    assert services.article_extraction_run(article_id=article.pk) is True

    assert Quote.objects.filter(pk=confirmed.pk).values().get() == snapshot
    assert Quote.objects.count() == count


def test_a_stale_claim_cannot_store_after_another_worker_took_over(sample_text: str) -> None:
    article = article_ingest(text=sample_text).article
    first = services.article_extraction_claim(article_id=article.pk)
    assert first is not None
    # The lease ran out (the first worker looked dead) and a second worker claimed it.
    ArticleExtraction.objects.filter(article=article).update(
        claimed_at=timezone.now() - timezone.timedelta(hours=1)
    )
    second = services.article_extraction_claim(article_id=article.pk)
    assert second is not None
    assert second.attempt == first.attempt + 1

    result = extract(article.text)
    assert services.extraction_store(claim=first, result=result) is False
    assert services.extraction_store(claim=second, result=result) is True
    assert Quote.objects.count() == len(result.quotes)


def test_an_article_being_extracted_is_not_claimed_twice(sample_text: str) -> None:
    article = article_ingest(text=sample_text).article

    assert services.article_extraction_claim(article_id=article.pk) is not None
    assert services.article_extraction_claim(article_id=article.pk) is None


def test_an_article_that_keeps_killing_workers_ends_failed(
    sample_text: str, settings: object
) -> None:
    article = article_ingest(text=sample_text).article
    ArticleExtraction.objects.create(
        article=article,
        status=Status.EXTRACTING,
        attempts=5,
        claimed_at=timezone.now() - timezone.timedelta(hours=1),
    )

    services.articles_requeue_stale()

    assert _state(article).status == Status.FAILED
    assert "gave up after 5 attempts" in _state(article).last_error


def test_numeric_claims_are_stored_with_decimal_values(sample_text: str) -> None:
    article = article_ingest(text=sample_text).article
    services.article_extraction_run(article_id=article.pk)

    for claim in NumericClaim.objects.filter(article=article):
        assert claim.value.is_finite()


def test_a_batch_of_articles_is_extracted_and_stored_together(sample_text: str) -> None:
    articles = [
        article_ingest(text=sample_text).article,
        article_ingest(text='"Kami akan menang," kata Joko Widodo di Jakarta.').article,
        article_ingest(text='"We will build it," said Jane Smith, the mayor.').article,
    ]

    assert services.articles_extraction_run(article_ids=[a.pk for a in articles]) == 3

    for article in articles:
        article.refresh_from_db()
        expected = extract(article.text, lang=article.language)
        assert _state(article).status == Status.EXTRACTED
        assert article.quotes.count() == len(expected.quotes)
        assert article.numeric_claims.count() == len(expected.numeric_claims)


def test_a_batch_stores_nothing_for_an_article_whose_claim_was_lost(sample_text: str) -> None:
    kept = article_ingest(text='"Kami akan menang," kata Joko Widodo di Jakarta.').article
    lost = article_ingest(text=sample_text).article
    claims = services.articles_extraction_claim(article_ids=[kept.pk, lost.pk])
    # The second article's lease ran out and another worker claimed it meanwhile.
    ArticleExtraction.objects.filter(article=lost).update(
        claimed_at=timezone.now() - timezone.timedelta(hours=1)
    )
    assert services.article_extraction_claim(article_id=lost.pk) is not None

    stored = services.extractions_store(
        extracted=[(claim, extract(claim.text)) for claim in claims]
    )

    assert stored == 1
    assert Quote.objects.filter(article=lost).count() == 0
    assert Quote.objects.filter(article=kept).count() == 1


def test_a_stored_article_is_announced_and_recorded_pending(
    sample_text: str, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        article = article_ingest(text=sample_text).article

    state = _state(article)
    assert state.status == Status.PENDING
    assert state.queued_at is not None


def test_a_near_copy_is_recorded_as_a_duplicate_and_never_claimed(
    sample_text: str, django_capture_on_commit_callbacks
) -> None:
    article_ingest(text=sample_text, url="https://a.example/putin")
    copy_text = sample_text.replace("Bentang alam yang mudah berubah", "Lanskap yang berubah cepat")
    with django_capture_on_commit_callbacks(execute=True):
        copy = article_ingest(text=copy_text, url="https://b.example/putin-copy").article

    assert copy.duplicate_of is not None
    assert _state(copy).status == Status.DUPLICATE
    assert services.article_extraction_claim(article_id=copy.pk) is None


def test_an_article_whose_announcement_was_lost_is_swept_up_by_the_requeue(
    sample_text: str,
) -> None:
    # No on-commit callback runs here: as if the process died right after the commit.
    article = article_ingest(text=sample_text).article
    assert not ArticleExtraction.objects.filter(article=article).exists()

    assert services.articles_requeue_stale() == 1

    assert _state(article).status == Status.PENDING
    assert _state(article).queued_at is not None


def test_an_article_extracted_without_a_language_gets_the_one_found(sample_text: str) -> None:
    article = article_ingest(text=sample_text).article
    assert article.language == ""

    services.article_extraction_run(article_id=article.pk)

    article.refresh_from_db()
    assert article.language == "id"
