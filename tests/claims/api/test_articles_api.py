"""The article endpoints: reading, ingesting, and refusing bad input with nothing written."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sources.models import Article
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_posting_text_stores_a_pending_article_and_answers_202(editor_client: APIClient) -> None:
    response = editor_client.post(
        "/api/articles/", {"text": "Hello world.", "title": "Hi"}, format="json"
    )

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    assert body["created"] is True
    assert Article.objects.get(pk=body["id"]).title == "Hi"


def test_posting_the_same_text_again_returns_the_stored_article(editor_client: APIClient) -> None:
    first = editor_client.post("/api/articles/", {"text": "Same words."}, format="json").json()
    again = editor_client.post("/api/articles/", {"text": "Same words."}, format="json")

    assert again.status_code == 200
    assert again.json() == {"id": first["id"], "status": "pending", "created": False}


def test_writes_need_a_token_even_when_reads_are_open(settings: object) -> None:
    response = APIClient().post("/api/articles/", {"text": "Hello."}, format="json")

    assert response.status_code in (401, 403)
    assert Article.objects.count() == 0


def test_a_token_authenticates_writes(editor_client: APIClient) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=UserFactory())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.post("/api/articles/", {"text": "Hi."}, format="json").status_code == 202


def test_anonymous_reads_follow_the_setting(settings) -> None:  # type: ignore[no-untyped-def]
    ArticleFactory()
    settings.FACTDB_ANONYMOUS_READ = True
    assert APIClient().get("/api/articles/").status_code == 200
    settings.FACTDB_ANONYMOUS_READ = False
    assert APIClient().get("/api/articles/").status_code in (401, 403)


def test_lists_are_paginated_under_results(editor_client: APIClient) -> None:
    ArticleFactory.create_batch(3)

    body = editor_client.get("/api/articles/", {"page_size": 2}).json()

    assert len(body["results"]) == 2
    assert body["next"]
    assert len(editor_client.get(body["next"]).json()["results"]) == 1


@pytest.mark.parametrize(
    ("payload", "code", "message"),
    [
        ({"text": ""}, "input_rejected", "the text is empty"),
        ({"text": "   \n\t  "}, "input_rejected", "the text is empty"),
        ({"text": "x" * (10 * 1024 * 1024)}, "input_rejected", "the limit is"),
        ({"text": "binary \x00\x01\x02 data"}, "invalid", "characters are not allowed"),
        ({}, "invalid", "send either 'text' or 'html'"),
    ],
    ids=["empty", "whitespace", "ten-megabytes", "binary", "missing"],
)
def test_bad_text_gets_a_400_with_a_clear_message_and_writes_nothing(
    editor_client: APIClient, payload: dict[str, str], code: str, message: str
) -> None:
    response = editor_client.post("/api/articles/", payload, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, "text")
    assert message in error["message"]
    assert Article.objects.count() == 0


def test_invalid_utf8_gets_a_400_and_writes_nothing(editor_client: APIClient) -> None:
    body = b'{"text": "caf\xe9 au lait"}'

    response = editor_client.generic("POST", "/api/articles/", body, "application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert "utf-8" in response.json()["error"]["message"].lower()
    assert Article.objects.count() == 0


def test_article_detail_shows_text_quotes_and_claims(editor_client: APIClient) -> None:
    article = ArticleFactory()

    body = editor_client.get(f"/api/articles/{article.pk}/").json()

    assert body["text"] == article.text
    assert body["quotes"] == []
    assert body["numeric_claims"] == []


def test_the_openapi_schema_is_served(editor_client: APIClient) -> None:
    assert editor_client.get("/api/schema/").status_code == 200
