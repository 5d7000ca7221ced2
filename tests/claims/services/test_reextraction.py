"""Re-extraction with the current engine keeps editors' work: untouched candidates are
replaced, what an editor confirmed, rejected or fixed stays as it is, a rejected span does not
come back, and the fencing of concurrent extraction holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from claims.extraction import EXTRACTOR_VERSION, extract
from claims.models import ArticleExtraction, NumericClaim, Quote, ReviewStatus, Verdict
from claims.selectors import history_of
from claims.services import extraction as services
from claims.services.reviews import (
    candidate_correct,
    candidate_review,
    candidate_span_fix,
    candidate_speaker_reassign,
)
from claims.services.verdicts import verdict_create
from sources.models import Article
from sources.services.articles import article_ingest

pytestmark = pytest.mark.django_db
Status = ArticleExtraction.Status


def extracted_article(text: str) -> Article:
    article = article_ingest(text=text).article
    assert services.article_extraction_run(article_id=article.pk) is True
    return article


def state(article: Article) -> ArticleExtraction:
    return ArticleExtraction.objects.get(article=article)


def rows(model: type[Any], pk: int) -> dict[str, Any]:
    return model.objects.filter(pk=pk).values().get()


def test_reextraction_replaces_untouched_candidates_and_keeps_the_editors_work(
    sample_text: str, editor: Any
) -> None:
    article = extracted_article(sample_text)
    quotes = list(Quote.objects.filter(article=article).order_by("start"))
    assert len(quotes) >= 7, "the sample should give enough quotes to work on"
    confirmed, rejected, fixed, reassigned, outdated = quotes[:5]
    candidate_review(model=Quote, pk=confirmed.pk, action="confirm", version=1, actor=editor)
    candidate_review(model=Quote, pk=rejected.pk, action="reject", version=1, actor=editor)
    candidate_span_fix(
        model=Quote, pk=fixed.pk, start=fixed.start, end=fixed.end - 1, version=1, actor=editor
    )
    candidate_speaker_reassign(
        model=Quote, pk=reassigned.pk, version=1, actor=editor, speaker_name="Someone Else"
    )
    claim = NumericClaim.objects.filter(article=article).order_by("start").first()
    assert claim is not None
    candidate_correct(
        model=NumericClaim, pk=claim.pk, version=1, actor=editor, changes={"subject": "hours"}
    )
    kept = {
        Quote: [confirmed.pk, rejected.pk, fixed.pk, reassigned.pk],
        NumericClaim: [claim.pk],
    }
    before = {(model, pk): rows(model, pk) for model, pks in kept.items() for pk in pks}
    # What an older engine left: an outdated reading, and a quote this one does not find.
    Quote.objects.filter(pk=outdated.pk).update(confidence=0.01, extractor_version="0.old")
    gone = Quote.objects.create(
        article=article, text=article.text[:5], start=0, end=5, confidence=0.5,
        extractor_version="0.old",
    )  # fmt: skip

    assert services.articles_reextract(article_ids=[article.pk], actor=editor) == 1
    assert (state(article).status, state(article).attempts) == (Status.PENDING, 0)
    assert services.article_extraction_run(article_id=article.pk) is True

    expected = extract(article.text, lang=article.language)
    for (model, pk), values in before.items():
        assert rows(model, pk) == values, f"{model.__name__} {pk} was changed"
    assert not Quote.objects.filter(pk=gone.pk).exists()
    dropped = history_of(model=Quote, pk=gone.pk)[-1]
    assert (dropped.event, dropped.action, dropped.user_id) == ("delete", "extraction", None)
    refreshed = Quote.objects.get(pk=outdated.pk)  # the same span found again: same row
    assert refreshed.extractor_version == EXTRACTOR_VERSION
    assert refreshed.confidence == next(
        q.confidence for q in expected.quotes if (q.start, q.end) == (outdated.start, outdated.end)
    )
    assert history_of(model=Quote, pk=outdated.pk)[-1].action == "extraction"
    spans = list(Quote.objects.filter(article=article).values_list("start", "end"))
    assert len(spans) == len(expected.quotes)  # the fixed one is not doubled
    assert (fixed.start, fixed.end) not in spans
    assert (fixed.start, fixed.end - 1) in spans
    assert Quote.objects.filter(article=article, start=rejected.start, end=rejected.end).get() == (
        rejected
    )
    assert Quote.objects.get(pk=rejected.pk).status == ReviewStatus.REJECTED
    engine_spans = {(q.start, q.end) for q in expected.quotes}
    untouched = Quote.objects.filter(article=article, edited_at__isnull=True, status="candidate")
    assert {(q.start, q.end) for q in untouched} == engine_spans - {
        (q.start, q.end) for q in (confirmed, rejected, fixed, reassigned)
    }
    assert NumericClaim.objects.filter(article=article).count() == len(expected.numeric_claims)


def test_a_candidate_with_a_verdict_is_not_dropped_by_a_reextraction(
    sample_text: str, editor: Any
) -> None:
    article = extracted_article(sample_text)
    unseen = Quote.objects.create(  # found by an older engine, not by this one
        article=article, text=article.text[:5], start=0, end=5, confidence=0.5,
        extractor_version="0.old",
    )  # fmt: skip
    verdict = verdict_create(
        actor=editor, rating="unverifiable", explanation="Drafted.", quote_id=unseen.pk
    )

    services.articles_reextract(article_ids=[article.pk], actor=editor)
    assert services.article_extraction_run(article_id=article.pk) is True

    assert Quote.objects.filter(pk=unseen.pk).exists()
    assert Verdict.objects.filter(pk=verdict.pk).exists()


def test_reextracting_twice_in_a_row_changes_nothing_more(sample_text: str, editor: Any) -> None:
    article = extracted_article(sample_text)
    first = Quote.objects.filter(article=article).order_by("start").first()
    assert first is not None
    candidate_review(model=Quote, pk=first.pk, action="reject", version=1, actor=editor)
    services.articles_reextract(article_ids=[article.pk], actor=editor)
    services.article_extraction_run(article_id=article.pk)
    after_first = list(Quote.objects.order_by("pk").values())

    services.articles_reextract(article_ids=[article.pk], actor=editor)
    services.article_extraction_run(article_id=article.pk)

    assert list(Quote.objects.order_by("pk").values()) == after_first


def test_a_viewer_cannot_ask_for_a_reextraction(sample_text: str, viewer: Any) -> None:
    article = extracted_article(sample_text)

    with pytest.raises(PermissionDenied):
        services.articles_reextract(article_ids=[article.pk], actor=viewer)

    assert state(article).status == Status.EXTRACTED


def test_reextraction_enqueues_the_articles_once_committed(
    sample_text: str, editor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    article = extracted_article(sample_text)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = services.articles_reextract(article_ids=[article.pk, article.pk], actor=editor)

    assert queued == 1
    assert len(callbacks) == 1
    assert state(article).queued_at is not None


def test_an_article_never_extracted_is_recorded_and_queued(editor: Any) -> None:
    article = article_ingest(text='"We will win," said Jane Doe.').article
    assert not ArticleExtraction.objects.filter(article=article).exists()

    # Pending already: the extraction under way (or the requeue) takes it.
    assert services.articles_reextract(article_ids=[article.pk], actor=editor) == 0
    assert state(article).status == Status.PENDING


def test_a_failed_article_is_queued_again(sample_text: str, editor: Any) -> None:
    article = article_ingest(text=sample_text).article
    ArticleExtraction.objects.create(
        article=article, status=Status.FAILED, attempts=5, last_error="ValueError: boom"
    )

    assert services.articles_reextract(article_ids=[article.pk], actor=editor) == 1

    assert (state(article).status, state(article).last_error) == (Status.PENDING, "")
    assert services.article_extraction_run(article_id=article.pk) is True


# Fencing: an extraction whose claim is no longer the live one writes nothing.


def test_a_reextraction_asked_while_a_claim_is_out_leaves_that_claim_to_finish(
    sample_text: str, editor: Any
) -> None:
    article = article_ingest(text=sample_text).article
    claim = services.article_extraction_claim(article_id=article.pk)
    assert claim is not None

    assert services.articles_reextract(article_ids=[article.pk], actor=editor) == 0

    assert (state(article).status, state(article).attempts) == (Status.EXTRACTING, claim.attempt)
    assert services.extraction_store(claim=claim, result=extract(claim.text)) is True


def test_a_claim_lost_before_a_reextraction_still_writes_nothing(
    sample_text: str, editor: Any
) -> None:
    article = article_ingest(text=sample_text).article
    lost = services.article_extraction_claim(article_id=article.pk)
    assert lost is not None
    # The first worker looked dead: its lease ran out, a second took the article and stored it.
    ArticleExtraction.objects.filter(article=article).update(
        claimed_at=timezone.now() - timezone.timedelta(hours=1)
    )
    taker = services.article_extraction_claim(article_id=article.pk)
    assert taker is not None
    assert services.extraction_store(claim=taker, result=extract(taker.text)) is True
    # An editor asks for a re-extraction; a third worker claims the article.
    assert services.articles_reextract(article_ids=[article.pk], actor=editor) == 1
    live = services.article_extraction_claim(article_id=article.pk)
    assert live is not None
    stored = list(Quote.objects.order_by("pk").values())

    # The first worker wakes up with its old result: it must not write, nor end the live claim.
    assert services.extraction_store(claim=lost, result=extract(lost.text)) is False
    services.article_extraction_fail(claim=lost, error="late failure")
    services.article_extraction_release(claim=lost)

    assert list(Quote.objects.order_by("pk").values()) == stored
    assert state(article).status == Status.EXTRACTING
    assert services.extraction_store(claim=live, result=extract(live.text)) is True
    assert state(article).status == Status.EXTRACTED
