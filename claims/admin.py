"""The editors' pages: speakers, quotes, claims, verdicts, and articles with what was found."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import ArticleExtraction, NumericClaim, Quote, Speaker, Verdict
from claims.span_marking import MarkedSpan, text_mark
from sources.admin import ArticleAdmin
from sources.models import Article


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin[Speaker]):
    list_display = ["name", "role", "organisation", "country", "wikidata_id", "merged_into"]
    list_filter = ["country"]
    search_fields = ["name", "aliases", "role", "organisation", "wikidata_id"]
    raw_id_fields = ["merged_into"]


class CandidateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_filter = ["status", "language", "extractor_version"]
    list_select_related = ["speaker", "article"]
    raw_id_fields = ["article", "reviewer"]
    autocomplete_fields = ["speaker"]
    readonly_fields = ["created_at", "updated_at", "extractor_version"]
    date_hierarchy = "created_at"


@admin.register(Quote)
class QuoteAdmin(CandidateAdmin):
    list_display = ["__str__", "speaker", "speaker_mention", "status", "confidence", "article"]
    list_filter = ["status", "kind", "language", "extractor_version"]
    search_fields = ["text", "speaker__name", "speaker_mention"]


@admin.register(NumericClaim)
class NumericClaimAdmin(CandidateAdmin):
    list_display = ["surface", "value", "unit", "qualifier", "period", "status", "article"]
    list_filter = ["status", "unit", "qualifier", "kind", "language"]
    search_fields = ["surface", "subject", "speaker__name"]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin[Verdict]):
    list_display = ["__str__", "rating", "author", "published_at", "created_at"]
    list_filter = ["rating"]
    search_fields = ["explanation"]
    raw_id_fields = ["quote", "numeric_claim", "author"]


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
