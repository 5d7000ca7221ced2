"""A 2,000,000-character article (the longest FactDB accepts) extracts and stores in time
linear in its length: the span checks read its text once per statement, not once per
candidate. And a task stopped by its time limit says so in `last_error`."""

from __future__ import annotations

import random

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection

from claims.models import ArticleExtraction, NumericClaim, Quote
from claims.services import extraction as services
from sources.models import Article
from sources.services.articles import article_ingest

pytestmark = pytest.mark.django_db(transaction=True)
Status = ArticleExtraction.Status

# Characters outside the Basic Multilingual Plane before every span: offsets are code points.
PARAGRAPH = (
    "🌾 Laporan {n} 🚢: ekspor batu bara naik 12 persen menjadi 3,5 miliar dolar AS pada 2023. "
    '"Kami akan membangun {n} sekolah baru tahun depan," kata Menteri Budi Santoso. '
    "Harga beras turun lebih dari 4 persen, ujar Rina Sari. 🐉\n\n"
)


def long_text(chars: int) -> str:
    parts, length, n = [], 0, 0
    while length < chars:
        paragraph = PARAGRAPH.format(n=n)
        parts.append(paragraph)
        length += len(paragraph)
        n += 1
    return "".join(parts)[:chars].rsplit("\n\n", 1)[0]


def distinct_text(seed: int) -> str:
    """A short article unlike the others (near-duplicates would not be extracted)."""
    words = random.Random(seed).choices(
        [
            "ekspor",
            "impor",
            "beras",
            "jagung",
            "kedelai",
            "harga",
            "naik",
            "turun",
            "pasar",
            "desa",
            "kota",
            "laut",
        ],
        k=400,
    )
    return f'"{" ".join(words[:12])}," kata Budi. ' + " ".join(words) + " naik 5 persen."


def spans_hold(article: Article) -> bool:
    text = article.text
    quotes = Quote.objects.filter(article=article).values_list("start", "end", "text")
    claims = NumericClaim.objects.filter(article=article).values_list("start", "end", "surface")
    return all(text[start:end] == words for start, end, words in [*quotes, *claims])


def test_a_two_million_character_article_extracts_and_stores_in_linear_time() -> None:
    text = long_text(settings.FACTDB_MAX_ARTICLE_CHARS)
    article = article_ingest(text=text, language="id").article
    assert len(article.text) > 1_990_000

    # Quadratic span checks took minutes here: a statement may take a few seconds at most.
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '20s'")
    try:
        assert services.article_extraction_run(article_id=article.pk) is True
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")

    state = ArticleExtraction.objects.get(article=article)
    assert (state.status, state.last_error) == (Status.EXTRACTED, "")
    assert Quote.objects.filter(article=article).count() > 8_000
    assert NumericClaim.objects.filter(article=article).count() > 30_000
    assert spans_hold(article)


def test_a_wrong_span_of_a_long_article_is_still_refused() -> None:
    from django.db import IntegrityError

    article = article_ingest(text=long_text(300_000)).article
    start = article.text.index("Kami akan", 250_000)
    with pytest.raises(IntegrityError, match="does not hold"):
        Quote.objects.create(
            article=article, start=start, end=start + 9, text="Kami akan".upper(), confidence=0.5
        )
    Quote.objects.create(
        article=article, start=start, end=start + 9, text="Kami akan", confidence=0.5
    )
    assert spans_hold(article)


def _stop_at(place: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the time limit strike inside `place` of the real service (the limit is a signal
    Celery sends into whatever runs; this raises it there)."""
    real = getattr(services, place)

    def stopped(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, place, stopped)


@pytest.mark.parametrize("place", ["_extract", "candidates_store"])
def test_an_article_stopped_by_the_time_limit_fails_with_the_reason(
    place: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = article_ingest(text=long_text(5_000)).article
    _stop_at(place, monkeypatch)

    with pytest.raises(SoftTimeLimitExceeded):
        services.article_extraction_run(article_id=article.pk)

    state = ArticleExtraction.objects.get(article=article)
    assert state.status == Status.FAILED
    assert "time limit" in state.last_error
    assert f"{settings.CELERY_TASK_SOFT_TIME_LIMIT} s" in state.last_error
    assert not Quote.objects.filter(article=article).exists()


def test_the_other_articles_of_a_stopped_batch_are_tried_again_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = [article_ingest(text=distinct_text(seed)).article for seed in range(3)]
    _stop_at("candidates_store", monkeypatch)

    with pytest.raises(SoftTimeLimitExceeded):
        services.articles_extraction_run(article_ids=[a.pk for a in articles])

    states = ArticleExtraction.objects.filter(article__in=articles)
    # Which one was too slow is unknown: each goes back, to be tried on its own.
    assert {s.status for s in states} == {Status.PENDING}
    assert all("time limit" in s.last_error for s in states)
