"""Streaming exports at scale: does memory stay flat while the rows grow a hundredfold?

    DATABASE_URL=postgres://.../factdb_bench DEBUG=1 python manage.py bench_export
        [--list numeric-claims|quotes] [--sizes 10000,100000,1000000] [--formats csv,jsonl]
        [--database NAME] [--no-tracemalloc] [--json]

Reads the benchmark data of `benchmarks.scale_data` (load it with `bench_admin` first) and never
writes. For each size the list is narrowed to about that many rows by a real filter,
`published_after` (the cutoff is the article date of the N-th newest item), and every row is
exported through the real view with Django's test client, the stream read chunk by chunk and
thrown away. Each export runs in a fresh Python process, after one small warm-up export (so
imports and caches are already paid for), and reports:

- rows, seconds to the first chunk, seconds in all, rows/s and MB sent;
- the growth of the process's RSS high-water mark (`getrusage` ru_maxrss) over the export;
- in a second fresh process (tracemalloc slows Python down, so it is not timed), tracemalloc's
  peak of Python allocations during the export.

Constant memory shows as the two memory columns staying put from 10,000 to 1,000,000 rows.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from claims.models import NumericClaim, Quote

Write = Callable[[str], Any]

__all__ = ["OptionsInvalid", "bench_export_child", "bench_export_run"]

_LISTS: dict[str, type[Quote] | type[NumericClaim]] = {
    "quotes": Quote,
    "numeric-claims": NumericClaim,
}
_FORMATS = ("csv", "jsonl")


class OptionsInvalid(Exception):
    """The command line asks for something this benchmark cannot do."""


@dataclass(frozen=True, slots=True)
class Measured:
    list: str
    format: str
    asked: int
    rows: int
    first_chunk_s: float
    seconds: float
    megabytes: float
    rss_growth_mb: float
    traced_peak_mb: float | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _database_point(name: str | None) -> None:
    """Use database `name` on the configured server (it must exist: nothing is created)."""
    if name:
        connection.close()
        settings.DATABASES["default"]["NAME"] = name
        connection.settings_dict["NAME"] = name


def _cutoff(model: type[Quote] | type[NumericClaim], size: int) -> str | None:
    """The article date from which about `size` items are newer, or None for the whole list."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        total = int(cursor.fetchone()[0])
        if size >= total:
            return None
        cursor.execute(
            f'SELECT a.published_at FROM "{table}" c JOIN sources_article a '
            "ON a.id = c.article_id WHERE a.published_at IS NOT NULL "
            "ORDER BY a.published_at DESC OFFSET %s LIMIT 1",
            [size - 1],
        )
        found = cursor.fetchone()
    return None if found is None else found[0].isoformat()


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _export(client: Client, path: str) -> tuple[int, float, float, int]:
    """Rows (lines less the CSV header), seconds to the first chunk, seconds, bytes."""
    started = time.perf_counter()
    response = client.get(path)
    if response.status_code != 200 or not response.streaming:
        raise RuntimeError(f"{path}: {response.status_code} {response.content[:300]!r}")
    first = 0.0
    lines = size = 0
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        if not first:
            first = time.perf_counter() - started
        lines += chunk.count(b"\n")
        size += len(chunk)
    response.close()
    return lines, first, time.perf_counter() - started, size


def bench_export_child(options: dict[str, Any], write: Write) -> None:
    """One export in this (fresh) process; writes its `Measured` as one JSON line."""
    _database_point(options.get("database"))
    list_name, fmt, path = options["list"], options["format"], options["path"]
    traced = bool(options.get("tracemalloc"))
    client = Client()
    with override_settings(FACTDB_ANONYMOUS_READ=True, ALLOWED_HOSTS=["testserver"]):
        warm_article = _LISTS[list_name].objects.values_list("article_id", flat=True).first()
        _export(client, f"/api/{list_name}/?format={fmt}&article={warm_article}")
        if traced:
            tracemalloc.start()
            tracemalloc.reset_peak()
        before = _max_rss_mb()
        lines, first, seconds, size = _export(client, path)
        growth = _max_rss_mb() - before
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
        if traced:
            tracemalloc.stop()
    measured = Measured(
        list=list_name, format=fmt, asked=int(options["asked"]),
        rows=lines - (1 if fmt == "csv" else 0), first_chunk_s=round(first, 3),
        seconds=round(seconds, 3), megabytes=round(size / 2**20, 1),
        rss_growth_mb=round(growth, 1), traced_peak_mb=None if peak is None else round(peak, 2),
    )  # fmt: skip
    write(json.dumps(asdict(measured)))


def _child(argv: Sequence[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "manage.py", "bench_export", *argv],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"bench_export {' '.join(argv)} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        message = f"--sizes takes whole numbers separated by commas, not {text!r}"
        raise OptionsInvalid(message) from None
    if not sizes or min(sizes) < 1:
        raise OptionsInvalid("--sizes needs at least one size, each at least 1")
    return sizes


def bench_export_run(options: dict[str, Any], write: Write) -> None:
    """Every size in every format, each in fresh processes; then the table."""
    list_name = options["list"]
    if list_name not in _LISTS:
        raise OptionsInvalid(f"--list is one of {', '.join(_LISTS)}")
    formats = [part.strip() for part in options["formats"].split(",") if part.strip()]
    if not formats or set(formats) - set(_FORMATS):
        raise OptionsInvalid(f"--formats takes {', '.join(_FORMATS)}")
    sizes = _sizes(options["sizes"])
    _database_point(options.get("database"))
    database = connection.settings_dict["NAME"]
    model = _LISTS[list_name]
    if not model.objects.exists():
        raise OptionsInvalid(
            f"database {database!r} has no {list_name}: load the benchmark data first "
            "(manage.py bench_admin loads it)"
        )
    common = ["--list", list_name, *(["--database", database] if options.get("database") else [])]
    results: list[Measured] = []
    for size in sizes:
        cutoff = _cutoff(model, size)
        query = "" if cutoff is None else "&published_after=" + cutoff.replace("+", "%2B")
        for fmt in formats:
            path = f"/api/{list_name}/?format={fmt}{query}"
            argv = [
                *common,
                "--child-format",
                fmt,
                "--child-path",
                path,
                "--child-asked",
                str(size),
            ]
            timed = _child(argv)
            if not options.get("no_tracemalloc"):
                timed["traced_peak_mb"] = _child([*argv, "--child-tracemalloc"])["traced_peak_mb"]
            measured = Measured(**timed)
            results.append(measured)
            if not options.get("json"):
                write(f"  {fmt} {size:,}: {measured.rows:,} rows in {measured.seconds:.1f} s")
    if options.get("json"):
        write(json.dumps([{**asdict(m), "rows_per_s": round(m.rows_per_second)} for m in results]))
        return
    write(_table(results, database))


def _table(results: Sequence[Measured], database: str) -> str:
    head = (
        f"{'list':<15} {'format':<6} {'rows':>10} {'first chunk':>12} {'seconds':>8} "
        f"{'rows/s':>9} {'MB sent':>8} {'RSS growth':>11} {'traced peak':>12}"
    )
    lines = [f"bench_export on {database!r} (each export in a fresh process)", head]
    for m in results:
        traced = "-" if m.traced_peak_mb is None else f"{m.traced_peak_mb:.2f} MB"
        lines.append(
            f"{m.list:<15} {m.format:<6} {m.rows:>10,} {m.first_chunk_s * 1000:>9.0f} ms "
            f"{m.seconds:>8.1f} {m.rows_per_second:>9,.0f} {m.megabytes:>8.1f} "
            f"{m.rss_growth_mb:>8.1f} MB {traced:>12}"
        )
    return "\n".join(lines)
