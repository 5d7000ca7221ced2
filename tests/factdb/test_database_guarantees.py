"""What PostgreSQL itself guarantees, whatever code writes: offsets hold, texts stay put."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from claims.models import NumericClaim, Quote
from sources.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = 'Menteri berkata: "Anggaran naik 10 persen." Selesai.'


@pytest.fixture
def article() -> Article:
    return ArticleFactory(text=TEXT)


def quote(article: Article, start: int, end: int, text: str) -> Quote:
    return Quote(article=article, start=start, end=end, text=text, confidence=0.5)


def test_a_quote_whose_words_are_not_at_its_offsets_is_refused(article: Article) -> None:
    start = TEXT.index("Anggaran")

    with pytest.raises(DatabaseError, match="does not hold"), transaction.atomic():
        Quote.objects.bulk_create([quote(article, start, start + 8, "Belanja!")])


def test_a_span_past_the_end_of_the_text_is_refused(article: Article) -> None:
    with pytest.raises(DatabaseError, match="does not hold"), transaction.atomic():
        Quote.objects.create(article=article, start=40, end=400, text="x", confidence=0.5)


def test_moving_a_stored_claim_off_its_words_is_refused(article: Article) -> None:
    start = TEXT.index("10 persen")
    claim = NumericClaim.objects.create(
        article=article, start=start, end=start + 9, surface="10 persen", value=Decimal(10),
        unit="percent", confidence=0.9,
    )  # fmt: skip

    with pytest.raises(DatabaseError, match="does not hold"), transaction.atomic():
        NumericClaim.objects.filter(pk=claim.pk).update(start=start + 1)


def test_candidates_that_hold_are_stored(article: Article) -> None:
    start = TEXT.index("Anggaran")
    end = TEXT.index('."')

    Quote.objects.bulk_create([quote(article, start, end, TEXT[start:end])])

    assert Quote.objects.count() == 1


def test_the_same_span_cannot_be_stored_twice(article: Article) -> None:
    start = TEXT.index("Anggaran")
    Quote.objects.create(article=article, start=start, end=start + 8, text="Anggaran", confidence=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(
            article=article, start=start, end=start + 8, text="Anggaran", confidence=1
        )


def test_an_article_text_cannot_change_once_stored(article: Article) -> None:
    with pytest.raises(DatabaseError, match="cannot change"), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(text="Something else entirely.")


def test_confidence_outside_zero_to_one_is_refused(article: Article) -> None:
    start = TEXT.index("Anggaran")

    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(
            article=article, start=start, end=start + 8, text="Anggaran", confidence=1.5
        )
