"""What the editors' admin pages share for version-checked editing through the services.

Every editorial write carries the version the editor saw (claims.services.edits): a change
form sends it as a hidden field, a changelist as a hidden `version_<id>` input per row, a
one-click button as its value. Here are those inputs, the change form that saves through a
service instead of `Model.save`, and the messages that turn the services' refusals (conflict,
not found, invalid, not allowed) into words on the page instead of 500s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString

from claims.services.edits import ItemOutcome, VersionedId
from factdb.errors import Conflict, NotFound

T = TypeVar("T")
VERSION_PREFIX = "version_"


def version_input(row: models.Model) -> SafeString:
    """The hidden input that carries a changelist row's version with the changelist form."""
    return format_html(
        '<input type="hidden" name="{}{}" value="{}">',
        VERSION_PREFIX,
        row.pk,
        getattr(row, "version"),  # noqa: B009  (every edited model has one)
    )


def versions_posted(
    request: HttpRequest, ids: Iterable[int]
) -> tuple[list[VersionedId], list[int]]:
    """The items of `ids` with the version the editor's page showed, and the ids it did not
    show (selected "across all pages"): those were never seen, so they are not changed."""
    seen, unseen = [], []
    for pk in ids:
        raw = request.POST.get(f"{VERSION_PREFIX}{pk}", "")
        if raw.isdigit():
            seen.append(VersionedId(id=pk, version=int(raw)))
        else:
            unseen.append(pk)
    return seen, unseen


def error_words(error: Exception) -> str:
    """A service's refusal in the words it was given, never a constraint's name."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You are not allowed to do this."


def service_run(request: HttpRequest, call: Callable[[], T]) -> T | None:
    """Run one editorial service; a refusal becomes an error message and None is returned."""
    try:
        return call()
    except (Conflict, NotFound, ValidationError, PermissionDenied) as error:
        messages.error(request, error_words(error))
        return None


def outcomes_report(
    request: HttpRequest,
    outcomes: Sequence[ItemOutcome],
    *,
    done: str,
    label: str,
    unseen: Sequence[int] = (),
) -> None:
    """One message counting what a bulk action changed (`done`: "confirmed"), and one listing
    each item it did not change and why."""
    changed = sum(1 for o in outcomes if o.outcome == "changed")
    unchanged = sum(1 for o in outcomes if o.outcome == "unchanged")
    summary = f"{changed} {label}{'' if changed == 1 else 's'} {done}"
    if unchanged:
        summary += f"; {unchanged} already {done}"
    if changed or unchanged or not (outcomes or unseen):
        messages.success(request, summary + ".")
    problems = [
        f"#{o.id}: {o.message}" for o in outcomes if o.outcome not in {"changed", "unchanged"}
    ]
    problems += [f"#{pk}: not on the page you saw; open it and decide there." for pk in unseen]
    if problems:
        messages.warning(
            request, f"{len(problems)} not changed. " + " ".join(problems[:20])
            + (f" … and {len(problems) - 20} more." if len(problems) > 20 else ""),
        )  # fmt: skip


def next_url(request: HttpRequest, fallback: str) -> str:
    """Where to go back after a one-click action: the posted `next` when it is this site's."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


class VersionedChangeForm(forms.ModelForm):  # type: ignore[type-arg]
    """A change form that saves through editorial services, checked against the version the
    editor saw (a hidden `version` field).

    Subclasses implement `service_apply(editor, version)`, calling the services for what
    changed; it runs once the fields are valid, in one savepoint, so a refusal undoes it all
    and lands on the form in words. The model's own `save` and validation are not used: the
    services validate and write (`VersionedEditAdmin.save_model` writes nothing).
    """

    # The admin's `fields` must name "version" too, so the form starts from the stored one.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    editor: Any = None  # the logged-in user, set by VersionedEditAdmin.get_form

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors or self.instance.pk is None:
            return cleaned
        try:
            with transaction.atomic():
                self.service_apply(self.editor, cleaned["version"])
        except Conflict as error:
            raise ValidationError(str(error)) from None
        except NotFound as error:
            raise ValidationError(str(error)) from None
        except PermissionDenied as error:
            raise ValidationError(error_words(error)) from None
        except ValidationError as error:
            self._errors_place(error)
        return cleaned

    def service_apply(self, editor: Any, version: int) -> None:
        raise NotImplementedError

    def _errors_place(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def _post_clean(self) -> None:
        # The services validate and write; the model's full_clean would re-check (and could
        # refuse) a change that is already made.
        pass


class VersionedEditAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose change form is a VersionedChangeForm: it knows who is editing, and a
    form posted from a stale page is sent back, with a message, to the fresh form."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change=change, **kwargs)
        form.editor = request.user  # type: ignore[attr-defined]
        return form

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            stale = self._stale_message(request, object_id)
            if stale:
                messages.error(request, stale)
                return HttpResponseRedirect(request.get_full_path())
        return super().change_view(request, object_id, form_url, extra_context)

    def _stale_message(self, request: HttpRequest, object_id: str) -> str:
        seen = request.POST.get("version", "")
        stored = (
            self.model._default_manager.filter(pk=object_id)
            .values_list("version", flat=True)
            .first()
            if object_id.isdigit()
            else None
        )
        if stored is None or not seen.isdigit() or int(seen) == stored:
            return ""
        label = self.model._meta.verbose_name
        return (
            f"This {label} was changed by someone else since you opened it (you saw version "
            f"{seen}, it is now at {stored}). Here it is as it is now: redo your change."
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        pass  # VersionedChangeForm.service_apply wrote it, through the services

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass


__all__ = [
    "VERSION_PREFIX",
    "VersionedChangeForm",
    "VersionedEditAdmin",
    "error_words",
    "next_url",
    "outcomes_report",
    "service_run",
    "version_input",
    "versions_posted",
]
