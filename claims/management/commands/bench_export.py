"""`manage.py bench_export`: CSV and JSON Lines exports of 10,000 to 1,000,000 rows through
the real view, time and memory side by side (benchmarks.exports)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks.exports import OptionsInvalid, bench_export_child, bench_export_run


class Command(BaseCommand):
    help = (
        "Export about N rows of the quote or claim list (a published_after filter per size) "
        "as CSV and JSON Lines through the API view, each in a fresh process, reading the "
        "stream and discarding it: rows, seconds, rows/s, and the growth of peak memory "
        "(RSS high-water mark, tracemalloc peak). Reads the benchmark data; writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", default="numeric-claims", help="numeric-claims or quotes")
        parser.add_argument("--sizes", default="10000,100000,1000000")
        parser.add_argument("--formats", default="csv,jsonl")
        parser.add_argument("--database", help="another database on the configured server")
        parser.add_argument(
            "--no-tracemalloc", action="store_true", help="skip the tracemalloc runs"
        )
        parser.add_argument("--json", action="store_true", help="the results as JSON")
        # One measured export in this process (the parent runs these).
        parser.add_argument("--child-format", help="internal")
        parser.add_argument("--child-path", help="internal")
        parser.add_argument("--child-asked", help="internal")
        parser.add_argument("--child-tracemalloc", action="store_true", help="internal")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["child_path"]:
                child = {
                    "list": options["list"],
                    "database": options["database"],
                    "format": options["child_format"],
                    "path": options["child_path"],
                    "asked": options["child_asked"],
                    "tracemalloc": options["child_tracemalloc"],
                }
                bench_export_child(child, self.stdout.write)
            else:
                bench_export_run(options, self.stdout.write)
        except OptionsInvalid as error:
            raise CommandError(str(error)) from error
