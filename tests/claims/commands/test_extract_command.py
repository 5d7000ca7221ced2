"""`manage.py extract`: the contract's JSON from a file, and the batch mode, with no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE_ARTICLE

# A database URL nothing listens on: the command must not need the database at all.
NO_DATABASE = {"DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "DEBUG": "1"}


def run_extract(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "extract", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **NO_DATABASE},
        timeout=120,
    )


def test_extract_prints_the_contract_json_for_a_file() -> None:
    done = run_extract("--format", "json", "--lang", "id", str(SAMPLE_ARTICLE))

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"language", "quotes", "numeric_claims"}
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    assert result["quotes"]
    for quote in result["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
        assert {"speaker", "speaker_mention", "kind", "confidence"} <= set(quote)


def test_batch_mode_answers_every_line_in_order_and_survives_bad_ones() -> None:
    lines = [
        json.dumps({"id": "a", "text": 'He said: "We will win."', "lang": "en"}),
        "not json at all",
        json.dumps({"id": "c", "text": 42, "lang": None}),
        json.dumps({"id": "d", "text": "Tidak ada kutipan.", "lang": None}),
    ]

    done = run_extract("--jsonl", stdin="\n".join(lines) + "\n")

    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row.get("id") for row in rows] == ["a", None, "c", "d"]
    assert "quotes" in rows[0]
    assert "error" in rows[1]
    assert "error" in rows[2]
    assert "language" in rows[3]


def test_extract_refuses_an_empty_file_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")

    done = run_extract(str(empty))

    assert done.returncode != 0
    assert "empty" in done.stderr
