"""Filters on the quote and claim lists, and their refusals: an unknown parameter or a bad
value is a 400 naming it, never silently ignored."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import NumericClaim, ReviewStatus, Speaker, Verdict
from sources.models import Publication
from tests.claims.api.editorial import claim_in, error_of, quote_in, user_in
from tests.factories import ArticleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TEXT = (
    '"Exports will double," said Kassym-Jomart Tokayev. "Prices fell," kata Rina. '
    "Exports grew more than 12 percent to $3 billion in 2023, from 2 to 5 million tonnes."
)


def ids(client: APIClient, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return {item["id"] for item in response.json()["results"]}


@pytest.fixture
def world() -> dict[str, Any]:
    paper = Publication.objects.create(name="Kabar Harian", domain="kabar.example")
    old = ArticleFactory(
        text=TEXT, publication=paper, language="en",
        published_at=datetime.datetime(2021, 5, 1, tzinfo=datetime.UTC),
    )  # fmt: skip
    new = ArticleFactory(
        text=TEXT + " Lagi.", published_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    )
    tokayev = SpeakerFactory(name="Kassym-Jomart Tokayev", aliases=["Tokáyev"])
    duplicate = SpeakerFactory(name="K. Tokayev")
    Speaker.objects.filter(pk=duplicate.pk).update(merged_into=tokayev)
    rina = SpeakerFactory(name="Rina Sari")
    reviewed = timezone.now() - datetime.timedelta(days=2)
    return {
        "paper": paper,
        "old": old,
        "new": new,
        "tokayev": tokayev,
        "q_old": quote_in(old, "Exports will double,", speaker=tokayev),
        "q_new": quote_in(
            new,
            "Prices fell,",
            speaker=rina,
            language="id",
            status=ReviewStatus.CONFIRMED,
            reviewed_at=reviewed,
            confidence=0.5,
        ),
        "c_percent": claim_in(
            old,
            "more than 12 percent",
            "12",
            qualifier=NumericClaim.Qualifier.MORE_THAN,
            period="2023",
        ),
        "c_usd": claim_in(old, "$3 billion", "3000000000", unit="USD", period="2023"),
        "c_range": claim_in(
            new, "from 2 to 5 million tonnes", "2000000", value_max="5000000", unit="tonne"
        ),
    }


def test_by_speaker_id_and_by_name_or_alias_also_of_a_speaker_merged_into_it(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    q_old = world["q_old"].pk
    assert ids(anonymous, f"/api/quotes/?speaker={world['tokayev'].pk}") == {q_old}
    assert ids(anonymous, "/api/quotes/?speaker_name=kassym-jomart+TOKAYEV") == {q_old}
    assert ids(anonymous, "/api/quotes/?speaker_name=Tok%C3%A1yev") == {q_old}  # the alias
    assert ids(anonymous, "/api/quotes/?speaker_name=Tokayev") == {q_old}  # accents aside
    assert ids(anonymous, "/api/quotes/?speaker_name=Kassym") == set()  # a name, not a word
    assert ids(anonymous, "/api/quotes/?speaker_name=K.+Tokayev") == {q_old}


def test_a_name_where_an_id_belongs_says_which_parameter_takes_names(anonymous: APIClient) -> None:
    error = error_of(anonymous.get("/api/quotes/?speaker=Sergei%20Lavrov"), 400)

    assert error["field"] == "speaker"
    assert "speaker_name" in error["message"]


def test_by_publication_article_language_status_and_kind(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    q_old, q_new = world["q_old"].pk, world["q_new"].pk
    assert ids(anonymous, f"/api/quotes/?publication={world['paper'].pk}") == {q_old}
    assert ids(anonymous, f"/api/quotes/?article={world['new'].pk}") == {q_new}
    assert ids(anonymous, "/api/quotes/?language=id") == {q_new}
    assert ids(anonymous, "/api/quotes/?status=confirmed") == {q_new}
    assert ids(anonymous, "/api/quotes/?kind=direct") == {q_old, q_new}


def test_by_dates_of_publication_and_review(world: dict[str, Any], anonymous: APIClient) -> None:
    q_old, q_new = world["q_old"].pk, world["q_new"].pk
    assert ids(anonymous, "/api/quotes/?published_after=2024-01-01") == {q_new}
    assert ids(anonymous, "/api/quotes/?published_before=2024-01-01T00:00:00Z") == {q_old}
    assert ids(anonymous, "/api/quotes/?published_after=2021-05-01") == {q_old, q_new}
    # An offset PostgreSQL would refuse (-20:44) is read in UTC.
    assert ids(anonymous, "/api/quotes/?published_after=2024-12-31T03:16:00-20:44") == {q_new}
    week_ago = (timezone.now() - datetime.timedelta(days=7)).date().isoformat()
    assert ids(anonymous, f"/api/quotes/?reviewed_after={week_ago}") == {q_new}
    assert ids(anonymous, f"/api/quotes/?reviewed_before={week_ago}") == set()


def test_by_published_verdict_rating(world: dict[str, Any], anonymous: APIClient) -> None:
    author = user_in("editor")
    Verdict.objects.create(
        quote=world["q_new"], rating=Verdict.Rating.FALSE, explanation="No.", author=author,
        status=Verdict.Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    Verdict.objects.create(
        quote=world["q_old"], rating=Verdict.Rating.FALSE, explanation="Draft.", author=author
    )

    assert ids(anonymous, "/api/quotes/?rating=false") == {world["q_new"].pk}
    assert ids(anonymous, "/api/quotes/?rating=true") == set()


def test_claims_by_unit_qualifier_period_and_value_range(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    percent, usd, tonnes = (world[k].pk for k in ("c_percent", "c_usd", "c_range"))
    assert ids(anonymous, "/api/numeric-claims/?unit=USD") == {usd}
    assert ids(anonymous, "/api/numeric-claims/?qualifier=more_than") == {percent}
    assert ids(anonymous, "/api/numeric-claims/?period=2023") == {percent, usd}
    assert ids(anonymous, "/api/numeric-claims/?value_gte=1000000") == {usd, tonnes}
    # A range matches a bound it overlaps: 2 to 5 million reaches 4 million.
    assert ids(anonymous, "/api/numeric-claims/?value_gte=4000000&value_lte=4000000") == {tonnes}
    assert ids(anonymous, "/api/numeric-claims/?value_lte=100") == {percent}


def test_ordering_by_confidence_and_value(world: dict[str, Any], anonymous: APIClient) -> None:
    body = anonymous.get("/api/numeric-claims/?ordering=-value").json()
    values = [float(item["value"]) for item in body["results"]]

    assert values == sorted(values, reverse=True)
    body = anonymous.get("/api/quotes/?ordering=confidence").json()
    assert [item["id"] for item in body["results"]] == [world["q_new"].pk, world["q_old"].pk]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/quotes/?serach=coal", "serach"),
        ("/api/quotes/?status=bogus", "status"),
        ("/api/quotes/?published_after=last+tuesday", "published_after"),
        ("/api/quotes/?published_before=0001-01-01T00:00:00%2B05:00", "published_before"),
        ("/api/quotes/?page_size=abc", "page_size"),
        ("/api/quotes/?page_size=0", "page_size"),
        ("/api/quotes/?page_size=501", "page_size"),
        ("/api/quotes/?ordering=text", "ordering"),
        ("/api/quotes/?ordering=id,confidence", "ordering"),
        ("/api/quotes/?cursor=YQ", "cursor"),
        ("/api/quotes/?cursor=cD1hYmM%3D", "cursor"),
        ("/api/numeric-claims/?value_gte=lots", "value_gte"),
        ("/api/numeric-claims/?qualifier=roughly", "qualifier"),
        ("/api/speakers/?page_size=-1", "page_size"),
        ("/api/articles/?colour=red", "colour"),
        ("/api/claimreviews/?rating=false", "rating"),
        ("/api/quotes/1/?whatever=1", "whatever"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(
    url: str, field: str, world: dict[str, Any], anonymous: APIClient
) -> None:
    error = error_of(anonymous.get(url), 400)

    assert error["field"] == field


def test_page_size_is_honoured_within_its_bounds(
    world: dict[str, Any], anonymous: APIClient
) -> None:
    body = anonymous.get("/api/quotes/?page_size=1").json()

    assert len(body["results"]) == 1
    assert body["next"]
