"""Published verdicts as schema.org ClaimReview JSON-LD: one, and the feed of them.

The properties checked are those Google's fact-check documentation requires (claimReviewed,
reviewRating with alternateName, url) and recommends (author, datePublished, itemReviewed as
a Claim with author, appearance and datePublished).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.claimreview import RATING_VALUES, rating
from claims.models import NumericClaim, Quote, ReviewStatus, Verdict
from sources.models import Publication
from tests.claims.api.editorial import claim_in, error_of, quote_in
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

ARTICLE_DATE = datetime.datetime(2024, 3, 5, 9, 30, tzinfo=datetime.UTC)
PUBLISHED = datetime.datetime(2024, 3, 7, 16, 0, tzinfo=datetime.UTC)


def published_verdict(item: Quote | NumericClaim, **fields: Any) -> Verdict:
    item.status, item.reviewed_at = ReviewStatus.CONFIRMED, timezone.now()
    item.save()
    values = {
        "rating": "mostly_true", "explanation": "The rate was 5.2 percent.",
        "evidence_links": ["https://stats.example.org/jobs"], "status": "published",
        "published_at": PUBLISHED, "author": UserFactory(), **fields,
    }  # fmt: skip
    key = "quote" if isinstance(item, Quote) else "numeric_claim"
    return Verdict.objects.create(**{key: item}, **values)


@pytest.fixture
def news_article() -> Any:
    return ArticleFactory(
        text='Minister Jane Doe said: "Unemployment fell to 5 percent last year." '
        "Growth was 3 percent in 2023.",
        title="Jobs report",
        canonical_url="https://news.example.com/jobs-report",
        published_at=ARTICLE_DATE,
        publication=Publication.objects.create(name="Example News", domain="news.example.com"),
    )


@pytest.fixture
def quoted(news_article: Any) -> Quote:
    speaker = SpeakerFactory(name="Jane Doe", role="Minister of Labour", wikidata_id="Q42")
    return quote_in(news_article, "Unemployment fell to 5 percent last year.", speaker=speaker)


def test_a_published_verdict_carries_every_required_and_recommended_property(
    quoted: Quote, settings: Any
) -> None:
    settings.FACTDB_PUBLIC_URL = "https://facts.example.org"
    settings.FACTDB_ORGANISATION_NAME = "Example Fact Check"
    verdict = published_verdict(quoted)

    response = APIClient().get(f"/api/verdicts/{verdict.pk}/claimreview/")

    assert response.status_code == 200
    review = response.json()
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Unemployment fell to 5 percent last year."
    assert review["url"] == f"https://facts.example.org/api/verdicts/{verdict.pk}/claimreview/"
    assert review["reviewRating"] == {
        "@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1,
        "alternateName": "Mostly true", "name": "Mostly true",
    }  # fmt: skip
    assert review["author"] == {
        "@type": "Organization", "name": "Example Fact Check", "url": "https://facts.example.org",
    }  # fmt: skip
    assert review["datePublished"] == "2024-03-07"
    assert review["reviewBody"] == "The rate was 5.2 percent."
    assert review["citation"] == ["https://stats.example.org/jobs"]
    assert review["inLanguage"] == "en"
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {
            "@type": "Person", "name": "Jane Doe", "jobTitle": "Minister of Labour",
            "sameAs": "https://www.wikidata.org/wiki/Q42",
        },
        "datePublished": "2024-03-05",
        "appearance": {
            "@type": "NewsArticle", "url": "https://news.example.com/jobs-report",
            "headline": "Jobs report", "datePublished": "2024-03-05",
            "publisher": {"@type": "Organization", "name": "Example News"},
        },
    }  # fmt: skip
    assert "dateModified" not in review
    assert "correction" not in review


def test_without_a_public_url_the_url_is_where_the_request_came(quoted: Quote) -> None:
    verdict = published_verdict(quoted)

    review = APIClient().get(f"/api/verdicts/{verdict.pk}/claimreview/").json()

    assert review["url"] == f"http://testserver/api/verdicts/{verdict.pk}/claimreview/"
    assert review["author"] == {"@type": "Organization", "name": "FactDB"}


def test_the_url_leads_to_the_claimreview_itself(quoted: Quote) -> None:
    verdict = published_verdict(quoted)
    review = APIClient().get(f"/api/verdicts/{verdict.pk}/claimreview/").json()

    again = APIClient().get(review["url"].removeprefix("http://testserver"))

    assert again.json() == review


def test_a_corrected_verdict_says_when_and_what_was_corrected(quoted: Quote) -> None:
    corrected_at = datetime.datetime(2024, 4, 1, 8, 0, tzinfo=datetime.UTC)
    verdict = published_verdict(
        quoted, rating="half_true", status="corrected", corrected_at=corrected_at,
        correction_note="The rate was revised to 5.6 percent.",
    )  # fmt: skip

    review = APIClient().get(f"/api/verdicts/{verdict.pk}/claimreview/").json()

    assert review["datePublished"] == "2024-03-07"
    assert review["dateModified"] == "2024-04-01"
    assert review["correction"] == {
        "@type": "CorrectionComment", "text": "The rate was revised to 5.6 percent.",
        "datePublished": "2024-04-01",
    }  # fmt: skip
    assert review["reviewRating"]["alternateName"] == "Half true"


def test_a_figure_without_a_speaker_or_a_dated_article_is_still_a_claim_with_an_appearance(
    article: Any,
) -> None:
    verdict = published_verdict(claim_in(article, "3 percent", "3"), rating="false")

    review = APIClient().get(f"/api/verdicts/{verdict.pk}/claimreview/").json()

    assert review["claimReviewed"] == "3 percent"
    assert review["itemReviewed"] == {
        "@type": "Claim", "appearance": {"@type": "NewsArticle", "headline": "Jobs report"},
    }  # fmt: skip
    assert review["reviewRating"]["ratingValue"] == 1


def test_a_figure_is_reviewed_after_its_subject_when_known(article: Any) -> None:
    claim = claim_in(article, "3 percent", "3", subject="economic growth")
    verdict = published_verdict(claim)

    review = APIClient().get(f"/api/verdicts/{verdict.pk}/claimreview/").json()

    assert review["claimReviewed"] == "economic growth: 3 percent"


def test_a_draft_has_no_claimreview(quoted: Quote, as_editor: APIClient) -> None:
    draft = published_verdict(quoted, status="draft", published_at=None)

    error = error_of(as_editor.get(f"/api/verdicts/{draft.pk}/claimreview/"), 404)

    assert "no published verdict" in error["message"]
    error_of(as_editor.get("/api/verdicts/999999/claimreview/"), 404)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", (5, "True")), ("mostly_true", (4, "Mostly true")),
        ("half_true", (3, "Half true")), ("mostly_false", (2, "Mostly false")),
        ("false", (1, "False")), ("misleading", (2, "Misleading")),
        ("unverifiable", (None, "Unverifiable")),
    ],
)  # fmt: skip
def test_each_rating_has_its_label_and_place_on_the_scale(
    value: str, expected: tuple[int | None, str]
) -> None:
    described = rating(value)

    assert (described.get("ratingValue"), described["alternateName"]) == expected
    assert described["name"] == described["alternateName"]
    if expected[0] is None:
        assert "bestRating" not in described
    else:
        assert (described["bestRating"], described["worstRating"]) == (5, 1)


def test_every_rating_but_unverifiable_is_on_the_scale() -> None:
    assert set(Verdict.Rating.values) - set(RATING_VALUES) == {"unverifiable"}


def test_the_feed_lists_published_verdicts_latest_first_in_pages_and_few_queries(
    news_article: Any, django_assert_max_num_queries: Any, settings: Any
) -> None:
    settings.FACTDB_ANONYMOUS_READ = False  # the feed is public whatever the setting
    words = ["Unemployment fell to 5 percent last year.", "Minister Jane Doe", "Growth was"]
    verdicts = [
        published_verdict(
            quote_in(news_article, text, speaker=SpeakerFactory()),
            published_at=PUBLISHED + datetime.timedelta(days=index),
        )
        for index, text in enumerate(words)
    ]
    published_verdict(claim_in(news_article, "3 percent", "3"), status="draft", published_at=None)

    with django_assert_max_num_queries(2):
        page = APIClient().get("/api/claimreviews/", {"page_size": 2}).json()

    assert [review["claimReviewed"] for review in page["results"]] == [words[2], words[1]]
    assert all(review["@type"] == "ClaimReview" for review in page["results"])
    rest = APIClient().get(page["next"]).json()
    assert [review["url"].split("/")[-3] for review in rest["results"]] == [str(verdicts[0].pk)]
    assert rest["next"] is None


def test_a_claimreview_is_public_even_when_other_reads_need_a_token(
    quoted: Quote, settings: Any
) -> None:
    settings.FACTDB_ANONYMOUS_READ = False
    verdict = published_verdict(quoted)

    assert APIClient().get(f"/api/verdicts/{verdict.pk}/claimreview/").status_code == 200
    error_of(APIClient().get(f"/api/verdicts/{verdict.pk}/"), 401)
