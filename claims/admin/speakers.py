"""Speakers in the admin: a person's page (its fields, then what it said across articles),
corrections saved through `speaker_update` against the version the editor saw, and a
"Merge into…" action with a confirmation page that calls `speaker_merge` for each one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.admin.editing import error_words
from claims.admin.history import EditorialHistoryAdmin
from claims.models import NumericClaim, Quote, Speaker
from claims.services.edits import Actor
from claims.services.speakers import EDITABLE_FIELDS, speaker_merge, speaker_update
from factdb.errors import Conflict, NotFound

SAID_PER_PAGE = 25
MERGE_AT_MOST = 100


def form_errors_add(
    form: forms.BaseForm, error: ValidationError, fields: dict[str, str] | None = None
) -> None:
    """A service's refusal on the form: each message on its field when the form shows that
    field (`fields` renames the service's names to the form's), otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        target = (fields or {}).get(name, name)
        messages_ = [message for item in errors for message in item.messages]
        form.add_error(target if target in form.fields else None, messages_)


class SpeakerForm(forms.ModelForm):  # type: ignore[type-arg]
    """The editable fields and the version the editor saw; validating it saves it through
    `speaker_update`, so the service's refusals land on the form as messages."""

    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="One per line: other spellings and short forms the articles use.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    actor: Actor | None = None  # set for each request by SpeakerAdmin.get_form

    class Meta:
        model = Speaker
        fields = [*EDITABLE_FIELDS, "version"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["aliases"] = "\n".join(self.instance.aliases or [])

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]

    def _post_clean(self) -> None:
        # The service checks the row and its constraints when it saves (in clean()).
        pass

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors or self.instance.pk is None or self.actor is None:
            return cleaned
        changes = {name: cleaned[name] for name in self.changed_data if name in EDITABLE_FIELDS}
        try:
            self.instance = speaker_update(
                pk=self.instance.pk, version=cleaned["version"], actor=self.actor, changes=changes
            )
        except ValidationError as error:
            form_errors_add(self, error, {"name_key": "name"})
        return cleaned


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "not merged (people)"), ("yes", "merged into another")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("no", "yes"):
            return queryset.filter(merged_into__isnull=self.value() == "no")
        return queryset


class WikidataFilter(admin.SimpleListFilter):
    title = "Wikidata id"
    parameter_name = "identified"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "has one"), ("no", "has none")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.exclude(wikidata_id="")
        if self.value() == "no":
            return queryset.filter(wikidata_id="")
        return queryset


class SpeakerMergeForm(forms.Form):
    """The survivor, one of the selected speakers or any other, and the versions seen."""

    chosen = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, widget=forms.RadioSelect, label="one of these"
    )
    other: forms.ModelChoiceField  # type: ignore[type-arg]  # made with its widget, per site

    def __init__(self, *args: Any, speakers: Sequence[Speaker], site: admin.AdminSite,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.speakers = speakers
        chosen = self.fields["chosen"]
        assert isinstance(chosen, forms.TypedChoiceField)
        chosen.choices = [(s.pk, s.name) for s in speakers]
        self.fields["other"] = forms.ModelChoiceField(
            queryset=Speaker.objects.all(),
            required=False,
            label="or another speaker",
            widget=AutocompleteSelect(Speaker._meta.get_field("merged_into"), site),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        chosen, other = cleaned.get("chosen"), cleaned.get("other")
        if (chosen is None) == (other is None):
            raise ValidationError(
                "Choose the speaker who stays: one of the selected ones, or another one."
            )
        survivor = other or next((s for s in self.speakers if s.pk == chosen), None)
        if survivor is None:
            raise ValidationError("That speaker is not there any more: choose again.")
        cleaned["survivor"] = survivor
        versions = {}
        for speaker in self.speakers:
            seen = self.data.get(f"version_{speaker.pk}", "")
            if not seen.isdigit():
                raise ValidationError("The page was incomplete: choose the merge again.")
            versions[speaker.pk] = int(seen)
        cleaned["versions"] = versions
        return cleaned


@admin.register(Speaker)
class SpeakerAdmin(EditorialHistoryAdmin):
    form = SpeakerForm
    list_display = ["name", "aliases_shown", "role", "organisation", "country", "wikidata_id",
                    "merged_into_link"]  # fmt: skip
    list_filter = [MergedFilter, WikidataFilter, "country"]
    search_fields = ["name", "aliases", "role", "organisation", "wikidata_id"]
    list_select_related = ["merged_into"]
    fields = [*EDITABLE_FIELDS, "version", "merged_into_link", "created_at", "updated_at"]
    readonly_fields = ["merged_into_link", "created_at", "updated_at"]
    actions = ["merge_into"]
    change_form_template = "admin/claims/speaker/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Speakers come from the extraction, or from an editor reassigning a quote to a name.
        return False

    def get_fields(self, request: HttpRequest, obj: Speaker | None = None) -> Any:
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return [name for name in fields if name != "version"]  # a reader has no use for it

    def get_form(
        self, request: HttpRequest, obj: Speaker | None = None, change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm]:  # type: ignore[type-arg]  # fmt: skip
        form = super().get_form(request, obj, change, **kwargs)
        form.actor = request.user  # type: ignore[attr-defined]
        return form

    def save_model(self, request: HttpRequest, obj: Speaker, form: Any, change: bool) -> None:
        """Saved already, by the form's call to `speaker_update`."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:  # fmt: skip
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict as conflict:
            self.message_user(
                request, f"{conflict} The form shows it as it is now.", messages.ERROR
            )
            return HttpResponseRedirect(request.path)
        except NotFound as missing:
            self.message_user(request, str(missing), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:claims_speaker_changelist"))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:  # fmt: skip
        context = {**(extra_context or {}), **self._said_context(request, object_id)}
        return super().change_view(request, object_id, form_url, context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Without a role that edits speakers there are no actions: posting one is refused.
        posted = request.method == "POST" and "action" in request.POST
        if posted and not self.has_change_permission(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Speaker], search_term: str
    ) -> tuple[QuerySet[Speaker], bool]:
        # Choosing a speaker (to merge into, to reassign a quote to) offers people, not the
        # names merged away; the list itself finds those too.
        if request.path == reverse("admin:autocomplete"):
            queryset = queryset.filter(merged_into__isnull=True)
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="aliases")
    def aliases_shown(self, speaker: Speaker) -> str:
        return "; ".join(speaker.aliases)

    @admin.display(description="merged into", ordering="merged_into__name")
    def merged_into_link(self, speaker: Speaker) -> SafeString | None:
        if speaker.merged_into_id is None:
            return None  # shown as the admin shows every empty value
        url = reverse("admin:claims_speaker_change", args=[speaker.merged_into_id])
        return format_html('<a href="{}">{}</a>', url, speaker.merged_into)

    def _said_context(self, request: HttpRequest, object_id: str) -> dict[str, Any]:
        """What the speaker said, across articles: its quotes and numeric claims, a page each
        (a merge moves the merged speaker's here)."""
        if not object_id.isdigit():
            return {}
        pk = int(object_id)
        # The article's title and date, not its text (which may be megabytes).
        quotes = (
            Quote.objects.filter(speaker_id=pk).select_related("article").defer("article__text")
        )
        claims = (
            NumericClaim.objects.filter(speaker_id=pk)
            .select_related("article")
            .defer("article__text")
        )
        order = ["-article_id", "start"]
        return {
            "quotes_page": Paginator(quotes.order_by(*order), SAID_PER_PAGE).get_page(
                request.GET.get("quotes_page")
            ),
            "claims_page": Paginator(claims.order_by(*order), SAID_PER_PAGE).get_page(
                request.GET.get("claims_page")
            ),
            "merged_here": Speaker.objects.filter(merged_into_id=pk).order_by("name")[:50],
        }

    @admin.action(description="Merge into…", permissions=["change"])
    def merge_into(
        self, request: HttpRequest, queryset: QuerySet[Speaker]
    ) -> TemplateResponse | None:
        """First the confirmation page (who stays, what moves), then the merges."""
        speakers = list(
            queryset.select_related("merged_into").order_by("name")[: MERGE_AT_MOST + 1]
        )
        if len(speakers) > MERGE_AT_MOST:
            self.message_user(
                request, f"Merge at most {MERGE_AT_MOST} speakers at a time.", messages.ERROR
            )
            return None
        confirmed = "merge_confirmed" in request.POST
        form = SpeakerMergeForm(
            request.POST if confirmed else None, speakers=speakers, site=self.admin_site
        )
        if confirmed and form.is_valid():
            self._merges_run(
                request, speakers, form.cleaned_data["survivor"], form.cleaned_data["versions"]
            )
            return None
        return TemplateResponse(
            request,
            "admin/claims/speaker/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge speakers",
                "opts": self.opts,
                "form": form,
                "media": self.media + form.media,
                "rows": _merge_rows(speakers),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    def _merges_run(
        self, request: HttpRequest, speakers: Sequence[Speaker], survivor: Speaker,
        versions: dict[int, int],
    ) -> None:  # fmt: skip
        before = _said_counts([survivor.pk]).get(survivor.pk, (0, 0))
        merged, refused = [], []
        for speaker in speakers:
            if speaker.pk == survivor.pk and len(speakers) > 1:
                continue
            try:
                speaker_merge(
                    pk=speaker.pk, into=survivor.pk, version=versions[speaker.pk],
                    actor=request.user,
                )  # fmt: skip
            except (ValidationError, Conflict, NotFound) as error:
                refused.append(f"{speaker.name}: {error_words(error)}")
            else:
                merged.append(speaker.name)
        if merged:
            after = _said_counts([survivor.pk]).get(survivor.pk, (0, 0))
            self.message_user(
                request,
                f"Merged {_count(len(merged), 'speaker')} ({', '.join(merged)}) into "
                f"{survivor.name}: {_count(after[0] - before[0], 'quote')} and "
                f"{_count(after[1] - before[1], 'numeric claim')} moved; the merged names are "
                "kept as aliases.",
                messages.SUCCESS,
            )
        for refusal in refused:
            self.message_user(request, f"Not merged: {refusal}", messages.ERROR)


def _said_counts(pks: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Quotes and numeric claims per speaker: two grouped counts, not one per speaker."""
    quotes = dict(
        Quote.objects.filter(speaker_id__in=pks).values_list("speaker_id")
        .annotate(n=Count("pk")).values_list("speaker_id", "n")
    )  # fmt: skip
    claims = dict(
        NumericClaim.objects.filter(speaker_id__in=pks).values_list("speaker_id")
        .annotate(n=Count("pk")).values_list("speaker_id", "n")
    )  # fmt: skip
    return {pk: (quotes.get(pk, 0), claims.get(pk, 0)) for pk in pks}


def _merge_rows(speakers: Sequence[Speaker]) -> list[dict[str, Any]]:
    counts = _said_counts([s.pk for s in speakers])
    return [{"speaker": s, "quotes": counts[s.pk][0], "claims": counts[s.pk][1]} for s in speakers]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
