"""What POST /api/articles/ makes of the input a new user sends: fragments, languages, titles."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sources.models import Article

pytestmark = pytest.mark.django_db


def test_a_short_html_fragment_is_stored_as_the_text_it_contains(editor_client: APIClient) -> None:
    response = editor_client.post(
        "/api/articles/", {"html": "<p>Exports grew to <b>$12 billion</b>.</p>"}, format="json"
    )

    assert response.status_code == 202, response.content
    assert Article.objects.get(pk=response.json()["id"]).text == "Exports grew to $12 billion."


def test_an_unknown_language_is_refused_with_a_400_naming_it(editor_client: APIClient) -> None:
    response = editor_client.post(
        "/api/articles/", {"text": "Exports grew.", "language": "klingon"}, format="json"
    )

    assert response.status_code == 400
    assert "klingon" in response.content.decode()
    assert "ISO 639-1 language code" in response.content.decode()
    assert Article.objects.count() == 0


def test_a_language_tag_is_stored_as_its_code(editor_client: APIClient) -> None:
    response = editor_client.post(
        "/api/articles/", {"text": "Exportações cresceram.", "language": "pt-BR"}, format="json"
    )

    assert response.status_code == 202
    assert Article.objects.get().language == "pt"


def test_an_article_posted_without_a_title_is_titled_by_its_first_line(
    editor_client: APIClient,
) -> None:
    text = "Exports grew to $12 billion\nThe ministry said so on Monday."

    response = editor_client.post("/api/articles/", {"text": text}, format="json")

    assert response.status_code == 202
    article = Article.objects.get()
    assert (article.title, article.text) == ("Exports grew to $12 billion", text)
