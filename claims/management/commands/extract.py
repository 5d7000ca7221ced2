"""`manage.py extract`: run the extraction engine on files or JSON lines, without the database."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import extract
from claims.extraction.batch import main as batch_main
from sources.reading.rejections import InputRejected
from sources.reading.text_decoding import text_decode, text_validate


class Command(BaseCommand):
    help = (
        "Print the quotes and numeric claims of FILE as the extraction contract's JSON, or with "
        "--jsonl read JSON lines {id, text, lang} on standard input and write one result line each."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="a UTF-8 text file ('-' for standard input)")
        parser.add_argument("--lang", help="ISO 639-1 language code; detected when omitted")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--jsonl", action="store_true", help="batch mode on standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["jsonl"]:
            if options["file"]:
                raise CommandError("--jsonl reads standard input; give no FILE")
            batch_main(sys.stdin, sys.stdout)
            return
        if not options["file"]:
            raise CommandError("give a FILE to extract from, or --jsonl")
        text = _text_read(options["file"])
        result = extract(text, lang=options["lang"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"language: {result.language}")
        for quote in result.quotes:
            self.stdout.write(
                f"[quote {quote.confidence:.2f}] {quote.speaker or '?'}: {quote.text}"
            )
        for claim in result.numeric_claims:
            self.stdout.write(
                f"[claim {claim.confidence:.2f}] {claim.surface} = {claim.value} {claim.unit or ''}"
                f" ({claim.qualifier})"
            )


def _text_read(name: str) -> str:
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {name}: {error.strerror}") from error
    try:
        return text_validate(text_decode(data).text, max_chars=settings.FACTDB_MAX_ARTICLE_CHARS)
    except InputRejected as error:
        raise CommandError(f"{name}: {error}") from error
