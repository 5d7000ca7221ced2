"""The API benchmark end to end at a tiny size: real gunicorn on 127.0.0.1 serving the test
database, concurrent clients, the SQL replayed with psycopg, one table with every scenario
answered 200. No timing assertions: the full-size figures come from `bench_api`."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from benchmarks import api_scale, scale_data
from claims.models import NumericClaim, Quote
from sources.models import Article
from tests.factories import ArticleFactory

TINY = {
    "articles": 60,
    "quotes": 300,
    "claims": 600,
    "concurrency": 3,
    "requests": 9,
    "warmup": 1,
    "workers": 1,
    "threads": 2,
}


def bench(**options: object) -> str:
    out = io.StringIO()
    call_command("bench_api", stdout=out, **{**TINY, **options})
    return out.getvalue()


def database_url_here() -> str:
    """This test database on the configured server, as --database-url."""
    params = connection.get_connection_params()
    return api_scale.database_url({**params, "dbname": connection.settings_dict["NAME"]})


@pytest.fixture
def marker_cleared() -> Iterator[None]:
    """The data is committed (gunicorn reads it) and flushed after the test, but the marker is
    on the database: cleared too, or the next run would reuse empty tables."""
    yield
    with connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{connection.settings_dict["NAME"]}" IS NULL')


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("marker_cleared")
def test_every_scenario_is_served_by_gunicorn_and_replayed_in_sql() -> None:
    output = bench(database_url=database_url_here(), explain=True)
    print(output)  # the table, for whoever runs the test with -s

    assert "gunicorn: 1 workers × 2 threads (gthread) on 127.0.0.1:" in output
    counts = (Article.objects.count(), Quote.objects.count(), NumericClaim.objects.count())
    assert counts[0] == 60
    assert counts[1] + counts[2] == 900
    assert 150 < counts[1] < 450  # the quote share of the candidates, drawn per span
    lines = output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("scenario "))
    rows = lines[header + 2 : header + 2 + len(api_scale.SCENARIOS)]
    assert [row.split("  ")[0] for row in rows] == [s.name for s in api_scale.SCENARIOS]
    for row in rows:
        cells = row.split()
        assert " ok " in row, row  # every request answered 200
        assert "FAIL" not in row, row
        assert cells[-1] in {"yes", "NO", "—"}, row
        queries = int(cells[-3] if cells[-2] == "—" else cells[-4])  # goal: "—" or "≤ 50"
        assert queries >= 1, row
    assert "EXPLAIN (ANALYZE, BUFFERS) — search selective" in output
    assert "Execution Time" in output


@pytest.mark.django_db
def test_a_database_with_data_of_its_own_is_refused_and_left_as_it_was() -> None:
    ArticleFactory()
    url = database_url_here()
    with pytest.raises(CommandError, match="did not make"):
        bench(database_url=url)
    assert Article.objects.count() == 1
    assert scale_data.marker_read() is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"concurrency": 0}, "--concurrency must be at least 1"),
        ({"claims": -1}, "--claims must be at least 0"),
        ({"articles": 1}, "at least 2"),
        ({"database_url": "mysql://x@127.0.0.1/y"}, "PostgreSQL"),
    ],
)
def test_impossible_options_are_refused_in_words_before_anything_is_written(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        bench(**options)
    assert Article.objects.count() == 0
