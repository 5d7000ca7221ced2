"""Speakers in the admin: a person's page, aliases, merges."""

from __future__ import annotations

from django.contrib import admin

from claims.admin.history import EditorialHistoryAdmin
from claims.models import Speaker


@admin.register(Speaker)
class SpeakerAdmin(EditorialHistoryAdmin):
    list_display = ["name", "role", "organisation", "country", "wikidata_id", "merged_into"]
    list_filter = ["country"]
    search_fields = ["name", "aliases", "role", "organisation", "wikidata_id"]
    raw_id_fields = ["merged_into"]
