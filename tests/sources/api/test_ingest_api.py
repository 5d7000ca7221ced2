"""Bulk ingest jobs and feed subscriptions through the API."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sources.models import Article, Feed, IngestJob

pytestmark = pytest.mark.django_db


def test_posting_items_queues_a_job_whose_status_can_be_read(editor_client: APIClient) -> None:
    response = editor_client.post(
        "/api/ingest-jobs/",
        {"items": [{"url": "https://news.example/a"}, {"text": "Teks.", "title": "T"}]},
        format="json",
    )

    assert response.status_code == 202
    job = response.json()
    assert (job["status"], job["total"], job["processed"]) == ("queued", 2, 0)
    assert job["kind"] == "api"
    assert editor_client.get(f"/api/ingest-jobs/{job['id']}/").json()["total"] == 2


def test_an_empty_job_is_refused(editor_client: APIClient) -> None:
    response = editor_client.post("/api/ingest-jobs/", {"items": []}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "items"
    assert IngestJob.objects.count() == 0


def test_html_is_accepted_as_an_article(editor_client: APIClient) -> None:
    html = (
        "<html><head><title>Judul</title></head><body><article>"
        + ("<p>Menteri berkata bahwa anggaran naik 10 persen tahun ini.</p>" * 5)
        + "</article></body></html>"
    )

    response = editor_client.post("/api/articles/", {"html": html}, format="json")

    assert response.status_code == 202, response.content
    assert Article.objects.get().title == "Judul"


def test_subscribing_to_a_feed_stores_it_once(editor_client: APIClient) -> None:
    body = {"url": "https://news.example/rss?utm_source=x", "poll_interval": 600}

    first = editor_client.post("/api/feeds/", body, format="json")
    again = editor_client.post("/api/feeds/", body, format="json")

    assert first.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Feed.objects.get().url == "https://news.example/rss"


def test_a_feed_with_an_unsupported_scheme_is_refused(editor_client: APIClient) -> None:
    response = editor_client.post("/api/feeds/", {"url": "ftp://news.example/rss"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "url"
    assert Feed.objects.count() == 0
