"""Every error the API answers has one JSON shape, the right status, and writes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.test import RequestFactory
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from factdb.api.errors import api_error_field, api_exception_handler, api_server_error
from factdb.errors import Conflict
from sources.models import Article, Feed, FeedItem, IngestJob
from sources.reading.fetching import FetchRefused
from sources.reading.rejections import InputRejected
from sources.serializers import FeedSerializer
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

POLL_INTERVAL_MESSAGE = Feed._meta.constraints[0].violation_error_message


class RaisingView(APIView):
    """Answers every GET by raising `error`: the handler seen through DRF's real dispatch."""

    permission_classes = [AllowAny]
    error: Exception = RuntimeError("set by as_view")

    def get(self, request: Request) -> Response:
        raise self.error


def answer_to(error: Exception) -> tuple[int, dict[str, Any], Response]:
    """Status and JSON body the API answers when a view raises `error`."""
    response = RaisingView.as_view(error=error)(APIRequestFactory().get("/api/raising/"))
    response.render()
    return response.status_code, json.loads(response.content), response


def error_of(response: Any) -> dict[str, Any]:
    """The `error` object of a response, checking the shape every error body has."""
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) == {"error"}
    assert (
        {"code", "message", "field"}
        <= set(body["error"])
        <= {"code", "message", "field", "details"}
    )
    assert body["error"]["message"]
    return body["error"]


def integrity_error_from(write: Any) -> IntegrityError:
    """The IntegrityError the database raises for `write`, its transaction rolled back."""
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        write()
    return raised.value


@pytest.fixture
def feed() -> Feed:
    return Feed.objects.create(url="https://news.example/rss", poll_interval=900)


# InputRejected → 400 input_rejected, naming the field.


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"text": ""}, "text", "the text is empty"),
        ({"text": "binary \x01\x02\x03 data"}, "text", "looks like binary data"),
        ({"html": "<html><body></body></html>"}, "html", ""),
    ],
    ids=["empty", "binary", "empty-page"],
)
def test_refused_article_input_is_a_400_input_rejected_naming_its_field(
    editor_client: APIClient, payload: dict[str, str], field: str, message: str
) -> None:
    response = editor_client.post("/api/articles/", payload, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"]) == ("input_rejected", field)
    assert message in error["message"]
    assert Article.objects.count() == 0


def test_an_article_over_the_character_limit_is_a_400_input_rejected(
    editor_client: APIClient, settings: Any
) -> None:
    settings.FACTDB_MAX_ARTICLE_CHARS = 1000

    response = editor_client.post("/api/articles/", {"text": "x" * 1001}, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"]) == ("input_rejected", "text")
    assert "the limit is" in error["message"]
    assert Article.objects.count() == 0


def test_a_job_over_the_item_limit_is_a_400_input_rejected_on_items(
    editor_client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sources.services.ingest_jobs.MAX_JOB_ITEMS", 1)
    items = [{"text": "One."}, {"text": "Two."}]

    response = editor_client.post("/api/ingest-jobs/", {"items": items}, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"]) == ("input_rejected", "items")
    assert "the limit is 1 per job" in error["message"]
    assert IngestJob.objects.count() == 0


def test_a_feed_the_service_refuses_is_a_400_input_rejected_on_url(
    editor_client: APIClient,
) -> None:
    response = editor_client.post("/api/feeds/", {"url": "ftp://news.example/rss"}, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"]) == ("input_rejected", "url")
    assert "ftp" in error["message"]  # the service says why, in its words
    assert Feed.objects.count() == 0


def test_a_subclass_of_a_registered_error_is_answered_as_the_registered_one() -> None:
    status, body, _ = answer_to(FetchRefused("refused: 10.0.0.1 is a private address"))

    assert status == 400
    assert body["error"] == {
        "code": "input_rejected",
        "message": "refused: 10.0.0.1 is a private address",
        "field": None,
    }


def test_a_field_the_service_named_is_kept_over_the_views_default() -> None:
    with pytest.raises(InputRejected) as raised, api_error_field("text"):
        raise InputRejected("'xx' is not a language code", field="language")

    assert raised.value.field == "language"


# Conflict → 409.


def test_a_conflict_is_a_409_with_its_field() -> None:
    status, body, _ = answer_to(Conflict("the quote changed since you read it", field="version"))

    assert status == 409
    assert body["error"] == {
        "code": "conflict",
        "message": "the quote changed since you read it",
        "field": "version",
    }


# IntegrityError → 409 conflict or 400 constraint_violated, never a 500.


def test_a_unique_violation_from_the_database_is_a_409_conflict(feed: Feed) -> None:
    error = integrity_error_from(lambda: Feed.objects.create(url=feed.url))

    status, body, _ = answer_to(error)

    assert status == 409
    assert body["error"] == {
        "code": "conflict",
        "message": "Feed with this url already exists.",
        "field": "url",
    }


def test_a_check_violation_speaks_with_the_constraints_message(feed: Feed) -> None:
    error = integrity_error_from(lambda: Feed.objects.filter(pk=feed.pk).update(poll_interval=10))

    status, body, _ = answer_to(error)

    assert status == 400
    assert body["error"] == {
        "code": "constraint_violated",
        "message": POLL_INTERVAL_MESSAGE,
        "field": "poll_interval",
    }


def test_a_column_check_names_its_field(feed: Feed) -> None:
    error = integrity_error_from(lambda: Feed.objects.filter(pk=feed.pk).update(failure_count=-1))

    status, body, _ = answer_to(error)

    assert status == 400
    assert (body["error"]["code"], body["error"]["field"]) == (
        "constraint_violated",
        "failure_count",
    )
    assert "Failure count is out of range" in body["error"]["message"]


def test_a_trigger_refusal_speaks_with_the_triggers_message() -> None:
    article = ArticleFactory()
    error = integrity_error_from(lambda: Article.objects.filter(pk=article.pk).update(text="New."))

    status, body, _ = answer_to(error)

    assert status == 400
    assert body["error"]["code"] == "constraint_violated"
    assert f"the text of article {article.pk} cannot change" in body["error"]["message"]


def test_a_not_null_violation_names_the_missing_field(feed: Feed) -> None:
    error = integrity_error_from(lambda: FeedItem.objects.create(feed=feed, entry_id=None))

    status, body, _ = answer_to(error)

    assert status == 400
    assert body["error"] == {
        "code": "constraint_violated",
        "message": "Entry id is required.",
        "field": "entry_id",
    }


def test_a_foreign_key_to_nothing_names_the_reference() -> None:
    def orphan_item_insert() -> None:
        # Django's foreign keys are checked at commit; make this one answer at once.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        FeedItem.objects.create(feed_id=10**9, entry_id="lost")

    status, body, _ = answer_to(integrity_error_from(orphan_item_insert))

    assert status == 400
    assert body["error"] == {
        "code": "constraint_violated",
        "message": "Feed refers to a record that does not exist.",
        "field": "feed",
    }


@pytest.mark.django_db(transaction=True)
def test_a_constraint_validation_missed_is_refused_by_the_database_as_a_400_not_a_500(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if the serializer had no check (or another write raced it): the database's own
    # constraint refuses the row, and the API still answers a clean 4xx.
    monkeypatch.setattr(FeedSerializer, "validate", lambda self, attrs: attrs)
    feed = Feed.objects.create(url="https://news.example/rss", poll_interval=900)
    client = APIClient()
    client.force_authenticate(UserFactory())

    response = client.patch(f"/api/feeds/{feed.pk}/", {"poll_interval": 10}, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert error == {
        "code": "constraint_violated",
        "message": POLL_INTERVAL_MESSAGE,
        "field": "poll_interval",
    }
    assert Feed.objects.get().poll_interval == 900
    assert client.get(f"/api/feeds/{feed.pk}/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_with_atomic_requests_a_refused_write_is_a_clean_400_and_rolls_the_request_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    monkeypatch.setattr(FeedSerializer, "validate", lambda self, attrs: attrs)
    feed = Feed.objects.create(url="https://news.example/rss", poll_interval=900)
    client = APIClient()
    client.force_authenticate(UserFactory())
    body = {"url": "https://news.example/other", "poll_interval": 10}

    response = client.patch(f"/api/feeds/{feed.pk}/", body, format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "constraint_violated"
    assert not connection.in_atomic_block
    assert Feed.objects.get().url == "https://news.example/rss"
    assert client.get(f"/api/feeds/{feed.pk}/").status_code == 200


# The model's constraints are checked before saving.


def test_patching_a_feed_below_a_minute_is_a_400_on_poll_interval_writing_nothing(
    editor_client: APIClient, feed: Feed
) -> None:
    response = editor_client.patch(f"/api/feeds/{feed.pk}/", {"poll_interval": 10}, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"], error["message"]) == (
        "invalid",
        "poll_interval",
        POLL_INTERVAL_MESSAGE,
    )
    assert error["details"] == {"poll_interval": [POLL_INTERVAL_MESSAGE]}
    feed.refresh_from_db()
    assert feed.poll_interval == 900


def test_subscribing_a_feed_below_a_minute_is_a_400_on_poll_interval(
    editor_client: APIClient,
) -> None:
    body = {"url": "https://news.example/rss", "poll_interval": 10}

    response = editor_client.post("/api/feeds/", body, format="json")

    assert response.status_code == 400
    assert error_of(response)["field"] == "poll_interval"
    assert Feed.objects.count() == 0


def test_a_feed_at_a_minute_is_accepted(editor_client: APIClient, feed: Feed) -> None:
    response = editor_client.patch(f"/api/feeds/{feed.pk}/", {"poll_interval": 60}, format="json")

    assert response.status_code == 200
    feed.refresh_from_db()
    assert feed.poll_interval == 60


def test_a_validation_error_on_several_fields_lists_them_all_in_details(
    editor_client: APIClient,
) -> None:
    response = editor_client.post(
        "/api/feeds/", {"url": "not a url", "poll_interval": -5}, format="json"
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert error["field"] in {"url", "poll_interval"}
    assert set(error["details"]) == {"url", "poll_interval"}


def test_a_missing_field_is_a_400_invalid_naming_it(editor_client: APIClient) -> None:
    response = editor_client.post("/api/ingest-jobs/", {}, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"]) == ("invalid", "items")
    assert error["details"]["items"] == ["This field is required."]


def test_a_django_validation_error_from_a_service_is_a_400_invalid() -> None:
    status, body, _ = answer_to(DjangoValidationError({"language": ["not a language"]}))

    assert status == 400
    assert body["error"]["code"] == "invalid"
    assert (body["error"]["field"], body["error"]["message"]) == ("language", "not a language")


# Request too large → 413, in JSON.


def test_a_body_over_the_upload_limit_is_a_json_413_and_writes_nothing(
    editor_client: APIClient,
) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = b'{"text": "' + b"x" * (40 * 1024 * 1024) + b'"}'
    assert len(body) > limit

    response = editor_client.generic("POST", "/api/articles/", body, "application/json")

    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "request_too_large"
    assert f"{limit // (1024 * 1024)} MB" in error["message"]
    assert Article.objects.count() == 0


def test_an_article_at_the_character_limit_fits_the_body_limit_however_escaped() -> None:
    at_the_limit = json.dumps({"text": "й" * settings.FACTDB_MAX_ARTICLE_CHARS})  # \u0439 each

    assert len(at_the_limit.encode()) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_other_suspicious_requests_are_a_400_bad_request() -> None:
    status, body, _ = answer_to(SuspiciousOperation("too many fields"))

    assert status == 400
    assert body["error"]["code"] == "bad_request"
    assert "too many fields" not in body["error"]["message"]


# DRF's and Django's own errors, in the same shape.


def test_an_anonymous_write_is_a_401_asking_for_a_token() -> None:
    response = APIClient().post("/api/articles/", {"text": "Hello."}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    error = error_of(response)
    assert (error["code"], error["field"]) == ("not_authenticated", None)
    assert Article.objects.count() == 0


def test_a_session_write_without_csrf_token_is_a_403_permission_denied() -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(UserFactory())

    response = client.post("/api/articles/", {"text": "Hello."}, format="json")

    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "permission_denied"
    assert "CSRF" in error["message"]
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (DjangoPermissionDenied(), 403, "permission_denied"),
        (Http404("No such quote."), 404, "not_found"),
        (exceptions.NotAcceptable(), 406, "not_acceptable"),
        (exceptions.Throttled(wait=30), 429, "throttled"),
    ],
    ids=["django-permission-denied", "django-404", "not-acceptable", "throttled"],
)
def test_drf_and_django_errors_keep_their_status_in_the_shape(
    error: Exception, status: int, code: str
) -> None:
    answered, body, _ = answer_to(error)

    assert answered == status
    assert body["error"]["code"] == code
    assert body["error"]["field"] is None
    assert body["error"]["message"]


def test_a_throttled_request_is_told_when_to_retry() -> None:
    _, _, response = answer_to(exceptions.Throttled(wait=30))

    assert response["Retry-After"] == "30"


def test_an_unknown_object_is_a_json_404(editor_client: APIClient) -> None:
    response = editor_client.get("/api/feeds/999999/")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_an_unknown_api_url_is_a_json_404(editor_client: APIClient) -> None:
    response = editor_client.get("/api/no-such-endpoint/")

    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "not_found"
    assert "/api/no-such-endpoint/" in error["message"]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_an_unknown_api_url_is_a_json_404_with_debug_on_or_off(
    editor_client: APIClient, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug

    response = editor_client.get("/api/quotes/1/no-such-action/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error_of(response)["code"] == "not_found"


def test_a_post_to_an_unknown_api_url_is_a_json_404_not_a_csrf_page(settings: Any) -> None:
    settings.DEBUG = True
    client = APIClient(enforce_csrf_checks=True)

    response = client.post("/api/feeds/0.5/poll/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_api_url_without_its_slash_is_still_redirected_to_it(editor_client: APIClient) -> None:
    response = editor_client.get("/api/quotes")

    assert response.status_code == 301
    assert response["Location"] == "/api/quotes/"


def test_an_unknown_url_outside_the_api_keeps_djangos_page(editor_client: APIClient) -> None:
    response = editor_client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_method_the_endpoint_lacks_is_a_json_405(editor_client: APIClient, feed: Feed) -> None:
    response = editor_client.delete(f"/api/feeds/{feed.pk}/")

    assert response.status_code == 405
    error = error_of(response)
    assert error["code"] == "method_not_allowed"
    assert '"DELETE"' in error["message"]
    assert Feed.objects.filter(pk=feed.pk).exists()


def test_malformed_json_is_a_400_parse_error(editor_client: APIClient) -> None:
    response = editor_client.generic("POST", "/api/articles/", b'{"text": ', "application/json")

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "parse_error"
    assert "JSON parse error" in error["message"]
    assert Article.objects.count() == 0


def test_a_body_of_an_unsupported_type_is_a_415(editor_client: APIClient) -> None:
    response = editor_client.generic("POST", "/api/articles/", b"Hello.", "text/plain")

    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


# A bug stays a 500, in JSON under /api/.


def test_an_unexpected_error_is_left_to_become_a_500() -> None:
    assert api_exception_handler(RuntimeError("a bug"), {}) is None


def test_a_500_under_the_api_is_json() -> None:
    response = api_server_error(RequestFactory().get("/api/articles/"))

    assert response.status_code == 500
    assert json.loads(response.content)["error"]["code"] == "server_error"
