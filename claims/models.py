"""What was claimed: speakers, their quotes, numeric claims, editors' verdicts, and the state of
each article's extraction."""

from __future__ import annotations

from typing import Any

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from sources.models import Article


class ArticleExtraction(models.Model):
    """Where an article stands in extraction: one row per article, owned by the claims app."""

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        EXTRACTING = "extracting", "extracting"
        EXTRACTED = "extracted", "extracted"
        FAILED = "failed", "failed"
        # A near-copy of the article's `duplicate_of` (syndicated, lightly edited): its claims
        # are the original's, so it is not extracted again.
        DUPLICATE = "duplicate", "duplicate"

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="extraction"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True, help_text="extraction last enqueued")
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="extraction last started")
    extracted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["pending", "extracting", "extracted", "failed", "duplicate"]
                ),
                name="article_extraction_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="extracting") | Q(claimed_at__isnull=False),
                name="article_extraction_extracting_has_claim_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="extracted") | Q(extracted_at__isnull=False),
                name="article_extraction_extracted_has_extraction_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="article_extraction_queued"),
        ]

    def __str__(self) -> str:
        return f"extraction of article {self.article_id} ({self.status})"


class ReviewStatus(models.TextChoices):
    CANDIDATE = "candidate", "candidate"
    CONFIRMED = "confirmed", "confirmed"
    REJECTED = "rejected", "rejected"


# Editorial history: database triggers copy a row as it was before each update or delete into
# the model's event table (`QuoteEvent`, ...), with the acting user and the action's name from
# `pghistory.context` (set by the services in claims/services/). They see every write, the
# ORM's bulk updates and raw SQL included. Inserts of candidates and speakers are not copied:
# the extraction writes millions, and a row's first state is its `created_at` and what
# `update` copies later. Verdicts, written by people only, record their creation too.
def _history_of_changes() -> tuple[pghistory.RowEvent, ...]:
    # New trackers for each model: a tracker binds to the model it first tracks.
    return (pghistory.UpdateEvent("update", row=pghistory.Old), pghistory.DeleteEvent("delete"))


class EditorialVersion(models.Model):
    """A counter every editorial write raises, so a write made from a stale page is refused."""

    version = models.PositiveIntegerField(
        default=1, help_text="raised by every change; send the one you saw with each edit"
    )

    class Meta:
        abstract = True


@pghistory.track(*_history_of_changes())
class Speaker(EditorialVersion):
    name = models.CharField(max_length=300)
    name_key = models.CharField(
        max_length=300, db_index=True, editable=False, help_text="casefolded name, for matching"
    )
    aliases = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    role = models.CharField(max_length=300, blank=True, help_text="role or title, as last seen")
    role_seen_at = models.DateField(null=True, blank=True)
    organisation = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    wikidata_id = models.CharField(max_length=20, blank=True, help_text="e.g. Q7747")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Automatic attribution finds people by name; identified people may share one.
            models.UniqueConstraint(
                fields=["name_key"],
                condition=Q(merged_into__isnull=True, wikidata_id=""),
                name="speaker_unique_unidentified_name",
                violation_error_message=(
                    "Another speaker already has this name; merge the two instead."
                ),
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id="") & Q(merged_into__isnull=True),
                name="speaker_unique_wikidata_id",
                violation_error_message="Another speaker already has this Wikidata id.",
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="speaker_wikidata_id_format",
                violation_error_message="A Wikidata id is Q followed by digits, e.g. Q7747.",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")),
                name="speaker_not_merged_into_itself",
                violation_error_message="A speaker cannot be merged into itself.",
            ),
            models.CheckConstraint(
                condition=Q(name__regex=r"\S"),
                name="speaker_name_not_blank",
                violation_error_message="A speaker needs a name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = speaker_name_key(self.name)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


def speaker_name_key(name: str) -> str:
    """The form names are matched on: casefolded, single-spaced."""
    return " ".join(name.casefold().split())


class Candidate(EditorialVersion):
    """What quotes and numeric claims share: a span of an article, found by the engine."""

    # Indexes are chosen in candidate_indexes(): every one costs each inserted candidate.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, db_index=False)
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, db_index=False
    )
    speaker_mention = models.CharField(max_length=300, blank=True, help_text="as written")
    start = models.PositiveIntegerField(help_text="code-point offset into the article text")
    end = models.PositiveIntegerField(help_text="exclusive end offset")
    confidence = models.FloatField()
    language = models.CharField(max_length=16, blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.CANDIDATE
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_index=False,
    )  # fmt: skip
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # An editor's fix (span, speaker, figure): re-extraction leaves an edited item as it is.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_index=False,
    )  # fmt: skip
    edited_at = models.DateTimeField(null=True, blank=True)
    # Where the engine found it; an editor's span fix moves start/end but not these, so a
    # re-extraction that finds the same words again recognises the item.
    found_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    found_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def reviewed_or_edited(self) -> bool:
        """An editor decided or changed it: re-extraction must leave it alone."""
        return self.status != ReviewStatus.CANDIDATE or self.edited_at is not None


def candidate_indexes(prefix: str) -> list[models.Index]:
    """Indexes every candidate table carries. Lookups by article use the unique span index;
    speaker and reviewer indexes are partial, so the many rows without one cost nothing. The
    review queue's order (candidates first, surest first, by place) is an index, so its first
    page is read from it, not sorted out of millions of rows; it serves lookups by status too."""
    return [
        models.Index(
            fields=["status", "-confidence", "article", "start", "id"],
            name=f"{prefix}_review_queue",
        ),
        models.Index(
            fields=["speaker"], condition=Q(speaker__isnull=False), name=f"{prefix}_speaker"
        ),
        models.Index(
            fields=["reviewer"], condition=Q(reviewer__isnull=False), name=f"{prefix}_reviewer"
        ),
    ]


def candidate_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Constraints every candidate table carries, named after the table."""
    return [
        models.UniqueConstraint(
            fields=["article", "start", "end"],
            name=f"{prefix}_unique_span",
            violation_error_message="Another item of this article has exactly this span.",
        ),
        models.CheckConstraint(
            condition=Q(end__gt=F("start")),
            name=f"{prefix}_span_not_empty",
            violation_error_message="The span must hold at least one character.",
        ),
        models.CheckConstraint(
            condition=Q(confidence__gte=0) & Q(confidence__lte=1),
            name=f"{prefix}_confidence_between_0_and_1",
        ),
        models.CheckConstraint(
            condition=Q(status__in=["candidate", "confirmed", "rejected"]),
            name=f"{prefix}_status_valid",
        ),
        models.CheckConstraint(
            condition=Q(status="candidate") | Q(reviewed_at__isnull=False),
            name=f"{prefix}_reviewed_has_review_time",
            violation_error_message="A confirmed or rejected item records when it was reviewed.",
        ),
    ]


@pghistory.track(*_history_of_changes())
class Quote(Candidate):
    class Kind(models.TextChoices):
        DIRECT = "direct", "direct"
        PARTIAL = "partial", "partial"

    text = models.TextField(help_text="the quoted words, without quotation marks")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.DIRECT)

    class Meta:
        ordering = ["article", "start"]
        default_related_name = "quotes"
        indexes = candidate_indexes("quote")
        constraints = [
            *candidate_constraints("quote"),
            models.CheckConstraint(
                condition=Q(kind__in=["direct", "partial"]), name="quote_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


@pghistory.track(*_history_of_changes())
class NumericClaim(Candidate):
    class Qualifier(models.TextChoices):
        EXACT = "exact", "exact"
        MORE_THAN = "more_than", "more than"
        LESS_THAN = "less_than", "less than"
        AT_LEAST = "at_least", "at least"
        AT_MOST = "at_most", "at most"
        APPROXIMATE = "approximate", "approximate"
        RANGE = "range", "range"

    class Kind(models.TextChoices):
        ACTUAL = "actual", "actual"
        TARGET = "target", "target"
        FORECAST = "forecast", "forecast"

    surface = models.TextField(help_text="the claim as written")
    value = models.DecimalField(max_digits=40, decimal_places=10)
    value_max = models.DecimalField(
        max_digits=40, decimal_places=10, null=True, blank=True, help_text="upper end of a range"
    )
    unit = models.CharField(
        max_length=32, blank=True, help_text="ISO 4217 code, percent, count or a unit name"
    )
    qualifier = models.CharField(max_length=16, choices=Qualifier.choices, default=Qualifier.EXACT)
    subject = models.CharField(max_length=500, blank=True)
    period = models.CharField(max_length=64, blank=True, help_text="e.g. 2023 or 2024-01/2024-09")
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True)

    class Meta:
        ordering = ["article", "start"]
        default_related_name = "numeric_claims"
        indexes = candidate_indexes("numeric_claim")
        constraints = [
            *candidate_constraints("numeric_claim"),
            models.CheckConstraint(
                condition=Q(
                    qualifier__in=[
                        "exact",
                        "more_than",
                        "less_than",
                        "at_least",
                        "at_most",
                        "approximate",
                        "range",
                    ]
                ),
                name="numeric_claim_qualifier_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["", "actual", "target", "forecast"]),
                name="numeric_claim_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=F("value")),
                name="numeric_claim_range_ordered",
                violation_error_message="The upper end of a range cannot be below its value.",
            ),
            models.CheckConstraint(
                condition=~Q(qualifier="range") | Q(value_max__isnull=False),
                name="numeric_claim_range_has_upper_end",
                violation_error_message="A range needs its upper end (value max).",
            ),
        ]

    def __str__(self) -> str:
        return self.surface


@pghistory.track(pghistory.InsertEvent("insert"), *_history_of_changes())
class Verdict(EditorialVersion):
    """An editor's rating of one quote or numeric claim, with the evidence behind it.

    Written as a draft, published (as ClaimReview) by someone allowed to, and corrected in the
    open afterwards: a correction keeps the publication date and says what changed.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        PUBLISHED = "published", "published"
        CORRECTED = "corrected", "corrected"

    class Rating(models.TextChoices):
        TRUE = "true", "true"
        MOSTLY_TRUE = "mostly_true", "mostly true"
        HALF_TRUE = "half_true", "half true"
        MOSTLY_FALSE = "mostly_false", "mostly false"
        FALSE = "false", "false"
        MISLEADING = "misleading", "misleading"
        UNVERIFIABLE = "unverifiable", "unverifiable"

    quote = models.ForeignKey(
        Quote, null=True, blank=True, on_delete=models.CASCADE, related_name="verdicts"
    )
    numeric_claim = models.ForeignKey(
        NumericClaim, null=True, blank=True, on_delete=models.CASCADE, related_name="verdicts"
    )
    rating = models.CharField(max_length=16, choices=Rating.choices)
    explanation = models.TextField()
    evidence_links = ArrayField(models.URLField(max_length=2000), default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="verdicts"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(null=True, blank=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction_note = models.TextField(blank=True, help_text="what a correction changed, and why")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("publish_verdict", "Can publish and correct verdicts")]
        indexes = [
            models.Index(
                fields=["-published_at"],
                condition=~Q(status="draft"),
                name="verdict_published",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "corrected"]),
                name="verdict_status_valid",
                violation_error_message="A verdict is a draft, published or corrected.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="verdict_published_has_date",
                violation_error_message="A published verdict needs its publication date.",
            ),
            models.CheckConstraint(
                condition=~Q(status="corrected") | Q(corrected_at__isnull=False),
                name="verdict_corrected_has_date",
                violation_error_message="A corrected verdict needs the date of its correction.",
            ),
            models.CheckConstraint(
                condition=(Q(quote__isnull=False) & Q(numeric_claim__isnull=True))
                | (Q(quote__isnull=True) & Q(numeric_claim__isnull=False)),
                name="verdict_rates_exactly_one_item",
                violation_error_message="A verdict rates one quote or one numeric claim.",
            ),
            models.CheckConstraint(
                condition=Q(
                    rating__in=[
                        "true",
                        "mostly_true",
                        "half_true",
                        "mostly_false",
                        "false",
                        "misleading",
                        "unverifiable",
                    ]
                ),
                name="verdict_rating_valid",
                violation_error_message="Choose one of the ratings.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()}: {self.quote or self.numeric_claim}"
