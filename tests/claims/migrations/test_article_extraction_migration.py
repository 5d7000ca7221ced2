"""claims 0005 moves every article's extraction state out of sources_article, losing nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("sources", "0003_ingestion_jobs_feeds_near_duplicates"),
    ("claims", "0004_span_triggers_per_statement"),
]
AFTER = [
    ("sources", "0004_extraction_state_moved_to_claims"),
    ("claims", "0005_article_extraction"),
]

_ARTICLE_INSERT = """
INSERT INTO sources_article
       (canonical_url, original_url, title, byline, language, text, content_hash, status,
        attempts, last_error, extractor_version, queued_at, claimed_at, extracted_at,
        created_at, updated_at, duplicate_of_id)
VALUES (NULL, '', '', '', 'id', %(text)s, %(hash)s, %(status)s, %(attempts)s, %(error)s,
        %(version)s, now(), %(claimed)s, %(extracted)s, now(), now(), %(original)s)
RETURNING id
"""


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _migrate_to_latest() -> None:
    """Back to every app's newest migration, as the rest of the suite expects the schema."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_every_article_keeps_its_extraction_state_across_the_move() -> None:
    _migrate(BEFORE)
    try:
        rows = {}
        with connection.cursor() as cursor:
            for n, (status, attempts, error, version, extracted) in enumerate(
                [
                    ("pending", 0, "", "", False),
                    ("extracted", 2, "", "engine-7", True),
                    ("failed", 5, "gave up after 5 attempts", "", False),
                ]
            ):
                cursor.execute(
                    _ARTICLE_INSERT,
                    {
                        "text": f"Article {n}.", "hash": f"{n:064x}", "status": status,
                        "attempts": attempts, "error": error, "version": version,
                        "claimed": None, "extracted": "2026-01-01T00:00:00Z" if extracted else None,
                        "original": None,
                    },
                )  # fmt: skip
                rows[cursor.fetchone()[0]] = (status, attempts, error, version, extracted)
            original = next(iter(rows))
            cursor.execute(
                _ARTICLE_INSERT,
                {
                    "text": "A near copy.", "hash": "f" * 64, "status": "duplicate",
                    "attempts": 0, "error": "", "version": "", "claimed": None,
                    "extracted": None, "original": original,
                },
            )  # fmt: skip
            rows[cursor.fetchone()[0]] = ("duplicate", 0, "", "", False)

        _migrate(AFTER)

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT article_id, status, attempts, last_error, extractor_version,"
                " extracted_at IS NOT NULL FROM claims_articleextraction"
            )
            moved = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns"
                " WHERE table_name = 'sources_article' AND column_name = 'status'"
            )
            status_columns_left = cursor.fetchone()[0]
        assert moved == rows
        assert status_columns_left == 0
    finally:
        _migrate_to_latest()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE sources_article CASCADE")
