"""Verdicts in the admin: written from a quote's or claim's page, published, corrected."""

from __future__ import annotations

from django.contrib import admin

from claims.admin.history import EditorialHistoryAdmin
from claims.models import Verdict


@admin.register(Verdict)
class VerdictAdmin(EditorialHistoryAdmin):
    list_display = ["__str__", "rating", "author", "published_at", "created_at"]
    list_filter = ["rating"]
    search_fields = ["explanation"]
    raw_id_fields = ["quote", "numeric_claim", "author"]
