"""`manage.py bench_api`: the public API under gunicorn on 200,000 articles, 1,000,000 quotes
and 2,000,000 numeric claims, beside the same SQL through psycopg (benchmarks.api_scale)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks.api_scale import SCENARIOS, OptionsInvalid, ScaleDataRefused, bench_api_run


class Command(BaseCommand):
    help = (
        "Load synthetic articles, quotes and numeric claims with COPY (once; reused while the "
        "sizes stay the same), serve the API with gunicorn on a loopback port and measure "
        "lists, filters, search, details and an export with concurrent keep-alive clients: "
        "p50/p95/p99 and requests/s over HTTP, and the same SQL replayed with psycopg, "
        "against the issue's goals. Writes only into an empty database or one it made."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=200_000)
        parser.add_argument("--quotes", type=int, default=1_000_000)
        parser.add_argument("--claims", type=int, default=2_000_000)
        parser.add_argument("--reload", action="store_true", help="load the data again")
        parser.add_argument(
            "--database-url",
            help="the benchmark database (default: factdb_api_bench on DATABASE_URL's server)",
        )
        parser.add_argument("--concurrency", type=int, default=8, help="client threads")
        parser.add_argument("--requests", type=int, default=400, help="measured per scenario")
        parser.add_argument("--warmup", type=int, default=3, help="requests per client first")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker")
        parser.add_argument("--seed", type=int, default=1, help="of the random requests")
        parser.add_argument(
            "--only", action="append", choices=[s.name for s in SCENARIOS],
            help="measure only this scenario (repeatable)",
        )  # fmt: skip
        parser.add_argument(
            "--explain", action="store_true",
            help="EXPLAIN (ANALYZE, BUFFERS) of the searches and the slowest filter",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bench_api_run(options, self.stdout.write)
        except (ScaleDataRefused, OptionsInvalid) as error:
            raise CommandError(str(error)) from error
