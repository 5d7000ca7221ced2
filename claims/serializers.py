"""API representations of articles with what was found in them, speakers, quotes, claims and
verdicts; what editors send to review and fix them; and the history of their changes."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import ArticleExtraction, NumericClaim, Quote, Speaker, Verdict
from claims.search import snippet_html
from claims.selectors import FieldChange, HistoryEntry
from claims.services.reviews import REVIEW_ACTIONS
from sources.models import Article


class _SearchRank(serializers.Serializer[Any]):
    """How well an item matched `q` (null without one): higher is better."""

    rank = serializers.FloatField(read_only=True, allow_null=True, default=None)


class _SearchMatch(_SearchRank):
    """The rank, and the passage that matched with its words between <mark> and </mark>
    (HTML-escaped, safe to show as HTML); both null without `q`."""

    snippet = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_snippet(self, item: Any) -> str | None:
        return snippet_html(getattr(item, "snippet", None))


class SpeakerSerializer(_SearchRank, serializers.ModelSerializer[Speaker]):
    class Meta:
        model = Speaker
        fields = [
            "id", "name", "aliases", "role", "role_seen_at", "organisation", "country",
            "wikidata_id", "merged_into", "version", "created_at", "updated_at", "rank",
        ]  # fmt: skip


class QuoteSerializer(_SearchMatch, serializers.ModelSerializer[Quote]):
    speaker_name = serializers.CharField(
        source="speaker.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Quote
        fields = [
            "id", "article", "text", "start", "end", "kind", "speaker", "speaker_name",
            "speaker_mention", "confidence", "language", "extractor_version", "status",
            "reviewer", "reviewed_at", "edited_by", "edited_at", "version", "created_at",
            "updated_at", "rank", "snippet",
        ]  # fmt: skip


class NumericClaimSerializer(_SearchMatch, serializers.ModelSerializer[NumericClaim]):
    speaker_name = serializers.CharField(
        source="speaker.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = NumericClaim
        fields = [
            "id", "article", "surface", "start", "end", "value", "value_max", "unit",
            "qualifier", "subject", "period", "kind", "speaker", "speaker_name",
            "speaker_mention", "confidence", "language", "extractor_version", "status",
            "reviewer", "reviewed_at", "edited_by", "edited_at", "version", "created_at",
            "updated_at", "rank", "snippet",
        ]  # fmt: skip


class ArticleSerializer(_SearchMatch, serializers.ModelSerializer[Article]):
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
            "extractor_version", "duplicate_of", "created_at", "extracted_at", "rank", "snippet",
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


# What editors send. Every write carries the version of the item the editor saw.
BULK_LIMIT = 500


def _version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, help_text="the item's version as you saw it; a stale one is a 409"
    )


class _KnownFieldsOnly(serializers.Serializer[Any]):
    """Refuses (400) a field it does not take, naming it, instead of ignoring it unseen.

    `read_only_hints` says, of fields the item shows but this input does not change, how they are
    changed instead."""

    read_only_hints: Mapping[str, str] = {}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            extra = sorted(str(name) for name in data if name not in self.fields)
            if extra:
                raise serializers.ValidationError({name: [self._refusal(name)] for name in extra})
        return super().to_internal_value(data)

    def _refusal(self, name: str) -> str:
        if name in self.read_only_hints:
            return f"“{name}” cannot be changed here: {self.read_only_hints[name]}"
        return f"“{name}” is not something you can send here; send {', '.join(self.fields)}."


class ReviewSerializer(_KnownFieldsOnly):
    action = serializers.ChoiceField(choices=REVIEW_ACTIONS)
    version = _version_field()


class VersionedIdSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(min_value=1)
    version = _version_field()


def _items_field() -> serializers.ListField:
    return serializers.ListField(
        child=VersionedIdSerializer(),
        min_length=1,
        max_length=BULK_LIMIT,
        help_text=f"the items, each with the version you saw; at most {BULK_LIMIT}",
        error_messages={
            "min_length": "Send at least one item.",
            "max_length": f"At most {BULK_LIMIT} items at once: send the rest in another request.",
        },
    )


class BulkReviewSerializer(_KnownFieldsOnly):
    action = serializers.ChoiceField(choices=REVIEW_ACTIONS)
    items = _items_field()


class _SpeakerChoice(serializers.Serializer[Any]):
    """A speaker for an item: `speaker` (an id, or null for none) or `speaker_name` (found or
    created by that name)."""

    speaker = serializers.IntegerField(
        min_value=1, allow_null=True, required=False, help_text="a speaker's id, or null for none"
    )
    speaker_name = serializers.CharField(
        max_length=300, required=False, help_text="a speaker by name: found, or created"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "speaker" in attrs and "speaker_name" in attrs:
            raise serializers.ValidationError({"speaker": "Give a speaker or a name, not both."})
        return attrs


class BulkSpeakerSerializer(_KnownFieldsOnly, _SpeakerChoice):
    items = _items_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if "speaker" not in attrs and "speaker_name" not in attrs:
            raise serializers.ValidationError(
                {"speaker": "Say which speaker: an id, null for none, or speaker_name."}
            )
        return attrs


class ItemOutcomeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    outcome = serializers.ChoiceField(
        choices=["changed", "unchanged", "conflict", "not_found", "refused"]
    )
    message = serializers.CharField(help_text="why it was not changed; empty when it was")
    version = serializers.IntegerField(
        allow_null=True, help_text="the item's version now; null when there is no such item"
    )


class BulkOutcomeSerializer(serializers.Serializer[Any]):
    results = ItemOutcomeSerializer(many=True)
    changed = serializers.IntegerField(help_text="how many items the action changed")


_CANDIDATE_READ_ONLY = {
    "status": "review it (POST …/review/ with confirm, reject or reopen).",
    "reviewer": "it is who reviewed it last.",
    "reviewed_at": "it is when it was reviewed last.",
    "edited_by": "it is who fixed it last.",
    "edited_at": "it is when it was fixed last.",
    "article": "an item stays in the article it was found in.",
    "confidence": "it is the engine's.",
    "language": "it is the article's.",
    "extractor_version": "it is the engine's.",
}


class _CandidateEditSerializer(_KnownFieldsOnly, _SpeakerChoice):
    """A fix to a candidate: its span, its speaker, and what the engine read."""

    version = _version_field()
    start = serializers.IntegerField(min_value=0, required=False, help_text="code-point offset")
    end = serializers.IntegerField(min_value=0, required=False, help_text="exclusive end")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if ("start" in attrs) != ("end" in attrs):
            missing = "end" if "start" in attrs else "start"
            raise serializers.ValidationError({missing: "Send the span's start and end together."})
        return attrs


class QuoteEditSerializer(_CandidateEditSerializer):
    read_only_hints = {
        **_CANDIDATE_READ_ONLY,
        "text": "the words follow the article: fix the span (start and end) instead.",
    }
    kind = serializers.ChoiceField(choices=Quote.Kind.choices, required=False)
    speaker_mention = serializers.CharField(max_length=300, allow_blank=True, required=False)


class NumericClaimEditSerializer(_CandidateEditSerializer):
    read_only_hints = {
        **_CANDIDATE_READ_ONLY,
        "surface": "the words follow the article: fix the span (start and end) instead.",
    }
    value = serializers.DecimalField(max_digits=40, decimal_places=10, required=False)
    value_max = serializers.DecimalField(
        max_digits=40, decimal_places=10, allow_null=True, required=False
    )
    unit = serializers.CharField(max_length=32, allow_blank=True, required=False)
    qualifier = serializers.ChoiceField(choices=NumericClaim.Qualifier.choices, required=False)
    subject = serializers.CharField(max_length=500, allow_blank=True, required=False)
    period = serializers.CharField(max_length=64, allow_blank=True, required=False)
    kind = serializers.ChoiceField(
        choices=NumericClaim.Kind.choices, allow_blank=True, required=False
    )


class SpeakerEditSerializer(_KnownFieldsOnly):
    read_only_hints = {
        "merged_into": "merge the speaker instead (POST …/merge/ with into and version).",
        "created_at": "it is when the speaker was first found.",
    }
    version = _version_field()
    name = serializers.CharField(max_length=300, required=False)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=200
    )
    role = serializers.CharField(max_length=300, allow_blank=True, required=False)
    role_seen_at = serializers.DateField(allow_null=True, required=False)
    organisation = serializers.CharField(max_length=300, allow_blank=True, required=False)
    country = serializers.CharField(
        max_length=2, allow_blank=True, required=False, help_text="ISO 3166-1 alpha-2"
    )
    wikidata_id = serializers.CharField(
        max_length=20, allow_blank=True, required=False, help_text="e.g. Q7747"
    )


class SpeakerMergeSerializer(_KnownFieldsOnly):
    into = serializers.IntegerField(min_value=1, help_text="the speaker that stays")
    version = _version_field()


class UserRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {"id": instance.pk, "username": instance.get_username()}


class VerdictSerializer(serializers.ModelSerializer[Verdict]):
    rating_label = serializers.CharField(source="get_rating_display", read_only=True)
    author = UserRefSerializer(read_only=True, allow_null=True)
    published_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Verdict
        fields = [
            "id", "quote", "numeric_claim", "rating", "rating_label", "explanation",
            "evidence_links", "status", "author", "published_by", "published_at",
            "corrected_at", "correction_note", "version", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


def _evidence_links_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=2000),
        required=False,
        help_text="http(s) addresses of the evidence",
    )


class VerdictCreateSerializer(_KnownFieldsOnly):
    quote = serializers.IntegerField(min_value=1, allow_null=True, required=False)
    numeric_claim = serializers.IntegerField(min_value=1, allow_null=True, required=False)
    rating = serializers.ChoiceField(choices=Verdict.Rating.choices)
    explanation = serializers.CharField()
    evidence_links = _evidence_links_field()


_VERDICT_READ_ONLY = {
    "status": "publish (POST …/publish/) or correct (POST …/correct/) the verdict.",
    "quote": "a verdict keeps the item it rates; write a new one for another.",
    "numeric_claim": "a verdict keeps the item it rates; write a new one for another.",
    "author": "it is who wrote the verdict.",
}


class VerdictEditSerializer(_KnownFieldsOnly):
    read_only_hints = _VERDICT_READ_ONLY
    version = _version_field()
    rating = serializers.ChoiceField(choices=Verdict.Rating.choices, required=False)
    explanation = serializers.CharField(required=False)
    evidence_links = _evidence_links_field()


class VerdictCorrectSerializer(VerdictEditSerializer):
    note = serializers.CharField(help_text="what the correction changes, and why; published")


class VersionSerializer(_KnownFieldsOnly):
    version = _version_field()


# History: what changed, old → new, as JSON (decimals, dates and ids as strings).
def json_safe(value: Any) -> Any:
    """A stored value as JSON: decimals, dates, times and UUIDs as strings, exactly."""
    if isinstance(value, decimal.Decimal | datetime.date | datetime.time | uuid.UUID):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    return value


class _JsonSafeField(serializers.JSONField):
    def to_representation(self, value: Any) -> Any:
        return json_safe(value)


class FieldChangeSerializer(serializers.Serializer[FieldChange]):
    field = serializers.SerializerMethodField(help_text="the field, named as the item shows it")
    old = _JsonSafeField(allow_null=True)
    new = _JsonSafeField(allow_null=True)

    def get_field(self, change: FieldChange) -> str:
        names: Mapping[str, str] = self.context.get("field_names", {})
        return names.get(change.field, change.field)


class HistoryEntrySerializer(serializers.Serializer[HistoryEntry]):
    """One change: when, insert/update/delete, the action's name, who, and each field."""

    at = serializers.DateTimeField()
    event = serializers.ChoiceField(choices=["insert", "update", "delete"])
    action = serializers.CharField(help_text='e.g. "quote.confirm"; empty for a console write')
    user = serializers.SerializerMethodField()
    changes = FieldChangeSerializer(many=True)

    @extend_schema_field(UserRefSerializer(allow_null=True))
    def get_user(self, entry: HistoryEntry) -> dict[str, Any] | None:
        if entry.user_id is None:
            return None
        # A user deleted since keeps their id; the name is gone with them.
        return {"id": entry.user_id, "username": entry.username}


def history_context(model: type[Any]) -> dict[str, Any]:
    """The context HistoryEntrySerializer names a model's fields with (speaker, not speaker_id)."""
    return {"field_names": {field.attname: field.name for field in model._meta.concrete_fields}}
