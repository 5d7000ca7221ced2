"""`manage.py ingest PATH...`: store articles from text and HTML files, folders and JSONL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from sources.document_reading import DocumentFailure, document_files, documents_read
from sources.rejections import InputRejected
from sources.services import document_ingest


class Command(BaseCommand):
    help = (
        "Ingest articles from .txt and .html files, folders of them, and JSON-lines files "
        "(one article a line: url, title, text or html, published_at, language, publication). "
        "Each new article is queued for extraction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--encoding",
            default="utf-8",
            help="encoding of text and JSONL files: utf-8 (default, strict), auto, or a codec",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        files = document_files([Path(p) for p in options["paths"]])
        if not files:
            raise CommandError("no .txt, .html or .jsonl files found in the given paths")
        counts: Counter[str] = Counter()
        failures: list[DocumentFailure] = []
        bar = tqdm(
            total=len(files), unit="file", disable=options["no_progress"], file=self.stderr._out
        )
        for path in files:
            for document in documents_read(path, encoding=options["encoding"]):
                if isinstance(document, DocumentFailure):
                    failures.append(document)
                    continue
                try:
                    outcome = document_ingest(document=document)
                except InputRejected as error:
                    failures.append(DocumentFailure(document.origin, str(error)))
                    continue
                counts["new" if outcome.created else "duplicate"] += 1
            bar.update(1)
        bar.close()
        for failure in failures:
            self.stderr.write(f"failed: {failure.origin}: {failure.reason}")
        self.stdout.write(
            f"{counts['new']} new, {counts['duplicate']} duplicate, {len(failures)} failed"
        )
        if failures:
            raise CommandError(f"{len(failures)} of the documents could not be ingested")
