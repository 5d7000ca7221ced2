from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import NumericClaim, Quote
from claims.span_marking import MarkedSpan, text_mark
from sources.admin_forms import ArticleIngestForm
from sources.feed_polling import feed_poll_enqueue
from sources.ingest_jobs import ingest_job_create
from sources.models import Article, Feed, FeedItem, IngestJob, Publication
from sources.rejections import InputRejected


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin[Publication]):
    list_display = ["name", "domain", "country", "language", "created_at"]
    list_filter = ["country", "language"]
    search_fields = ["name", "domain"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin[Feed]):
    list_display = [
        "__str__", "publication", "is_active", "poll_interval", "last_polled_at",
        "next_poll_at", "failure_count", "last_error",
    ]  # fmt: skip
    list_filter = ["is_active"]
    search_fields = ["url", "title"]
    readonly_fields = [
        "etag", "last_modified", "last_polled_at", "next_poll_at", "last_error", "failure_count",
    ]  # fmt: skip
    actions = ["poll_now"]

    @admin.action(description="Poll the selected feeds now")
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        for feed in queryset:
            feed_poll_enqueue(feed_id=feed.pk)
        self.message_user(request, f"{queryset.count()} feed(s) queued for polling.")


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin[FeedItem]):
    list_display = ["__str__", "feed", "article", "last_error", "created_at"]
    list_filter = ["feed"]
    search_fields = ["title", "link", "entry_id"]
    raw_id_fields = ["feed", "article"]


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin[IngestJob]):
    list_display = [
        "__str__", "kind", "status", "total", "new_count", "duplicate_count", "failed_count",
        "created_by", "created_at", "finished_at",
    ]  # fmt: skip
    list_filter = ["kind", "status"]
    search_fields = ["source"]
    exclude = ["payload"]
    readonly_fields = [
        "kind", "source", "status", "total", "new_count", "duplicate_count", "failed_count",
        "errors", "created_by", "created_at", "started_at", "finished_at", "updated_at",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are created by "Add articles" on the article list


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["__str__", "language", "status", "quote_count", "claim_count", "created_at"]
    list_filter = ["status", "language", "publication", "extractor_version"]
    search_fields = ["title", "canonical_url", "original_url", "byline"]
    date_hierarchy = "created_at"
    raw_id_fields = ["duplicate_of", "feed"]
    readonly_fields = [
        "marked_text", "content_hash", "simhash", "status", "attempts", "last_error",
        "extractor_version", "queued_at", "claimed_at", "extracted_at", "created_at",
        "updated_at",
    ]  # fmt: skip
    exclude = ["text"]
    inlines = [QuoteInline, NumericClaimInline]

    change_list_template = "admin/sources/article/change_list.html"

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # articles come in through "Add articles", which dedupes and enqueues

    def get_urls(self):  # type: ignore[no-untyped-def]
        ingest = self.admin_site.admin_view(self.ingest_view)
        return [path("ingest/", ingest, name="sources_article_ingest"), *super().get_urls()]

    def ingest_view(self, request: HttpRequest) -> HttpResponse:
        """Add articles by pasted text, URLs or uploaded files, as one bulk job."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = ArticleIngestForm(request.POST, request.FILES) if posted else ArticleIngestForm()
        if posted and form.is_valid():
            try:
                job = ingest_job_create(
                    kind=IngestJob.Kind.URLS if form.only_urls() else IngestJob.Kind.API,
                    items=form.items(),
                    source="admin",
                    created_by=request.user,
                )
            except InputRejected as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, f"Ingest job {job.pk} queued: {job.total} item(s).")
                return redirect("admin:sources_ingestjob_change", job.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Add articles",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/sources/article/ingest.html", context)

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return (
            super()
            .get_queryset(request)
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
