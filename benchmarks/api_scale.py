"""The public API at scale: latency and throughput of real HTTP requests to gunicorn, side by
side with the same SQL sent straight to PostgreSQL.

    DEBUG=1 python manage.py bench_api [--articles 200000] [--quotes 1000000]
        [--claims 2000000] [--reload] [--concurrency 8] [--requests 400] [--workers 2]
        [--threads 4] [--explain] [--database-url postgres://…/factdb_api_bench]

The data comes from `benchmarks.scale_data` (COPY, loaded once, reused while the sizes stay
the same). The API is served by gunicorn on a free loopback port, as in production: DEBUG
off, a real SECRET_KEY, persistent connections, anonymous reads on, no TLS redirect (a proxy
terminates TLS in front of it). Each scenario is a URL template filled from a seeded generator
per request (a random id, speaker, word or date), so neither PostgreSQL's buffers nor any
cache answer the same request twice in a row. Client threads on keep-alive connections send a
short warm-up, then the measured requests; an export is timed to the first byte of its body.

For the comparison each scenario's SQL is captured once per sample URL (Django's test client
in this process, `CaptureQueriesContext`) and replayed with psycopg 3 on one connection per
client thread, same concurrency, same count: the difference is what Django, DRF, JSON and
gunicorn add over the database. Goals (issue 10): p99 at most 50 ms for lists, filters and
details, 150 ms for search, on the 2-core machine.
"""

from __future__ import annotations

import http.client
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from benchmarks.scale_data import (
    ScaleData,
    ScaleDataRefused,
    ScaleSizes,
    database_use,
    scale_data_ensure,
)

LIST_GOAL_MS = 50
SEARCH_GOAL_MS = 150
DEFAULT_DATABASE = "factdb_api_bench"
SQL_SAMPLES = 12  # sample URLs per scenario whose SQL is captured and replayed
_BASE_DIR = Path(__file__).resolve().parent.parent
# A frequent word of each language's vocabulary (scale_data._LANGUAGES): thousands of quotes.
COMMON_WORDS = ("pemerintah", "tahun", "government", "gobierno", "Regierung", "governo")

Write = Callable[[str], Any]

__all__ = ["OptionsInvalid", "ScaleDataRefused", "bench_api_run"]


class OptionsInvalid(ValueError):
    """The benchmark was asked for something it cannot do; the message says what."""


@dataclass(frozen=True, slots=True)
class Pools:
    """What the random requests are drawn from: ids and words that exist in the data."""

    quote_ids: list[int]
    claim_ids: list[int]
    speaker_ids: list[int]  # the most quoted ones
    speaker_names: list[str]  # their names and aliases
    speaker_terms: list[str]  # family names, some with a letter changed (trigram search)
    rare_words: list[str]
    common_words: list[str]


PathMaker = Callable[[random.Random, Pools], str]


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    make: PathMaker
    goal_ms: int | None  # None: measured, no goal
    first_byte: bool = False  # an export: timed to the first byte of the body


def _query(path: str, **params: object) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}"


def _date_in_data(rng: random.Random) -> str:
    # Articles are published over 2024 and 2025 (scale_data._EPOCH, _SPAN_DAYS).
    return (date(2024, 1, 1) + timedelta(days=rng.randint(200, 650))).isoformat()


SCENARIOS = (
    Scenario("quotes list", lambda r, p: "/api/quotes/", LIST_GOAL_MS),
    Scenario("claims list", lambda r, p: "/api/numeric-claims/", LIST_GOAL_MS),
    Scenario(
        "quotes status+language",
        lambda r, p: _query(
            "/api/quotes/",
            status=r.choice(("confirmed", "rejected")),
            language=r.choice(("id", "en", "de")),
        ),
        LIST_GOAL_MS,
    ),
    Scenario(
        "quotes speaker_name",
        lambda r, p: _query("/api/quotes/", speaker_name=r.choice(p.speaker_names)),
        LIST_GOAL_MS,
    ),
    Scenario(
        "quotes speaker",
        lambda r, p: _query("/api/quotes/", speaker=r.choice(p.speaker_ids)),
        LIST_GOAL_MS,
    ),
    Scenario(
        "claims unit+value+qualifier",
        lambda r, p: _query(
            "/api/numeric-claims/",
            unit=r.choice(("USD", "EUR", "IDR")),
            value_gte=r.choice((1_000_000, 100_000_000, 10**9)),
            qualifier="more_than",
        ),
        LIST_GOAL_MS,
    ),
    Scenario(
        "claims period+kind",
        lambda r, p: _query(
            "/api/numeric-claims/",
            period=r.choice(("2023", "2024", "2025")),
            kind=r.choice(("target", "forecast")),
        ),
        LIST_GOAL_MS,
    ),
    Scenario(
        "quotes published_after",
        lambda r, p: _query("/api/quotes/", published_after=_date_in_data(r)),
        LIST_GOAL_MS,
    ),
    Scenario(
        "quotes published range+lang",
        lambda r, p: _query(
            "/api/quotes/",
            published_after=(start := _date_in_data(r)),
            published_before=(date.fromisoformat(start) + timedelta(days=30)).isoformat(),
            language=r.choice(("fr", "es", "it")),
        ),
        LIST_GOAL_MS,
    ),
    Scenario(
        "search selective",
        lambda r, p: _query("/api/quotes/", q=r.choice(p.rare_words)),
        SEARCH_GOAL_MS,
    ),
    Scenario(
        "search common",
        lambda r, p: _query("/api/quotes/", q=r.choice(p.common_words)),
        SEARCH_GOAL_MS,
    ),
    Scenario(
        "search claims common",
        lambda r, p: _query("/api/numeric-claims/", q=r.choice(p.common_words)),
        SEARCH_GOAL_MS,
    ),
    Scenario(
        "speakers search",
        lambda r, p: _query("/api/speakers/", q=r.choice(p.speaker_terms)),
        SEARCH_GOAL_MS,
    ),
    Scenario("quote detail", lambda r, p: f"/api/quotes/{r.choice(p.quote_ids)}/", LIST_GOAL_MS),
    Scenario(
        "claim detail",
        lambda r, p: f"/api/numeric-claims/{r.choice(p.claim_ids)}/",
        LIST_GOAL_MS,
    ),
    Scenario(
        "export csv first byte",
        lambda r, p: _query("/api/quotes/", format="csv", speaker=r.choice(p.speaker_ids)),
        None,
        first_byte=True,
    ),
)


@dataclass(slots=True)
class Timings:
    """One side of a scenario (HTTP or SQL): latencies of the measured requests."""

    milliseconds: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    seconds: float = 0.0
    error: str = ""

    def percentile(self, share: float) -> float | None:
        """Nearest-rank percentile; None without measurements."""
        if not self.milliseconds:
            return None
        ordered = sorted(self.milliseconds)
        rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
        return ordered[rank]

    def per_second(self) -> float:
        return len(self.milliseconds) / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class Row:
    scenario: Scenario
    http: Timings
    sql: Timings
    queries: int | None  # per request, as captured (the most of the samples)
    sample_status: int | None
    statements: list[list[str]] = field(default_factory=list)

    def status_said(self) -> str:
        bad = {code: n for code, n in self.http.statuses.items() if code != 200}
        if self.http.error:
            return self.http.error
        if bad:
            return ", ".join(f"{code}×{n}" for code, n in sorted(bad.items()))
        return "ok"

    def meets(self) -> str:
        p99 = self.http.percentile(0.99)
        if self.status_said() != "ok" or p99 is None:
            return "FAIL (status)"
        if self.scenario.goal_ms is None:
            return "—"
        return "yes" if p99 <= self.scenario.goal_ms else "NO"


# --- the database and its pools -----------------------------------------------------------


def _database_point(url: str | None, write: Write) -> dict[str, Any]:
    """Point Django at the benchmark database (created if missing); its psycopg parameters."""
    name, server = DEFAULT_DATABASE, {}
    if url:
        parsed = dj_database_url.parse(url)
        if parsed["ENGINE"] != "django.db.backends.postgresql":
            raise OptionsInvalid("--database-url must point to PostgreSQL (postgres://…)")
        name = str(parsed["NAME"])
        server = {key: parsed.get(key) or "" for key in ("HOST", "PORT", "USER", "PASSWORD")}
    current = connection.settings_dict
    moved = any(str(current.get(key) or "") != str(value) for key, value in server.items())
    if moved or name != current["NAME"]:  # else already there (a test's own database)
        for key, value in server.items():
            settings.DATABASES["default"][key] = value
            current[key] = value
        database_use(name, write=write)
    params = connection.get_connection_params()
    keys = ("dbname", "host", "port", "user", "password", "options")
    return {key: params[key] for key in keys if params.get(key) not in (None, "")}


def database_url(params: dict[str, Any]) -> str:
    """A DATABASE_URL for gunicorn's environment, from psycopg parameters."""
    user = urllib.parse.quote(str(params.get("user", "")), safe="")
    password = params.get("password")
    auth = f"{user}:{urllib.parse.quote(str(password), safe='')}@" if password else f"{user}@"
    host = params.get("host") or "127.0.0.1"
    port = params.get("port") or 5432
    return f"postgres://{auth}{host}:{port}/{params['dbname']}"


def pools_collect(*, seed: int) -> Pools:
    """Ids, names and words drawn from the loaded data, in a repeatable order."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [1 / (seed + 2)])
        cursor.execute("SELECT id FROM claims_quote ORDER BY random() LIMIT 2000")
        quote_ids = [int(row[0]) for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM claims_numericclaim ORDER BY random() LIMIT 2000")
        claim_ids = [int(row[0]) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT speaker_id FROM claims_quote WHERE speaker_id IS NOT NULL "
            "GROUP BY speaker_id ORDER BY count(*) DESC, speaker_id LIMIT 200"
        )
        speaker_ids = [int(row[0]) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT name, aliases FROM claims_speaker WHERE id = ANY(%s) ORDER BY id",
            [speaker_ids],
        )
        speakers = cursor.fetchall()
        # A quote that ends in a long word ends in one of scale_data's rare words.
        cursor.execute(
            "SELECT text FROM claims_quote WHERE id = ANY(%s) ORDER BY id", [quote_ids[:1000]]
        )
        texts = [str(row[0]) for row in cursor.fetchall()]
    rng = random.Random(seed)
    names = [name for name, _ in speakers] + [a for _, aliases in speakers for a in aliases]
    families = [name.split(" ", 1)[-1] for name, _ in speakers]
    terms = families + [_one_letter_changed(f, rng) for f in families[: len(families) // 3]]
    rare = sorted({t.split()[-1] for t in texts if t.split() and len(t.split()[-1]) >= 10})
    return Pools(
        quote_ids=quote_ids,
        claim_ids=claim_ids,
        speaker_ids=speaker_ids[:50],
        speaker_names=sorted(names) or ["nobody"],
        speaker_terms=terms or ["Tokaev"],
        rare_words=rare or ["nowhere"],
        common_words=list(COMMON_WORDS),
    )


def _one_letter_changed(word: str, rng: random.Random) -> str:
    """The name as someone might mistype it, as "Tokaev" for Tokayev."""
    if len(word) < 5:
        return word
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + word[at + 1 :]


# --- gunicorn -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(database: str) -> dict[str, str]:
    """Production settings (factdb/settings.py with DEBUG off) for a loopback benchmark."""
    env = {k: v for k, v in os.environ.items() if k != "FACTDB_DATABASE_NAME"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database,
        FACTDB_ANONYMOUS_READ="1",
        # Plain HTTP on loopback: in production a proxy terminates TLS in front of gunicorn.
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        FACTDB_THROTTLE="0",  # the benchmark measures the API, not its rate limits
        PYTHONPATH=str(_BASE_DIR),
    )
    return env


@contextmanager
def gunicorn_serving(*, database: str, workers: int, threads: int, write: Write) -> Iterator[int]:
    """gunicorn serving factdb.wsgi on a free loopback port until the block ends; the port."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "factdb.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
        "--keep-alive", "30", "--log-level", "warning",
    ]  # fmt: skip
    write(f"gunicorn: {workers} workers × {threads} threads (gthread) on 127.0.0.1:{port}")
    process = subprocess.Popen(  # our own interpreter and arguments
        command, cwd=_BASE_DIR, env=server_environment(database)
    )
    try:
        _server_wait(process, port)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _server_wait(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before serving")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/api/", headers={"Accept": "application/json"})
            probe.getresponse().read()
            probe.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


# --- the clients ------------------------------------------------------------------------------


def _threads_run(
    *, concurrency: int, requests: int, warmup: int, one: Callable[[int, int], float | None]
) -> Timings:
    """`concurrency` threads; each sends `warmup` requests, waits for the others, then takes
    measured ones until `requests` are done. `one(thread, number)` returns milliseconds."""
    timings = Timings()
    lock = threading.Lock()
    taken = 0
    start_line = threading.Barrier(concurrency + 1)
    errors: list[str] = []

    def work(thread: int) -> None:
        nonlocal taken
        try:
            for number in range(warmup):
                one(thread, -1 - number)
        except Exception as error:  # reported in the row, not raised
            errors.append(f"{type(error).__name__}: {error}"[:80])
        start_line.wait()
        while not errors:
            with lock:
                if taken >= requests:
                    return
                taken += 1
                number = taken
            try:
                spent = one(thread, number)
            except Exception as error:
                errors.append(f"{type(error).__name__}: {error}"[:80])
                return
            if spent is not None:
                with lock:
                    timings.milliseconds.append(spent)

    workers = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(concurrency)]
    for worker in workers:
        worker.start()
    start_line.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    timings.seconds = time.perf_counter() - started
    timings.error = errors[0] if errors else ""
    return timings


def _accept(scenario: Scenario) -> str:
    # An export names its format in the URL; JSON is asked for everywhere else.
    return "*/*" if scenario.first_byte else "application/json"


def http_measure(
    *, port: int, scenario: Scenario, pools: Pools, concurrency: int, requests: int,
    warmup: int, seed: int,
) -> Timings:  # fmt: skip
    """The scenario's requests over keep-alive connections, one per client thread."""
    rngs = [random.Random(f"{seed}:{scenario.name}:{n}") for n in range(concurrency)]
    connections: list[http.client.HTTPConnection | None] = [None] * concurrency
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def one(thread: int, number: int) -> float:
        path = scenario.make(rngs[thread], pools)
        held = connections[thread]
        if held is None:
            held = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            held.connect()  # outside the timing: keep-alive clients pay it once
            connections[thread] = held
        started = time.perf_counter()
        held.request("GET", path, headers={"Accept": _accept(scenario)})
        response = held.getresponse()
        if scenario.first_byte and response.status == 200:
            response.read(1)
            spent = (time.perf_counter() - started) * 1000
            held.close()  # the rest of the file is not waited for
            connections[thread] = None
        else:
            response.read()
            spent = (time.perf_counter() - started) * 1000
            if response.will_close:
                held.close()
                connections[thread] = None
        if number > 0:
            with lock:
                statuses[response.status] += 1
        return spent

    timings = _threads_run(concurrency=concurrency, requests=requests, warmup=warmup, one=one)
    for held in connections:
        if held is not None:
            held.close()
    timings.statuses = statuses
    return timings


def sql_capture(
    *, scenario: Scenario, pools: Pools, seed: int, samples: int
) -> tuple[list[list[str]], int | None, int | None]:
    """The SQL the API runs for `samples` URLs of the scenario, through the test client in this
    process: (statements per URL, the most queries of one request, the first URL's status)."""
    rng = random.Random(f"{seed}:{scenario.name}:sql")
    client = Client()
    captured: list[list[str]] = []
    status = None
    with override_settings(FACTDB_ANONYMOUS_READ=True, FACTDB_THROTTLE=False, ALLOWED_HOSTS=["*"]):
        for _ in range(samples):
            path = scenario.make(rng, pools)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, HTTP_ACCEPT=_accept(scenario))
                if response.streaming:
                    for _chunk in response.streaming_content:  # type: ignore[attr-defined]
                        pass
            status = response.status_code if status is None else status
            captured.append([q["sql"] for q in queries.captured_queries])
    most = max((len(s) for s in captured), default=None)
    return captured, most, status


_TRANSACTION_WORDS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def sql_measure(
    *, params: dict[str, Any], statements: Sequence[Sequence[str]], first_fetch: bool,
    concurrency: int, requests: int, warmup: int, seed: int,
) -> Timings:  # fmt: skip
    """The captured statements replayed with psycopg, one connection per thread, each
    request's statements in one transaction (as the API's), rolled back."""
    if not statements or not any(statements):
        return Timings(error="no SQL captured")
    rngs = [random.Random(f"{seed}:sql:{n}") for n in range(concurrency)]
    connections = [psycopg.connect(**params, autocommit=True) for _ in range(concurrency)]

    def one(thread: int, number: int) -> float:
        chosen = rngs[thread].choice(statements)
        held = connections[thread]
        started = time.perf_counter()
        with held.transaction(force_rollback=True):
            for text in chosen:
                if text.startswith(_TRANSACTION_WORDS):
                    continue
                if first_fetch and text.lstrip().upper().startswith("SELECT"):
                    # The export's rows are read from a server-side cursor: the first batch.
                    with held.cursor(name=f"bench_{thread}_{number}".replace("-", "w")) as named:
                        named.execute(text.encode())
                        named.fetchmany(1000)
                    continue
                with held.cursor() as cursor:
                    cursor.execute(text.encode())
                    if cursor.description is not None:
                        cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    try:
        return _threads_run(concurrency=concurrency, requests=requests, warmup=warmup, one=one)
    finally:
        for held in connections:
            held.close()


def explain(*, params: dict[str, Any], statements: Sequence[str]) -> tuple[str, str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest of a request's statements: (it, the plan)."""
    with psycopg.connect(**params, autocommit=True) as held:
        slowest, spent = "", -1.0
        for text in statements:
            if text.startswith(_TRANSACTION_WORDS) or not text.lstrip().upper().startswith(
                ("SELECT", "WITH")
            ):
                continue
            started = time.perf_counter()
            held.execute(text.encode()).fetchall()
            if time.perf_counter() - started > spent:
                slowest, spent = text, time.perf_counter() - started
        if not slowest:
            return "", "(no SELECT captured)"
        rows = held.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest}".encode()).fetchall()
    return slowest, "\n".join(str(row[0]) for row in rows)


# --- the run ----------------------------------------------------------------------------------


def _sizes(options: dict[str, Any]) -> ScaleSizes:
    sizes = ScaleSizes.of_counts(
        quotes=options["quotes"], claims=options["claims"], articles=options["articles"],
        big_article_candidates=min(5_000, max(1, (options["quotes"] + options["claims"]) // 100)),
    )  # fmt: skip
    problems = sizes.problems()
    for name in ("concurrency", "requests", "workers", "threads"):
        if options[name] < 1:
            problems.append(f"--{name} must be at least 1")
    if options["claims"] < 0:
        problems.append("--claims must be at least 0")
    if problems:
        raise OptionsInvalid("; ".join(problems))
    return sizes


def bench_api_run(options: dict[str, Any], write: Write) -> list[Row]:
    """Load (or reuse) the data, serve it with gunicorn, measure every scenario over HTTP and
    over psycopg, print the table (and plans with `explain`); the rows."""
    sizes = _sizes(options)
    params = _database_point(options.get("database_url"), write)
    data = scale_data_ensure(sizes, write=write, reload=options["reload"])
    _data_said(data, write)
    seed = options["seed"]
    pools = pools_collect(seed=seed)
    chosen = [s for s in SCENARIOS if not options.get("only") or s.name in options["only"]]
    concurrency, requests = options["concurrency"], options["requests"]
    warmup = max(2, options["warmup"])
    rows = []
    for scenario in chosen:
        statements, queries, status = sql_capture(
            scenario=scenario, pools=pools, seed=seed, samples=SQL_SAMPLES
        )
        rows.append(Row(scenario, Timings(), Timings(), queries, status, statements))
    connection.close()  # the driver's own connection is not needed while measuring
    with gunicorn_serving(
        database=database_url(params), workers=options["workers"],
        threads=options["threads"], write=write,
    ) as port:  # fmt: skip
        for row in rows:
            row.http = http_measure(
                port=port, scenario=row.scenario, pools=pools, concurrency=concurrency,
                requests=requests, warmup=warmup, seed=seed,
            )  # fmt: skip
            row.sql = sql_measure(
                params=params, statements=[s for s in row.statements if s],
                first_fetch=row.scenario.first_byte, concurrency=concurrency,
                requests=requests, warmup=warmup, seed=seed,
            )  # fmt: skip
            write(f"  {row.scenario.name}: {_ms(row.http.percentile(0.5))} ms p50")
    write("")
    write(table_format(rows, concurrency=concurrency, requests=requests))
    if options["explain"]:
        _explain_write(rows, params, write)
    return rows


def _data_said(data: ScaleData, write: Write) -> None:
    counts = data.counts
    write(
        f"data in {data.database!r}: {counts.get('articles', 0):,} articles, "
        f"{counts.get('quotes', 0):,} quotes, {counts.get('numeric_claims', 0):,} numeric "
        f"claims, {counts.get('speakers', 0):,} speakers"
    )


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def table_format(rows: Sequence[Row], *, concurrency: int, requests: int) -> str:
    head = (
        "scenario", "status", "p50", "p95", "p99 ms", "req/s", "SQL p50", "SQL p99",
        "queries", "goal p99", "meets",
    )  # fmt: skip
    lines = [head]
    for row in rows:
        goal = row.scenario.goal_ms
        lines.append((
            row.scenario.name, row.status_said(), _ms(row.http.percentile(0.5)),
            _ms(row.http.percentile(0.95)), _ms(row.http.percentile(0.99)),
            f"{row.http.per_second():.0f}", _ms(row.sql.percentile(0.5)),
            _ms(row.sql.percentile(0.99)) if not row.sql.error else row.sql.error[:20],
            "—" if row.queries is None else str(row.queries),
            "—" if goal is None else f"≤ {goal}", row.meets(),
        ))  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    said = [
        "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in
                  enumerate(zip(line, widths, strict=True)))
        for line in lines
    ]  # fmt: skip
    said.insert(1, "-" * len(said[0]))
    said.append(
        f"{requests} measured requests per scenario, {concurrency} concurrent clients on "
        "keep-alive connections; SQL: the captured statements replayed with psycopg, same "
        "concurrency. Export: time to the first byte of the body."
    )
    return "\n".join(said)


def _explain_write(rows: Sequence[Row], params: dict[str, Any], write: Write) -> None:
    searches = [r for r in rows if r.scenario.goal_ms == SEARCH_GOAL_MS]
    filters = [
        r for r in rows
        if r.scenario.goal_ms == LIST_GOAL_MS and "?" in r.scenario.make(random.Random(0), _EMPTY)
    ]  # fmt: skip
    slowest = max(filters, key=lambda r: r.http.percentile(0.99) or 0.0, default=None)
    for row in [*searches, *([slowest] if slowest else [])]:
        statements = next((s for s in row.statements if s), [])
        text, plan = explain(params=params, statements=statements)
        write(f"\nEXPLAIN (ANALYZE, BUFFERS) — {row.scenario.name}:\n{text}\n{plan}")


_EMPTY = Pools([0], [0], [0], ["x"], ["x"], ["x"], ["x"])
