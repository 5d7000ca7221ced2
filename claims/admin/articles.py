"""Articles in the admin, as the claims app shows them: the extraction state, and the text
with every candidate marked beside the candidates themselves."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import ArticleExtraction, NumericClaim, Quote
from claims.span_marking import MarkedSpan, text_mark
from sources.admin import ArticleAdmin
from sources.models import Article


class ArticleExtractionInline(admin.StackedInline[ArticleExtraction, Article]):
    model = ArticleExtraction
    readonly_fields = (
        "status", "attempts", "last_error", "extractor_version", "queued_at", "claimed_at",
        "extracted_at",
    )  # fmt: skip
    fields = readonly_fields
    can_delete = False
    max_num = 0  # the workers create it


class QuoteInline(admin.TabularInline[Quote, Article]):
    model = Quote
    fields = ["text", "speaker", "speaker_mention", "kind", "confidence", "status"]
    readonly_fields = ["text", "speaker_mention", "kind", "confidence"]
    autocomplete_fields = ["speaker"]
    extra = 0
    can_delete = False


class NumericClaimInline(admin.TabularInline[NumericClaim, Article]):
    model = NumericClaim
    fields = ["surface", "value", "unit", "qualifier", "subject", "period", "kind", "status"]
    readonly_fields = ["surface", "value", "unit", "qualifier", "subject", "period", "kind"]
    extra = 0
    can_delete = False


admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithClaimsAdmin(ArticleAdmin):
    """The sources app's article page, with the extraction state and the article's text with
    its quotes and claims marked, and the candidates themselves."""

    list_display = [
        "__str__", "language", "extraction__status", "quote_count", "claim_count", "created_at",
    ]  # fmt: skip
    list_filter = [
        "extraction__status", "language", "publication", "extraction__extractor_version",
    ]  # fmt: skip
    readonly_fields = ["marked_text", "content_hash", "simhash", "created_at", "updated_at"]
    exclude = ["text"]
    inlines = [ArticleExtractionInline, QuoteInline, NumericClaimInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .select_related("extraction")
            .annotate(
                quote_total=Count("quotes", distinct=True),
                claim_total=Count("numeric_claims", distinct=True),
            )
        )

    @admin.display(description="quotes", ordering="quote_total")
    def quote_count(self, article: Article) -> int:
        return article.quote_total  # type: ignore[attr-defined,no-any-return]

    @admin.display(description="claims", ordering="claim_total")
    def claim_count(self, article: Article) -> int:
        return article.claim_total  # type: ignore[attr-defined,no-any-return]

    @admin.display(description="text with quotes and claims marked")
    def marked_text(self, article: Article) -> SafeString:
        if not article.pk:
            return mark_safe("")
        spans = [
            MarkedSpan(q.start, q.end, "quote", f"quote: {q.speaker or 'no speaker'}")
            for q in article.quotes.select_related("speaker")
        ] + [
            MarkedSpan(n.start, n.end, "claim", f"{n.value} {n.unit} ({n.qualifier})")
            for n in article.numeric_claims.all()
        ]
        style = (
            "<style>mark.quote{background:#fff3b0}mark.claim{background:#c8f7c5;"
            "font-weight:bold}</style>"
        )
        return format_html(
            '{}<div style="max-width:60em;line-height:1.6">{}</div>',
            mark_safe(style),
            mark_safe(text_mark(article.text, spans)),
        )
