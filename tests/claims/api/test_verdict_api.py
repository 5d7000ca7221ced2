"""Verdicts through the API: written as drafts by editors, published and corrected by verdict
publishers (never by their author when the four-eyes rule is on), and every refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import NumericClaim, Quote, ReviewStatus, Verdict
from tests.claims.api.editorial import client_as, error_of, user_in

pytestmark = pytest.mark.django_db

EVIDENCE = "https://stats.example.org/unemployment-2024"


def confirmed(item: Quote | NumericClaim) -> Quote | NumericClaim:
    item.status, item.reviewed_at = ReviewStatus.CONFIRMED, timezone.now()
    item.save()
    return item


def draft_on(client: APIClient, item: Quote | NumericClaim, **fields: Any) -> dict[str, Any]:
    key = "quote" if isinstance(item, Quote) else "numeric_claim"
    payload = {key: item.pk, "rating": "mostly_true", "explanation": "Close: 5.2 percent.",
               "evidence_links": [EVIDENCE], **fields}  # fmt: skip
    response = client.post("/api/verdicts/", payload, format="json")
    assert response.status_code == 201, response.content
    return dict(response.json())


def publish(client: APIClient, verdict: dict[str, Any], version: int | None = None) -> Any:
    version = verdict["version"] if version is None else version
    return client.post(
        f"/api/verdicts/{verdict['id']}/publish/", {"version": version}, format="json"
    )


def test_an_editor_writes_a_draft_and_is_its_author(
    quote: Quote, as_editor: APIClient, editor: Any
) -> None:
    body = draft_on(as_editor, quote)

    assert body["status"] == "draft"
    assert body["author"] == {"id": editor.pk, "username": editor.username}
    assert (body["quote"], body["numeric_claim"]) == (quote.pk, None)
    assert (body["rating"], body["rating_label"]) == ("mostly_true", "mostly true")
    assert body["evidence_links"] == [EVIDENCE]
    assert body["version"] == 1
    assert Verdict.objects.get(pk=body["id"]).author_id == editor.pk


def test_a_draft_on_a_numeric_claim(claim: NumericClaim, as_editor: APIClient) -> None:
    body = draft_on(as_editor, claim, rating="false")

    assert (body["quote"], body["numeric_claim"], body["rating"]) == (None, claim.pk, "false")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"evidence_links": ["not a link"]}, "evidence_links", "not a web address"),
        ({"evidence_links": ["ftp://files.example.org/x"]}, "evidence_links", "http or https"),
        ({"rating": "pants_on_fire"}, "rating", "not a valid choice"),
        ({"explanation": ""}, "explanation", "blank"),
        ({"numeric_claim": 1}, "quote", "one quote or one numeric claim"),
        ({"quote": 999999}, "quote", "no quote 999999"),
        ({"author": 1}, "author", "not something you can send"),
    ],
    ids=["not-a-link", "not-http", "bad-rating", "no-explanation", "two-items",
         "no-such-quote", "author-is-not-sent"],
)  # fmt: skip
def test_a_bad_draft_is_a_400_naming_the_field_and_writes_nothing(
    changes: dict[str, Any], field: str, words: str, quote: Quote, as_editor: APIClient
) -> None:
    payload = {"quote": quote.pk, "rating": "true", "explanation": "Checked.", **changes}

    error = error_of(as_editor.post("/api/verdicts/", payload, format="json"), 400)

    assert error["field"] == field
    assert words in error["message"]
    assert not Verdict.objects.exists()


def test_writing_a_verdict_needs_a_token_and_an_editor(
    quote: Quote, as_viewer: APIClient, as_publisher: APIClient
) -> None:
    payload = {"quote": quote.pk, "rating": "true", "explanation": "Checked."}

    error_of(APIClient().post("/api/verdicts/", payload, format="json"), 401)
    error_of(as_viewer.post("/api/verdicts/", payload, format="json"), 403)
    error_of(as_publisher.post("/api/verdicts/", payload, format="json"), 403)
    assert not Verdict.objects.exists()


def test_editing_a_draft(quote: Quote, as_editor: APIClient) -> None:
    verdict = draft_on(as_editor, quote)

    response = as_editor.patch(
        f"/api/verdicts/{verdict['id']}/",
        {"version": 1, "rating": "half_true", "evidence_links": [EVIDENCE, EVIDENCE + "/b"]},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["rating"], body["version"]) == ("half_true", 2)
    assert body["evidence_links"] == [EVIDENCE, EVIDENCE + "/b"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rating": "true"}, "version"),
        ({"version": 1, "status": "published"}, "status"),
        ({"version": 1, "evidence_links": ["javascript:alert(1)"]}, "evidence_links"),
    ],
    ids=["missing-version", "read-only-status", "bad-link"],
)
def test_a_bad_draft_edit_is_a_400(
    changes: dict[str, Any], field: str, quote: Quote, as_editor: APIClient
) -> None:
    verdict = draft_on(as_editor, quote)

    response = as_editor.patch(f"/api/verdicts/{verdict['id']}/", changes, format="json")

    assert error_of(response, 400)["field"] == field
    assert Verdict.objects.get(pk=verdict["id"]).version == 1


def test_two_editors_edit_one_draft_the_second_gets_a_409_with_the_first_ones_edit(
    quote: Quote, as_editor: APIClient
) -> None:
    verdict = draft_on(as_editor, quote)
    other = client_as(user_in("editor"))
    path = f"/api/verdicts/{verdict['id']}/"

    assert (
        as_editor.patch(path, {"version": 1, "rating": "false"}, format="json").status_code == 200
    )
    error = error_of(other.patch(path, {"version": 1, "explanation": "No."}, format="json"), 409)

    current = error["details"]["current"]
    assert (current["rating"], current["explanation"], current["version"]) == (
        "false", "Close: 5.2 percent.", 2,
    )  # fmt: skip


def test_a_publisher_publishes_a_draft_on_a_confirmed_quote(
    quote: Quote, as_editor: APIClient, as_publisher: APIClient, publisher: Any
) -> None:
    confirmed(quote)
    verdict = draft_on(as_editor, quote)

    response = publish(as_publisher, verdict)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "published"
    assert body["published_by"] == {"id": publisher.pk, "username": publisher.username}
    assert body["published_at"]
    assert body["version"] == 2


def test_an_editor_cannot_publish(quote: Quote, as_editor: APIClient) -> None:
    confirmed(quote)
    verdict = draft_on(as_editor, quote)

    error = error_of(publish(as_editor, verdict), 403)

    assert "publish" in error["message"]
    assert Verdict.objects.get(pk=verdict["id"]).status == "draft"


def test_with_four_eyes_on_an_author_cannot_publish_their_own_verdict(
    quote: Quote, settings: Any
) -> None:
    settings.FACTDB_VERDICT_FOUR_EYES = True
    confirmed(quote)
    author = client_as(user_in("editor", "verdict publisher"))
    verdict = draft_on(author, quote)

    error = error_of(publish(author, verdict), 403)

    assert "four-eyes" in error["message"]
    assert Verdict.objects.get(pk=verdict["id"]).status == "draft"
    assert publish(client_as(user_in("verdict publisher")), verdict).status_code == 200


def test_with_four_eyes_off_an_author_may_publish_their_own(quote: Quote, settings: Any) -> None:
    settings.FACTDB_VERDICT_FOUR_EYES = False
    confirmed(quote)
    author = client_as(user_in("editor", "verdict publisher"))

    assert publish(author, draft_on(author, quote)).status_code == 200


def test_a_verdict_on_an_unconfirmed_quote_cannot_be_published(
    quote: Quote, as_editor: APIClient, as_publisher: APIClient
) -> None:
    verdict = draft_on(as_editor, quote)

    error = error_of(publish(as_publisher, verdict), 400)

    assert "Confirm the quote first" in error["message"]


def test_publishing_refusals_401_404_409_and_missing_version(
    quote: Quote, as_editor: APIClient, as_publisher: APIClient
) -> None:
    confirmed(quote)
    verdict = draft_on(as_editor, quote)

    error_of(publish(APIClient(), verdict), 401)
    error_of(as_publisher.post("/api/verdicts/999999/publish/", {"version": 1}, "json"), 404)
    error = error_of(publish(as_publisher, verdict, version=5), 409)
    assert error["details"]["current"]["status"] == "draft"
    post = as_publisher.post(f"/api/verdicts/{verdict['id']}/publish/", {}, format="json")
    assert error_of(post, 400)["field"] == "version"
    assert publish(as_publisher, verdict).status_code == 200
    again = error_of(publish(as_publisher, verdict, version=2), 409)
    assert "already published" in again["message"]


def test_a_published_verdict_is_corrected_in_the_open_not_edited(
    quote: Quote, as_editor: APIClient, as_publisher: APIClient
) -> None:
    confirmed(quote)
    verdict = draft_on(as_editor, quote)
    publish(as_publisher, verdict)
    path = f"/api/verdicts/{verdict['id']}/"

    edit = error_of(as_editor.patch(path, {"version": 2, "rating": "true"}, format="json"), 409)
    assert "correct it instead" in edit["message"]

    response = as_publisher.post(
        path + "correct/",
        {"version": 2, "rating": "half_true", "note": "The rate was revised to 5.6 percent."},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["rating"], body["version"]) == ("corrected", "half_true", 3)
    assert body["correction_note"] == "The rate was revised to 5.6 percent."
    assert body["corrected_at"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"version": 2, "rating": "true"}, "note"),
        ({"version": 2, "note": "   ", "rating": "true"}, "note"),
        ({"version": 2, "note": "Nothing."}, "rating"),
        ({"version": 2, "note": "Bad link.", "evidence_links": ["nope"]}, "evidence_links"),
    ],
    ids=["no-note", "blank-note", "changes-nothing", "bad-link"],
)
def test_a_bad_correction_is_a_400(
    payload: dict[str, Any], field: str, quote: Quote, as_editor: APIClient,
    as_publisher: APIClient,
) -> None:  # fmt: skip
    confirmed(quote)
    verdict = draft_on(as_editor, quote)
    publish(as_publisher, verdict)

    response = as_publisher.post(f"/api/verdicts/{verdict['id']}/correct/", payload, "json")

    assert error_of(response, 400)["field"] == field
    assert Verdict.objects.get(pk=verdict["id"]).status == "published"


def test_correcting_needs_the_publisher_role_and_a_published_verdict(
    quote: Quote, as_editor: APIClient, as_publisher: APIClient
) -> None:
    verdict = draft_on(as_editor, quote)
    path = f"/api/verdicts/{verdict['id']}/correct/"
    payload = {"version": 1, "rating": "true", "note": "Revised."}

    error_of(APIClient().post(path, payload, format="json"), 401)
    error_of(as_editor.post(path, payload, format="json"), 403)
    assert "a draft" in error_of(as_publisher.post(path, payload, format="json"), 409)["message"]


def test_deleting_a_draft_at_its_version(quote: Quote, as_editor: APIClient) -> None:
    first, second = draft_on(as_editor, quote), draft_on(as_editor, quote)

    assert as_editor.delete(f"/api/verdicts/{first['id']}/?version=1").status_code == 204
    in_body = as_editor.delete(f"/api/verdicts/{second['id']}/", {"version": 1}, format="json")
    assert in_body.status_code == 204
    assert not Verdict.objects.exists()


def test_delete_refusals(
    quote: Quote, as_editor: APIClient, as_viewer: APIClient, as_publisher: APIClient
) -> None:
    confirmed(quote)
    verdict = draft_on(as_editor, quote)
    path = f"/api/verdicts/{verdict['id']}/"

    assert error_of(as_editor.delete(path), 400)["field"] == "version"
    assert error_of(as_editor.delete(path + "?version=x"), 400)["field"] == "version"
    error_of(APIClient().delete(path + "?version=1"), 401)
    error_of(as_viewer.delete(path + "?version=1"), 403)
    error_of(as_editor.delete("/api/verdicts/999999/?version=1"), 404)
    assert (
        error_of(as_editor.delete(path + "?version=7"), 409)["details"]["current"]["id"]
        == (verdict["id"])
    )
    publish(as_publisher, verdict)
    published = error_of(as_editor.delete(path + "?version=2"), 409)
    assert "cannot be deleted" in published["message"]
    assert Verdict.objects.filter(pk=verdict["id"]).exists()


def test_the_list_filters_by_status_rating_and_item_in_a_few_queries(
    quote: Quote, claim: NumericClaim, as_editor: APIClient, as_publisher: APIClient,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    confirmed(quote)
    on_quote = draft_on(as_editor, quote, rating="false")
    draft_on(as_editor, quote, rating="true")
    on_claim = draft_on(as_editor, claim, rating="false")
    publish(as_publisher, on_quote)

    def ids(**filters: Any) -> set[int]:
        return {verdict["id"] for verdict in as_editor.get("/api/verdicts/", filters).json()
                ["results"]}  # fmt: skip

    assert ids(status="published") == {on_quote["id"]}
    assert ids(rating="false") == {on_quote["id"], on_claim["id"]}
    assert ids(numeric_claim=claim.pk) == {on_claim["id"]}
    assert len(ids(quote=quote.pk)) == 2
    with django_assert_max_num_queries(3):
        listed = as_editor.get("/api/verdicts/").json()["results"]
    assert all(verdict["author"]["username"] for verdict in listed)
    assert error_of(as_editor.get("/api/verdicts/", {"status": "gone"}), 400)["field"] == "status"


def test_reading_one_verdict_and_a_missing_one(quote: Quote, as_editor: APIClient) -> None:
    verdict = draft_on(as_editor, quote)

    assert as_editor.get(f"/api/verdicts/{verdict['id']}/").json() == verdict
    error_of(as_editor.get("/api/verdicts/999999/"), 404)


def test_anonymous_reads_of_verdicts_follow_the_setting(
    quote: Quote, as_editor: APIClient, settings: Any
) -> None:
    draft_on(as_editor, quote)

    settings.FACTDB_ANONYMOUS_READ = False
    error_of(APIClient().get("/api/verdicts/"), 401)
    settings.FACTDB_ANONYMOUS_READ = True
    assert len(APIClient().get("/api/verdicts/").json()["results"]) == 1
