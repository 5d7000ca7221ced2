from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from sources.admin_forms import ArticleIngestForm, FeedAdminForm
from sources.models import Article, Feed, FeedItem, IngestJob, Publication
from sources.reading.rejections import InputRejected
from sources.services.feeds import feed_poll_enqueue
from sources.services.ingest_jobs import ingest_job_create


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin[Publication]):
    list_display = ["name", "domain", "country", "language", "created_at"]
    list_filter = ["country", "language"]
    search_fields = ["name", "domain"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin[Feed]):
    form = FeedAdminForm
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    """Articles as they came in, and "Add articles". The claims app extends this page with
    what was found in each article (claims/admin.py)."""

    list_display = ["__str__", "language", "publication", "created_at"]
    list_filter = ["language", "publication"]
    search_fields = ["title", "canonical_url", "original_url", "byline"]
    date_hierarchy = "created_at"
    raw_id_fields = ["duplicate_of", "feed"]
    readonly_fields = ["text", "content_hash", "simhash", "created_at", "updated_at"]

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
