"""A published verdict as schema.org ClaimReview JSON-LD: the form in which fact-checks are
shared with search engines and fact-check aggregators.

The properties are schema.org's, chosen as Google's fact-check documentation asks:
`claimReviewed`, `reviewRating` (a Rating with `alternateName`) and `url` are required;
`author`, `datePublished` and `itemReviewed` (a Claim with its `author`, `appearance` and
`datePublished`) recommended. A correction adds `dateModified` and a `correction` note.
`claimReviewed` is a quote's words, or a figure as written after its subject, when known.

Ratings on the truth scale carry a `ratingValue` from 1 (false) to 5 (true): true 5, mostly
true 4, half true 3, mostly false 2, false 1; misleading is 2, as a claim that misleads
reads closer to false than to true. Unverifiable is on no scale: it carries its label only.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from claims.models import NumericClaim, Quote, Speaker, Verdict
from sources.models import Article

SCHEMA_ORG = "https://schema.org"
BEST_RATING, WORST_RATING = 5, 1
RATING_VALUES: dict[str, int] = {
    Verdict.Rating.TRUE: 5,
    Verdict.Rating.MOSTLY_TRUE: 4,
    Verdict.Rating.HALF_TRUE: 3,
    Verdict.Rating.MOSTLY_FALSE: 2,
    Verdict.Rating.FALSE: 1,
    Verdict.Rating.MISLEADING: 2,
}
WIKIDATA_ENTITY = "https://www.wikidata.org/wiki/"


def claim_review(verdict: Verdict, *, url: str) -> dict[str, Any]:
    """The ClaimReview of a published (or corrected) verdict, published at `url`.

    Reads the verdict's item, its speaker, article and publication: select them with it.
    """
    item: Quote | NumericClaim | None = verdict.quote or verdict.numeric_claim
    assert item is not None, "a verdict rates a quote or a numeric claim"
    review: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": _claim_reviewed(item),
        "reviewRating": rating(verdict.rating),
        "reviewBody": verdict.explanation,
        "itemReviewed": _claim(item),
        "author": _organisation(),
    }
    if verdict.published_at is not None:
        review["datePublished"] = _date(verdict.published_at)
    if verdict.status == Verdict.Status.CORRECTED and verdict.corrected_at is not None:
        review["dateModified"] = _date(verdict.corrected_at)
        review["correction"] = {
            "@type": "CorrectionComment",
            "text": verdict.correction_note,
            "datePublished": _date(verdict.corrected_at),
        }
    if verdict.evidence_links:
        review["citation"] = list(verdict.evidence_links)
    if item.language:
        review["inLanguage"] = item.language
    return review


def rating(value: str) -> dict[str, Any]:
    """A verdict's rating as a schema.org Rating: its label, and its place on the scale."""
    label = Verdict.Rating(value).label
    described: dict[str, Any] = {"@type": "Rating"}
    if value in RATING_VALUES:
        described.update(
            ratingValue=RATING_VALUES[value], bestRating=BEST_RATING, worstRating=WORST_RATING
        )
    described["alternateName"] = described["name"] = label[:1].upper() + label[1:]
    return described


def verdict_public_url(*, verdict_id: int, request: HttpRequest) -> str:
    """Where a verdict's ClaimReview is published: its endpoint, at FACTDB_PUBLIC_URL when
    that is set, else at the address the request came to."""
    path = reverse("verdict-claimreview", kwargs={"pk": verdict_id})
    base = str(settings.FACTDB_PUBLIC_URL).rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def _claim_reviewed(item: Quote | NumericClaim) -> str:
    """A quote's words; a figure as written, after what it counts when that is known (the
    figure alone, "3 percent", says nothing to a reader)."""
    if isinstance(item, Quote):
        return item.text
    return f"{item.subject}: {item.surface}" if item.subject else item.surface


def _claim(item: Quote | NumericClaim) -> dict[str, Any]:
    claim: dict[str, Any] = {"@type": "Claim"}
    if item.speaker is not None:
        claim["author"] = _person(item.speaker)
    article = item.article
    if article.published_at is not None:
        claim["datePublished"] = _date(article.published_at)
    claim["appearance"] = _appearance(article)
    return claim


def _person(speaker: Speaker) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    if speaker.role:
        person["jobTitle"] = speaker.role
    if speaker.wikidata_id:
        person["sameAs"] = WIKIDATA_ENTITY + speaker.wikidata_id
    return person


def _appearance(article: Article) -> dict[str, Any]:
    appearance: dict[str, Any] = {"@type": "NewsArticle"}
    url = article.canonical_url or article.original_url
    if url:
        appearance["url"] = url
    if article.title:
        appearance["headline"] = article.title
    if article.published_at is not None:
        appearance["datePublished"] = _date(article.published_at)
    if article.publication is not None:
        appearance["publisher"] = {"@type": "Organization", "name": article.publication.name}
    return appearance


def _organisation() -> dict[str, Any]:
    organisation: dict[str, Any] = {
        "@type": "Organization",
        "name": str(settings.FACTDB_ORGANISATION_NAME),
    }
    if settings.FACTDB_PUBLIC_URL:
        organisation["url"] = str(settings.FACTDB_PUBLIC_URL)
    return organisation


def _date(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


# What the OpenAPI schema says of the JSON-LD. Its names (`@type`) are no Python names, so
# each serializer lists its fields in get_fields(); to_representation builds the real thing.
class _Typed(serializers.Serializer[Any]):
    type_name = ""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {"@type": serializers.CharField(help_text=f'"{self.type_name}"')}


class RatingSchemaSerializer(_Typed):
    type_name = "Rating"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            **super().get_fields(),
            "ratingValue": serializers.IntegerField(
                required=False,
                help_text="1 false … 5 true (misleading 2); absent for unverifiable",
            ),
            "bestRating": serializers.IntegerField(required=False, help_text="5"),
            "worstRating": serializers.IntegerField(required=False, help_text="1"),
            "alternateName": serializers.CharField(help_text='the rating, e.g. "Mostly true"'),
            "name": serializers.CharField(help_text="the same as alternateName"),
        }


class OrganisationSchemaSerializer(_Typed):
    type_name = "Organization"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            **super().get_fields(),
            "name": serializers.CharField(),
            "url": serializers.URLField(required=False),
        }


class PersonSchemaSerializer(_Typed):
    type_name = "Person"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            **super().get_fields(),
            "name": serializers.CharField(),
            "jobTitle": serializers.CharField(required=False),
            "sameAs": serializers.URLField(required=False, help_text="the Wikidata entity"),
        }


class AppearanceSchemaSerializer(_Typed):
    type_name = "NewsArticle"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            **super().get_fields(),
            "url": serializers.URLField(required=False),
            "headline": serializers.CharField(required=False),
            "datePublished": serializers.DateField(required=False),
            "publisher": OrganisationSchemaSerializer(required=False),
        }


class ClaimSchemaSerializer(_Typed):
    type_name = "Claim"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            **super().get_fields(),
            "author": PersonSchemaSerializer(required=False, help_text="the speaker, if known"),
            "datePublished": serializers.DateField(required=False),
            "appearance": AppearanceSchemaSerializer(help_text="the article it was said in"),
        }


class CorrectionSchemaSerializer(_Typed):
    type_name = "CorrectionComment"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            **super().get_fields(),
            "text": serializers.CharField(),
            "datePublished": serializers.DateField(),
        }


class ClaimReviewSerializer(_Typed):
    """A published verdict as schema.org ClaimReview; needs the request in its context."""

    type_name = "ClaimReview"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "@context": serializers.CharField(help_text=f'"{SCHEMA_ORG}"'),
            **super().get_fields(),
            "url": serializers.URLField(help_text="where this ClaimReview is published"),
            "claimReviewed": serializers.CharField(
                help_text="the quote's words, or the figure as written after its subject"
            ),
            "reviewRating": RatingSchemaSerializer(),
            "reviewBody": serializers.CharField(help_text="the verdict's explanation"),
            "itemReviewed": ClaimSchemaSerializer(),
            "author": OrganisationSchemaSerializer(help_text="FACTDB_ORGANISATION_NAME"),
            "datePublished": serializers.DateField(),
            "dateModified": serializers.DateField(required=False, help_text="when corrected"),
            "correction": CorrectionSchemaSerializer(required=False),
            "citation": serializers.ListField(
                child=serializers.URLField(), required=False, help_text="the evidence links"
            ),
            "inLanguage": serializers.CharField(required=False),
        }

    def to_representation(self, instance: Verdict) -> dict[str, Any]:
        url = verdict_public_url(verdict_id=instance.pk, request=self.context["request"])
        return claim_review(instance, url=url)
