"""Quotes and numeric claims in the admin: the review queue and each item's page."""

from __future__ import annotations

from django.contrib import admin

from claims.models import NumericClaim, Quote


class CandidateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_filter = ["status", "language", "extractor_version"]
    list_select_related = ["speaker", "article"]
    raw_id_fields = ["article", "reviewer"]
    autocomplete_fields = ["speaker"]
    readonly_fields = ["created_at", "updated_at", "extractor_version"]
    date_hierarchy = "created_at"


@admin.register(Quote)
class QuoteAdmin(CandidateAdmin):
    list_display = ["__str__", "speaker", "speaker_mention", "status", "confidence", "article"]
    list_filter = ["status", "kind", "language", "extractor_version"]
    search_fields = ["text", "speaker__name", "speaker_mention"]


@admin.register(NumericClaim)
class NumericClaimAdmin(CandidateAdmin):
    list_display = ["surface", "value", "unit", "qualifier", "period", "status", "article"]
    list_filter = ["status", "unit", "qualifier", "kind", "language"]
    search_fields = ["surface", "subject", "speaker__name"]
