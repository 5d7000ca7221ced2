"""Requests over a size limit are answered 4xx in the JSON error shape, never HTML or a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from sources.models import Article
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    # Django's client, not DRF's: the request goes through every middleware as a real one does.
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    error: dict[str, Any] = response.json()["error"]
    return error


def many_fields() -> str:
    return "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))


def test_a_query_string_with_too_many_fields_is_a_json_400(client: Client) -> None:
    error = error_of(client.get(f"/api/quotes/?{many_fields()}"), 400)
    assert error["code"] == "too_many_fields"


def test_a_form_body_with_too_many_fields_is_a_json_400_and_writes_nothing(
    client: Client,
) -> None:
    response = client.post(
        "/api/articles/", many_fields(), content_type="application/x-www-form-urlencoded"
    )
    assert error_of(response, 400)["code"] == "too_many_fields"
    assert not Article.objects.exists()


def test_a_huge_query_string_is_a_json_4xx(client: Client) -> None:
    response = client.get("/api/quotes/", {"q": "word " * 40_000})
    assert error_of(response, 400)["field"] == "q"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
def test_a_huge_upload_is_a_json_4xx_and_writes_nothing(client: Client) -> None:
    # Files are streamed to disk; without the upload handler's count this one would be read.
    upload = SimpleUploadedFile("big.bin", b"x" * (2 * 1024 * 1024))
    response = client.post("/api/articles/", {"file": upload})
    assert error_of(response, 413)["code"] == "request_too_large"
    assert not Article.objects.exists()


def test_json_nested_too_deep_is_a_json_400(client: Client) -> None:
    depth = 100_000
    body = "[" * depth + "]" * depth
    response = client.post("/api/articles/", body, content_type="application/json")
    assert error_of(response, 400)["code"] == "parse_error"
