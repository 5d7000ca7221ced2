"""The admin at scale: how fast the editors' pages answer on a newsroom's worth of data.

    DEBUG=1 python manage.py bench_admin [--database factdb_bench] [--articles 100000]
        [--candidates 2000000] [--big-article-candidates 5000] [--warmup 5] [--repeat 10]
        [--page 'NAME=PATH[@MS]'] [--only 'quote queue'] [--explain] [--json]

The data comes from `benchmarks.scale_data` (loaded once, reused while the sizes stay the
same). Each page is requested through Django's test client as a staff user in the editor group:
a few warm-up requests, the last of them with its queries recorded, then the measured ones.
The table gives the median, p95 and slowest time, the queries per request and their time in
the database (the rest is Django building the page), the response size and the issue's
targets (lists under 1 s, the article with 5,000 candidates under 2 s), passed when the
median is under the target. `--explain` adds EXPLAIN ANALYZE of the slowest
query of the slowest page.

Pages are `Page` rows in PAGES; a path may name {big_article}, {article}, {speaker},
{quote}, {publication} and {deep_page} (the quote queue's page halfway through its first
10,000 rows). A review page of the article admin's own (a URL named "...review...") is found
and measured on the big article too; `--page NAME=PATH[@MS]` adds any other.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, cast

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, URLPattern, reverse

from benchmarks.scale_data import (
    BENCH_USERNAME,
    ScaleData,
    ScaleDataRefused,
    ScaleSizes,
    database_use,
    scale_data_ensure,
)
from benchmarks.scale_data import OLDER_EXTRACTOR_VERSION as OLDER
from claims.models import Quote
from sources.models import Article, Publication

LIST_TARGET_MS = 1_000  # issue 9: the queue and the article list answer in under 1 s
BIG_ARTICLE_TARGET_MS = 2_000  # and an article with 5,000 candidates in under 2 s

Write = Callable[[str], Any]

__all__ = ["OptionsInvalid", "ScaleDataRefused", "ScaleSizes", "bench_admin_run"]


class OptionsInvalid(ValueError):
    """The benchmark was asked for something it cannot do; the message says what."""


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    path: str  # may name {big_article}, {article}, {speaker}, {quote}, {publication}, {deep_page}
    target_ms: int = LIST_TARGET_MS


# The filters are the queue's own (claims/admin/candidates.py): ?article=, ?speaker=, ...
PAGES = (
    Page("quote queue", "/admin/claims/quote/"),
    Page("quote queue, candidates", "/admin/claims/quote/?status__exact=candidate"),
    Page("quote queue, busiest speaker", "/admin/claims/quote/?speaker={speaker}"),
    Page("quote queue, big article", "/admin/claims/quote/?article={big_article}"),
    Page("quote queue, publication", "/admin/claims/quote/?publication={publication}"),
    Page("quote queue, language", "/admin/claims/quote/?language=en"),
    Page("quote queue, low confidence", "/admin/claims/quote/?confidence=low"),
    Page("quote queue, older engine", f"/admin/claims/quote/?extractor_version={OLDER}"),
    Page("quote queue, deep page", "/admin/claims/quote/?p={deep_page}"),
    Page("quote queue, search", "/admin/claims/quote/?q=pemerintah"),
    Page("claim queue", "/admin/claims/numericclaim/"),
    Page("claim queue, candidates", "/admin/claims/numericclaim/?status__exact=candidate"),
    Page("claim queue, big article", "/admin/claims/numericclaim/?article={big_article}"),
    Page("article list", "/admin/sources/article/"),
    Page("article list, search", "/admin/sources/article/?q=pemerintah"),
    Page("speaker list", "/admin/claims/speaker/"),
    Page("speaker list, search", "/admin/claims/speaker/?q=budi"),
    Page("big article page", "/admin/sources/article/{big_article}/change/", BIG_ARTICLE_TARGET_MS),
    Page("article page", "/admin/sources/article/{article}/change/"),
    Page("quote page", "/admin/claims/quote/{quote}/change/"),
    Page("busiest speaker page", "/admin/claims/speaker/{speaker}/change/"),
)


@dataclass(slots=True)
class PageResult:
    name: str
    path: str
    target_ms: int
    status: int
    timings_ms: list[float]
    queries: int
    sql_ms: float  # time in the database of the recorded request
    size_kb: float
    slowest_queries: list[tuple[float, str]] = field(default_factory=list)  # (ms, SQL)
    note: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.timings_ms)  # nearest rank
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def max_ms(self) -> float:
        return max(self.timings_ms)

    @property
    def passed(self) -> bool:
        return self.status == 200 and self.median_ms < self.target_ms

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "median_ms": round(self.median_ms, 1),
            "p95_ms": round(self.p95_ms, 1),
            "max_ms": round(self.max_ms, 1),
            "passed": self.passed,
        }


def pages_for(data: ScaleData, extra: Sequence[Page] = ()) -> list[tuple[Page, str]]:
    """Every page to measure with its path filled in: PAGES, a separate review page of the
    article admin if there is one, and `extra`."""
    quote_admin = admin.site._registry.get(Quote)
    per_page = quote_admin.list_per_page if quote_admin else 100
    publication = Publication.objects.order_by("pk").values_list("pk", flat=True).first()
    values = {
        "publication": publication or 0,
        "deep_page": max(1, min(data.counts.get("quotes", 0), 10_000) // per_page // 2),
        "big_article": data.big_article_id,
        "article": data.sample_article_id,
        "speaker": data.busiest_speaker_id,
        "quote": data.big_article_quote_id,
    }
    pages = [*PAGES, *review_pages(data.big_article_id), *extra]
    return [(page, page.path.format(**values)) for page in pages]


def review_pages(article_id: int) -> list[Page]:
    """Pages of the article admin named like a review page that take the article's id."""
    model_admin = admin.site._registry.get(Article)
    if model_admin is None:
        return []
    found = []
    for pattern in model_admin.get_urls():
        name = getattr(pattern, "name", None) or ""
        if isinstance(pattern, URLPattern) and "review" in name:
            try:
                path = reverse(f"admin:{name}", args=[article_id])
            except NoReverseMatch:  # a review URL of other arguments: not an article's
                continue
            found.append(Page(f"big article {name.rsplit('_', 1)[-1]} page", path,
                              BIG_ARTICLE_TARGET_MS))  # fmt: skip
    return found


def page_parse(spec: str) -> Page:
    """A page given on the command line as NAME=PATH (target 1 s) or NAME=PATH@MS."""
    name, sep, rest = spec.partition("=")
    path, _, target = rest.rpartition("@") if "@" in rest else (rest, "", "")
    if not sep or not name.strip() or not path.startswith("/"):
        raise OptionsInvalid(f"a page is NAME=/path/ or NAME=/path/@milliseconds, not {spec!r}")
    if target and not target.isdigit():
        raise OptionsInvalid(f"a page's target is whole milliseconds, not {target!r}")
    return Page(name.strip(), path, int(target) if target else LIST_TARGET_MS)


class QueryRecorder:
    """Counts and times every query run inside it, however many (`connection.queries` keeps
    the last 9,000 only, and only in DEBUG)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str, Any]] = []  # (ms, SQL, parameters)

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - started) * 1000
            self.queries.append((ms, sql, None if many else params))

    def slowest(self, count: int) -> list[tuple[float, str]]:
        """The slowest queries with their parameters in place, ready to run again."""
        ranked = sorted(self.queries, key=lambda query: query[0], reverse=True)[:count]
        return [(ms, _query_written(sql, params)) for ms, sql, params in ranked]


def _query_written(sql: str, params: Any) -> str:
    # PostgreSQL's operations compose a statement with its parameters, as psycopg sends it.
    return str(cast(Any, connection.ops).compose_sql(sql, params)) if params else sql


def page_measure(client: Client, page: Page, path: str, *, warmup: int, repeat: int) -> PageResult:
    """Warm-up requests (the last with its queries recorded), then `repeat` timed ones."""
    for _ in range(warmup - 1):
        client.get(path, secure=True)
    recorder = QueryRecorder()
    with connection.execute_wrapper(recorder):
        response = client.get(path, secure=True)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
    note = ""
    if response.status_code in (301, 302):
        location = response.get("Location", "")
        refused = "the admin refused the filter or page (?e=1)"
        note = refused if "e=1" in location else f"redirect to {location}"
    elif response.status_code != 200:
        note = f"HTTP {response.status_code}"
    return PageResult(
        name=page.name,
        path=path,
        target_ms=page.target_ms,
        status=response.status_code,
        timings_ms=timings,
        queries=len(recorder.queries),
        sql_ms=sum(query[0] for query in recorder.queries),
        size_kb=len(response.content) / 1024,
        slowest_queries=recorder.slowest(3),
        note=note,
    )


def pages_measure(
    data: ScaleData,
    pages: Sequence[tuple[Page, str]],
    *,
    warmup: int,
    repeat: int,
    write: Write | None = None,
) -> list[PageResult]:
    client = Client(raise_request_exception=False)  # a broken page is a row saying so
    client.force_login(User.objects.get(pk=data.editor_id))
    results = []
    # The test client's host; the settings' own hosts stay allowed.
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for page, path in pages:
            result = page_measure(client, page, path, warmup=warmup, repeat=repeat)
            if write:
                write(f"  {result.name}: {result.median_ms:.0f} ms")
            results.append(result)
    return results


def table_format(results: Sequence[PageResult]) -> str:
    header = (
        f"{'page':<34} {'median':>8} {'p95':>8} {'max':>8} {'queries':>8} {'SQL':>8} "
        f"{'size KB':>9} {'target':>8}  result"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        verdict = "PASS" if r.passed else "FAIL"
        lines.append(
            f"{r.name[:34]:<34} {r.median_ms:>5.0f} ms {r.p95_ms:>5.0f} ms {r.max_ms:>5.0f} ms "
            f"{r.queries:>8} {r.sql_ms:>5.0f} ms {r.size_kb:>9.1f} {r.target_ms:>5} ms  {verdict}"
            + (f" ({r.note})" if r.note else "")
        )
    return "\n".join(lines)


def slowest_queries_format(results: Sequence[PageResult], count: int = 8) -> str:
    ranked = sorted(
        ((ms, r.name, query) for r in results for ms, query in r.slowest_queries), reverse=True
    )
    lines = []
    for ms, name, query in ranked[:count]:
        shown = query if len(query) <= 600 else query[:600] + " …"
        lines.append(f"{ms:8.1f} ms  {name}: {shown}")
    return "\n".join(lines)


def explain_slowest(results: Sequence[PageResult]) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest query of the slowest page, if a SELECT."""
    measured = [r for r in results if r.slowest_queries]
    if not measured:
        return "no query to explain"
    page = max(measured, key=lambda r: r.median_ms)
    ms, query = page.slowest_queries[0]
    if not query.lstrip().upper().startswith("SELECT"):
        return f"the slowest query of {page.name!r} is no SELECT; not explained"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query)
        plan = "\n".join(str(row[0]) for row in cursor.fetchall())
    return f"{page.name} ({page.path}), its slowest query ({ms:.1f} ms):\n{query}\n\n{plan}"


def server_settings() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting || coalesce(unit, '') FROM pg_settings WHERE name IN "
            "('server_version', 'shared_buffers', 'work_mem', 'autovacuum', "
            "'random_page_cost', 'effective_cache_size')"
        )
        return dict(cursor.fetchall())


def bench_admin_run(options: dict[str, Any], write: Write) -> dict[str, Any]:
    """Load or reuse the data, measure every page, report through `write`; returns the
    report as a dict (what --json prints)."""
    sizes = ScaleSizes(
        articles=options["articles"],
        candidates=options["candidates"],
        big_article_candidates=options["big_article_candidates"],
        speakers=options.get("speakers"),
    )
    problems = sizes.problems()
    if options["warmup"] < 1 or options["repeat"] < 1:
        problems.append("--warmup and --repeat must be at least 1")
    if problems:
        raise OptionsInvalid("; ".join(problems))
    extra = [page_parse(spec) for spec in options.get("page") or []]
    quiet = options.get("json", False)
    say: Write = (lambda line: None) if quiet else write
    if options.get("database"):
        database_use(options["database"], write=say)
    data = scale_data_ensure(sizes, write=say, reload=options.get("reload", False))
    pages = pages_for(data, extra)
    if options.get("only"):
        pages = [(p, path) for p, path in pages if any(w in p.name for w in options["only"])]
    say(
        f"measuring {len(pages)} pages as {BENCH_USERNAME} (staff, editor "
        f"group): {options['warmup']} warm-up + {options['repeat']} timed requests each …"
    )
    results = pages_measure(
        data, pages, warmup=options["warmup"], repeat=options["repeat"], write=say
    )
    server = server_settings()
    report: dict[str, Any] = {
        "database": data.database,
        "sizes": data.sizes,
        "counts": data.counts,
        "load_seconds": data.load_seconds,
        "debug": settings.DEBUG,
        "cores": os.cpu_count(),
        "server": server,
        "pages": [r.as_dict() for r in results],
    }
    if options.get("explain"):
        report["explain"] = explain_slowest(results)
    if quiet:
        write(json.dumps(report, default=str))
        return report
    loaded = (
        f"loaded in {data.load_seconds:.1f} s"
        if data.load_seconds is not None
        else "reused from an earlier load"
    )
    write("")
    write(
        f"data: {data.counts.get('articles', 0):,} articles, "
        f"{data.counts.get('quotes', 0):,} quotes, "
        f"{data.counts.get('numeric_claims', 0):,} numeric claims, "
        f"{data.counts.get('speakers', 0):,} speakers in {data.database!r} ({loaded}); "
        f"big article {data.big_article_id}, busiest speaker {data.busiest_speaker_id}"
    )
    write(
        f"settings: DEBUG={settings.DEBUG}, {os.cpu_count()} cores, PostgreSQL "
        + ", ".join(f"{k}={v}" for k, v in sorted(server.items()))
    )
    write("")
    write(table_format(results))
    passed = sum(r.passed for r in results)
    write(f"{passed} of {len(results)} pages under their target (median)")
    write("")
    write("slowest queries (recorded on the last warm-up request of each page):")
    write(slowest_queries_format(results))
    if "explain" in report:
        write("")
        write(f"EXPLAIN ANALYZE: {report['explain']}")
    return report
