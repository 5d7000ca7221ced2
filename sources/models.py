"""Where text comes from: publications, feeds and the articles themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Publication(models.Model):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True, help_text="e.g. detik.com")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    language = models.CharField(max_length=16, blank=True, help_text="ISO 639-1 code")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain"], condition=~Q(domain=""), name="publication_unique_domain"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    publication = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds"
    )
    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    poll_interval = models.PositiveIntegerField(default=900, help_text="seconds between polls")
    is_active = models.BooleanField(default=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True, help_text="HTTP date as sent")
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    failure_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poll_interval__gte=60),
                name="feed_poll_interval_at_least_a_minute",
                violation_error_message="A feed is polled at most once a minute: "
                "poll_interval must be at least 60 seconds.",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Article(models.Model):
    """A text as it came in; immutable once stored. What was found in it is the claims app's."""

    publication = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    canonical_url = models.URLField(max_length=2000, null=True, blank=True, unique=True)
    original_url = models.URLField(
        max_length=2000, blank=True, help_text="upstream article this one syndicates or translates"
    )
    title = models.CharField(max_length=1000, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True, help_text="ISO 639-1 code")
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the text")
    simhash = models.BigIntegerField(null=True, blank=True, help_text="64-bit SimHash of the text")
    # The SimHash's four 16-bit bands: two texts at most 3 bits apart share one (pigeonhole),
    # so near-duplicate candidates come from four indexed equality lookups.
    simhash_band0 = models.IntegerField(null=True, blank=True, editable=False)
    simhash_band1 = models.IntegerField(null=True, blank=True, editable=False)
    simhash_band2 = models.IntegerField(null=True, blank=True, editable=False)
    simhash_band3 = models.IntegerField(null=True, blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(text__regex=r"\S"), name="article_text_not_blank"),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="article_content_hash_is_sha256",
            ),
        ]
        indexes = [
            models.Index(fields=["simhash_band0"], name="article_simhash_band0"),
            models.Index(fields=["simhash_band1"], name="article_simhash_band1"),
            models.Index(fields=["simhash_band2"], name="article_simhash_band2"),
            models.Index(fields=["simhash_band3"], name="article_simhash_band3"),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"


class FeedItem(models.Model):
    """An entry seen in a feed, so each is ingested once however often the feed is polled."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    entry_id = models.CharField(max_length=2000, help_text="the entry's GUID or id, else its link")
    link = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    content = models.TextField(blank=True, help_text="the entry's own text, if the feed has it")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_items"
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "entry_id"], name="feed_item_unique_entry"),
        ]

    def __str__(self) -> str:
        return self.title or self.link or self.entry_id


class IngestJob(models.Model):
    """A batch of articles coming in (files, JSONL, URLs, an API bulk post), with its counts."""

    class Kind(models.TextChoices):
        FILES = "files", "files"
        URLS = "urls", "URLs"
        API = "api", "API bulk"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    source = models.TextField(blank=True, help_text="what was ingested: paths, URLs, ...")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    total = models.PositiveIntegerField(null=True, blank=True, help_text="items, when known")
    new_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True, help_text="[{origin, reason}] of the first failures"
    )
    payload = models.JSONField(
        default=list, blank=True, help_text="items waiting to be ingested by a worker"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="ingest_job_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["files", "urls", "api"]), name="ingest_job_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} job {self.pk} ({self.status})"

    @property
    def processed_count(self) -> int:
        return self.new_count + self.duplicate_count + self.failed_count
