"""Full-text search through `?q=` on quotes, numeric claims, articles and speakers: web search
syntax, any language (accents folded, nothing stemmed), ranked, with a safe highlighted snippet,
and queries the indexes can answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.models import Quote
from sources.models import Article
from tests.claims.api.editorial import claim_in, error_of, quote_in
from tests.factories import ArticleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TEXT = (
    '"Ekspor batu bara ke Đà Nẵng naik tajam," kata Menteri Budi. '
    '"The ministers agreed on <b>new</b> tariffs for coal," said Jane Doe. '
    '"Harga beras turun di pasar," ujar Rina. '
    "Exports of coal rose 12 percent to $3 billion in 2023. "
    '"Coal, coal and more coal: exports of coal everywhere," said Jo Berg.'
)


@pytest.fixture
def article() -> Article:
    return ArticleFactory(text=TEXT, title="Ekspor batu bara naik: laporan dari Đà Nẵng")


@pytest.fixture
def quotes(article: Article) -> dict[str, Quote]:
    return {
        "ekspor": quote_in(article, "Ekspor batu bara ke Đà Nẵng naik tajam,", language="id"),
        "tariffs": quote_in(article, "The ministers agreed on <b>new</b> tariffs for coal,"),
        "beras": quote_in(article, "Harga beras turun di pasar,", language="id"),
        "coal": quote_in(article, "Coal, coal and more coal: exports of coal everywhere,"),
    }


def ids_found(client: APIClient, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return [item["id"] for item in response.json()["results"]]


def test_words_are_found_whatever_their_accents_and_case(
    quotes: dict[str, Quote], anonymous: APIClient
) -> None:
    assert ids_found(anonymous, "/api/quotes/?q=da+nang") == [quotes["ekspor"].pk]
    assert ids_found(anonymous, "/api/quotes/?q=ĐÀ+NẴNG") == [quotes["ekspor"].pk]
    assert ids_found(anonymous, "/api/quotes/?q=BERAS") == [quotes["beras"].pk]


def test_nothing_is_stemmed_so_a_word_means_the_same_in_every_language(
    quotes: dict[str, Quote], anonymous: APIClient
) -> None:
    # An English stemmer would make "minister" find "ministers" and mangle Indonesian words.
    assert ids_found(anonymous, "/api/quotes/?q=minister") == []
    assert ids_found(anonymous, "/api/quotes/?q=ministers") == [quotes["tariffs"].pk]


def test_web_search_syntax_phrases_exclusions_and_alternatives(
    quotes: dict[str, Quote], anonymous: APIClient
) -> None:
    assert ids_found(anonymous, '/api/quotes/?q="batu bara"') == [quotes["ekspor"].pk]
    assert ids_found(anonymous, '/api/quotes/?q="bara batu"') == []
    assert set(ids_found(anonymous, "/api/quotes/?q=coal")) == {
        quotes["tariffs"].pk, quotes["coal"].pk,
    }  # fmt: skip
    assert ids_found(anonymous, "/api/quotes/?q=coal+-tariffs") == [quotes["coal"].pk]
    assert set(ids_found(anonymous, "/api/quotes/?q=beras+OR+tariffs")) == {
        quotes["beras"].pk, quotes["tariffs"].pk,
    }  # fmt: skip


def test_results_are_ranked_best_first_with_a_highlighted_escaped_snippet(
    quotes: dict[str, Quote], anonymous: APIClient
) -> None:
    results = anonymous.get("/api/quotes/?q=coal").json()["results"]

    assert [item["id"] for item in results] == [quotes["coal"].pk, quotes["tariffs"].pk]
    assert results[0]["rank"] > results[1]["rank"] > 0
    assert "<mark>coal</mark>" in results[1]["snippet"]
    # Markup in the text never reaches the snippet as HTML.
    assert "new" in results[1]["snippet"]
    assert "<b>" not in results[1]["snippet"]


def test_a_snippet_escapes_what_it_shows(anonymous: APIClient) -> None:
    article = ArticleFactory(text='"Harga beras < 5 & turun di pasar," kata Rina.')
    quote_in(article, "Harga beras < 5 & turun di pasar,")

    snippet = anonymous.get("/api/quotes/?q=beras").json()["results"][0]["snippet"]

    assert "&lt; 5 &amp;" in snippet
    assert "<mark>beras</mark>" in snippet


def test_without_q_there_is_no_rank_and_no_snippet(
    quotes: dict[str, Quote], anonymous: APIClient
) -> None:
    item = anonymous.get("/api/quotes/").json()["results"][0]

    assert (item["rank"], item["snippet"]) == (None, None)


def test_ranked_pages_follow_one_another_without_gaps_or_repeats(
    article: Article, anonymous: APIClient
) -> None:
    words = [f"coal{'!' * n} mine number {n}" for n in range(7)]
    text = " ".join(f'"{w}," said X.' for w in words)
    other = ArticleFactory(text=text, title="Mines")
    made = {quote_in(other, w).pk for w in words}

    seen: list[int] = []
    url: str | None = "/api/quotes/?q=coal&page_size=3"
    while url:
        body = anonymous.get(url).json()
        seen.extend(item["id"] for item in body["results"])
        url = body["next"]

    assert sorted(seen) == sorted(made)


def test_claims_are_found_by_their_surface_and_subject(
    article: Article, anonymous: APIClient
) -> None:
    claim = claim_in(article, "12 percent", "12", subject="coal exports")

    assert ids_found(anonymous, "/api/numeric-claims/?q=coal") == [claim.pk]
    assert ids_found(anonymous, "/api/numeric-claims/?q=percent") == [claim.pk]
    assert (
        "<mark>percent</mark>"
        in anonymous.get("/api/numeric-claims/?q=percent").json()["results"][0]["snippet"]
    )


def test_articles_are_found_by_their_title(article: Article, anonymous: APIClient) -> None:
    ArticleFactory(title="Something else entirely")

    results = anonymous.get("/api/articles/?q=laporan+da+nang").json()["results"]

    assert [item["id"] for item in results] == [article.pk]
    assert "<mark>laporan</mark>" in results[0]["snippet"]


def test_speakers_are_found_by_a_similar_spelling_of_their_name_or_an_alias(
    anonymous: APIClient,
) -> None:
    tokayev = SpeakerFactory(name="Kassym-Jomart Tokáyev", aliases=["Presiden Kazakhstan"])
    lavrov = SpeakerFactory(name="Sergei Lavrov")

    assert ids_found(anonymous, "/api/speakers/?q=Tokaev") == [tokayev.pk]
    assert ids_found(anonymous, "/api/speakers/?q=presiden+kazakstan") == [tokayev.pk]
    assert ids_found(anonymous, "/api/speakers/?q=Lavrov") == [lavrov.pk]
    assert ids_found(anonymous, "/api/speakers/?q=Zhelenski") == []


def test_the_closest_speaker_comes_first(anonymous: APIClient) -> None:
    far = SpeakerFactory(name="Ivan Tokarev")
    near = SpeakerFactory(name="Kassym-Jomart Tokayev")

    found = ids_found(anonymous, "/api/speakers/?q=Tokayev")

    assert found[0] == near.pk
    assert far.pk not in found[:1]


def _plan(sql_of: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql_of}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("url", "index"),
    [
        ("/api/quotes/?q=coal", "quote_search"),
        ("/api/numeric-claims/?q=coal", "numeric_claim_search"),
        ("/api/articles/?q=coal", "article_title_search"),
        ("/api/speakers/?q=Tokaev", "speaker_names_trigram"),
        ("/api/quotes/?speaker_name=Tokayev", "speaker_keys"),
    ],
)
def test_each_search_is_a_query_its_index_can_answer(
    url: str, index: str, anonymous: APIClient
) -> None:
    """The query's expressions are the ones the migrations index (a small table is read
    sequentially anyway, so the planner is asked to avoid that)."""
    with CaptureQueriesContext(connection) as queries:
        assert anonymous.get(url).status_code == 200
    searching = [q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"]]

    assert searching, queries.captured_queries
    assert index in _plan(searching[0])


def test_an_empty_search_lists_everything(quotes: dict[str, Quote], anonymous: APIClient) -> None:
    assert len(ids_found(anonymous, "/api/quotes/?q=")) == len(quotes)


def test_punctuation_alone_finds_nothing_and_does_not_fail(
    quotes: dict[str, Quote], anonymous: APIClient
) -> None:
    assert ids_found(anonymous, "/api/quotes/?q=%21%21%21") == []


def test_a_search_too_long_is_refused(anonymous: APIClient) -> None:
    error = error_of(anonymous.get("/api/quotes/?q=" + "word " * 200), 400)

    assert error["field"] == "q"


def test_ordering_by_rank_needs_a_search(anonymous: APIClient) -> None:
    error = error_of(anonymous.get("/api/quotes/?ordering=-rank"), 400)

    assert error["field"] == "ordering"
    assert "q" in error["message"]
