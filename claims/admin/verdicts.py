"""Verdicts in the admin: written from a quote's or claim's page (`verdict_add_url`), edited as
drafts, published by a verdict publisher with the Publish button, and corrected in the open
once published. Every write goes through claims.services.verdicts, against the version the
editor saw; the services' refusals are shown on the form, in words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from claims.admin.editing import error_words, outcomes_report, version_input, versions_posted
from claims.admin.history import EditorialHistoryAdmin
from claims.models import NumericClaim, Quote, Verdict
from claims.services.edits import Actor, VersionedId, items_apply
from claims.services.verdicts import (
    EDITABLE_FIELDS,
    verdict_correct,
    verdict_create,
    verdict_delete,
    verdict_publish,
    verdict_update,
)
from factdb.errors import Conflict, NotFound

PUBLISH_PERMISSION = "claims.publish_verdict"
_ITEM_KINDS = ("quote", "numeric_claim")


def verdict_add_url(item: Quote | NumericClaim) -> str:
    """Where a quote's or claim's page sends an editor to write a verdict on it."""
    kind = "quote" if isinstance(item, Quote) else "numeric_claim"
    return f"{reverse('admin:claims_verdict_add')}?{urlencode({kind: item.pk})}"


def _errors_add(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names when the form shows that field,
    otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        field = form.fields.get(name)
        shown = field is not None and not field.widget.is_hidden
        form.add_error(name if shown else None, [m for item in errors for m in item.messages])


class VerdictForm(forms.ModelForm):  # type: ignore[type-arg]
    """What an editor writes; validating the form saves it through the service (`_save`)."""

    rating = forms.ChoiceField(
        choices=[("", "— choose a rating —"), *Verdict.Rating.choices],
        error_messages={"required": "Choose a rating."},
    )
    explanation = forms.CharField(
        required=False,  # the service says why it is needed
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="Why this rating: readers see it.",
    )
    evidence_links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="One web address (http or https) per line.",
    )

    actor: Actor | None = None  # set for each request by VerdictAdmin.get_form

    class Meta:
        model = Verdict
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["evidence_links"] = "\n".join(self.instance.evidence_links or [])

    def _post_clean(self) -> None:
        # The service checks the verdict and its constraints when it saves (in clean()).
        pass

    def clean(self) -> dict[str, Any]:
        super().clean()
        if not self.errors and self.actor is not None:
            try:
                self.instance = self._save(self.actor)
            except ValidationError as error:
                _errors_add(self, error)
            except NotFound as missing:
                self.add_error(None, str(missing))
        return self.cleaned_data

    def _save(self, actor: Actor) -> Verdict:
        raise NotImplementedError


class VerdictAddForm(VerdictForm):
    """A new draft on the quote or claim named in the page's address (`?quote=<id>`), or,
    without one, on the item whose id the editor types."""

    quote = forms.IntegerField(required=False, min_value=1, label="quote id")
    numeric_claim = forms.IntegerField(required=False, min_value=1, label="numeric claim id")

    def _save(self, actor: Actor) -> Verdict:
        cleaned = self.cleaned_data
        return verdict_create(
            actor=actor,
            rating=cleaned["rating"],
            explanation=cleaned["explanation"],
            evidence_links=cleaned["evidence_links"],
            quote_id=cleaned.get("quote"),
            numeric_claim_id=cleaned.get("numeric_claim"),
        )


class VerdictChangeForm(VerdictForm):
    """A draft is edited; a published verdict is corrected, with a note saying what changed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        required=False,
        label="Correction note",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Published with the verdict: what this correction changes, and why.",
    )

    def _save(self, actor: Actor) -> Verdict:
        cleaned = self.cleaned_data
        changes = {name: cleaned[name] for name in self.changed_data if name in EDITABLE_FIELDS}
        if self.instance.status == Verdict.Status.DRAFT:
            return verdict_update(
                pk=self.instance.pk, version=cleaned["version"], actor=actor, changes=changes
            )
        return verdict_correct(
            pk=self.instance.pk, version=cleaned["version"], actor=actor, changes=changes,
            note=cleaned.get("note", ""),
        )  # fmt: skip


def _preset_item(request: HttpRequest) -> tuple[str, int] | None:
    """The item the page's address names (`?quote=12` or `?numeric_claim=7`), if any."""
    for kind in _ITEM_KINDS:
        value = request.GET.get(kind, "")
        if value.isdigit():
            return kind, int(value)
    return None


def _item_summary(item: Quote | NumericClaim | None, missing: str = "") -> dict[str, Any]:
    """What the verdict rates, as the page shows it: the words, who, which article."""
    if item is None:
        return {"missing": missing}
    kind = "quote" if isinstance(item, Quote) else "numeric_claim"
    return {
        "kind": "quote" if kind == "quote" else "numeric claim",
        "words": item.text if isinstance(item, Quote) else item.surface,
        "speaker": item.speaker,
        "status": item.get_status_display(),
        "confirmed": item.status == "confirmed",
        "article": item.article,
        "article_url": reverse("admin:sources_article_change", args=[item.article_id]),
        "item_url": reverse(f"admin:claims_{kind.replace('_', '')}_change", args=[item.pk]),
    }


@admin.display(description="")
def version_kept(verdict: Verdict) -> SafeString:
    """The row's version, posted with the changelist's form: a bulk publish checks it."""
    return version_input(verdict)


@admin.register(Verdict)
class VerdictAdmin(EditorialHistoryAdmin):
    list_display = ["item_shown", "status", "rating", "author", "published_at", "created_at"]
    list_filter = ["status", "rating"]
    actions = ["publish_selected"]
    search_fields = ["explanation", "quote__text", "numeric_claim__surface"]
    list_select_related = ["quote", "numeric_claim", "author"]
    change_form_template = "admin/claims/verdict/change_form.html"
    _shown_after_edit = ["published_by", "published_at", "corrected_at", "last_correction",
                         "created_at"]  # fmt: skip

    # Who may do what: editors write and edit drafts, publishers publish and correct.

    def has_change_permission(self, request: HttpRequest, obj: Verdict | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is not None and obj.status != Verdict.Status.DRAFT:
            return allowed and request.user.has_perm(PUBLISH_PERMISSION)
        return allowed

    def has_delete_permission(self, request: HttpRequest, obj: Verdict | None = None) -> bool:
        # A published verdict is corrected, never withdrawn unseen.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == Verdict.Status.DRAFT)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a verdict is deleted from its page, as a draft
        return actions

    def get_list_display(self, request: HttpRequest) -> Any:
        shown = list(super().get_list_display(request))
        return [*shown, version_kept] if self.has_publish_permission(request) else shown

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # An action a role does not offer is refused, not just ignored.
        publishing = request.method == "POST" and request.POST.get("action") == "publish_selected"
        if publishing and not self.has_publish_permission(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    @admin.action(description="Publish the selected drafts", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Verdict]) -> None:
        """Each selected draft published at the version the list showed, or said why not."""
        selected = queryset.values_list("pk", flat=True)[:1000]
        seen, unseen = versions_posted(request, list(selected))

        def publish(item: VersionedId) -> tuple[bool, int]:
            try:
                verdict = verdict_publish(pk=item.id, version=item.version, actor=request.user)
            except PermissionDenied as refusal:  # the four-eyes rule
                raise ValidationError(error_words(refusal)) from None
            return True, verdict.version

        outcomes = items_apply(seen, publish)
        outcomes_report(request, outcomes, done="published", label="verdict", unseen=unseen)

    # The form

    def get_fields(self, request: HttpRequest, obj: Verdict | None = None) -> Any:
        if obj is None:
            return ["quote", "numeric_claim", "rating", "explanation", "evidence_links"]
        if not self.has_change_permission(request, obj):
            return ["rated_item", "status", "author", "rating", "explanation",
                    "evidence_links", *self._shown_after_edit]  # fmt: skip
        fields = ["rated_item", "status", "author", "rating", "explanation", "evidence_links"]
        if obj.status != Verdict.Status.DRAFT:
            fields.append("note")
        return [*fields, "version", *self._shown_after_edit]

    def get_readonly_fields(self, request: HttpRequest, obj: Verdict | None = None) -> Any:
        if obj is None:
            return []
        return ["rated_item", "status", "author", *self._shown_after_edit]

    def get_form(
        self, request: HttpRequest, obj: Verdict | None = None, change: bool = False,
        **kwargs: Any,
    ) -> Any:  # fmt: skip
        kwargs["form"] = VerdictChangeForm if obj is not None else VerdictAddForm
        form = super().get_form(request, obj, change, **kwargs)
        form.actor = request.user  # type: ignore[attr-defined]
        if obj is None and _preset_item(request) is not None:
            for kind in _ITEM_KINDS:  # the page names the item: no id boxes
                form.base_fields[kind] = forms.IntegerField(
                    required=False, min_value=1, widget=forms.HiddenInput
                )
        return form

    def save_model(self, request: HttpRequest, obj: Verdict, form: Any, change: bool) -> None:
        """Saved already, by the form's call to the service."""

    def delete_model(self, request: HttpRequest, obj: Verdict) -> None:
        verdict_delete(pk=obj.pk, version=obj.version, actor=request.user)

    def response_add(
        self, request: HttpRequest, obj: Verdict, post_url_continue: str | None = None
    ) -> HttpResponse:
        self.message_user(
            request,
            "The verdict is saved as a draft. A verdict publisher publishes it from this page.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:claims_verdict_change", args=[obj.pk]))

    # The pages

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        preset = _preset_item(request)
        context = dict(extra_context or {})
        if preset is not None:
            kind, pk = preset
            model = Quote if kind == "quote" else NumericClaim
            item = model._default_manager.select_related("article", "speaker").filter(pk=pk)
            label = "quote" if kind == "quote" else "numeric claim"
            context["item_rated"] = _item_summary(item.first(), f"There is no {label} {pk}.")
        return super().add_view(request, form_url, context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:  # fmt: skip
        context = dict(extra_context or {})
        verdict = self.get_object(request, unquote(object_id))
        if verdict is not None:
            context["publish_shown"] = (
                verdict.status == Verdict.Status.DRAFT and request.user.has_perm(PUBLISH_PERMISSION)
            )
        return super().change_view(request, object_id, form_url, context)

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:  # fmt: skip
        # A verdict is added from its item's page: "add another" would lead to an empty one.
        context = {"show_save_and_add_another": False, **(extra_context or {})}
        try:
            return super().changeform_view(request, object_id, form_url, context)
        except Conflict as conflict:
            self.message_user(
                request, f"{conflict} The form shows it as it is now.", messages.ERROR
            )
            return HttpResponseRedirect(request.path)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except (Conflict, NotFound) as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:claims_verdict_changelist"))

    def get_urls(self) -> list[URLPattern]:
        publish = path(
            "<path:object_id>/publish/",
            self.admin_site.admin_view(self.publish_view),
            name="claims_verdict_publish",
        )
        return [publish, *super().get_urls()]

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The Publish button: publishes the draft at the version the page showed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        version = request.POST.get("version", "")
        if not (object_id.isdigit() and version.isdigit()):
            self.message_user(request, "Open the verdict again, then publish.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:claims_verdict_changelist"))
        page = HttpResponseRedirect(reverse("admin:claims_verdict_change", args=[object_id]))
        try:
            verdict_publish(pk=int(object_id), version=int(version), actor=request.user)
        except NotFound as missing:
            self.message_user(request, str(missing), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:claims_verdict_changelist"))
        except Conflict as conflict:
            self.message_user(
                request, f"{conflict} The page shows it as it is now.", messages.ERROR
            )
        except (PermissionDenied, ValidationError) as refusal:
            self.message_user(request, f"Not published: {error_words(refusal)}", messages.ERROR)
        else:
            self.message_user(
                request, "Published: it is exported as ClaimReview from now on.", messages.SUCCESS
            )
        return page

    # What the pages show

    def get_queryset(self, request: HttpRequest) -> QuerySet[Verdict]:
        return super().get_queryset(request).select_related("published_by")

    @admin.display(description="rates")
    def item_shown(self, verdict: Verdict) -> str:
        item = verdict.quote or verdict.numeric_claim
        return str(item) if item is not None else "—"

    @admin.display(description="published correction note")
    def last_correction(self, verdict: Verdict) -> str:
        return verdict.correction_note or "— (never corrected)"

    @admin.display(description="rates")
    def rated_item(self, verdict: Verdict) -> SafeString | str:
        item = verdict.quote or verdict.numeric_claim
        summary = _item_summary(item)
        if item is None:
            return "—"
        return format_html(
            '<a href="{}">“{}”</a> ({}; {}) in <a href="{}">{}</a>',
            summary["item_url"], summary["words"], summary["speaker"] or "no speaker",
            summary["status"], summary["article_url"], summary["article"],
        )  # fmt: skip


__all__ = ["VerdictAdmin", "verdict_add_url"]
