"""The public reads run a constant number of queries: a list, each filter, a search, a detail
and an export answer with as many queries for 30 rows as for one (no query per row: speakers,
articles, publications and verdicts come in the same query or in one more, not per item)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.models import NumericClaim, Quote, Speaker
from sources.models import Article, Publication
from tests.claims.api.editorial import claim_in, quote_in
from tests.factories import ArticleFactory

TEXT = (
    'Minister {name} said: "Unemployment fell to 5 percent last year." '
    "Growth was 3 percent in 2023, the ministry said."
)

Made = dict[str, Any]
# Each URL is built from the first row's objects, so a filter matches at least one row.
PATHS: dict[str, Callable[[Made], str]] = {
    "quote list": lambda m: "/api/quotes/",
    "claim list": lambda m: "/api/numeric-claims/",
    "quotes by status and language": lambda m: "/api/quotes/?status=candidate&language=en",
    "quotes by speaker": lambda m: f"/api/quotes/?speaker={m['speaker'].pk}",
    "quotes by speaker name": lambda m: "/api/quotes/?speaker_name=Jane%20Doe0",
    "quotes by publication": lambda m: f"/api/quotes/?publication={m['publication'].pk}",
    "quotes by article": lambda m: f"/api/quotes/?article={m['article'].pk}",
    "quotes by kind": lambda m: "/api/quotes/?kind=direct",
    "quotes by rating": lambda m: "/api/quotes/?rating=false",
    "quotes published between": lambda m: (
        "/api/quotes/?published_after=2020-01-01&published_before=2030-01-01"
    ),
    "quotes reviewed between": lambda m: (
        "/api/quotes/?reviewed_after=2020-01-01&reviewed_before=2030-01-01"
    ),
    "quotes ordered, page size": lambda m: "/api/quotes/?ordering=-confidence&page_size=100",
    "claims by unit, qualifier, values": lambda m: (
        "/api/numeric-claims/?unit=percent&qualifier=exact&value_gte=1&value_lte=10"
    ),
    "claims by period and kind": lambda m: "/api/numeric-claims/?period=2023&kind=actual",
    "quote search": lambda m: "/api/quotes/?q=unemployment",
    "quote search with a filter": lambda m: "/api/quotes/?q=unemployment%20-schools&language=en",
    "claim search": lambda m: "/api/numeric-claims/?q=growth",
    "speaker search": lambda m: "/api/speakers/?q=Doe",
    "article search": lambda m: "/api/articles/?q=Jobs",
    "quote detail": lambda m: f"/api/quotes/{m['quote'].pk}/",
    "claim detail": lambda m: f"/api/numeric-claims/{m['claim'].pk}/",
    "speaker detail": lambda m: f"/api/speakers/{m['speaker'].pk}/",
    "quotes as CSV": lambda m: "/api/quotes/?format=csv",
    "quotes as JSON Lines by speaker": lambda m: (
        f"/api/quotes/?format=jsonl&speaker={m['speaker'].pk}"
    ),
    "claims as CSV": lambda m: "/api/numeric-claims/?format=csv&unit=percent",
}


def rows_make(number: int) -> Made:
    """A quote and a claim in an article of its own publication, by a speaker of its own."""
    publication = Publication.objects.create(
        name=f"Daily {number}", domain=f"daily{number}.example", country="GB", language="en"
    )
    name = f"Jane Doe{number}"
    article: Article = ArticleFactory(
        text=TEXT.format(name=name),
        title=f"Jobs report {number}",
        publication=publication,
        language="en",
        published_at=datetime(2025, 1, 1 + number % 28, tzinfo=UTC),
    )
    speaker = Speaker.objects.create(name=name, aliases=[f"J. Doe{number}"])
    quote = quote_in(article, "Unemployment fell to 5 percent last year.", speaker=speaker)
    claim = claim_in(article, "3 percent", "3", speaker=speaker, period="2023", kind="actual")
    return {
        "publication": publication, "article": article, "speaker": speaker,
        "quote": quote, "claim": claim,
    }  # fmt: skip


def queries_of(client: APIClient, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_ACCEPT="*/*")
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (path, response.status_code, body[:300])
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PATHS)
def test_the_queries_per_request_do_not_grow_with_the_rows(
    name: str, django_assert_num_queries: Any
) -> None:
    client = APIClient()
    first = rows_make(0)
    path = PATHS[name](first)
    with_one = queries_of(client, path)

    for number in range(1, 30):
        rows_make(number)
    assert Quote.objects.count() == NumericClaim.objects.count() == 30

    with django_assert_num_queries(with_one):
        response = client.get(path, HTTP_ACCEPT="*/*")
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
