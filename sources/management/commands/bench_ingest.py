"""`manage.py bench_ingest`: bulk ingestion speed, alone and with extraction, on real services."""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sources import ingest_benchmark as bench
from sources.models import Article


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
        parser.add_argument("--database", default="factdb_bench", help="created and dropped")
        parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
        parser.add_argument("--skip-extraction", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["articles"]
        queue = f"factdb-bench-{os.getpid()}"
        bench.benchmark_database_use(options["database"])
        settings.CELERY_TASK_DEFAULT_QUEUE = queue
        from factdb.celery import app

        app.conf.task_default_queue = queue
        self.stdout.write(f"generating {2 * count:,} synthetic articles from samples/ …")
        first, second = (
            bench.articles_generate(count, seed=1),
            bench.articles_generate(count, seed=2),
        )
        average_kb = sum(len(a.text) for a in first) / len(first) / 1024
        try:
            ingest = bench.ingest_parallel(first, options["ingest_processes"])
            self.stdout.write(
                f"ingest alone: {ingest.articles:,} articles stored in {ingest.seconds:.1f} s = "
                f"{ingest.rate:.0f} articles/s ({options['ingest_processes']} processes, "
                f"{average_kb:.1f} KB per article)"
            )
            if not options["skip_extraction"]:
                self._with_extraction(second, options, queue)
            self._settings_print(options)
        finally:
            if not options["keep"]:
                bench.benchmark_database_drop(options["database"])

    def _with_extraction(self, articles: list[Any], options: dict[str, Any], queue: str) -> None:
        # Phase 1's articles are not part of phase 2: drop their messages, count only new ids.
        bench.queue_purge(queue)
        first_id = (Article.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        Article.objects.filter(status=Article.Status.PENDING).update(
            status=Article.Status.FAILED, last_error="benchmark phase 1: not extracted"
        )
        workers = bench.workers_start(options["workers"], options["concurrency"], queue)
        progress = bench.ProgressSampler(first_id, workers, self.stdout.write, total=len(articles))
        try:
            time.sleep(3)  # let the workers connect before the clock starts
            started = time.perf_counter()
            progress.start()
            stored = bench.ingest_parallel(articles, options["ingest_processes"])
            progress.wait_until_settled(stored.articles, timeout=7200)
            total = time.perf_counter() - started
        finally:
            progress.stop()
            bench.workers_stop(workers)
        done = Article.objects.filter(pk__gte=first_id, status=Article.Status.EXTRACTED).count()
        linked = Article.objects.filter(pk__gte=first_id, status=Article.Status.DUPLICATE).count()
        self.stdout.write(
            f"ingest + extraction: {done:,} articles extracted in {total:.1f} s = "
            f"{done / total:.0f} articles/s ({linked:,} near-duplicates linked, not extracted; "
            f"ingest of the same took {stored.seconds:.1f} s, {stored.rate:.0f} articles/s)"
        )
        marks = progress.memory_marks()
        if marks:
            line = ", ".join(f"{mb:.0f} MB at {n:,}" for n, mb in marks)
            self.stdout.write(f"worker memory (RSS, all pool processes): {line}")

    def _settings_print(self, options: dict[str, Any]) -> None:
        server = bench.server_settings()
        broker = settings.CELERY_BROKER_URL.split("://", 1)[0]
        self.stdout.write(
            f"settings: {os.cpu_count()} cores; {options['workers']} worker(s) x "
            f"{options['concurrency']} prefork processes, prefetch "
            f"{settings.CELERY_WORKER_PREFETCH_MULTIPLIER}, acks_late; broker {broker}; "
            f"PostgreSQL {server.get('server_version')} shared_buffers="
            f"{server.get('shared_buffers')} (8 kB pages) synchronous_commit="
            f"{server.get('synchronous_commit')}"
        )
