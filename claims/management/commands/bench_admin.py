"""`manage.py bench_admin`: the editors' admin pages timed on 100,000 articles and 2,000,000
candidates (benchmarks.admin_scale)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks.admin_scale import OptionsInvalid, ScaleDataRefused, ScaleSizes, bench_admin_run


class Command(BaseCommand):
    help = (
        "Load synthetic articles, speakers, quotes and numeric claims with COPY (once; reused "
        "while the sizes stay the same) and time the admin's queue, lists and article pages: "
        "median, p95, max, queries, size, against the issue's targets. Writes only into an "
        "empty database or one this benchmark made."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = ScaleSizes()
        parser.add_argument("--articles", type=int, default=defaults.articles)
        parser.add_argument("--candidates", type=int, default=defaults.candidates)
        parser.add_argument(
            "--big-article-candidates", type=int, default=defaults.big_article_candidates
        )
        parser.add_argument("--speakers", type=int, help="default: one per 100 candidates")
        parser.add_argument(
            "--database", help="use this database on the configured server (created if missing)"
        )
        parser.add_argument("--reload", action="store_true", help="load the data again")
        parser.add_argument("--warmup", type=int, default=5, help="requests before timing")
        parser.add_argument("--repeat", type=int, default=10, help="timed requests per page")
        parser.add_argument(
            "--page", action="append", metavar="NAME=PATH[@MS]", help="another page to time"
        )
        parser.add_argument(
            "--only", action="append", metavar="WORDS", help="time only pages named with these"
        )
        parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest query")
        parser.add_argument("--json", action="store_true", help="the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bench_admin_run(options, self.stdout.write)
        except (ScaleDataRefused, OptionsInvalid) as error:
            raise CommandError(str(error)) from error
