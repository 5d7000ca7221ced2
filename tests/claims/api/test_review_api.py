"""Reviewing and fixing quotes and numeric claims through the API: one item, many at once,
and every refusal (401, 403, 404, 409 with the stored item, 400) leaving the item as it was."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from claims.models import NumericClaim, Quote, ReviewStatus, Speaker
from claims.serializers import BULK_LIMIT, NumericClaimEditSerializer, QuoteEditSerializer
from claims.services.reviews import CORRECTABLE_FIELDS
from tests.claims.api.editorial import claim_in, client_as, error_of, quote_in, user_in
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def review(client: APIClient, item: Any, action: str, version: int | None = None) -> Any:
    kind = "quotes" if isinstance(item, Quote) else "numeric-claims"
    version = item.version if version is None else version
    return client.post(
        f"/api/{kind}/{item.pk}/review/", {"action": action, "version": version}, format="json"
    )


@pytest.mark.parametrize("kind", ["quote", "claim"])
def test_confirming_records_who_and_when_and_answers_the_item_at_its_new_version(
    kind: str, quote: Quote, claim: NumericClaim, as_editor: APIClient, editor: Any
) -> None:
    item = quote if kind == "quote" else claim

    response = review(as_editor, item, "confirm")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == item.pk
    assert body["status"] == "confirmed"
    assert body["version"] == 2
    assert body["reviewer"] == editor.pk
    item.refresh_from_db()
    assert (item.status, item.reviewer_id, item.version) == ("confirmed", editor.pk, 2)
    assert item.reviewed_at is not None


def test_rejecting_then_reopening_makes_the_quote_a_candidate_again(
    quote: Quote, as_editor: APIClient
) -> None:
    assert review(as_editor, quote, "reject").json()["status"] == "rejected"

    body = review(as_editor, quote, "reopen", version=2).json()

    assert (body["status"], body["reviewer"], body["reviewed_at"], body["version"]) == (
        "candidate", None, None, 3,
    )  # fmt: skip


def test_a_review_needs_a_token(quote: Quote, anonymous: APIClient) -> None:
    error = error_of(review(anonymous, quote, "confirm"), 401)

    assert error["code"] == "not_authenticated"
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.CANDIDATE


@pytest.mark.parametrize("kind", ["quote", "claim"])
def test_a_viewer_may_read_but_not_review(
    kind: str, quote: Quote, claim: NumericClaim, as_viewer: APIClient
) -> None:
    item = quote if kind == "quote" else claim
    path = f"/api/{'quotes' if kind == 'quote' else 'numeric-claims'}/{item.pk}/"
    assert as_viewer.get(path).status_code == 200

    error = error_of(review(as_viewer, item, "confirm"), 403)

    assert error["code"] == "permission_denied"
    assert "roles do not allow" in error["message"]
    item.refresh_from_db()
    assert item.status == ReviewStatus.CANDIDATE


def test_a_user_with_no_role_cannot_review(quote: Quote, editor_client: APIClient) -> None:
    error_of(review(editor_client, quote, "confirm"), 403)


def test_reviewing_a_quote_that_does_not_exist_is_a_404(as_editor: APIClient) -> None:
    response = as_editor.post(
        "/api/quotes/999999/review/", {"action": "confirm", "version": 1}, format="json"
    )

    error = error_of(response, 404)
    assert error["code"] == "not_found"
    assert "999999" in error["message"]


def test_a_non_numeric_id_is_a_json_404(as_editor: APIClient) -> None:
    response = as_editor.post("/api/quotes/abc/review/", {"action": "confirm"}, format="json")

    assert error_of(response, 404)["code"] == "not_found"


def test_a_stale_review_is_a_409_carrying_the_quote_as_stored(
    quote: Quote, as_editor: APIClient
) -> None:
    review(as_editor, quote, "reject")

    error = error_of(review(as_editor, quote, "confirm", version=1), 409)

    assert error["code"] == "conflict"
    assert error["field"] == "version"
    current = error["details"]["current"]
    assert (current["id"], current["status"], current["version"]) == (quote.pk, "rejected", 2)
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.REJECTED


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"action": "approve", "version": 1}, "action"),
        ({"action": "confirm"}, "version"),
        ({"action": "confirm", "version": 0}, "version"),
        ({"action": "confirm", "version": "one"}, "version"),
        ({"action": "confirm", "version": 1, "status": "confirmed"}, "status"),
    ],
    ids=["bad-action", "missing-version", "version-zero", "version-not-a-number", "unknown"],
)
def test_a_bad_review_request_is_a_400_naming_the_field(
    payload: dict[str, Any], field: str, quote: Quote, as_editor: APIClient
) -> None:
    response = as_editor.post(f"/api/quotes/{quote.pk}/review/", payload, format="json")

    error = error_of(response, 400)
    assert error["field"] == field
    quote.refresh_from_db()
    assert (quote.status, quote.version) == (ReviewStatus.CANDIDATE, 1)


# Bulk review.


def test_bulk_review_reports_each_item_and_a_failed_item_changes_nothing(
    article: Any, as_editor: APIClient
) -> None:
    fresh = quote_in(article, "Unemployment fell to 5 percent last year.")
    stale = quote_in(article, "We will build 300 schools,")
    stale.status, stale.version = ReviewStatus.REJECTED, 4
    stale.reviewed_at = stale.created_at
    stale.save()
    already = quote_in(article, "Minister Jane Doe")
    already.status, already.reviewed_at = ReviewStatus.CONFIRMED, already.created_at
    already.save()

    response = as_editor.post(
        "/api/quotes/review/",
        {
            "action": "confirm",
            "items": [
                {"id": fresh.pk, "version": 1},
                {"id": stale.pk, "version": 3},
                {"id": 999999, "version": 1},
                {"id": already.pk, "version": 1},
            ],
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["changed"] == 1
    outcomes = {result["id"]: result for result in body["results"]}
    assert [result["id"] for result in body["results"]] == [fresh.pk, stale.pk, 999999, already.pk]
    assert outcomes[fresh.pk] == {"id": fresh.pk, "outcome": "changed", "message": "", "version": 2}
    assert outcomes[stale.pk]["outcome"] == "conflict"
    assert outcomes[stale.pk]["version"] == 4
    assert "changed by someone else" in outcomes[stale.pk]["message"]
    assert outcomes[999999]["outcome"] == "not_found"
    assert outcomes[999999]["version"] is None
    assert outcomes[already.pk]["outcome"] == "unchanged"
    stale.refresh_from_db()
    assert (stale.status, stale.version) == (ReviewStatus.REJECTED, 4)
    fresh.refresh_from_db()
    assert fresh.status == ReviewStatus.CONFIRMED


def test_bulk_review_of_numeric_claims(claim: NumericClaim, as_editor: APIClient) -> None:
    response = as_editor.post(
        "/api/numeric-claims/review/",
        {"action": "reject", "items": [{"id": claim.pk, "version": 1}]},
        format="json",
    )

    assert response.json()["changed"] == 1
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.REJECTED


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "at least one item"),
        ([{"id": 1, "version": 1}] * (BULK_LIMIT + 1), f"At most {BULK_LIMIT} items"),
        ([{"id": 1}], "required"),
    ],
    ids=["empty", "too-many", "missing-version"],
)
def test_a_bad_bulk_list_is_a_400(
    items: list[dict[str, int]], message: str, as_editor: APIClient
) -> None:
    response = as_editor.post(
        "/api/quotes/review/", {"action": "confirm", "items": items}, format="json"
    )

    error = error_of(response, 400)
    assert error["field"] == "items"
    assert message in str(error["details"])


def test_bulk_review_needs_a_token_and_the_role(quote: Quote, as_viewer: APIClient) -> None:
    payload = {"action": "confirm", "items": [{"id": quote.pk, "version": 1}]}

    error_of(APIClient().post("/api/quotes/review/", payload, format="json"), 401)
    error_of(as_viewer.post("/api/quotes/review/", payload, format="json"), 403)
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.CANDIDATE


def test_bulk_reassign_gives_many_quotes_one_speaker_by_name(
    article: Any, as_editor: APIClient
) -> None:
    first = quote_in(article, "Unemployment fell to 5 percent last year.")
    second = quote_in(article, "We will build 300 schools,")

    response = as_editor.post(
        "/api/quotes/reassign-speaker/",
        {
            "speaker_name": "Jane  Doe",
            "items": [{"id": first.pk, "version": 1}, {"id": second.pk, "version": 7}],
        },
        format="json",
    )

    body = response.json()
    assert body["changed"] == 1
    assert [result["outcome"] for result in body["results"]] == ["changed", "conflict"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.speaker is not None
    assert first.speaker.name == "Jane Doe"
    assert second.speaker_id is None


def test_bulk_reassign_needs_to_be_told_which_speaker(quote: Quote, as_editor: APIClient) -> None:
    response = as_editor.post(
        "/api/quotes/reassign-speaker/", {"items": [{"id": quote.pk, "version": 1}]}, format="json"
    )

    assert error_of(response, 400)["field"] == "speaker"


def test_bulk_reassign_to_a_speaker_that_does_not_exist_is_a_404(
    quote: Quote, as_editor: APIClient
) -> None:
    response = as_editor.post(
        "/api/quotes/reassign-speaker/",
        {"speaker": 999999, "items": [{"id": quote.pk, "version": 1}]},
        format="json",
    )

    error_of(response, 404)
    quote.refresh_from_db()
    assert quote.version == 1


# PATCH: fixes.


def patch(client: APIClient, item: Any, **changes: Any) -> Any:
    kind = "quotes" if isinstance(item, Quote) else "numeric-claims"
    return client.patch(f"/api/{kind}/{item.pk}/", changes, format="json")


def test_fixing_a_span_moves_the_words_with_it(
    quote: Quote, as_editor: APIClient, editor: Any
) -> None:
    text = quote.article.text
    start = text.index("Unemployment fell to 5 percent")

    response = patch(as_editor, quote, version=1, start=start, end=start + 30)

    assert response.status_code == 200
    body = response.json()
    assert (body["start"], body["end"], body["text"]) == (
        start, start + 30, "Unemployment fell to 5 percent",
    )  # fmt: skip
    assert (body["version"], body["edited_by"]) == (2, editor.pk)
    quote.refresh_from_db()
    assert quote.text == "Unemployment fell to 5 percent"


@pytest.mark.parametrize(
    ("span", "field"),
    [((10, 10), "start"), ((0, 100_000), "start"), ((23, 24), "start"), ((5,), "end")],
    ids=["empty", "outside-the-text", "only-a-space", "start-without-end"],
)
def test_a_bad_span_is_a_400_and_the_quote_stays(
    span: tuple[int, ...], field: str, quote: Quote, as_editor: APIClient
) -> None:
    changes: dict[str, int] = {"start": span[0]}
    if len(span) > 1:
        changes["end"] = span[1]
    assert quote.article.text[23] == " "

    error = error_of(patch(as_editor, quote, version=1, **changes), 400)

    assert error["field"] == field
    quote.refresh_from_db()
    assert (quote.start, quote.version) == (25, 1)


def test_a_span_another_quote_holds_is_a_409(article: Any, as_editor: APIClient) -> None:
    first = quote_in(article, "Unemployment fell to 5 percent last year.")
    second = quote_in(article, "We will build 300 schools,")

    error = error_of(patch(as_editor, second, version=1, start=first.start, end=first.end), 409)

    assert error["field"] == "start"
    second.refresh_from_db()
    assert second.text == "We will build 300 schools,"


def test_reassigning_the_speaker_by_id_and_to_nobody(quote: Quote, as_editor: APIClient) -> None:
    speaker = SpeakerFactory(name="Jane Doe")

    body = patch(as_editor, quote, version=1, speaker=speaker.pk).json()
    assert (body["speaker"], body["speaker_name"], body["version"]) == (speaker.pk, "Jane Doe", 2)

    body = patch(as_editor, quote, version=2, speaker=None).json()
    assert (body["speaker"], body["speaker_name"], body["version"]) == (None, None, 3)


def test_a_speaker_given_by_name_is_created_once(quote: Quote, as_editor: APIClient) -> None:
    body = patch(as_editor, quote, version=1, speaker_name="Jane Doe").json()

    speaker = Speaker.objects.get(name="Jane Doe")
    assert body["speaker"] == speaker.pk


def test_a_speaker_and_a_speaker_name_together_are_refused(
    quote: Quote, as_editor: APIClient
) -> None:
    error = error_of(patch(as_editor, quote, version=1, speaker=None, speaker_name="X"), 400)

    assert error["field"] == "speaker"


def test_correcting_a_figure_checks_the_models_rules(
    claim: NumericClaim, as_editor: APIClient
) -> None:
    body = patch(as_editor, claim, version=1, value="2.5", qualifier="approximate", period="2023")
    assert body.status_code == 200
    assert (body.json()["value"], body.json()["qualifier"], body.json()["version"]) == (
        "2.5000000000", "approximate", 2,
    )  # fmt: skip

    error = error_of(patch(as_editor, claim, version=2, value_max="1"), 400)
    assert "upper end" in error["message"]
    claim.refresh_from_db()
    assert (claim.value, claim.value_max, claim.version) == (Decimal("2.5"), None, 2)


def test_correcting_a_quotes_kind_and_mention(quote: Quote, as_editor: APIClient) -> None:
    body = patch(as_editor, quote, version=1, kind="partial", speaker_mention="the minister")

    assert (body.json()["kind"], body.json()["speaker_mention"]) == ("partial", "the minister")


def test_a_patch_of_several_kinds_of_change_is_applied_in_one_go(
    claim: NumericClaim, as_editor: APIClient
) -> None:
    text = claim.article.text
    start = text.index("3 percent in 2023")
    response = patch(
        as_editor, claim, version=1, start=start, end=start + 17, speaker_name="The Ministry",
        period="2023",
    )  # fmt: skip

    body = response.json()
    assert (body["surface"], body["speaker_name"], body["period"]) == (
        "3 percent in 2023", "The Ministry", "2023",
    )  # fmt: skip
    assert body["version"] == 4  # one version per change: span, speaker, figure


def test_a_patch_whose_last_change_is_refused_applies_none_of_them(
    claim: NumericClaim, as_editor: APIClient
) -> None:
    start = claim.article.text.index("3 percent in 2023")

    response = patch(
        as_editor, claim, version=1, start=start, end=start + 17, speaker_name="The Ministry",
        qualifier="range",  # a range needs its upper end: refused
    )  # fmt: skip

    error = error_of(response, 400)
    assert "upper end" in error["message"]
    claim.refresh_from_db()
    assert (claim.surface, claim.speaker_id, claim.version) == ("3 percent", None, 1)
    assert not Speaker.objects.filter(name="The Ministry").exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"text": "Other words"}, "text", "fix the span"),
        ({"status": "confirmed"}, "status", "review it"),
        ({"colour": "red"}, "colour", "not something you can send"),
    ],
    ids=["read-only-text", "read-only-status", "unknown"],
)
def test_unknown_or_read_only_fields_are_a_400_naming_them(
    changes: dict[str, str], field: str, words: str, quote: Quote, as_editor: APIClient
) -> None:
    error = error_of(patch(as_editor, quote, version=1, kind="partial", **changes), 400)

    assert error["field"] == field
    assert words in error["message"]
    quote.refresh_from_db()
    assert (quote.kind, quote.version) == ("direct", 1)


def test_a_patch_without_a_version_is_a_400(quote: Quote, as_editor: APIClient) -> None:
    error = error_of(patch(as_editor, quote, kind="partial"), 400)

    assert error["field"] == "version"


def test_a_stale_patch_is_a_409_with_the_quote_as_stored(
    quote: Quote, as_editor: APIClient
) -> None:
    patch(as_editor, quote, version=1, kind="partial")

    error = error_of(patch(as_editor, quote, version=1, speaker_mention="she"), 409)

    current = error["details"]["current"]
    assert (current["kind"], current["speaker_mention"], current["version"]) == ("partial", "", 2)


def test_two_editors_open_version_1_the_first_save_wins_the_second_is_refused(
    claim: NumericClaim,
) -> None:
    first, second = client_as(user_in("editor")), client_as(user_in("editor"))
    seen_by_first = first.get(f"/api/numeric-claims/{claim.pk}/").json()
    seen_by_second = second.get(f"/api/numeric-claims/{claim.pk}/").json()
    assert seen_by_first["version"] == seen_by_second["version"] == 1

    saved = patch(first, claim, version=seen_by_first["version"], value="3.1")
    refused = patch(second, claim, version=seen_by_second["version"], unit="count")

    assert saved.status_code == 200
    error = error_of(refused, 409)
    assert error["details"]["current"]["value"] == "3.1000000000"
    claim.refresh_from_db()
    assert (claim.value, claim.unit, claim.version) == (Decimal("3.1"), "percent", 2)
    # The second editor redoes the change on what is there now: nothing is lost.
    redone = patch(second, claim, version=error["details"]["current"]["version"], unit="count")
    assert redone.status_code == 200
    claim.refresh_from_db()
    assert (claim.value, claim.unit, claim.version) == (Decimal("3.1"), "count", 3)


def test_patching_needs_a_token_and_the_role(quote: Quote, as_viewer: APIClient) -> None:
    error_of(patch(APIClient(), quote, version=1, kind="partial"), 401)
    error_of(patch(as_viewer, quote, version=1, kind="partial"), 403)
    quote.refresh_from_db()
    assert quote.kind == "direct"


def test_patching_a_quote_that_does_not_exist_is_a_404(as_editor: APIClient) -> None:
    response = as_editor.patch("/api/quotes/999999/", {"version": 1}, format="json")

    error_of(response, 404)


def test_put_is_not_offered(quote: Quote, as_editor: APIClient) -> None:
    response = as_editor.put(f"/api/quotes/{quote.pk}/", {"version": 1}, format="json")

    assert error_of(response, 405)["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("model", "serializer"),
    [(Quote, QuoteEditSerializer), (NumericClaim, NumericClaimEditSerializer)],
)
def test_every_correctable_field_can_be_sent(model: Any, serializer: Any) -> None:
    assert set(CORRECTABLE_FIELDS[model]) <= set(serializer().fields)


def test_the_quote_list_costs_the_same_few_queries_however_many_quotes(
    article: Any, as_editor: APIClient, django_assert_max_num_queries: Any
) -> None:
    for words in ("Unemployment fell", "We will build 300 schools,", "Minister Jane Doe"):
        quote_in(article, words, speaker=SpeakerFactory())

    with django_assert_max_num_queries(4):
        body = as_editor.get("/api/quotes/").json()

    assert len(body["results"]) == 3
    assert all(result["speaker_name"] for result in body["results"])


def test_a_numeric_claim_fix_is_visible_in_the_list(article: Any, as_editor: APIClient) -> None:
    claim = claim_in(article, "300", "300", unit="count")
    patch(as_editor, claim, version=1, subject="schools")

    listed = as_editor.get("/api/numeric-claims/", {"article": article.pk}).json()["results"]

    assert [(item["subject"], item["version"]) for item in listed] == [("schools", 2)]
