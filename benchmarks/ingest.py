"""The bulk-ingestion benchmark: synthetic articles through the real pipeline, timed.

Runs on a database and a queue of its own (created, migrated and dropped here), so a demo or
production data set is never touched. Phase 1 stores articles with no worker running (ingest
alone); phase 2 starts real Celery workers and measures until every new article is extracted.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from psycopg import sql

from benchmarks.synthetic_articles import SyntheticArticle, sample_sentences, synthetic_articles
from claims.models import ArticleExtraction
from sources.models import Article
from sources.reading.documents import DocumentInput
from sources.services.articles import IngestOutcome, documents_ingest

ROOT = Path(__file__).resolve().parent.parent
_BATCH = 200  # documents per transaction, as the ingest command does
Status = ArticleExtraction.Status


@dataclass(frozen=True, slots=True)
class PhaseResult:
    articles: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


# The comment on a database this benchmark created: only such a database is ever dropped.
SCRATCH_MARK = "factdb bench_ingest scratch database, dropped after each run"


class DatabaseTaken(Exception):
    """The benchmark's database name is taken by a database it did not create."""


def benchmark_database_use(name: str) -> None:
    """Create database `name` afresh on the configured server, point Django at it, migrate.

    Raises DatabaseTaken when a database of that name exists that this benchmark did not create
    (it drops only its own, whose comment is SCRATCH_MARK)."""
    database = sql.Identifier(name)
    with _maintenance_connection() as admin:
        exists, comment = _database_comment(admin, name)
        if exists and comment != SCRATCH_MARK:
            raise DatabaseTaken(
                f"database {name!r} exists and bench_ingest did not create it, so it will not "
                "drop it: pass --database with a name no database has"
            )
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(database))
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(database, sql.Literal(SCRATCH_MARK))
        )
    for alias in (settings.DATABASES, {"default": connection.settings_dict}):
        alias["default"]["NAME"] = name
    os.environ["FACTDB_DATABASE_NAME"] = name
    call_command("migrate", interactive=False, verbosity=0)


def benchmark_database_drop(name: str) -> None:
    """Drop database `name` if this benchmark created it."""
    database = sql.Identifier(name)
    with _maintenance_connection() as admin:
        if _database_comment(admin, name) == (True, SCRATCH_MARK):
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(database))


def _database_comment(
    admin: psycopg.Connection[tuple[object, ...]], name: str
) -> tuple[bool, object]:
    """Whether database `name` exists, and its comment."""
    found = admin.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    ).fetchone()
    return (found is not None, found[0] if found is not None else None)


def _maintenance_connection() -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to the server's `postgres` database; Django's are closed."""
    params = connection.get_connection_params()
    connections.close_all()
    server = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    return psycopg.connect(dbname="postgres", autocommit=True, **server)


def articles_generate(count: int, *, seed: int) -> list[SyntheticArticle]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "samples").glob("*.txt"))]
    return list(synthetic_articles(sample_sentences(texts), count, seed=seed))


def ingest_parallel(articles: list[SyntheticArticle], processes: int) -> PhaseResult:
    """Ingest the articles with `processes` processes, each on its own connection."""
    connections.close_all()  # forked children must not share the parent's connection
    shares = [articles[i::processes] for i in range(processes)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        stored = sum(pool.map(_ingest_share, shares))
    return PhaseResult(articles=stored, seconds=time.perf_counter() - started)


def _ingest_share(articles: list[SyntheticArticle]) -> int:
    stored = 0
    for start in range(0, len(articles), _BATCH):
        documents = [
            DocumentInput(origin=a.url, text=a.text, title=a.title, url=a.url, language="id")
            for a in articles[start : start + _BATCH]
        ]
        results = documents_ingest(documents=documents)
        stored += sum(1 for r in results if isinstance(r, IngestOutcome) and r.created)
    connections.close_all()
    return stored


def queue_purge(queue: str) -> int:
    """Drop the messages waiting in the benchmark's own queue."""
    from factdb.celery import app

    with app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.queue_declare(queue=queue, durable=True, auto_delete=False)
        return int(channel.queue_purge(queue) or 0)


def workers_start(count: int, concurrency: int, queue: str) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "FACTDB_QUEUE": queue}
    workers = []
    for number in range(count):
        command = [
            sys.executable, "-m", "celery", "-A", "factdb", "worker", "--loglevel", "WARNING",
            "--pool", "prefork", "--concurrency", str(concurrency), "-Q", queue,
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"bench{number}-{os.getpid()}@%h",
        ]  # fmt: skip
        workers.append(subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True))
    return workers


def workers_stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, 15)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, 9)


def workers_memory_mb(workers: list[subprocess.Popen[bytes]]) -> float:
    """Resident memory of the workers and their pool processes, in MB."""
    total = 0
    for worker in workers:
        try:
            process = psutil.Process(worker.pid)
            total += sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])
        except psutil.NoSuchProcess:
            continue
    return total / (1024 * 1024)


class ProgressSampler:
    """Samples, in a thread of its own, how many new articles are settled and worker memory."""

    def __init__(
        self,
        first_id: int,
        workers: list[subprocess.Popen[bytes]],
        say: Callable[[str], None],
        *,
        total: int,
    ) -> None:
        self.first_id, self.workers, self.say, self.total = first_id, workers, say, total
        self.samples: list[tuple[int, float]] = []  # (settled articles, worker MB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def wait_until_settled(self, count: int, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.samples and self.samples[-1][0] >= count:
                return
            time.sleep(0.2)

    def memory_marks(self) -> list[tuple[int, float]]:
        """Memory at the start, the quarters and the end of the run."""
        if not self.samples:
            return []
        last = len(self.samples) - 1
        return [self.samples[last * quarter // 4] for quarter in range(5)]

    def _run(self) -> None:
        # Settled: extracted, failed or linked as a near-copy; not pending, not being extracted.
        settled = ArticleExtraction.objects.filter(article_id__gte=self.first_id).exclude(
            status__in=[Status.PENDING, Status.EXTRACTING]
        )
        started = time.monotonic()
        last_said = 0.0
        try:
            while not self._stop.is_set():
                done = settled.count()
                self.samples.append((done, workers_memory_mb(self.workers)))
                elapsed = time.monotonic() - started
                if elapsed - last_said >= 10:
                    last_said = elapsed
                    self.say(f"  {done:,}/{self.total:,} settled after {elapsed:.0f} s")
                self._stop.wait(1.0)
        finally:
            connections.close_all()


def server_settings() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('server_version', 'shared_buffers', 'synchronous_commit', 'max_connections')"
        )
        return dict(cursor.fetchall())


def bench_ingest_run(options: dict[str, Any], write: Callable[[str], Any]) -> None:
    """Both phases with the command's options, reporting through `write`."""
    count = options["articles"]
    queue = f"factdb-bench-{os.getpid()}"
    benchmark_database_use(options["database"])
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    from factdb.celery import app

    app.conf.task_default_queue = queue
    write(f"generating {2 * count:,} synthetic articles from samples/ …")
    first, second = (
        articles_generate(count, seed=1),
        articles_generate(count, seed=2),
    )
    average_kb = sum(len(a.text) for a in first) / len(first) / 1024
    try:
        ingest = ingest_parallel(first, options["ingest_processes"])
        write(
            f"ingest alone: {ingest.articles:,} articles stored in {ingest.seconds:.1f} s = "
            f"{ingest.rate:.0f} articles/s ({options['ingest_processes']} processes, "
            f"{average_kb:.1f} KB per article)"
        )
        if not options["skip_extraction"]:
            _with_extraction(second, options, queue, write)
        _settings_print(options, write)
    finally:
        if not options["keep"]:
            benchmark_database_drop(options["database"])


def _with_extraction(
    articles: list[SyntheticArticle],
    options: dict[str, Any],
    queue: str,
    write: Callable[[str], Any],
) -> None:
    # Phase 1's articles are not part of phase 2: drop their messages, count only new ids.
    queue_purge(queue)
    first_id = (Article.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    ArticleExtraction.objects.filter(status=Status.PENDING).update(
        status=Status.FAILED, last_error="benchmark phase 1: not extracted"
    )
    workers = workers_start(options["workers"], options["concurrency"], queue)
    progress = ProgressSampler(first_id, workers, write, total=len(articles))
    try:
        time.sleep(3)  # let the workers connect before the clock starts
        started = time.perf_counter()
        progress.start()
        stored = ingest_parallel(articles, options["ingest_processes"])
        progress.wait_until_settled(stored.articles, timeout=7200)
        total = time.perf_counter() - started
    finally:
        progress.stop()
        workers_stop(workers)
    after = ArticleExtraction.objects.filter(article_id__gte=first_id)
    done = after.filter(status=Status.EXTRACTED).count()
    linked = after.filter(status=Status.DUPLICATE).count()
    write(
        f"ingest + extraction: {done:,} articles extracted in {total:.1f} s = "
        f"{done / total:.0f} articles/s ({linked:,} near-duplicates linked, not extracted; "
        f"ingest of the same took {stored.seconds:.1f} s, {stored.rate:.0f} articles/s)"
    )
    marks = progress.memory_marks()
    if marks:
        line = ", ".join(f"{mb:.0f} MB at {n:,}" for n, mb in marks)
        write(f"worker memory (RSS, all pool processes): {line}")


def _settings_print(options: dict[str, Any], write: Callable[[str], Any]) -> None:
    server = server_settings()
    broker = settings.CELERY_BROKER_URL.split("://", 1)[0]
    write(
        f"settings: {os.cpu_count()} cores; {options['workers']} worker(s) x "
        f"{options['concurrency']} prefork processes, prefetch "
        f"{settings.CELERY_WORKER_PREFETCH_MULTIPLIER}, acks_late; broker {broker}; "
        f"PostgreSQL {server.get('server_version')} shared_buffers="
        f"{server.get('shared_buffers')} (8 kB pages) synchronous_commit="
        f"{server.get('synchronous_commit')}"
    )
