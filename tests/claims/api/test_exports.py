"""`?format=csv` and `?format=jsonl` on the quote and claim lists: every row of the filtered
list, unpaginated, in one query, as a download; texts survive the round trip, spreadsheet
formulas do not run, and what is refused is refused in JSON."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.exports import candidates_export, export_columns
from claims.models import NumericClaim, Quote, ReviewStatus, Verdict
from factdb.api.streaming import csv_lines, jsonl_lines
from sources.models import Article, Publication
from tests.claims.api.editorial import claim_in, error_of, quote_in, user_in
from tests.factories import ArticleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TRICKY = 'He said "no, never",\nthen left'
NON_ASCII = "Токаев сказал: «Экспорт вырос» — Đà Nẵng"
NON_BMP = "Gajah 🐘 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math"
FORMULA = '=HYPERLINK("http://evil.example","click")'
PLAIN = "Prices fell sharply"
TEXT = f'"{TRICKY}." "{NON_ASCII}." "{NON_BMP}." "{FORMULA}." "{PLAIN}," said Rina. '
TEXT += "Losses of -5 percent and 1.5 million tonnes were reported."


def body_of(response: Any) -> str:
    assert response.status_code == 200, response.content[:500] if not response.streaming else ""
    assert response.streaming, "an export is streamed"
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response: Any) -> list[dict[str, str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    return list(csv.DictReader(io.StringIO(body_of(response), newline="")))


def jsonl_rows(response: Any) -> list[dict[str, Any]]:
    lines = body_of(response).split("\n")
    assert lines[-1] == "", "every line ends with a newline"
    return [json.loads(line) for line in lines[:-1]]


@pytest.fixture
def world() -> dict[str, Any]:
    paper = Publication.objects.create(name="Kabar Harian", domain="kabar.example")
    article = ArticleFactory(
        text=TEXT, title="Harga, \"pangan\" & ekspor", publication=paper,
        canonical_url="https://kabar.example/harga",
        published_at=datetime.datetime(2025, 3, 1, 7, 30, tzinfo=datetime.UTC),
    )  # fmt: skip
    rina = SpeakerFactory(name="Rina Sari")
    editor = user_in("editor")
    quotes = {
        name: quote_in(article, words, speaker=rina if name == "plain" else None)
        for name, words in (
            ("tricky", TRICKY), ("non_ascii", NON_ASCII), ("non_bmp", NON_BMP),
            ("formula", FORMULA), ("plain", PLAIN),
        )
    }  # fmt: skip
    reviewed = timezone.now()
    Quote.objects.filter(pk=quotes["plain"].pk).update(
        status=ReviewStatus.CONFIRMED, reviewer=editor, reviewed_at=reviewed
    )
    older = timezone.now() - datetime.timedelta(days=3)
    for rating, published_at in ((Verdict.Rating.TRUE, older), (Verdict.Rating.FALSE, reviewed)):
        Verdict.objects.create(
            quote=quotes["plain"], rating=rating, explanation="Checked.", author=editor,
            status=Verdict.Status.PUBLISHED, published_at=published_at,
        )  # fmt: skip
    Verdict.objects.create(  # a later draft is not a published rating
        quote=quotes["plain"], rating=Verdict.Rating.MISLEADING, explanation="Draft.",
        author=editor,
    )  # fmt: skip
    claims = {
        "negative": claim_in(article, "-5 percent", "-5"),
        "range": claim_in(
            article, "1.5 million tonnes", "1500000", unit="tonne", value_max="2500000.5",
            qualifier=NumericClaim.Qualifier.RANGE, subject="losses", period="2024",
        ),
    }  # fmt: skip
    return {
        "article": article, "paper": paper, "rina": rina, "editor": editor,
        "reviewed": reviewed, **quotes, **claims,
    }  # fmt: skip


def test_csv_holds_every_quote_in_the_lists_order_with_a_header_row(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    listed = [item["id"] for item in anonymous.get("/api/quotes/").json()["results"]]

    response = anonymous.get("/api/quotes/?format=csv")
    rows = csv_rows(response)

    assert [int(row["id"]) for row in rows] == listed
    assert tuple(rows[0]) == export_columns(model=Quote)
    today = timezone.now().date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="quotes-{today}.csv"'


def test_csv_quotes_commas_quotes_line_breaks_and_keeps_any_unicode(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    rows = {int(row["id"]): row for row in csv_rows(anonymous.get("/api/quotes/?format=csv"))}

    for name in ("tricky", "non_ascii", "non_bmp", "plain"):
        assert rows[world[name].pk]["text"] == world[name].text
    article = rows[world["plain"].pk]
    assert article["article_title"] == 'Harga, "pangan" & ekspor'


def test_csv_cells_that_would_run_as_formulas_are_prefixed_but_numbers_are_not(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    quotes = {int(row["id"]): row for row in csv_rows(anonymous.get("/api/quotes/?format=csv"))}
    claims = {
        int(row["id"]): row for row in csv_rows(anonymous.get("/api/numeric-claims/?format=csv"))
    }

    assert quotes[world["formula"].pk]["text"] == "'" + FORMULA
    assert claims[world["negative"].pk]["surface"] == "'-5 percent"  # text, guarded
    assert claims[world["negative"].pk]["value"] == "-5"  # a number, kept


def test_jsonl_is_one_exact_object_per_line(world: dict[str, Any], anonymous: APIClient) -> None:
    response = anonymous.get("/api/quotes/?format=jsonl")

    assert response["Content-Type"] == "application/jsonl"
    rows = {row["id"]: row for row in jsonl_rows(response)}
    assert len(rows) == 5
    for name in ("tricky", "non_ascii", "non_bmp", "formula"):
        assert rows[world[name].pk]["text"] == world[name].text  # no guard: exact
    assert "🐘" in body_of(anonymous.get("/api/quotes/?format=jsonl"))  # UTF-8, not \\ud83d


def test_a_row_carries_its_article_speaker_review_and_latest_published_rating(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    rows = {row["id"]: row for row in jsonl_rows(anonymous.get("/api/quotes/?format=jsonl"))}
    plain, unrated = rows[world["plain"].pk], rows[world["tricky"].pk]

    assert plain["article_id"] == world["article"].pk
    assert plain["article_url"] == "https://kabar.example/harga"
    assert plain["article_title"] == world["article"].title
    assert plain["publication"] == "Kabar Harian"
    assert plain["published_at"] == "2025-03-01T07:30:00Z"
    assert (plain["speaker_id"], plain["speaker_name"]) == (world["rina"].pk, "Rina Sari")
    assert plain["status"] == "confirmed"
    assert plain["reviewed_by"] == world["editor"].username
    assert plain["reviewed_at"] == world["reviewed"].isoformat().replace("+00:00", "Z")
    assert plain["verdict_rating"] == "false"  # the latest published, not the later draft
    assert (unrated["speaker_id"], unrated["reviewed_by"], unrated["verdict_rating"]) == (
        None, None, None,
    )  # fmt: skip


def test_claims_export_their_figures_exactly(world: dict[str, Any], anonymous: APIClient) -> None:
    response = anonymous.get("/api/numeric-claims/?format=jsonl")
    rows = {row["id"]: row for row in jsonl_rows(response)}
    tonnes = rows[world["range"].pk]

    assert tuple(tonnes) == export_columns(model=NumericClaim)
    assert (tonnes["value"], tonnes["value_max"]) == ("1500000", "2500000.5")
    assert (tonnes["unit"], tonnes["qualifier"], tonnes["subject"], tonnes["period"]) == (
        "tonne", "range", "losses", "2024",
    )  # fmt: skip
    assert rows[world["negative"].pk]["value_max"] is None
    today = timezone.now().date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="numeric-claims-{today}.jsonl"'
    )


def test_the_lists_filters_search_and_ordering_apply(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    def exported(query: str) -> list[int]:
        return [
            row["id"] for row in jsonl_rows(anonymous.get(f"/api/quotes/?format=jsonl&{query}"))
        ]

    assert exported("speaker_name=rina+sari") == [world["plain"].pk]
    assert exported("status=candidate&ordering=id") == sorted(
        world[name].pk for name in ("tricky", "non_ascii", "non_bmp", "formula")
    )
    assert exported("rating=false") == [world["plain"].pk]
    assert exported("q=gajah") == [world["non_bmp"].pk]
    claims = jsonl_rows(anonymous.get("/api/numeric-claims/?format=jsonl&value_gte=1000000"))
    assert [row["id"] for row in claims] == [world["range"].pk]


def test_an_export_is_not_paginated(world: dict[str, Any], anonymous: APIClient) -> None:
    rows = jsonl_rows(anonymous.get("/api/quotes/?format=jsonl&page_size=2"))

    assert len(rows) == 5


def test_accept_headers_choose_the_format(world: dict[str, Any], anonymous: APIClient) -> None:
    as_csv = anonymous.get("/api/quotes/", HTTP_ACCEPT="text/csv")
    as_ndjson = anonymous.get("/api/quotes/", HTTP_ACCEPT="application/x-ndjson")

    assert len(csv_rows(as_csv)) == 5
    assert as_ndjson["Content-Type"] == "application/x-ndjson"
    assert len(jsonl_rows(as_ndjson)) == 5
    assert anonymous.get("/api/quotes/", HTTP_ACCEPT="application/json").json()["results"]


def test_an_export_is_one_query_whatever_its_size(
    anonymous: APIClient, django_assert_max_num_queries: Any
) -> None:
    # The transaction's statements (SAVEPOINT and RELEASE inside the test's transaction, and
    # SET LOCAL cursor_tuple_fraction) are counted too: the export itself is one SELECT.
    counts = []
    for size in (2, 40):
        article = ArticleFactory(text=" ".join(f"word{n}." for n in range(size)))
        editor = user_in("editor")
        for n in range(size):
            quote = quote_in(article, f"word{n}.", speaker=SpeakerFactory())
            Quote.objects.filter(pk=quote.pk).update(reviewer=editor, edited_by=editor)
        with django_assert_max_num_queries(4) as captured:
            rows = jsonl_rows(anonymous.get(f"/api/quotes/?format=jsonl&article={article.pk}"))
        assert len(rows) == size
        counts.append(len(captured))
        selects = [q["sql"] for q in captured.captured_queries if "SELECT" in q["sql"]]
        assert len(selects) == 1, selects
    assert counts[0] == counts[1]


def test_rows_are_read_in_chunks_of_the_size_asked(world: dict[str, Any]) -> None:
    export = candidates_export(items=Quote.objects.order_by("id"), chunk_size=2)

    assert [row[0] for row in export.rows] == sorted(
        world[name].pk for name in ("tricky", "non_ascii", "non_bmp", "formula", "plain")
    )


def test_an_unknown_format_is_a_json_404_and_an_unmet_accept_a_json_406(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    assert error_of(anonymous.get("/api/quotes/?format=xml"), 404)["code"] == "not_found"
    refused = anonymous.get("/api/quotes/", HTTP_ACCEPT="application/xml")
    assert error_of(refused, 406)["code"] == "not_acceptable"
    # An item is not exportable: its formats are JSON's.
    assert error_of(anonymous.get(f"/api/quotes/{world['plain'].pk}/?format=csv"), 404)


def test_a_bad_filter_on_an_export_is_a_json_400_naming_it(anonymous: APIClient) -> None:
    for query in ("format=csv&speaker=Rina", "format=jsonl&colour=red", "format=csv&page_size=0"):
        response = anonymous.get(f"/api/quotes/?{query}")
        assert response["Content-Type"] == "application/json"
        assert error_of(response, 400)["field"] in ("speaker", "colour", "page_size")


def test_the_schema_documents_the_formats(anonymous: APIClient) -> None:
    schema = anonymous.get("/api/schema/?format=json").json()
    for path in ("/api/quotes/", "/api/numeric-claims/"):
        listing = schema["paths"][path]["get"]
        formats = [p for p in listing["parameters"] if p["name"] == "format"]
        assert formats
        assert sorted(formats[0]["schema"]["enum"]) == ["csv", "json", "jsonl"]
        content = listing["responses"]["200"]["content"]
        assert {"application/json", "text/csv", "application/jsonl"} <= set(content)
        assert "Paginated" in content["application/json"]["schema"]["$ref"]  # pages, as before
        assert {"400", "404", "406"} <= set(listing["responses"])


def test_articles_stay_unexportable(anonymous: APIClient) -> None:
    ArticleFactory()
    assert error_of(anonymous.get("/api/articles/?format=csv"), 404)
    assert Article.objects.exists()


def test_the_row_writers_spell_values_the_same_way() -> None:
    moment = datetime.datetime(
        2025, 3, 1, 14, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    row = ("-x", -2, -0.5, Decimal("12.5000000000"), Decimal("-0E-10"), moment, True, None)
    columns = ("a", "b", "c", "d", "e", "f", "g", "h")

    header, written = csv.reader(io.StringIO(b"".join(csv_lines(columns, [row])).decode()))
    (line,) = b"".join(jsonl_lines(columns, [row])).decode().splitlines()

    assert header == list(columns)
    assert written == ["'-x", "-2", "-0.5", "12.5", "0", "2025-03-01T07:30:00Z", "true", ""]
    assert json.loads(line) == {
        "a": "-x", "b": -2, "c": -0.5, "d": "12.5", "e": "0", "f": "2025-03-01T07:30:00Z",
        "g": True, "h": None,
    }  # fmt: skip


def test_an_export_needing_a_token_is_refused_in_json(anonymous: APIClient, settings: Any) -> None:
    settings.FACTDB_ANONYMOUS_READ = False

    response = anonymous.get("/api/quotes/?format=csv")

    assert response["Content-Type"] == "application/json"
    assert error_of(response, 401)["code"] == "not_authenticated"
