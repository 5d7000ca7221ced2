"""`manage.py reextract`: which articles it queues, and what it says."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.extraction import EXTRACTOR_VERSION
from claims.models import ArticleExtraction, Quote, ReviewStatus
from claims.services.extraction import article_extraction_run
from sources.models import Article
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = ArticleExtraction.Status


def extracted(version: str = EXTRACTOR_VERSION) -> Article:
    article = ArticleFactory()
    ArticleExtraction.objects.create(
        article=article, status=Status.EXTRACTED, attempts=1, extractor_version=version,
        extracted_at=timezone.now(),
    )  # fmt: skip
    return article


def reextract(*args: Any) -> str:
    out = StringIO()
    call_command("reextract", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def status(article: Article) -> str:
    return ArticleExtraction.objects.get(article=article).status


def test_the_articles_given_are_queued_and_counted() -> None:
    first, second, other = extracted(), extracted(), extracted()

    output = reextract(first.pk, second.pk)

    assert f"Queued 2 article(s) for re-extraction with extractor {EXTRACTOR_VERSION}." in output
    assert (status(first), status(second), status(other)) == ("pending", "pending", "extracted")


def test_articles_under_way_are_left_and_said_so() -> None:
    done = extracted()
    busy = ArticleFactory()
    ArticleExtraction.objects.create(
        article=busy, status=Status.EXTRACTING, attempts=1, claimed_at=timezone.now()
    )

    output = reextract(done.pk, busy.pk)

    assert "Queued 1 article(s)" in output
    assert "1 left as they are: pending, being extracted, or near-copies." in output
    assert status(busy) == Status.EXTRACTING


def test_only_articles_of_another_engine_version() -> None:
    outdated, current = extracted("0.0.1"), extracted()

    output = reextract("--extractor-version-not-current")

    assert "Queued 1 article(s)" in output
    assert (status(outdated), status(current)) == ("pending", "extracted")


def test_all_articles() -> None:
    articles = [extracted("0.0.1"), extracted(), extracted()]

    assert "Queued 3 article(s)" in reextract("--all")

    assert {status(article) for article in articles} == {"pending"}


def test_editors_work_survives_a_reextraction_from_the_command(sample_text: str) -> None:
    article = ArticleFactory(text=sample_text)
    assert article_extraction_run(article_id=article.pk)
    quote = Quote.objects.filter(article=article).order_by("start").first()
    assert quote is not None
    Quote.objects.filter(pk=quote.pk).update(
        status=ReviewStatus.REJECTED, reviewer=UserFactory(), reviewed_at=timezone.now()
    )
    before = Quote.objects.filter(pk=quote.pk).values().get()

    reextract(article.pk)
    assert article_extraction_run(article_id=article.pk)

    assert Quote.objects.filter(pk=quote.pk).values().get() == before
    assert Quote.objects.filter(article=article, start=quote.start, end=quote.end).count() == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((), "give article ids, or --all"),
        (("--all", "1"), "give article ids, or --all"),
        (("--all", "--extractor-version-not-current"), "not allowed with argument"),
        (("seven",), "invalid int value"),
    ],
)
def test_a_wrong_call_is_refused_in_words(args: tuple[str, ...], words: str) -> None:
    with pytest.raises(CommandError, match=words):
        reextract(*args)


def test_an_unknown_article_is_named() -> None:
    article = extracted()

    with pytest.raises(CommandError, match="no article with id 999999"):
        reextract(article.pk, 999999)

    assert status(article) == Status.EXTRACTED
