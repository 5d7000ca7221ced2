"""The admin's "History" page for editorial records, read from the trigger-kept history.

`EditorialHistoryAdmin` replaces Django's own history page (which only knows what was saved
through the admin's forms) with every change the database saw: when, who, under which action,
and each field old → new, newest first. Ids of people, speakers and other records are shown by
name, dates in the site's format.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.text import capfirst

from claims.selectors import HistoryEntry, history_of

HISTORY_PER_PAGE = 50
# Raised by every write; the entry itself says a change happened.
_HIDDEN_FIELDS = frozenset({"version"})
# A creation's entry is dated and numbered already.
_HIDDEN_AT_CREATION = frozenset({"id", "created_at"})
_EMPTY = "—"


@dataclass(frozen=True, slots=True)
class ShownChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ShownEntry:
    at: datetime.datetime
    who: str
    action: str
    event: str
    changes: tuple[ShownChange, ...]


def action_words(action: str, event: str) -> str:
    """An action's name as an editor reads it: "quote.confirm" → "Quote confirm"."""
    if not action:
        return {
            "insert": "Created",
            "delete": "Deleted",
        }.get(event, "Changed outside the editorial tools")
    return capfirst(action.replace(".", " ").replace("_", " "))


class _ValueWords:
    """Turns stored values into what an editor reads, looking related names up once per field."""

    def __init__(self, model: type[models.Model], entries: Iterable[HistoryEntry]) -> None:
        self.model = model
        self.fields: dict[str, models.Field[Any, Any]] = {}
        ids: dict[str, set[Any]] = {}
        for entry in entries:
            for change in entry.changes:
                field = self._field(change.field)
                if field is not None and field.is_relation:
                    ids.setdefault(change.field, set()).update(
                        value for value in (change.old, change.new) if value is not None
                    )
        self.names: dict[str, dict[Any, str]] = {
            attname: self._names(attname, values) for attname, values in ids.items()
        }

    def _field(self, attname: str) -> models.Field[Any, Any] | None:
        if attname not in self.fields:
            found = next(
                (f for f in self.model._meta.concrete_fields if f.attname == attname), None
            )
            if found is None:
                return None
            self.fields[attname] = found
        return self.fields[attname]

    def _names(self, attname: str, values: set[Any]) -> dict[Any, str]:
        field = self.fields[attname]
        related = field.related_model
        if related is None or isinstance(related, str) or not values:
            return {}
        rows = related._default_manager.filter(pk__in=values)
        username_field = getattr(related, "USERNAME_FIELD", None)
        if username_field is not None:
            return {pk: str(name) for pk, name in rows.values_list("pk", username_field)}
        return {row.pk: _shortened(str(row)) for row in rows}

    def label(self, attname: str) -> str:
        field = self._field(attname)
        return str(capfirst(field.verbose_name)) if field is not None else attname

    def words(self, attname: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return _EMPTY
        field = self._field(attname)
        if field is not None and field.is_relation:
            name = self.names.get(attname, {}).get(value)
            return f"{name} (#{value})" if name else f"#{value} (deleted)"
        if field is not None and field.flatchoices:
            return str(dict(field.flatchoices).get(value, value))
        return _plain_words(value)


def _plain_words(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        shown = timezone.localtime(value) if timezone.is_aware(value) else value
        return str(formats.date_format(shown, "DATETIME_FORMAT"))
    if isinstance(value, datetime.date):
        return str(formats.date_format(value, "DATE_FORMAT"))
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value) or _EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _shortened(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def history_shown(model: type[models.Model], entries: list[HistoryEntry]) -> list[ShownEntry]:
    """History entries in words, newest first; a creation lists only the fields it set."""
    words = _ValueWords(model, entries)
    shown = []
    for entry in reversed(entries):
        changes = tuple(
            ShownChange(
                words.label(change.field),
                words.words(change.field, change.old),
                words.words(change.field, change.new),
            )
            for change in entry.changes
            if change.field not in _HIDDEN_FIELDS
            and not (
                entry.event == "insert"
                and (change.new in (None, "", []) or change.field in _HIDDEN_AT_CREATION)
            )
        )
        shown.append(
            ShownEntry(
                at=entry.at,
                who=entry.username or "the system (extraction or console)",
                action=action_words(entry.action, entry.event),
                event=entry.event,
                changes=changes,
            )
        )
    return shown


class EditorialHistoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Mix into a ModelAdmin of a tracked model (quote, numeric claim, speaker, verdict):
    its History page lists the trigger-kept history instead of the admin's log."""

    history_per_page = HISTORY_PER_PAGE

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            # Django's own pages send a missing object back to the list with a message.
            redirect = self._get_obj_does_not_exist_redirect  # type: ignore[attr-defined]
            return redirect(request, self.opts, object_id)  # type: ignore[no-any-return]
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = history_shown(self.model, history_of(model=self.model, pk=obj.pk))
        paginator = Paginator(entries, self.history_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        created_at = getattr(obj, "created_at", None)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {_shortened(str(obj))}",
            "subtitle": None,
            "entries": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.num_pages > 1,
            "created_at": created_at,
            "created_by_insert": any(entry.event == "insert" for entry in entries),
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/claims/history/history.html", context)


__all__ = ["EditorialHistoryAdmin", "history_shown"]
