"""Quotes and numeric claims in the admin: the review queue and each item's page.

The changelists are the queue: candidates first, then the surest, article by article; each
row has one-click Confirm / Reject (Reopen once decided) buttons that post the version the
editor saw, and the bulk actions send each selected row's version too, so nothing decided
from a stale page is applied. An item's page saves through the review services. Every write
goes through claims.services.reviews; the views here only read the request and report.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims import search
from claims.admin.editing import (
    VersionedChangeForm,
    VersionedEditAdmin,
    next_url,
    outcomes_report,
    service_run,
    version_input,
    versions_posted,
)
from claims.admin.history import EditorialHistoryAdmin
from claims.models import ArticleExtraction, NumericClaim, Quote, ReviewStatus, Speaker
from claims.services.reviews import (
    CORRECTABLE_FIELDS,
    REVIEW_ACTIONS,
    ReviewAction,
    candidate_correct,
    candidate_review,
    candidate_span_fix,
    candidate_speaker_reassign,
    candidates_review,
    candidates_speaker_reassign,
    span_context,
)
from sources.models import Article, Publication

Candidate = Quote | NumericClaim
WORDS_SHOWN = 120
# The action that leads to each status, for a status changed on an item's page.
_ACTION_TO: dict[str, ReviewAction] = {
    ReviewStatus.CONFIRMED: "confirm",
    ReviewStatus.REJECTED: "reject",
    ReviewStatus.CANDIDATE: "reopen",
}
_DONE = {"confirm": "confirmed", "reject": "rejected", "reopen": "reopened"}
_STATUS_SIGN: dict[str, str] = {
    ReviewStatus.CANDIDATE: "○",
    ReviewStatus.CONFIRMED: "✔",
    ReviewStatus.REJECTED: "✘",
}


def anchor_of(row: Candidate) -> str:
    """The id of a candidate's row on the article review page ("c-q-12", "c-n-7")."""
    return f"c-{'q' if isinstance(row, Quote) else 'n'}-{row.pk}"


def words_of(row: Candidate) -> str:
    return row.text if isinstance(row, Quote) else row.surface


def shortened(words: str, limit: int = WORDS_SHOWN) -> str:
    return words if len(words) <= limit else words[: limit - 1] + "…"


def span_in_context(text: str, start: int, end: int) -> SafeString:
    """The span in its sentence, the span's words emphasised."""
    before, words, after = span_context(text=text, start=start, end=end)
    return format_html(
        '<span class="span-context">…{}<strong class="span-words">{}</strong>{}…</span>',
        before,
        words,
        after,
    )


# Filters. None lists a whole table of 100,000 rows: an article or a speaker is chosen by a
# link (the article page, a speaker's name in the queue), the others list few values.


class _ChosenByLinkFilter(admin.SimpleListFilter):
    """A filter by a related row, shown once chosen (with its name) so it can be removed."""

    related: type[Article] | type[Speaker]
    column = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        value = self.value()
        if not (value and value.isdigit()):
            return []
        row = self.related._default_manager.filter(pk=value).first()
        return [(value, str(row) if row else f"#{value} (gone)")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{self.column: int(value)})
        return queryset


class ArticleFilter(_ChosenByLinkFilter):
    title = "article"
    parameter_name = "article"
    related = Article
    column = "article_id"


class SpeakerFilter(_ChosenByLinkFilter):
    title = "speaker"
    parameter_name = "speaker"
    related = Speaker
    column = "speaker_id"


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(pk), name) for pk, name in Publication.objects.values_list("pk", "name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(article__publication_id=int(value))
        return queryset


# The languages and engine versions offered as filter choices change rarely, and reading them
# means a scan of every article (0.2 s at 100,000): each process reads them once a minute.
_CHOICES_TTL_SECONDS = 60.0
_choices_read: dict[str, tuple[float, list[str]]] = {}


def choices_cached(key: str, read: Callable[[], Iterable[str]]) -> list[str]:
    """`read()`, as read at most _CHOICES_TTL_SECONDS ago by this process."""
    read_at, values = _choices_read.get(key, (-1e9, []))
    if time.monotonic() - read_at >= _CHOICES_TTL_SECONDS:
        values = list(read())
        _choices_read[key] = (time.monotonic(), values)
    return values


class _FewValuesFilter(admin.SimpleListFilter):
    """A filter on a column with few distinct values (`parameter_name` names it), offered from
    the per-process cache of `choices_cached` instead of a DISTINCT over millions of rows."""

    parameter_name: str

    def values(self) -> QuerySet[Any]:
        raise NotImplementedError

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(value, value) for value in choices_cached(self.parameter_name, self.values)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(**{self.parameter_name: value}) if value else queryset


class LanguageFilter(_FewValuesFilter):
    """The articles' languages (a short list), not a scan of every candidate for its own."""

    title = "language"
    parameter_name = "language"

    def values(self) -> QuerySet[Any]:
        return (
            Article.objects.exclude(language="")
            .order_by("language")
            .values_list("language", flat=True)
            .distinct()
        )


class ExtractorVersionFilter(_FewValuesFilter):
    """The engine versions articles were extracted with, read from the per-article state."""

    title = "extractor version"
    parameter_name = "extractor_version"

    def values(self) -> QuerySet[Any]:
        return (
            ArticleExtraction.objects.exclude(extractor_version="")
            .order_by("extractor_version")
            .values_list("extractor_version", flat=True)
            .distinct()
        )


CONFIDENCE_BANDS = {
    "high": ("0.8 or more", 0.8, None),
    "medium": ("0.5 to 0.8", 0.5, 0.8),
    "low": ("below 0.5", None, 0.5),
}


class ConfidenceFilter(admin.SimpleListFilter):
    title = "confidence"
    parameter_name = "confidence"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(key, label) for key, (label, _, _) in CONFIDENCE_BANDS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        band = CONFIDENCE_BANDS.get(self.value() or "")
        if band is None:
            return queryset
        _, low, high = band
        if low is not None:
            queryset = queryset.filter(confidence__gte=low)
        if high is not None:
            queryset = queryset.filter(confidence__lt=high)
        return queryset


class QueuePaginator(Paginator):  # type: ignore[type-arg]
    """Counts at most COUNT_CAP rows: counting two million candidates for a page number is
    most of the page's time, and nobody pages that far."""

    COUNT_CAP = 10_000

    @cached_property
    def count(self) -> int:
        # Unordered: any COUNT_CAP rows will do, and the order would force the queue's index.
        capped = self.object_list.order_by()[: self.COUNT_CAP]  # type: ignore[attr-defined]
        return capped.count()  # type: ignore[no-any-return]


# Item pages


class QuoteChangeForm(VersionedChangeForm):
    class Meta:
        model = Quote
        fields = ["speaker", "speaker_mention", "kind", "status", "version"]

    def service_apply(self, editor: Any, version: int) -> None:
        candidate_form_apply(self, Quote, editor, version)


class NumericClaimChangeForm(VersionedChangeForm):
    class Meta:
        model = NumericClaim
        fields = [
            "value", "value_max", "unit", "qualifier", "subject", "period", "kind", "speaker",
            "status", "version",
        ]  # fmt: skip

    def service_apply(self, editor: Any, version: int) -> None:
        candidate_form_apply(self, NumericClaim, editor, version)


def candidate_form_apply(
    form: VersionedChangeForm, model: type[Quote] | type[NumericClaim], editor: Any, version: int
) -> None:
    """Save what the editor changed on an item's page through the services: corrections,
    then the speaker, then the decision; each raises the version the next one checks."""
    pk, changed, cleaned = form.instance.pk, set(form.changed_data), form.cleaned_data
    corrections = {name: cleaned[name] for name in CORRECTABLE_FIELDS[model] if name in changed}
    if corrections:
        version = candidate_correct(
            model=model, pk=pk, version=version, actor=editor, changes=corrections
        ).version
    if "speaker" in changed:
        speaker = cleaned["speaker"]
        version = candidate_speaker_reassign(
            model=model, pk=pk, version=version, actor=editor,
            speaker_id=speaker.pk if speaker else None,
        ).version  # fmt: skip
    if "status" in changed:
        candidate_review(
            model=model,
            pk=pk,
            action=_ACTION_TO[cleaned["status"]],
            version=version,
            actor=editor,
        )


class SpeakerReassignForm(forms.Form):
    """The speaker a bulk reassignment gives: one already known, or a new name."""

    def __init__(self, *args: Any, source_field: Any, admin_site: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"] = forms.ModelChoiceField(
            queryset=Speaker.objects.filter(merged_into__isnull=True),
            required=False,
            widget=AutocompleteSelect(source_field, admin_site),
            label="An existing speaker",
        )
        self.fields["name"] = forms.CharField(
            required=False, max_length=300, label="or a new speaker's name"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("speaker") and cleaned.get("name", "").strip():
            raise ValidationError("Choose an existing speaker or type a name, not both.")
        if not cleaned.get("speaker") and not cleaned.get("name", "").strip():
            raise ValidationError("Choose an existing speaker or type a new speaker's name.")
        return cleaned


class CandidateAdmin(EditorialHistoryAdmin, VersionedEditAdmin):
    """What the quote and numeric claim queues and pages share."""

    list_filter = [
        "status", "kind", ConfidenceFilter, PublicationFilter, LanguageFilter, ArticleFilter,
        SpeakerFilter, ExtractorVersionFilter,
    ]  # fmt: skip
    list_select_related = ["speaker", "article"]
    list_per_page = 100
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a count per filter choice over millions of rows
    paginator = QueuePaginator
    sortable_by = ()  # the queue's order is the review order, served by an index
    # Candidates first (confirmed and rejected sort after it), the surest first, then by place.
    ordering = ["status", "-confidence", "article_id", "start", "id"]
    autocomplete_fields = ["speaker"]
    actions = ["confirm_selected", "reject_selected", "reopen_selected", "speaker_reassign"]
    readonly_fields = [
        "words", "in_context", "links", "confidence", "language", "extractor_version",
        "reviewer", "reviewed_at", "edited_by", "edited_at", "created_at", "updated_at",
    ]  # fmt: skip

    search_help_text = (
        'Words (all must appear), "a phrase", -word to leave out, OR; case and accents aside.'
    )
    # The API's full-text search (claims.search), through its index: a LIKE over millions of
    # texts reads every one.
    search_matching: Callable[[QuerySet[Any], str], QuerySet[Any]]

    class Media:
        css = {"all": ["claims/review.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The rows show the article's title: its text (up to 2 MB each) stays in the database.
        return super().get_queryset(request).defer("article__text")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        if not search_term.strip():
            return queryset, False
        return self.search_matching(queryset, search_term), False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # candidates come from extraction

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a wrong candidate is rejected, so it stays rejected on re-extraction

    # The queue

    def get_list_display(self, request: HttpRequest) -> Any:
        return ["words_short", "speaker_link", "article_link", "confidence_shown",
                "status_shown", self._buttons_column(request)]  # fmt: skip

    @admin.display(description="words")
    def words_short(self, row: Candidate) -> str:
        return shortened(words_of(row))

    @admin.display(description="speaker")
    def speaker_link(self, row: Candidate) -> SafeString | str:
        if row.speaker is None:
            return format_html('<span class="quiet">{}</span>', row.speaker_mention or "—")
        return format_html(
            '<a href="?{}" title="only this speaker\'s">{}</a>',
            urlencode({"speaker": row.speaker_id}),
            row.speaker,
        )

    @admin.display(description="article")
    def article_link(self, row: Candidate) -> SafeString:
        url = reverse("admin:sources_article_review", args=[row.article_id])
        return format_html(
            '<a href="{}#{}">{}</a>', url, anchor_of(row), shortened(str(row.article), 60)
        )

    @admin.display(description="confidence")
    def confidence_shown(self, row: Candidate) -> str:
        return f"{row.confidence:.2f}"

    @admin.display(description="status")
    def status_shown(self, row: Candidate) -> SafeString:
        return status_badge(row.status)

    def _buttons_column(self, request: HttpRequest) -> Callable[[Candidate], SafeString]:
        can_change = self.has_change_permission(request)
        back = request.get_full_path()

        @admin.display(description="decide")
        def review_buttons(row: Candidate) -> SafeString:
            if not can_change:
                return SafeString("")
            return format_html(
                "{}{}",
                version_input(row),
                self.review_buttons_html(row, back=back),
            )

        return review_buttons

    def review_buttons_html(
        self, row: Candidate, *, back: str, csrf_input: SafeString | None = None
    ) -> SafeString:
        """Confirm / Reject (Reopen once decided) for one row. Inside the changelist's form
        the buttons post it to their own URL (`formaction`); given a `csrf_input` (a page
        with no form around the rows), each is a small form of its own."""
        actions = ["confirm", "reject"]
        if row.status == ReviewStatus.CONFIRMED:
            actions = ["reject", "reopen"]
        elif row.status == ReviewStatus.REJECTED:
            actions = ["confirm", "reopen"]
        query = urlencode({"next": back})
        buttons = []
        for action in actions:
            url = reverse(f"admin:claims_{self.opts.model_name}_review", args=[row.pk, action])
            buttons.append((url, query, action, row.version, action.capitalize()))
        if csrf_input is None:
            return format_html_join(
                "",
                '<button type="submit" class="button review-{2}" formaction="{0}?{1}" '
                'formmethod="post" name="version" value="{3}">{4}</button> ',
                buttons,
            )
        return format_html_join(
            "",
            '<form method="post" action="{0}?{1}" class="review-form">{5}'
            '<input type="hidden" name="version" value="{3}">'
            '<button type="submit" class="button review-{2}">{4}</button></form> ',
            ((*button, csrf_input) for button in buttons),
        )

    # One-click decisions and span fixes

    def get_urls(self) -> list[URLPattern]:
        name = f"claims_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/review/<str:action>/", wrap(self.review_view), name=f"{name}_review"),
            path("<int:pk>/span/", wrap(self.span_fix_view), name=f"{name}_span"),
            *super().get_urls(),
        ]

    def review_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        """Confirm, reject or reopen one item, then back to the page the button was on."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        back = next_url(request, reverse(f"admin:claims_{self.opts.model_name}_changelist"))
        version = _posted_int(request, "version")
        if action not in REVIEW_ACTIONS or version is None:
            messages.error(request, "That button's page is out of date: reload it and try again.")
            return HttpResponseRedirect(back)
        done = service_run(
            request,
            lambda: candidate_review(
                model=self.model,
                pk=pk,
                action=action,
                version=version,
                actor=request.user,
            ),
        )
        if done is not None:
            row, changed = done
            label = self.opts.verbose_name
            messages.success(
                request,
                f"{str(label).capitalize()} “{shortened(words_of(row), 60)}” "
                f"{_DONE[action] if changed else 'was already ' + _DONE[action]}.",
            )
        return HttpResponseRedirect(back)

    def span_fix_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Move an item's span to the words the editor selected (code-point offsets)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        row = self.model._default_manager.filter(pk=pk).only("article_id").first()
        fallback = (
            reverse("admin:sources_article_review", args=[row.article_id]) + f"#{anchor_of(row)}"
            if row is not None
            else reverse(f"admin:claims_{self.opts.model_name}_changelist")
        )
        back = next_url(request, fallback)
        start, end, version = (_posted_int(request, name) for name in ("start", "end", "version"))
        if start is None or end is None or version is None:
            messages.error(request, "Select the words of the span in the text first, then click "
                           "“Use selection as span”.")  # fmt: skip
            return HttpResponseRedirect(back)
        fixed = service_run(
            request,
            lambda: candidate_span_fix(
                model=self.model, pk=pk, start=start, end=end, version=version, actor=request.user
            ),
        )
        if fixed is not None:
            text = Article.objects.values_list("text", flat=True).get(pk=fixed.article_id)
            before, words, after = span_context(text=text, start=fixed.start, end=fixed.end)
            messages.success(
                request,
                format_html("Span fixed: …{}<strong>{}</strong>{}…", before, words, after),
            )
        return HttpResponseRedirect(back)

    # Bulk actions

    @admin.action(description="Confirm the selected", permissions=["change"])
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._review_selected(request, queryset, "confirm")

    @admin.action(description="Reject the selected", permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._review_selected(request, queryset, "reject")

    @admin.action(description="Reopen the selected (back to candidate)", permissions=["change"])
    def reopen_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._review_selected(request, queryset, "reopen")

    def _review_selected(
        self, request: HttpRequest, queryset: QuerySet[Any], action: ReviewAction
    ) -> None:
        seen, unseen = self._selection(request, queryset)
        outcomes = service_run(
            request,
            lambda: candidates_review(
                model=self.model, items=seen, action=action, actor=request.user
            ),
        )
        if outcomes is not None:
            outcomes_report(request, outcomes, done=_DONE[action],
                            label=str(self.opts.verbose_name), unseen=unseen)  # fmt: skip

    @admin.action(description="Reassign the speaker of the selected…", permissions=["change"])
    def speaker_reassign(
        self, request: HttpRequest, queryset: QuerySet[Any]
    ) -> HttpResponse | None:
        """An intermediate page: choose a known speaker (autocomplete) or type a new name."""
        seen, unseen = self._selection(request, queryset)
        form_args = {
            "source_field": self.model._meta.get_field("speaker"),
            "admin_site": self.admin_site,
        }
        if "apply" in request.POST:
            form = SpeakerReassignForm(request.POST, **form_args)
            if form.is_valid():
                speaker = form.cleaned_data["speaker"]
                outcomes = service_run(
                    request,
                    lambda: candidates_speaker_reassign(
                        model=self.model,
                        items=seen,
                        actor=request.user,
                        speaker_id=speaker.pk if speaker else None,
                        speaker_name=form.cleaned_data["name"],
                    ),
                )
                if outcomes is not None:
                    outcomes_report(request, outcomes, done="given the new speaker",
                                    label=str(self.opts.verbose_name), unseen=unseen)  # fmt: skip
                return None
        else:
            form = SpeakerReassignForm(**form_args)
        rows = list(queryset.filter(pk__in=[item.id for item in seen]).select_related("speaker"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reassign the speaker of {len(rows)} {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "rows": [(row, shortened(words_of(row), 100)) for row in rows],
            "versions": {item.id: item.version for item in seen},
            "unseen": len(unseen),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/candidate_speaker_reassign.html", context)

    def _selection(self, request: HttpRequest, queryset: QuerySet[Any]) -> tuple[Any, list[int]]:
        """The selected rows the editor's page showed, with their versions, and how many
        selected rows it did not show ("select all" across pages): those are not changed."""
        if request.POST.get("select_across") == "1":
            on_page = [
                int(key.removeprefix("version_")) for key in request.POST
                if key.startswith("version_") and key.removeprefix("version_").isdigit()
            ]  # fmt: skip
            seen, _ = versions_posted(
                request, queryset.filter(pk__in=on_page).values_list("pk", flat=True)
            )
            others = list(queryset.exclude(pk__in=on_page).values_list("pk", flat=True)[:1000])
            return seen, others
        selected = [
            int(pk) for pk in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME) if pk.isdigit()
        ]
        return versions_posted(request, selected)

    # The item's page

    @admin.display(description="words")
    def words(self, row: Candidate) -> str:
        return words_of(row)

    @admin.display(description="in its sentence")
    def in_context(self, row: Candidate) -> SafeString:
        if not row.pk:
            return SafeString("")
        text = Article.objects.values_list("text", flat=True).get(pk=row.article_id)
        return span_in_context(text, row.start, row.end)

    @admin.display(description="see also")
    def links(self, row: Candidate) -> SafeString:
        if not row.pk:
            return SafeString("")
        review = reverse("admin:sources_article_review", args=[row.article_id])
        verdict = reverse("admin:claims_verdict_add")
        history = reverse(f"admin:claims_{self.opts.model_name}_history", args=[row.pk])
        field = "quote" if isinstance(row, Quote) else "numeric_claim"
        return format_html(
            '<a href="{}#{}">In the article (fix the span there)</a> · '
            '<a href="{}?{}">Add a verdict</a> · <a href="{}">History</a>',
            review,
            anchor_of(row),
            verdict,
            urlencode({field: row.pk}),
            history,
        )


def status_badge(status: str) -> SafeString:
    """A status in words with a sign, not colour alone."""
    return format_html(
        '<span class="status status-{}">{} {}</span>', status, _STATUS_SIGN.get(status, ""), status
    )


def _posted_int(request: HttpRequest, name: str) -> int | None:
    raw = request.POST.get(name, "").strip()
    return int(raw) if raw.isdigit() else None


@admin.register(Quote)
class QuoteAdmin(CandidateAdmin):
    form = QuoteChangeForm
    search_fields = ["text"]
    search_matching = staticmethod(search.quotes_matching)
    fieldsets = [
        (None, {"fields": ["words", "in_context", "links"]}),
        ("Review", {"fields": ["status", "speaker", "speaker_mention", "kind", "version"]}),
        ("Found by the engine", {"fields": ["confidence", "language", "extractor_version"]}),
        (
            "Who and when",
            {
                "fields": [
                    "reviewer",
                    "reviewed_at",
                    "edited_by",
                    "edited_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]


@admin.register(NumericClaim)
class NumericClaimAdmin(CandidateAdmin):
    form = NumericClaimChangeForm
    search_fields = ["surface", "subject"]
    search_matching = staticmethod(search.numeric_claims_matching)
    readonly_fields = [*CandidateAdmin.readonly_fields, "speaker_mention"]
    fieldsets = [
        (None, {"fields": ["words", "in_context", "links"]}),
        ("Review", {"fields": ["status", "speaker", "speaker_mention", "version"]}),
        (
            "The figure",
            {"fields": ["value", "value_max", "unit", "qualifier", "subject", "period", "kind"]},
        ),
        ("Found by the engine", {"fields": ["confidence", "language", "extractor_version"]}),
        (
            "Who and when",
            {
                "fields": [
                    "reviewer",
                    "reviewed_at",
                    "edited_by",
                    "edited_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
