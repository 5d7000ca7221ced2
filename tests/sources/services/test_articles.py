"""What `article_prepare` makes of an article's input, whichever way the article arrives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sources.models import Article, IngestJob
from sources.reading.rejections import InputRejected
from sources.services import ingest_jobs
from sources.services.articles import article_ingest, article_prepare

pytestmark = pytest.mark.django_db

NOT_A_LANGUAGE = "is not an ISO 639-1 language code"


@pytest.mark.parametrize(("given", "stored"), [("EN", "en"), ("pt-BR", "pt"), ("pt_BR", "pt")])
def test_a_language_is_stored_as_its_iso_639_1_code(given: str, stored: str) -> None:
    article = article_ingest(text="Exports grew to $12 billion.", language=given).article

    article.refresh_from_db()
    assert article.language == stored


def test_a_blank_language_is_left_for_detection() -> None:
    assert article_prepare(text="Exports grew.", language="  ").language == ""


@pytest.mark.parametrize("given", ["klingon", "5"])
def test_an_unknown_language_is_refused_and_nothing_is_stored(given: str) -> None:
    with pytest.raises(InputRejected, match=NOT_A_LANGUAGE) as refusal:
        article_ingest(text="Exports grew to $12 billion.", language=given)

    assert refusal.value.field == "language"
    assert Article.objects.count() == 0


def test_a_bulk_job_item_with_an_unknown_language_fails_with_the_reason() -> None:
    items = [{"text": "Exports grew.", "language": "klingon"}, {"text": "Imports fell."}]
    job = ingest_jobs.ingest_job_create(kind=IngestJob.Kind.API, items=items)

    ingest_jobs.ingest_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.new_count, job.failed_count) == (1, 1)
    assert job.errors[0]["origin"] == "item 1"
    assert NOT_A_LANGUAGE in job.errors[0]["reason"]


def test_a_jsonl_line_with_an_unknown_language_is_reported_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bulk = tmp_path / "bulk.jsonl"
    lines = [
        {"text": "Exports grew.", "language": "id"},
        {"text": "Imports fell.", "language": "5"},
    ]
    bulk.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("ingest", str(bulk), no_progress=True)

    assert f"{bulk}:2: '5' {NOT_A_LANGUAGE}" in capsys.readouterr().err
    assert list(Article.objects.values_list("language", flat=True)) == ["id"]


def test_the_command_refuses_an_unknown_default_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("Exports grew.", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), no_progress=True, language="klingon")

    assert f"'klingon' {NOT_A_LANGUAGE}" in capsys.readouterr().err
    assert Article.objects.count() == 0


def test_an_article_without_a_title_is_titled_by_its_first_line_and_its_text_kept() -> None:
    text = "Exports grew to $12 billion\n\nThe ministry said exports grew to $12 billion."

    article = article_ingest(text=text).article

    article.refresh_from_db()
    assert article.title == "Exports grew to $12 billion"
    assert article.text == text


def test_a_given_title_wins_over_the_first_line() -> None:
    assert article_prepare(text="Exports grew.\nBody.", title=" Trade ").title == "Trade"


def test_a_text_file_is_titled_by_its_first_line(tmp_path: Path) -> None:
    (tmp_path / "trade.txt").write_text(
        "Exports grew to $12 billion\nThe ministry said so on Monday.\n", encoding="utf-8"
    )
    (tmp_path / "bulk.jsonl").write_text(
        json.dumps({"text": "Imports fell 3 percent\nBody."}) + "\n", encoding="utf-8"
    )

    call_command("ingest", str(tmp_path), no_progress=True)

    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {"Exports grew to $12 billion", "Imports fell 3 percent"}
