"""Speaker services: correcting a speaker, and merging duplicates without loops or losses."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import NumericClaim, Quote, Speaker
from claims.services.speakers import speaker_merge, speaker_update
from factdb.errors import Conflict, NotFound
from tests.claims.services.items import article_make, claim_at, quote_at
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def fresh(speaker: Speaker) -> Speaker:
    return Speaker.objects.get(pk=speaker.pk)


# Updates


def test_updating_a_speaker_changes_the_fields_and_raises_the_version(editor: Any) -> None:
    speaker = SpeakerFactory(name="Jane Doe")

    updated = speaker_update(
        pk=speaker.pk, version=speaker.version, actor=editor,
        changes={"name": "Jane  Q. Doe", "role": "mayor", "organisation": "City of Springfield",
                 "country": "US", "wikidata_id": "Q42", "aliases": ["Doe", " doe ", "Jane Q. Doe"]},
    )  # fmt: skip

    stored = fresh(speaker)
    assert stored.name == "Jane  Q. Doe"
    assert stored.name_key == "jane q. doe"
    assert (stored.role, stored.organisation, stored.country) == (
        "mayor", "City of Springfield", "US",
    )  # fmt: skip
    assert stored.wikidata_id == "Q42"
    assert stored.aliases == ["Doe"]  # once each, never the name itself
    assert stored.version == speaker.version + 1 == updated.version


def test_an_update_that_changes_nothing_writes_nothing(editor: Any) -> None:
    speaker = SpeakerFactory(name="Jane Doe", role="mayor")

    speaker_update(pk=speaker.pk, version=speaker.version, actor=editor, changes={"role": "mayor"})

    assert fresh(speaker).version == speaker.version


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"name": "   "}, "A speaker needs a name."),
        ({"name": "John Roe"}, "Another speaker already has this name; merge the two instead."),
        ({"wikidata_id": "42"}, "A Wikidata id is Q followed by digits"),
        ({"wikidata_id": "Q7"}, "Another speaker already has this Wikidata id."),
        ({"merged_into": 1}, "can be edited"),
        ({"name": "N" * 301}, "at most 300 characters"),
        ({"aliases": "Doe"}, "Aliases are a list of names."),
        ({"aliases": ["Doe", 7]}, "Aliases are a list of names."),
        ({"aliases": ["D" * 301]}, "at most 300 characters"),
    ],
)
def test_an_invalid_update_is_refused_in_words(
    editor: Any, changes: dict[str, Any], words: str
) -> None:
    SpeakerFactory(name="John Roe")
    SpeakerFactory(name="Douglas Adams", wikidata_id="Q7")
    speaker = SpeakerFactory(name="Jane Doe")

    with pytest.raises(ValidationError) as refused:
        speaker_update(pk=speaker.pk, version=speaker.version, actor=editor, changes=changes)

    assert words in " ".join(refused.value.messages)
    assert "speaker_" not in " ".join(refused.value.messages)
    stored = fresh(speaker)
    assert (stored.name, stored.wikidata_id, stored.version) == ("Jane Doe", "", 1)


def test_a_stale_update_is_a_conflict_with_the_current_speaker(editor: Any) -> None:
    speaker = SpeakerFactory(name="Jane Doe")
    speaker_update(pk=speaker.pk, version=1, actor=editor, changes={"role": "mayor"})

    with pytest.raises(Conflict) as conflict:
        speaker_update(pk=speaker.pk, version=1, actor=editor, changes={"role": "governor"})

    assert conflict.value.current.role == "mayor"
    assert conflict.value.current.version == 2
    assert fresh(speaker).role == "mayor"


def test_a_viewer_cannot_update_a_speaker(viewer: Any) -> None:
    speaker = SpeakerFactory(name="Jane Doe")

    with pytest.raises(PermissionDenied, match="edit or merge speakers"):
        speaker_update(pk=speaker.pk, version=1, actor=viewer, changes={"role": "mayor"})


# Merges


def test_a_merge_moves_every_quote_and_claim_and_keeps_the_names_as_aliases(
    editor: Any,
) -> None:
    survivor = SpeakerFactory(name="Jane Doe", aliases=["Doe"])
    merged = SpeakerFactory(name="J. Doe", aliases=["Mayor Doe", "doe"], role="mayor",
                            organisation="City Hall")  # fmt: skip
    article = article_make()
    other_article = article_make('"We fixed it," said J. Doe. Crime fell 12 percent.')
    moved = [
        quote_at(article, "We will build 300 homes this year,", speaker=merged),
        quote_at(other_article, "We fixed it,", speaker=merged),
    ]
    moved_claim = claim_at(other_article, "12 percent", "12", speaker=merged)
    kept = quote_at(article, "The river is clean again,", speaker=survivor)

    result = speaker_merge(pk=merged.pk, into=survivor.pk, version=merged.version, actor=editor)

    assert result.pk == survivor.pk
    assert set(Quote.objects.filter(speaker=survivor).values_list("pk", flat=True)) == {
        moved[0].pk, moved[1].pk, kept.pk,
    }  # fmt: skip
    assert NumericClaim.objects.get(pk=moved_claim.pk).speaker_id == survivor.pk
    for quote in moved:
        assert Quote.objects.get(pk=quote.pk).version == quote.version + 1  # open pages stale
    assert Quote.objects.get(pk=kept.pk).version == kept.version
    stored = fresh(survivor)
    assert stored.aliases == ["Doe", "J. Doe", "Mayor Doe"]
    assert (stored.role, stored.organisation) == ("mayor", "City Hall")  # blanks filled
    assert stored.version == survivor.version + 1
    gone = fresh(merged)
    assert gone.merged_into_id == survivor.pk
    assert gone.version == merged.version + 1


def test_speakers_merged_into_the_merged_one_follow_to_the_survivor(editor: Any) -> None:
    survivor, middle, earlier = (SpeakerFactory() for _ in range(3))
    speaker_merge(pk=earlier.pk, into=middle.pk, version=earlier.version, actor=editor)

    speaker_merge(pk=middle.pk, into=survivor.pk, version=fresh(middle).version, actor=editor)

    assert fresh(earlier).merged_into_id == survivor.pk  # no chains
    assert fresh(middle).merged_into_id == survivor.pk


def test_merging_a_speaker_into_itself_is_refused(editor: Any) -> None:
    speaker = SpeakerFactory()

    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        speaker_merge(pk=speaker.pk, into=speaker.pk, version=speaker.version, actor=editor)

    assert fresh(speaker).merged_into_id is None


def test_a_merge_back_would_loop_and_is_refused(editor: Any) -> None:
    first, second = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    speaker_merge(pk=first.pk, into=second.pk, version=first.version, actor=editor)

    with pytest.raises(ValidationError) as refused:
        speaker_merge(pk=second.pk, into=first.pk, version=fresh(second).version, actor=editor)

    assert f"Jane Doe was itself merged into speaker {second.pk}" in " ".join(
        refused.value.messages
    )
    assert fresh(second).merged_into_id is None
    assert fresh(first).merged_into_id == second.pk


def test_merging_into_a_merged_speaker_is_refused_naming_where_it_went(editor: Any) -> None:
    target, merged, third = SpeakerFactory(), SpeakerFactory(name="Old Name"), SpeakerFactory()
    speaker_merge(pk=merged.pk, into=target.pk, version=merged.version, actor=editor)

    with pytest.raises(ValidationError, match=f"merged into speaker {target.pk}: merge into"):
        speaker_merge(pk=third.pk, into=merged.pk, version=third.version, actor=editor)

    assert fresh(third).merged_into_id is None


def test_merging_an_already_merged_speaker_again_is_refused(editor: Any) -> None:
    target, merged, other = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    speaker_merge(pk=merged.pk, into=target.pk, version=merged.version, actor=editor)

    with pytest.raises(ValidationError, match="was already merged"):
        speaker_merge(pk=merged.pk, into=other.pk, version=fresh(merged).version, actor=editor)

    assert fresh(merged).merged_into_id == target.pk


def test_a_stale_merge_is_refused_and_moves_nothing(editor: Any) -> None:
    survivor, merged = SpeakerFactory(), SpeakerFactory()
    quote = quote_at(article_make(), "The river is clean again,", speaker=merged)
    speaker_update(pk=merged.pk, version=1, actor=editor, changes={"role": "mayor"})

    with pytest.raises(Conflict):
        speaker_merge(pk=merged.pk, into=survivor.pk, version=1, actor=editor)

    assert Quote.objects.get(pk=quote.pk).speaker_id == merged.pk
    assert fresh(merged).merged_into_id is None


def test_merging_into_an_unknown_speaker_is_not_found(editor: Any) -> None:
    speaker = SpeakerFactory()

    with pytest.raises(NotFound, match="no speaker 999999"):
        speaker_merge(pk=speaker.pk, into=999999, version=speaker.version, actor=editor)


def test_a_viewer_cannot_merge(viewer: Any, publisher: Any) -> None:
    survivor, merged = SpeakerFactory(), SpeakerFactory()

    for actor in (viewer, publisher):
        with pytest.raises(PermissionDenied):
            speaker_merge(pk=merged.pk, into=survivor.pk, version=1, actor=actor)

    assert fresh(merged).merged_into_id is None
