"""The admin's "Add articles" page: pasted text and uploaded files become one ingest job."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sources.models import Article, IngestJob
from sources.services.ingest_jobs import ingest_job_run
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINES = [
    {
        "text": "Exports grew to $12 billion.\nThe ministry said so on Monday.",
        "title": "Exports grow",
        "url": "https://news.example/exports",
        "published_at": "2024-05-01T10:00:00Z",
        "language": "en",
        "publication": "Daily News",
        "byline": "Jane Doe",
    },
    {"html": "<p>Imports fell by <b>3 percent</b>.</p>", "language": "EN"},
]


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def jsonl(*lines: object) -> bytes:
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines).encode()


@pytest.mark.parametrize("name", ["bulk.jsonl", "bulk.ndjson", "BULK.JSONL"])
def test_an_uploaded_jsonl_file_is_one_article_per_line(staff_client: Client, name: str) -> None:
    response = staff_client.post(
        reverse("admin:sources_article_ingest"), {"files": upload(name, jsonl(*LINES, ""))}
    )

    assert response.status_code == 302
    job = IngestJob.objects.get()
    assert job.total == 2
    ingest_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.new_count, job.failed_count) == (2, 0), job.errors
    first = Article.objects.get(title="Exports grow")
    assert first.text == LINES[0]["text"]
    assert first.canonical_url == "https://news.example/exports"
    assert first.published_at == datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.UTC)
    assert (first.language, first.byline) == ("en", "Jane Doe")
    assert first.publication is not None
    assert first.publication.name == "Daily News"
    second = Article.objects.exclude(pk=first.pk).get()
    assert (second.text, second.language) == ("Imports fell by 3 percent.", "en")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ((LINES[0], "{not json"), "bulk.jsonl:2: not valid JSON"),
        ((LINES[0], "", json.dumps(["a", "list"])), "bulk.jsonl:3: expected a JSON object"),
        (({"title": "no text"},), "bulk.jsonl:1: the line has neither &#x27;text&#x27; nor"),
        (({"text": "x", "published_at": "Tuesday"},), "bulk.jsonl:1: &#x27;published_at&#x27;"),
        (("", "  "), "bulk.jsonl: the file has no JSON lines"),
    ],
)
def test_a_malformed_jsonl_file_is_refused_naming_the_line(
    staff_client: Client, lines: tuple[object, ...], message: str
) -> None:
    response = staff_client.post(
        reverse("admin:sources_article_ingest"), {"files": upload("bulk.jsonl", jsonl(*lines))}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert IngestJob.objects.count() == 0


def test_a_jsonl_file_that_is_not_utf8_is_refused(staff_client: Client) -> None:
    content = json.dumps({"text": "café"}, ensure_ascii=False).encode("cp1252")

    response = staff_client.post(
        reverse("admin:sources_article_ingest"), {"files": upload("bulk.jsonl", content)}
    )

    assert "bulk.jsonl: " in response.content.decode()
    assert "UTF-8" in response.content.decode()
    assert IngestJob.objects.count() == 0


def test_text_files_and_pasted_text_are_titled_by_their_first_line(staff_client: Client) -> None:
    text_file = upload("trade.txt", b"Exports grew to $12 billion\nThe ministry said so.\n")

    response = staff_client.post(
        reverse("admin:sources_article_ingest"),
        {"text": "Imports fell 3 percent\nTraders said so.", "files": text_file},
    )

    assert response.status_code == 302
    ingest_job_run(job_id=IngestJob.objects.get().pk)
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {"Exports grew to $12 billion", "Imports fell 3 percent"}
