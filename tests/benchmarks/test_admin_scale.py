"""The admin-at-scale benchmark: its synthetic data holds what the database requires, the
report carries every figure for every page, and it never writes into someone's data.

Tiny sizes only, and no timing assertions: the full-size figures come from `bench_admin`."""

from __future__ import annotations

import hashlib
import io
import json
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from benchmarks import admin_scale, scale_data
from claims.models import ArticleExtraction, NumericClaim, Quote, Speaker
from sources.models import Article, Publication
from tests.factories import ArticleFactory

TINY = {
    "articles": 200,
    "candidates": 2_000,
    "big_article_candidates": 300,
    "warmup": 1,
    "repeat": 1,
}


def bench(**options: object) -> str:
    out = io.StringIO()
    call_command("bench_admin", stdout=out, **{**TINY, **options})
    return out.getvalue()


def test_articles_hold_their_spans_and_share_the_candidates_exactly() -> None:
    rng = random.Random(3)
    speakers = scale_data._speakers(50, 1, rng)
    writer = scale_data._ArticleWriter(speakers, rng, pool=200)
    for number in range(30):
        article = writer.article(number, "t", 12, transcript=False)
        assert len(article.quotes) + len(article.claims) == 12
        for quote in article.quotes:
            assert article.text[quote.start : quote.end] == quote.words
        for claim in article.claims:
            assert article.text[claim.start : claim.end] == claim.surface
    sizes = scale_data.ScaleSizes(articles=101, candidates=1_234, big_article_candidates=99)
    shares = scale_data._candidates_per_article(sizes, rng)
    assert len(shares) == 101
    assert sum(shares) == 1_234
    assert shares[101 // 2] == 99


def test_speakers_have_distinct_names_and_merge_only_into_survivors() -> None:
    speakers = scale_data._speakers(500, 10, random.Random(5))
    assert len({s.name for s in speakers}) == 500
    by_id = {s.id: s for s in speakers}
    merged = [s for s in speakers if s.merged_into is not None]
    assert merged
    assert all(by_id[s.merged_into].merged_into is None for s in merged)
    assert all(s.merged_into != s.id for s in merged)


@pytest.mark.django_db
def test_tiny_run_loads_valid_data_and_reports_every_page_with_every_figure() -> None:
    output = bench(explain=True)

    assert Article.objects.count() == 200
    assert Quote.objects.count() + NumericClaim.objects.count() == 2_000
    assert Speaker.objects.count() == 20  # one per hundred candidates
    assert 1 <= Publication.objects.count() <= 36
    assert ArticleExtraction.objects.filter(status="extracted").count() == 200
    assert len(set(Article.objects.values_list("language", flat=True))) >= 3
    for text, content_hash in Article.objects.values_list("text", "content_hash"):
        assert hashlib.sha256(text.encode()).hexdigest() == content_hash
        assert len(text) >= 1_000
    with connection.cursor() as cursor:  # the words of every candidate, checked again here
        cursor.execute(
            "SELECT count(*) FROM claims_quote q JOIN sources_article a ON a.id = q.article_id "
            "WHERE substr(a.text, q.start + 1, q.end - q.start) <> q.text"
        )
        assert cursor.fetchone()[0] == 0
    big = max(Article.objects.all(), key=lambda a: a.quotes.count() + a.numeric_claims.count())
    assert big.quotes.count() + big.numeric_claims.count() == 300
    assert Quote.objects.exclude(status="candidate").filter(reviewed_at__isnull=True).count() == 0
    assert Quote.objects.filter(status="candidate").count() > Quote.objects.count() // 2

    assert "loaded in" in output
    table = output.split("slowest queries")[0]
    for page in admin_scale.PAGES:
        row = next(line for line in table.splitlines() if line[:34].rstrip() == page.name[:34])
        figures = row[34:].split()
        # median, p95, max (ms each), queries, their time (ms), size KB, target ms, PASS/FAIL
        assert figures[1] == figures[3] == figures[5] == figures[8] == figures[11] == "ms", row
        assert int(figures[6]) > 0, row  # every page runs queries
        assert float(figures[9]) > 0, row
        assert figures[12] in {"PASS", "FAIL"}, row
        assert "(" not in row, row  # no note: every page answered 200
    assert "EXPLAIN ANALYZE" in output
    assert "Execution Time" in output

    # Again, as JSON and with a page of one's own: the data is reused, not loaded twice.
    first_ids = sorted(Article.objects.values_list("id", flat=True))
    pages = ["speakers sorted=/admin/claims/speaker/?o=1", "missing=/admin/no-such-page/@50"]
    report = json.loads(bench(json=True, page=pages))
    only = json.loads(bench(json=True, only=["speaker list", "big article"]))

    assert sorted(Article.objects.values_list("id", flat=True)) == first_ids
    assert report["load_seconds"] is None
    by_name = {page["name"]: page for page in report["pages"]}
    assert {page.name for page in admin_scale.PAGES} | {"speakers sorted"} < set(by_name)
    missing = by_name.pop("missing")
    assert (missing["status"], missing["note"], missing["passed"]) == (404, "HTTP 404", False)
    assert missing["target_ms"] == 50
    chosen = {page["name"] for page in only["pages"]}
    assert {"speaker list", "speaker list, search", "big article page"} <= chosen
    assert all("speaker list" in name or "big article" in name for name in chosen)
    for page in by_name.values():
        assert page["status"] == 200, page
        figures = ("median_ms", "p95_ms", "max_ms", "queries", "sql_ms", "size_kb", "target_ms")
        for figure in figures:
            assert page[figure] > 0, (figure, page)
        assert isinstance(page["passed"], bool)


@pytest.mark.django_db
def test_other_sizes_empty_the_benchmark_database_and_load_again() -> None:
    said: list[str] = []
    sizes = scale_data.ScaleSizes(articles=120, candidates=1_000, big_article_candidates=50)
    scale_data.scale_data_ensure(sizes, write=said.append)
    smaller = scale_data.ScaleSizes(articles=80, candidates=900, big_article_candidates=50)
    data = scale_data.scale_data_ensure(smaller, write=said.append)

    assert any("emptied and loaded again" in line for line in said)
    assert Article.objects.count() == 80
    assert Quote.objects.count() + NumericClaim.objects.count() == 900
    assert Article.objects.get(pk=data.big_article_id).quotes.filter(pk=data.big_article_quote_id)
    assert scale_data.marker_read()["sizes"] == smaller.as_marker()


@pytest.mark.django_db
def test_a_database_with_data_of_its_own_is_refused_and_left_as_it_was() -> None:
    ArticleFactory()
    with pytest.raises(CommandError, match="did not make"):
        bench()
    assert Article.objects.count() == 1
    assert Publication.objects.count() == 0
    assert scale_data.marker_read() is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"candidates": 100}, "at least --big-article-candidates"),
        ({"articles": 1}, "at least 2"),
        ({"repeat": 0}, "at least 1"),
        ({"page": ["no path"]}, "NAME=/path/"),
        ({"page": ["x=/admin/@fast"]}, "whole milliseconds"),
    ],
)
def test_impossible_options_are_refused_in_words_before_anything_is_written(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        bench(**options)
    assert Article.objects.count() == 0
