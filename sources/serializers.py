"""API representations of articles, and the input accepted to ingest one."""

from __future__ import annotations

from rest_framework import serializers

from claims.serializers import NumericClaimSerializer, QuoteSerializer
from sources.models import Article


class ArticleSerializer(serializers.ModelSerializer[Article]):
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


class ArticleIngestSerializer(serializers.Serializer[None]):
    """What a client sends to ingest an article as text. The service validates the text."""

    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    original_url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    byline = serializers.CharField(required=False, allow_blank=True, max_length=500)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    language = serializers.CharField(required=False, allow_blank=True, max_length=16)


class ArticleAcceptedSerializer(serializers.Serializer[None]):
    id = serializers.IntegerField()
    status = serializers.CharField()
    created = serializers.BooleanField(help_text="false when the article was already stored")
