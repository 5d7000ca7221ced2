"""`manage.py bench_extract`: the extraction benchmark (benchmarks.extraction) as a command."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from benchmarks.extraction import arguments_add, bench_run, report_print


class Command(BaseCommand):
    help = (
        "Measure the extraction engine on one core (articles/s, MB/s, memory after N and 2N "
        "articles) beside quantulum3 on the same English text."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        arguments_add(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        report = bench_run(
            options["mb"], options["english_mb"], options["repeat"], texts=options["texts"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(report))
            return
        self.stdout.ending = ""  # report_print() writes its own line ends
        report_print(report, self.stdout)
