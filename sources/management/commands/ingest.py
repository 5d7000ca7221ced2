"""`manage.py ingest SOURCE...`: files, folders, JSONL and URLs in; `--feed` subscribes a feed."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from sources.models import IngestJob
from sources.reading.documents import (
    JSONL_SUFFIXES,
    DocumentFailure,
    DocumentInput,
    document_files,
    documents_read,
)
from sources.reading.fetching import FetchFailed
from sources.reading.rejections import InputRejected
from sources.services.articles import IngestOutcome, documents_ingest, url_ingest
from sources.services.feeds import feed_poll, feed_subscribe
from sources.services.ingest_jobs import (
    ItemFailure,
    ingest_job_finish,
    ingest_job_record,
    ingest_job_start,
)

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# Documents are stored this many at a time: a few queries and one transaction per batch.
_BATCH = 200
# Job counts are written every this many items, so others can follow the run.
_RECORD_EVERY = 200


class Command(BaseCommand):
    help = (
        "Ingest articles from .txt and .html files, folders of them, JSON-lines files (one "
        "article a line: url, title, text or html, published_at, language, publication) and "
        "http(s) URLs; or subscribe to an RSS/Atom feed with --feed URL. Each new article is "
        "queued for extraction; the run is recorded as an ingest job."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sources", nargs="*", metavar="SOURCE", help="file, folder or URL")
        parser.add_argument("--feed", metavar="URL", help="subscribe to this RSS/Atom feed")
        parser.add_argument(
            "--interval", type=int, default=900, help="feed poll interval in seconds (>= 60)"
        )
        parser.add_argument(
            "--encoding",
            default="utf-8",
            help="encoding of text and JSONL files: utf-8 (default, strict), auto, or a codec",
        )
        parser.add_argument(
            "--publication", default="", help="publication of documents that do not name one"
        )
        parser.add_argument(
            "--language", default="", help="ISO 639-1 code of documents that do not give one"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["feed"]:
            if options["sources"]:
                raise CommandError("give either --feed URL or SOURCE arguments, not both")
            self._feed_subscribe(options["feed"], options["interval"])
            return
        if not options["sources"]:
            raise CommandError("give at least one file, folder or URL (or --feed URL)")
        defaults = {"publication": options["publication"], "language": options["language"]}
        self._sources_ingest(
            options["sources"], options["encoding"], defaults, quiet=options["no_progress"]
        )

    def _feed_subscribe(self, url: str, interval: int) -> None:
        try:
            feed = feed_subscribe(url=url, poll_interval=interval)
        except InputRejected as error:
            raise CommandError(f"{url}: {error}") from error
        outcome = feed_poll(feed_id=feed.pk)
        if outcome.error:
            raise CommandError(
                f"subscribed to {feed.url}, but its first poll failed: {outcome.error}"
            )
        self.stdout.write(
            f"subscribed to {feed.url} (every {feed.poll_interval} s): "
            f"{outcome.new_items} new entries queued for ingestion"
        )

    def _sources_ingest(
        self, sources: list[str], encoding: str, defaults: dict[str, str], *, quiet: bool
    ) -> None:
        # Anything with a scheme is a URL: file:// and gopher:// meet the fetcher's guard too.
        urls = [s for s in sources if _URL_SCHEME.match(s)]
        files = document_files([Path(s) for s in sources if s not in urls])
        if not files and not urls:
            raise CommandError("no .txt, .html or .jsonl files found in the given paths")
        job = ingest_job_start(
            kind=IngestJob.Kind.FILES if files else IngestJob.Kind.URLS,
            source=" ".join(sources),
            total=len(urls) + sum(_document_count(path) for path in files),
        )
        run = _Run(job, tqdm(total=job.total, unit="article", disable=quiet, file=self.stderr._out))
        batch: list[DocumentInput] = []
        for path in files:
            for document in documents_read(path, encoding=encoding):
                if isinstance(document, DocumentFailure):
                    run.failed(ItemFailure(document.origin, document.reason))
                    continue
                batch.append(_defaults_apply(document, defaults))
                if len(batch) >= _BATCH:
                    run.batch_done(batch, documents_ingest(documents=batch))
                    batch = []
        if batch:
            run.batch_done(batch, documents_ingest(documents=batch))
        for url in urls:
            try:
                run.done(url_ingest(url=url))
            except (InputRejected, FetchFailed) as error:
                run.failed(ItemFailure(url, str(error)))
        run.close()
        ingest_job_finish(job=job)
        for failure in run.all_failures:
            self.stderr.write(f"failed: {failure.origin}: {failure.reason}")
        counts = run.counts
        self.stdout.write(
            f"{counts['new']} new, {counts['duplicate']} duplicate, "
            f"{counts['near-duplicate']} near-duplicate, {len(run.all_failures)} failed "
            f"(ingest job {job.pk})"
        )
        if run.all_failures:
            raise CommandError(f"{len(run.all_failures)} of the documents could not be ingested")


class _Run:
    """Counts of one command run, written to its job in batches."""

    def __init__(self, job: IngestJob, bar: Any) -> None:
        self.job, self.bar = job, bar
        self.counts: Counter[str] = Counter()
        self.all_failures: list[ItemFailure] = []
        self._outcomes: list[IngestOutcome] = []
        self._failures: list[ItemFailure] = []

    def done(self, outcome: IngestOutcome) -> None:
        self.counts[outcome.kind] += 1
        self._outcomes.append(outcome)
        self._advance()

    def batch_done(
        self, documents: list[DocumentInput], results: list[IngestOutcome | InputRejected]
    ) -> None:
        for document, result in zip(documents, results, strict=True):
            if isinstance(result, InputRejected):
                self.failed(ItemFailure(document.origin, str(result)))
            else:
                self.done(result)

    def failed(self, failure: ItemFailure) -> None:
        self.all_failures.append(failure)
        self._failures.append(failure)
        self._advance()

    def close(self) -> None:
        self._flush()
        self.bar.close()

    def _advance(self) -> None:
        self.bar.update(1)
        if len(self._outcomes) + len(self._failures) >= _RECORD_EVERY:
            self._flush()

    def _flush(self) -> None:
        if self._outcomes or self._failures:
            ingest_job_record(job=self.job, outcomes=self._outcomes, failures=self._failures)
            self._outcomes, self._failures = [], []


def _defaults_apply(document: DocumentInput, defaults: dict[str, str]) -> DocumentInput:
    """The command-line defaults for what the document itself does not say."""
    return dataclasses.replace(
        document,
        publication=document.publication or defaults["publication"],
        language=document.language or defaults["language"],
    )


def _document_count(path: Path) -> int:
    """How many documents a file holds: its non-blank lines for JSONL, else one."""
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return 1
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 1
