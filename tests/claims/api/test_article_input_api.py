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
