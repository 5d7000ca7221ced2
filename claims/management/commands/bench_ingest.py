"""`manage.py bench_ingest`: bulk ingestion speed, alone and with extraction, on real services."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks.ingest import DatabaseTaken, bench_ingest_run


class Command(BaseCommand):
    help = (
        "Generate synthetic articles from samples/ and push them through the real pipeline on "
        "a throwaway database: articles/s stored (no worker) and articles/s fully extracted "
        "(real Celery workers), with the worker memory over the run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=10_000, help="per phase")
        parser.add_argument("--ingest-processes", type=int, default=os.cpu_count() or 2)
        parser.add_argument("--workers", type=int, default=1, help="worker processes")
        parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 2)
        parser.add_argument(
            "--database",
            default="factdb_ingest_bench",
            help="created and dropped; a database of that name it did not create is refused",
        )
        parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
        parser.add_argument("--skip-extraction", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bench_ingest_run(options, self.stdout.write)
        except DatabaseTaken as taken:
            raise CommandError(str(taken)) from None
