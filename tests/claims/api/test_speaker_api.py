"""Correcting and merging speakers through the API."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from claims.models import Quote, Speaker
from tests.claims.api.editorial import claim_in, error_of, quote_in
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def test_correcting_a_speaker_raises_its_version(as_editor: APIClient) -> None:
    speaker = SpeakerFactory(name="Jane Doe")

    response = as_editor.patch(
        f"/api/speakers/{speaker.pk}/",
        {"version": 1, "role": "Minister of Labour", "aliases": ["J. Doe", "Doe"],
         "wikidata_id": "Q7747"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 200
    body = response.json()
    assert (body["role"], body["aliases"], body["wikidata_id"], body["version"]) == (
        "Minister of Labour", ["J. Doe", "Doe"], "Q7747", 2,
    )  # fmt: skip
    speaker.refresh_from_db()
    assert speaker.role == "Minister of Labour"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        # The model's constraints speak in their own words, for the speaker as a whole.
        ({"wikidata_id": "7747"}, None, "Q followed by digits"),
        ({"name": "Taken Name"}, None, "merge the two"),
        ({"merged_into": 1}, "merged_into", "merge the speaker instead"),
        ({"name_key": "x"}, "name_key", "not something you can send"),
        ({"country": "IDN"}, "country", "2 characters"),
    ],
    ids=["bad-wikidata-id", "name-taken", "read-only", "unknown", "too-long"],
)
def test_a_bad_speaker_correction_is_a_400_in_words(
    changes: dict[str, Any], field: str | None, words: str, as_editor: APIClient
) -> None:
    SpeakerFactory(name="Taken Name")
    speaker = SpeakerFactory(name="Jane Doe")

    response = as_editor.patch(
        f"/api/speakers/{speaker.pk}/", {"version": 1, **changes}, format="json"
    )

    error = error_of(response, 400)
    assert error["field"] == field
    assert words in error["message"]
    assert "speaker_unique" not in error["message"]
    speaker.refresh_from_db()
    assert (speaker.name, speaker.wikidata_id, speaker.version) == ("Jane Doe", "", 1)


def test_a_stale_speaker_correction_is_a_409_with_the_speaker_as_stored(
    as_editor: APIClient,
) -> None:
    speaker = SpeakerFactory(name="Jane Doe")
    as_editor.patch(f"/api/speakers/{speaker.pk}/", {"version": 1, "role": "Minister"}, "json")

    response = as_editor.patch(
        f"/api/speakers/{speaker.pk}/", {"version": 1, "organisation": "Cabinet"}, format="json"
    )

    current = error_of(response, 409)["details"]["current"]
    assert (current["role"], current["organisation"], current["version"]) == ("Minister", "", 2)


def test_speaker_corrections_need_a_version_a_token_and_the_role(
    as_editor: APIClient, as_viewer: APIClient
) -> None:
    speaker = SpeakerFactory()
    path = f"/api/speakers/{speaker.pk}/"

    assert error_of(as_editor.patch(path, {"role": "X"}, format="json"), 400)["field"] == "version"
    error_of(APIClient().patch(path, {"version": 1, "role": "X"}, format="json"), 401)
    error_of(as_viewer.patch(path, {"version": 1, "role": "X"}, format="json"), 403)
    error_of(as_editor.patch("/api/speakers/999999/", {"version": 1}, format="json"), 404)
    speaker.refresh_from_db()
    assert speaker.role == ""


def test_merging_moves_quotes_and_claims_and_answers_the_survivor(
    article: Any, as_editor: APIClient
) -> None:
    duplicate = SpeakerFactory(name="J. Doe", aliases=["Doe"], role="Minister")
    survivor = SpeakerFactory(name="Jane Doe")
    quote = quote_in(article, "Unemployment fell to 5 percent last year.", speaker=duplicate)
    claim = claim_in(article, "3 percent", "3", speaker=duplicate)

    response = as_editor.post(
        f"/api/speakers/{duplicate.pk}/merge/", {"into": survivor.pk, "version": 1}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == survivor.pk
    assert body["aliases"] == ["J. Doe", "Doe"]
    assert body["role"] == "Minister"
    quote.refresh_from_db()
    claim.refresh_from_db()
    assert quote.speaker_id == claim.speaker_id == survivor.pk
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == survivor.pk


def test_merging_a_speaker_into_itself_or_back_into_its_merge_is_refused(
    as_editor: APIClient,
) -> None:
    first, second = SpeakerFactory(), SpeakerFactory()

    itself = as_editor.post(
        f"/api/speakers/{first.pk}/merge/", {"into": first.pk, "version": 1}, format="json"
    )
    assert error_of(itself, 400)["field"] == "into"

    as_editor.post(
        f"/api/speakers/{first.pk}/merge/", {"into": second.pk, "version": 1}, format="json"
    )
    loop = as_editor.post(
        f"/api/speakers/{second.pk}/merge/", {"into": first.pk, "version": 2}, format="json"
    )
    error = error_of(loop, 400)
    assert error["field"] == "into"
    assert "merge into that one instead" in error["message"]
    second.refresh_from_db()
    assert second.merged_into_id is None


def test_a_stale_merge_is_a_409_and_moves_nothing(article: Any, as_editor: APIClient) -> None:
    duplicate, survivor = SpeakerFactory(version=3), SpeakerFactory()
    quote = quote_in(article, "We will build 300 schools,", speaker=duplicate)

    response = as_editor.post(
        f"/api/speakers/{duplicate.pk}/merge/", {"into": survivor.pk, "version": 2}, format="json"
    )

    assert error_of(response, 409)["details"]["current"]["id"] == duplicate.pk
    assert Quote.objects.get(pk=quote.pk).speaker_id == duplicate.pk


def test_merge_refusals_401_403_404_and_missing_fields(
    as_editor: APIClient, as_viewer: APIClient
) -> None:
    first, second = SpeakerFactory(), SpeakerFactory()
    path = f"/api/speakers/{first.pk}/merge/"
    payload = {"into": second.pk, "version": 1}

    error_of(APIClient().post(path, payload, format="json"), 401)
    error_of(as_viewer.post(path, payload, format="json"), 403)
    error_of(as_editor.post(path, {"into": 999999, "version": 1}, format="json"), 404)
    error_of(as_editor.post("/api/speakers/999999/merge/", payload, format="json"), 404)
    assert error_of(as_editor.post(path, {"version": 1}, format="json"), 400)["field"] == "into"
    assert error_of(as_editor.post(path, {"into": second.pk}, format="json"), 400)["field"] == (
        "version"
    )
    assert Speaker.objects.get(pk=first.pk).merged_into_id is None
