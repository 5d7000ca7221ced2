"""bench_ingest drops only the scratch database it created: a database of the same name that
someone else made (the admin benchmark's data, a user's) is refused and left whole."""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from benchmarks import ingest


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    params = connection.get_connection_params()
    return psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True)


def _exists(name: str) -> bool:
    with _admin() as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return found is not None


@pytest.fixture
def other_database() -> Iterator[str]:
    """A database the benchmark did not create, dropped after the test."""
    name = f"factdb_not_the_benchmarks_{os.getpid()}"
    with _admin() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with _admin() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def test_a_database_it_did_not_create_is_refused_and_kept(other_database: str) -> None:
    with pytest.raises(CommandError, match="did not create it"):
        call_command("bench_ingest", database=other_database, articles=1)

    assert _exists(other_database)


def test_dropping_leaves_a_database_it_did_not_create(other_database: str) -> None:
    ingest.benchmark_database_drop(other_database)

    assert _exists(other_database)


def test_dropping_removes_its_own_scratch_database(other_database: str) -> None:
    with _admin() as admin:
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(other_database), sql.Literal(ingest.SCRATCH_MARK)
            )
        )

    ingest.benchmark_database_drop(other_database)

    assert not _exists(other_database)
