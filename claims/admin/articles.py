"""Articles in the admin, as the claims app shows them: the extraction state, re-extraction,
and the article review page: the text with every candidate marked beside the candidates
themselves, where an editor decides each one and fixes a span by selecting its words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.admin.candidates import (
    CandidateAdmin,
    LanguageFilter,
    anchor_of,
    shortened,
    span_in_context,
    status_badge,
    words_of,
)
from claims.admin.editing import service_run
from claims.models import ArticleExtraction, NumericClaim, Quote
from claims.services.extraction import articles_reextract
from claims.span_marking import MarkedSpan, text_mark
from sources.admin import ArticleAdmin
from sources.models import Article

# Candidates listed per page of the review page; every candidate is marked in the text.
REVIEW_PER_PAGE = 200


class ArticleExtractionInline(admin.StackedInline[ArticleExtraction, Article]):
    model = ArticleExtraction
    readonly_fields = (
        "status",
        "attempts",
        "last_error",
        "extractor_version",
        "queued_at",
        "claimed_at",
        "extracted_at",
    )
    fields = readonly_fields
    can_delete = False
    max_num = 0  # the workers create it


@dataclass(frozen=True, slots=True)
class _Found:
    """A candidate as the text marks it: enough to mark it and to find its page."""

    kind: str  # "q" or "n"
    pk: int
    start: int
    end: int
    status: str

    @property
    def anchor(self) -> str:
        return f"c-{self.kind}-{self.pk}"


admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithClaimsAdmin(ArticleAdmin):
    """The sources app's article pages, with the extraction state, re-extraction, and a link
    to the article's review page (its text marked, its candidates with their buttons)."""

    list_display = [
        "__str__", "language", "publication", "extraction__status", "review_link", "created_at",
    ]  # fmt: skip
    list_select_related = ["extraction", "publication"]
    # Languages from the per-process cache: the plain filter scans every article each time.
    list_filter = [
        "extraction__status", LanguageFilter, "publication", "extraction__extractor_version",
    ]  # fmt: skip
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a count per filter choice over every article
    # Its year links cost a scan of every article on each page (the base page has them).
    date_hierarchy = None  # type: ignore[assignment]
    readonly_fields = ["review_link", "content_hash", "simhash", "created_at", "updated_at"]
    exclude = ["text"]
    inlines = [ArticleExtractionInline]
    actions = ["reextract"]

    class Media:
        css = {"all": ["claims/review.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # Neither the list nor the change page shows the text (the review page reads it).
        return super().get_queryset(request).defer("text")

    @admin.display(description="review")
    def review_link(self, article: Article) -> SafeString:
        if not article.pk:
            return mark_safe("")
        return format_html(
            '<a href="{}">Review its quotes and claims</a>',
            reverse("admin:sources_article_review", args=[article.pk]),
        )

    # Re-extraction

    @admin.action(description="Re-extract with the current engine", permissions=["reextract"])
    def reextract(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        queued = service_run(
            request, lambda: articles_reextract(article_ids=ids, actor=request.user)
        )
        if queued is None:
            return
        left = len(ids) - queued
        messages.success(
            request,
            f"{queued} article{'' if queued == 1 else 's'} queued for re-extraction with the "
            "current engine; what editors confirmed, rejected or fixed stays as it is."
            + (f" {left} left alone: waiting for or in extraction already." if left else ""),
        )

    def has_reextract_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("claims.change_quote"))

    # The review page

    def get_urls(self):  # type: ignore[no-untyped-def]
        review = self.admin_site.admin_view(self.review_view)
        urls: list[URLPattern] = [path("<int:pk>/review/", review, name="sources_article_review")]
        return [*urls, *super().get_urls()]  # type: ignore[no-untyped-call]

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The text with every candidate marked (linked to its row), and a page of the
        candidates with Confirm / Reject and "Use selection as span"."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = Article.objects.select_related("publication").filter(pk=pk).first()
        if article is None:
            raise Http404(f"There is no article {pk}.")
        found = _candidates_found(pk)
        paginator = Paginator(found, REVIEW_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        page_of = {item.anchor: index // REVIEW_PER_PAGE + 1 for index, item in enumerate(found)}
        here = reverse("admin:sources_article_review", args=[pk])

        def href(anchor: str) -> str:
            number = page_of[anchor]
            return f"#{anchor}" if number == page.number else f"?p={number}#{anchor}"

        spans = [
            MarkedSpan(
                item.start,
                item.end,
                f"{_KIND_CLASS[item.kind]} {item.status}",
                f"{_KIND_WORD[item.kind]}, {item.status}",
                mark_id=f"m-{item.kind}-{item.pk}",
                href=href(item.anchor),
            )
            for item in found
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review: {shortened(str(article), 80)}",
            "opts": self.opts,
            "article": article,
            "marked_text": mark_safe(text_mark(article.text, spans)),  # text_mark escapes the text
            "rows": self._review_rows(
                request, article, page.object_list, f"{here}?p={page.number}"
            ),
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "counts": _counts(found),
            "can_change": any(
                self.admin_site.get_model_admin(model).has_change_permission(request)
                for model in (Quote, NumericClaim)
            ),
            "queue_url": reverse("admin:claims_quote_changelist") + f"?article={pk}",
            "claims_url": reverse("admin:claims_numericclaim_changelist") + f"?article={pk}",
            "change_url": reverse("admin:sources_article_change", args=[pk]),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/claims/article/review.html", context)

    def _review_rows(
        self, request: HttpRequest, article: Article, items: Any, back: str
    ) -> list[dict[str, Any]]:
        """The page's candidates, each with its sentence and, for an editor, its buttons."""
        ids = {
            "q": [i.pk for i in items if i.kind == "q"],
            "n": [i.pk for i in items if i.kind == "n"],
        }
        rows: dict[str, Quote | NumericClaim] = {}
        for kind, model in (("q", Quote), ("n", NumericClaim)):
            for row in model._default_manager.filter(pk__in=ids[kind]).select_related("speaker"):
                rows[anchor_of(row)] = row
        csrf = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        )
        shown = []
        for item in items:
            found = rows.get(item.anchor)
            if found is None:
                continue  # deleted since the list was read
            row = found
            model_admin: CandidateAdmin = self.admin_site.get_model_admin(type(row))  # type: ignore[assignment]
            can_change = model_admin.has_change_permission(request)
            name = model_admin.opts.model_name
            shown.append({
                "row": row,
                "anchor": item.anchor,
                "mark": f"m-{item.kind}-{row.pk}",
                "kind": _KIND_WORD[item.kind],
                "kind_class": _KIND_CLASS[item.kind],
                "words": shortened(words_of(row), 300),
                "context": span_in_context(article.text, row.start, row.end),
                "status": status_badge(row.status),
                "change_url": reverse(f"admin:claims_{name}_change", args=[row.pk]),
                "buttons": model_admin.review_buttons_html(
                    row, back=f"{back}#{item.anchor}", csrf_input=csrf
                ) if can_change else "",
                "span_url": reverse(f"admin:claims_{name}_span", args=[row.pk]),
                "back": f"{back}#{item.anchor}",
            })  # fmt: skip
        return shown


_KIND_CLASS = {"q": "quote", "n": "claim"}
_KIND_WORD = {"q": "quote", "n": "numeric claim"}


def _candidates_found(article_id: int) -> list[_Found]:
    """Every candidate of the article in text order, read as a few columns: marking 5,000 of
    them costs two narrow queries, not 5,000 model rows."""
    found = [
        _Found(kind, pk, start, end, status)
        for kind, model in (("q", Quote), ("n", NumericClaim))
        for pk, start, end, status in model._default_manager.filter(
            article_id=article_id
        ).values_list("pk", "start", "end", "status")
    ]
    found.sort(key=lambda item: (item.start, -item.end, item.kind, item.pk))
    return found


def _counts(found: list[_Found]) -> dict[str, int]:
    counts = {"candidate": 0, "confirmed": 0, "rejected": 0}
    for item in found:
        counts[item.status] = counts.get(item.status, 0) + 1
    return counts
