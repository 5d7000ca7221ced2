"""`GET /api/<kind>/<id>/history/`: every change made through the API, with who made it, the
action's name, and each field old → new as JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import NumericClaim, Quote, ReviewStatus
from tests.claims.api.editorial import client_as, error_of, quote_in, user_in
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def changes_of(entry: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}


def test_a_review_and_a_fix_are_in_the_quotes_history_with_user_and_action(
    quote: Quote, as_editor: APIClient, editor: Any
) -> None:
    as_editor.post(f"/api/quotes/{quote.pk}/review/", {"action": "confirm", "version": 1}, "json")
    as_editor.patch(f"/api/quotes/{quote.pk}/", {"version": 2, "kind": "partial"}, format="json")

    response = as_editor.get(f"/api/quotes/{quote.pk}/history/")

    assert response.status_code == 200
    confirm, fix = response.json()
    assert (confirm["event"], confirm["action"]) == ("update", "quote.confirm")
    assert confirm["user"] == {"id": editor.pk, "username": editor.username}
    assert confirm["at"]
    changes = changes_of(confirm)
    assert changes["status"] == ("candidate", "confirmed")
    assert changes["reviewer"] == (None, editor.pk)  # named as the item shows it
    assert changes["version"] == (1, 2)
    assert changes["reviewed_at"][0] is None
    assert isinstance(changes["reviewed_at"][1], str)
    assert (fix["action"], changes_of(fix)["kind"]) == ("quote.correct", ("direct", "partial"))


def test_a_figures_correction_shows_decimals_as_exact_strings(
    claim: NumericClaim, as_editor: APIClient
) -> None:
    as_editor.patch(
        f"/api/numeric-claims/{claim.pk}/", {"version": 1, "value": "2.75"}, format="json"
    )

    (entry,) = as_editor.get(f"/api/numeric-claims/{claim.pk}/history/").json()

    assert entry["action"] == "numeric_claim.correct"
    assert changes_of(entry)["value"] == ("3.0000000000", "2.7500000000")


def test_a_bulk_review_is_in_each_items_history(article: Any, as_editor: APIClient) -> None:
    first = quote_in(article, "Unemployment fell to 5 percent last year.")
    second = quote_in(article, "We will build 300 schools,")
    as_editor.post(
        "/api/quotes/review/",
        {"action": "reject", "items": [{"id": first.pk, "version": 1},
                                       {"id": second.pk, "version": 1}]},
        format="json",
    )  # fmt: skip

    for quote in (first, second):
        (entry,) = as_editor.get(f"/api/quotes/{quote.pk}/history/").json()
        assert entry["action"] == "quote.reject (bulk)"
        assert changes_of(entry)["status"] == ("candidate", "rejected")


def test_a_merge_is_in_both_speakers_histories(as_editor: APIClient, editor: Any) -> None:
    duplicate, survivor = SpeakerFactory(name="J. Doe"), SpeakerFactory(name="Jane Doe")
    as_editor.post(
        f"/api/speakers/{duplicate.pk}/merge/", {"into": survivor.pk, "version": 1}, "json"
    )

    (merged,) = as_editor.get(f"/api/speakers/{duplicate.pk}/history/").json()
    (kept,) = as_editor.get(f"/api/speakers/{survivor.pk}/history/").json()

    assert merged["action"] == kept["action"] == "speaker.merge"
    assert merged["user"]["id"] == kept["user"]["id"] == editor.pk
    assert changes_of(merged)["merged_into"] == (None, survivor.pk)
    assert changes_of(kept)["aliases"] == ([], ["J. Doe"])


def test_a_verdicts_history_starts_at_its_creation_and_outlives_its_deletion(
    quote: Quote, as_editor: APIClient, editor: Any
) -> None:
    created = as_editor.post(
        "/api/verdicts/", {"quote": quote.pk, "rating": "true", "explanation": "Checked."}, "json"
    ).json()
    path = f"/api/verdicts/{created['id']}/"
    as_editor.patch(path, {"version": 1, "rating": "false"}, format="json")
    as_editor.delete(path + "?version=2")

    entries = as_editor.get(path + "history/").json()

    assert [(entry["event"], entry["action"]) for entry in entries] == [
        ("insert", "verdict.create"), ("update", "verdict.update"), ("delete", "verdict.delete"),
    ]  # fmt: skip
    assert all(entry["user"]["id"] == editor.pk for entry in entries)
    assert changes_of(entries[0])["rating"] == (None, "true")
    assert changes_of(entries[1])["rating"] == ("true", "false")
    assert changes_of(entries[2])["rating"] == ("false", None)


def test_publishing_is_in_the_history_with_the_publisher(
    quote: Quote, as_editor: APIClient
) -> None:
    quote.status, quote.reviewed_at = ReviewStatus.CONFIRMED, timezone.now()
    quote.save()
    publisher = user_in("verdict publisher")
    created = as_editor.post(
        "/api/verdicts/", {"quote": quote.pk, "rating": "true", "explanation": "Checked."}, "json"
    ).json()
    client_as(publisher).post(f"/api/verdicts/{created['id']}/publish/", {"version": 1}, "json")

    entries = as_editor.get(f"/api/verdicts/{created['id']}/history/").json()

    assert entries[-1]["action"] == "verdict.publish"
    assert entries[-1]["user"] == {"id": publisher.pk, "username": publisher.username}
    assert changes_of(entries[-1])["status"] == ("draft", "published")


def test_an_item_never_changed_has_an_empty_history(quote: Quote, as_editor: APIClient) -> None:
    assert as_editor.get(f"/api/quotes/{quote.pk}/history/").json() == []


@pytest.mark.parametrize("kind", ["quotes", "numeric-claims", "speakers", "verdicts"])
def test_the_history_of_something_that_never_was_is_a_404(kind: str, as_editor: APIClient) -> None:
    error_of(as_editor.get(f"/api/{kind}/999999/history/"), 404)


def test_history_reads_follow_the_anonymous_read_setting(quote: Quote, settings: Any) -> None:
    settings.FACTDB_ANONYMOUS_READ = False

    error_of(APIClient().get(f"/api/quotes/{quote.pk}/history/"), 401)


def test_a_long_history_costs_the_same_few_queries(
    quote: Quote, as_editor: APIClient, django_assert_max_num_queries: Any
) -> None:
    for version, action in enumerate(["confirm", "reject", "reopen", "confirm"], start=1):
        as_editor.post(
            f"/api/quotes/{quote.pk}/review/", {"action": action, "version": version}, "json"
        )

    with django_assert_max_num_queries(5):
        entries = as_editor.get(f"/api/quotes/{quote.pk}/history/").json()

    assert len(entries) == 4


def test_a_patch_of_several_changes_is_one_history_entry_per_action(
    claim: NumericClaim, as_editor: APIClient
) -> None:
    start = claim.article.text.index("3 percent in 2023")
    as_editor.patch(
        f"/api/numeric-claims/{claim.pk}/",
        {"version": 1, "start": start, "end": start + 17, "speaker_name": "The Ministry",
         "period": "2023"},
        format="json",
    )  # fmt: skip

    entries = as_editor.get(f"/api/numeric-claims/{claim.pk}/history/").json()

    assert [entry["action"] for entry in entries] == [
        "numeric_claim.fix_span", "numeric_claim.reassign_speaker", "numeric_claim.correct",
    ]  # fmt: skip
    assert changes_of(entries[0])["surface"] == ("3 percent", "3 percent in 2023")
    assert changes_of(entries[2])["period"] == ("", "2023")
