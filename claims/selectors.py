"""Reads of the claims app."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Model,
    OuterRef,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from claims.extraction import KnownSpeaker
from claims.models import ArticleExtraction, NumericClaim, Quote, ReviewStatus, Speaker
from sources.models import Article

# Enough to cover a newsroom's regular voices without slowing each extraction down.
_KNOWN_SPEAKERS_LIMIT = 5000
# A worker reads the verified speakers at most this often, not once per article.
_KNOWN_SPEAKERS_TTL_SECONDS = 60.0
_known_speakers_cache: tuple[float, list[tuple[str, list[str], str]]] = (-1e9, [])


def known_speakers_for_text(text: str) -> list[KnownSpeaker]:
    """Verified speakers (with a confirmed quote) whose name or an alias appears in `text`."""
    folded = text.casefold()
    rows = _verified_speakers()
    found = []
    for name, aliases, role in rows:
        surname = name.split()[-1].casefold() if name.split() else ""
        if (surname and surname in folded) or any(a.casefold() in folded for a in aliases):
            found.append(
                KnownSpeaker(name=name, aliases=tuple(aliases), roles=(role,) if role else ())
            )
    return found


def _verified_speakers() -> list[tuple[str, list[str], str]]:
    global _known_speakers_cache
    fetched_at, rows = _known_speakers_cache
    if time.monotonic() - fetched_at < _KNOWN_SPEAKERS_TTL_SECONDS:
        return rows
    confirmed = Quote.objects.filter(speaker=OuterRef("pk"), status=ReviewStatus.CONFIRMED)
    rows = list(
        Speaker.objects.filter(merged_into__isnull=True)
        .filter(Exists(confirmed))
        .values_list("name", "aliases", "role")[:_KNOWN_SPEAKERS_LIMIT]
    )
    _known_speakers_cache = (time.monotonic(), rows)
    return rows


def quotes_for_article(*, article_id: int) -> QuerySet[Quote]:
    return Quote.objects.filter(article_id=article_id).select_related("speaker")


def numeric_claims_for_article(*, article_id: int) -> QuerySet[NumericClaim]:
    return NumericClaim.objects.filter(article_id=article_id).select_related("speaker")


def articles_with_extraction() -> QuerySet[Article]:
    """Articles annotated with their extraction state: `extraction_status`, `attempts`,
    `last_error`, `extractor_version`, `extracted_at`.

    An article whose state row is not written yet (it is created once the article's
    transaction commits) reads as pending, or as duplicate for a near-copy.
    """
    Status = ArticleExtraction.Status
    return Article.objects.annotate(
        extraction_status=Coalesce(
            F("extraction__status"),
            Case(
                When(duplicate_of__isnull=False, then=Value(Status.DUPLICATE.value)),
                default=Value(Status.PENDING.value),
            ),
            output_field=CharField(),
        ),
        extraction_attempts=Coalesce(F("extraction__attempts"), 0),
        extraction_last_error=Coalesce(
            F("extraction__last_error"), Value(""), output_field=TextField()
        ),
        extraction_extractor_version=Coalesce(
            F("extraction__extractor_version"), Value(""), output_field=CharField()
        ),
        extraction_extracted_at=F("extraction__extracted_at"),
    )


def article_extraction_status(*, article: Article) -> str:
    """The extraction state of one article, read as `articles_with_extraction` reads it."""
    annotated = articles_with_extraction()
    # django-stubs does not see the annotations of a QuerySet returned by a function.
    return str(annotated.values_list("extraction_status", flat=True).get(pk=article.pk))  # type: ignore[misc]


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change to an item: when, by whom, under which action, and each field old → new.

    `event` is "insert", "update" or "delete"; `action` the service's name for it
    ("quote.confirm", "speaker.merge", "extraction"), empty for a write made outside them
    (an SQL console); `user_id` and `username` are None for the workers and the console.
    """

    at: datetime.datetime
    event: str
    action: str
    user_id: int | None
    username: str | None
    changes: tuple[FieldChange, ...]


# Fields that change with every write and say nothing of their own.
_HISTORY_SILENT_FIELDS = frozenset({"updated_at", "name_key"})


def history_of(*, model: type[Model], pk: int) -> list[HistoryEntry]:
    """The history of one quote, numeric claim, speaker or verdict, oldest first.

    The triggers keep the row as it was before each update or delete (and a verdict as
    created); what a change made is read from the next copy, or from the row as it is now.
    """
    event_model = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
    events = list(
        event_model.objects.filter(pgh_obj_id=pk).select_related("pgh_context").order_by("pgh_id")
    )
    fields = [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in _HISTORY_SILENT_FIELDS
    ]
    current = model._default_manager.filter(pk=pk).values(*fields).first()
    users = _usernames(events)
    entries = []
    for index, event in enumerate(events):
        snapshot = {name: getattr(event, name) for name in fields}
        following = events[index + 1] if index + 1 < len(events) else None
        after = (
            {name: getattr(following, name) for name in fields}
            if following is not None and following.pgh_label != "insert"
            else current
        )
        entries.append(_history_entry(event, snapshot, after, users))
    return entries


def _history_entry(
    event: Any, snapshot: dict[str, Any], after: dict[str, Any] | None, users: dict[int, str]
) -> HistoryEntry:
    label = event.pgh_label
    if label == "insert":
        changes = tuple(FieldChange(name, None, value) for name, value in snapshot.items())
    elif label == "delete" or after is None:
        changes = tuple(FieldChange(name, value, None) for name, value in snapshot.items())
    else:
        changes = tuple(
            FieldChange(name, value, after[name])
            for name, value in snapshot.items()
            if after[name] != value
        )
    metadata = event.pgh_context.metadata if event.pgh_context is not None else {}
    user_id = metadata.get("user")
    return HistoryEntry(
        at=event.pgh_created_at,
        event=label,
        action=str(metadata.get("action", "")),
        user_id=user_id,
        username=users.get(user_id) if user_id is not None else None,
        changes=changes,
    )


def _usernames(events: list[Any]) -> dict[int, str]:
    ids = {
        event.pgh_context.metadata.get("user") for event in events if event.pgh_context is not None
    } - {None}
    User = get_user_model()
    rows = User._default_manager.filter(pk__in=ids).values_list("pk", User.USERNAME_FIELD)
    return dict(rows)
