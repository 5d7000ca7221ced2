"""`manage.py reextract`: extract articles again with the current engine, keeping editors' work."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import EXTRACTOR_VERSION
from claims.models import ArticleExtraction
from claims.services.extraction import articles_reextract
from sources.models import Article

# Articles per transaction: a whole archive is queued without one long lock on all its rows.
_CHUNK = 1000


class Command(BaseCommand):
    help = (
        "Queue articles for extraction with the current engine: untouched candidates are "
        "replaced; what editors confirmed, rejected or fixed stays. Articles pending or being "
        "extracted are left to the run under way, near-copies to their original."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("article_ids", nargs="*", type=int, metavar="ARTICLE_ID")
        chosen = parser.add_mutually_exclusive_group()
        chosen.add_argument("--all", action="store_true", help="every article")
        chosen.add_argument(
            "--extractor-version-not-current",
            action="store_true",
            help=f"articles last extracted by another engine version than {EXTRACTOR_VERSION}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = self._chosen(options)
        queued = sum(
            articles_reextract(article_ids=ids[start : start + _CHUNK])
            for start in range(0, len(ids), _CHUNK)
        )
        left = len(ids) - queued
        self.stdout.write(
            f"Queued {queued} article(s) for re-extraction with extractor {EXTRACTOR_VERSION}."
            + (
                f" {left} left as they are: pending, being extracted, or near-copies."
                if left
                else ""
            )
        )

    def _chosen(self, options: dict[str, Any]) -> list[int]:
        ids: list[int] = sorted(set(options["article_ids"]))
        if ids and (options["all"] or options["extractor_version_not_current"]):
            raise CommandError("give article ids, or --all, or --extractor-version-not-current")
        if options["all"]:
            return list(Article.objects.order_by("id").values_list("id", flat=True))
        if options["extractor_version_not_current"]:
            return list(
                ArticleExtraction.objects.exclude(extractor_version=EXTRACTOR_VERSION)
                .filter(
                    status__in=[ArticleExtraction.Status.EXTRACTED, ArticleExtraction.Status.FAILED]
                )
                .order_by("article_id")
                .values_list("article_id", flat=True)
            )
        if not ids:
            raise CommandError("give article ids, or --all, or --extractor-version-not-current")
        known = set(Article.objects.filter(pk__in=ids).values_list("id", flat=True))
        unknown = [str(pk) for pk in ids if pk not in known]
        if unknown:
            raise CommandError(f"no article with id {', '.join(unknown)}")
        return ids
