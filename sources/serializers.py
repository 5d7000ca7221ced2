"""API input accepted to ingest articles, and representations of ingest jobs and feeds."""

from __future__ import annotations

from rest_framework import serializers

from factdb.api.serializers import ModelConstraintsValidated
from sources.models import Feed, IngestJob


class ArticleIngestSerializer(serializers.Serializer[None]):
    """An article sent as text or as a web page's HTML. The service validates the text."""

    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    original_url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    byline = serializers.CharField(required=False, allow_blank=True, max_length=500)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    language = serializers.CharField(required=False, allow_blank=True, max_length=16)
    publication = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if ("text" in attrs) == ("html" in attrs):
            raise serializers.ValidationError({"text": ["send either 'text' or 'html'"]})
        return attrs


class IngestJobSerializer(serializers.ModelSerializer[IngestJob]):
    processed = serializers.IntegerField(source="processed_count", read_only=True)

    class Meta:
        model = IngestJob
        fields = [
            "id", "kind", "source", "status", "total", "processed", "new_count",
            "duplicate_count", "failed_count", "errors", "created_at", "started_at",
            "finished_at",
        ]  # fmt: skip


class IngestJobCreateSerializer(serializers.Serializer[None]):
    """A bulk job: items are {"url"} or {"text" or "html", "title", "url", ...}."""

    items = serializers.ListField(child=serializers.DictField(), allow_empty=False)
    source = serializers.CharField(  # type: ignore[assignment]  # a field named like Field.source
        required=False, allow_blank=True, max_length=5000
    )


class FeedSerializer(ModelConstraintsValidated, serializers.ModelSerializer[Feed]):
    """A feed subscription; a poll interval under a minute is refused (the model's constraint)."""

    class Meta:
        model = Feed
        fields = [
            "id", "url", "title", "publication", "poll_interval", "is_active", "last_polled_at",
            "next_poll_at", "last_error", "failure_count", "created_at",
        ]  # fmt: skip
        read_only_fields = [
            "title", "last_polled_at", "next_poll_at", "last_error", "failure_count", "created_at",
        ]  # fmt: skip
