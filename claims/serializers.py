"""API representations of speakers, quotes and numeric claims."""

from __future__ import annotations

from rest_framework import serializers

from claims.models import NumericClaim, Quote, Speaker


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
