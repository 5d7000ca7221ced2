"""API representations of articles with what was found in them, speakers, quotes and claims."""

from __future__ import annotations

from rest_framework import serializers

from claims.models import ArticleExtraction, NumericClaim, Quote, Speaker
from sources.models import Article


class SpeakerSerializer(serializers.ModelSerializer[Speaker]):
    class Meta:
        model = Speaker
        fields = [
            "id", "name", "aliases", "role", "role_seen_at", "organisation", "country",
            "wikidata_id", "merged_into", "created_at", "updated_at",
        ]  # fmt: skip


class QuoteSerializer(serializers.ModelSerializer[Quote]):
    speaker_name = serializers.CharField(source="speaker.name", default=None, read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id", "article", "text", "start", "end", "kind", "speaker", "speaker_name",
            "speaker_mention", "confidence", "language", "extractor_version", "status",
            "reviewer", "reviewed_at", "created_at", "updated_at",
        ]  # fmt: skip


class NumericClaimSerializer(serializers.ModelSerializer[NumericClaim]):
    speaker_name = serializers.CharField(source="speaker.name", default=None, read_only=True)

    class Meta:
        model = NumericClaim
        fields = [
            "id", "article", "surface", "start", "end", "value", "value_max", "unit",
            "qualifier", "subject", "period", "kind", "speaker", "speaker_name",
            "speaker_mention", "confidence", "language", "extractor_version", "status",
            "reviewer", "reviewed_at", "created_at", "updated_at",
        ]  # fmt: skip


class ArticleSerializer(serializers.ModelSerializer[Article]):
    """An article with its extraction state (from `selectors.articles_with_extraction`)."""

    status = serializers.ChoiceField(
        source="extraction_status", choices=ArticleExtraction.Status.choices, read_only=True
    )
    attempts = serializers.IntegerField(source="extraction_attempts", read_only=True)
    last_error = serializers.CharField(source="extraction_last_error", read_only=True)
    extractor_version = serializers.CharField(source="extraction_extractor_version", read_only=True)
    extracted_at = serializers.DateTimeField(
        source="extraction_extracted_at", read_only=True, allow_null=True
    )

    class Meta:
        model = Article
        fields = [
            "id", "title", "canonical_url", "original_url", "byline", "published_at",
            "language", "publication", "feed", "status", "attempts", "last_error",
            "extractor_version", "duplicate_of", "created_at", "extracted_at",
        ]  # fmt: skip


class ArticleDetailSerializer(ArticleSerializer):
    quotes = QuoteSerializer(many=True, read_only=True)
    numeric_claims = NumericClaimSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "quotes", "numeric_claims"]


class ArticleAcceptedSerializer(serializers.Serializer[None]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ArticleExtraction.Status.choices)
    created = serializers.BooleanField(help_text="false when the article was already stored")
