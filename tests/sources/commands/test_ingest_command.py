"""`manage.py ingest`: files, folders and JSON lines in; bad input refused, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sources.models import Article, Publication
from tests.conftest import SAMPLE_ARTICLE

pytestmark = pytest.mark.django_db


def ingest(*paths: Path | str, **options: object) -> None:
    call_command("ingest", *map(str, paths), no_progress=True, **options)


def test_a_folder_is_ingested_once_and_again_as_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "sample.txt").write_bytes(SAMPLE_ARTICLE.read_bytes())
    (tmp_path / "other.txt").write_text("A second article, quite different.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 ignored in folders")

    ingest(tmp_path)
    assert "2 new, 0 duplicate, 0 near-duplicate, 0 failed" in capsys.readouterr().out
    ingest(tmp_path)
    assert "0 new, 2 duplicate, 0 near-duplicate, 0 failed" in capsys.readouterr().out
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (bytes(range(256)) * 64, "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
        (b"x" * (10 * 1024 * 1024), "the limit is"),
    ],
    ids=["empty", "whitespace", "png", "random-bytes", "invalid-utf8", "ten-megabytes"],
)
def test_bad_files_fail_with_a_message_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)

    with pytest.raises(CommandError):
        ingest(bad)

    assert message in capsys.readouterr().err
    assert Article.objects.count() == 0


def test_a_legacy_encoding_is_read_when_asked_to_detect_it(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Le café coûte « trop cher », a-t-il déclaré.".encode("cp1252"))

    ingest(legacy, encoding="auto")

    assert Article.objects.get().text.startswith("Le café coûte")


def test_jsonl_imports_good_lines_and_reports_bad_ones_by_line_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps({"text": "First article.", "title": "One", "publication": "Daily News",
                    "url": "https://news.example/1", "published_at": "2024-05-01T10:00:00Z",
                    "language": "en"}),
        "{not json",
        json.dumps({"title": "no text at all"}),
        json.dumps({"text": "Second article.", "publication": "daily news"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "Third.", "published_at": "last tuesday"}),
    ]  # fmt: skip
    bulk = tmp_path / "bulk.jsonl"
    bulk.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(CommandError):
        ingest(bulk)

    err = capsys.readouterr().err
    assert f"{bulk}:2: not valid JSON" in err
    assert f"{bulk}:3: the line has neither 'text' nor 'html'" in err
    assert f"{bulk}:5: expected a JSON object" in err
    assert f"{bulk}:6: 'published_at' is not an ISO 8601 date" in err
    first = Article.objects.get(title="One")
    assert first.canonical_url == "https://news.example/1"
    assert first.language == "en"
    assert first.published_at is not None
    assert Article.objects.count() == 2
    assert Publication.objects.count() == 1


def test_a_missing_path_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CommandError):
        ingest("/nonexistent/file.txt")

    assert "no such file" in capsys.readouterr().err


def test_publication_and_language_given_on_the_command_line_fill_what_files_lack(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text("Harga beras naik lima persen.", encoding="utf-8")
    lines = [json.dumps({"text": "Own publication.", "publication": "Kompas", "language": "en"})]
    (tmp_path / "b.jsonl").write_text("\n".join(lines), encoding="utf-8")

    ingest(tmp_path, publication="Detik", language="id")

    plain = Article.objects.get(text__startswith="Harga")
    assert (plain.publication.name, plain.language) == ("Detik", "id")  # type: ignore[union-attr]
    own = Article.objects.get(text__startswith="Own")
    assert (own.publication.name, own.language) == ("Kompas", "en")  # type: ignore[union-attr]
