"""The review services: confirm, reject, reopen; span fixes; speaker reassignment; corrections
of what the engine read; their bulk forms; and every refusal, in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import NumericClaim, Quote, ReviewStatus, Speaker
from claims.services.edits import VersionedId
from claims.services.reviews import (
    CORRECTABLE_FIELDS,
    candidate_correct,
    candidate_review,
    candidate_span_fix,
    candidate_speaker_reassign,
    candidates_review,
    candidates_speaker_reassign,
    span_context,
)
from factdb.errors import Conflict, NotFound
from tests.claims.services.items import article_make, claim_at, quote_at
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def assert_in_words(error: ValidationError) -> None:
    """A refusal a person reads: a sentence, never the name of a database rule."""
    text = messages(error)
    assert " " in text
    assert not re.search(r"\b[a-z]+(_[a-z0-9]+){2,}\b", text)  # no constraint names
    assert "Constraint" not in text


# Confirm, reject, reopen


def test_confirming_a_quote_records_who_and_when_and_raises_its_version(editor: Any) -> None:
    quote = quote_at(article_make(), "We will build 300 homes this year,")

    row, changed = candidate_review(
        model=Quote, pk=quote.pk, action="confirm", version=quote.version, actor=editor
    )

    assert changed is True
    stored = Quote.objects.get(pk=quote.pk)
    assert stored.status == ReviewStatus.CONFIRMED
    assert stored.reviewer == editor
    assert stored.reviewed_at is not None
    assert stored.version == quote.version + 1 == row.version


def test_rejecting_then_reopening_a_claim_clears_the_review(editor: Any) -> None:
    claim = claim_at(article_make(), "300 homes", "300")

    rejected, _ = candidate_review(
        model=NumericClaim, pk=claim.pk, action="reject", version=claim.version, actor=editor
    )
    assert NumericClaim.objects.get(pk=claim.pk).status == ReviewStatus.REJECTED
    reopened, changed = candidate_review(
        model=NumericClaim, pk=claim.pk, action="reopen", version=rejected.version, actor=editor
    )

    stored = NumericClaim.objects.get(pk=claim.pk)
    assert changed is True
    assert (stored.status, stored.reviewer, stored.reviewed_at) == ("candidate", None, None)
    assert stored.version == claim.version + 2 == reopened.version


def test_confirming_a_confirmed_quote_changes_nothing(editor: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,")
    row, _ = candidate_review(
        model=Quote, pk=quote.pk, action="confirm", version=quote.version, actor=editor
    )

    again, changed = candidate_review(
        model=Quote, pk=quote.pk, action="confirm", version=row.version, actor=editor
    )

    assert changed is False
    assert Quote.objects.get(pk=quote.pk).version == row.version == again.version


def test_an_unknown_review_action_is_refused_in_words(editor: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,")
    action: Any = "approve"  # as an API client might send it

    with pytest.raises(ValidationError) as refused:
        candidate_review(
            model=Quote, pk=quote.pk, action=action, version=quote.version, actor=editor
        )

    assert "confirm, reject, reopen" in messages(refused.value)
    assert Quote.objects.get(pk=quote.pk).status == ReviewStatus.CANDIDATE


def test_a_stale_version_is_a_conflict_carrying_the_current_row(
    editor: Any, person: Callable[..., Any]
) -> None:
    quote = quote_at(article_make(), "The river is clean again,")
    seen = quote.version
    candidate_review(model=Quote, pk=quote.pk, action="reject", version=seen, actor=editor)

    with pytest.raises(Conflict) as conflict:
        candidate_review(
            model=Quote, pk=quote.pk, action="confirm", version=seen, actor=person("editor")
        )

    assert conflict.value.field == "version"
    assert conflict.value.current.pk == quote.pk
    assert conflict.value.current.version == seen + 1
    assert conflict.value.current.status == ReviewStatus.REJECTED
    assert "changed by someone else" in str(conflict.value)
    assert Quote.objects.get(pk=quote.pk).status == ReviewStatus.REJECTED


def test_reviewing_an_item_that_does_not_exist_is_not_found(editor: Any) -> None:
    with pytest.raises(NotFound, match="no quote 999999"):
        candidate_review(model=Quote, pk=999999, action="confirm", version=1, actor=editor)


@pytest.mark.parametrize("who", ["viewer", "publisher only", "anonymous", "inactive editor"])
def test_only_an_editor_may_review(who: str, person: Callable[..., Any]) -> None:
    actor = {
        "viewer": lambda: person("viewer"),
        "publisher only": lambda: person("verdict publisher"),
        "anonymous": AnonymousUser,
        "inactive editor": lambda: person("editor", is_active=False),
    }[who]()
    quote = quote_at(article_make(), "The river is clean again,")

    with pytest.raises(PermissionDenied, match="roles do not allow you to review"):
        candidate_review(
            model=Quote, pk=quote.pk, action="confirm", version=quote.version, actor=actor
        )

    assert Quote.objects.get(pk=quote.pk).version == quote.version


# Span fixes


def test_fixing_a_span_makes_the_stored_words_follow_the_article(editor: Any) -> None:
    article = article_make()
    quote = quote_at(article, "We will build 300 homes this year,")
    start = article.text.index("We will build")
    end = start + len("We will build 300 homes this year")  # without the comma

    fixed = candidate_span_fix(
        model=Quote, pk=quote.pk, start=start, end=end, version=quote.version, actor=editor
    )

    stored = Quote.objects.get(pk=quote.pk)
    assert stored.text == "We will build 300 homes this year" == fixed.text
    assert (stored.start, stored.end) == (start, end)
    assert (stored.found_start, stored.found_end) == (quote.start, quote.end)
    assert stored.edited_by == editor
    assert stored.edited_at is not None
    assert stored.version == quote.version + 1


def test_span_offsets_count_code_points_so_an_emoji_before_the_span_counts_once(
    editor: Any,
) -> None:
    text = "🇮🇩😀 Warga berkata: “Harga beras naik 20 persen.” 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ends it."
    article = article_make(text)
    claim = claim_at(article, "20 persen", "20", unit="percent")
    start = text.index("Harga")
    end = text.index(".”") + 1
    assert len(text[:start].encode("utf-16-le")) // 2 != start  # UTF-16 offsets would differ

    fixed = candidate_span_fix(
        model=NumericClaim, pk=claim.pk, start=start, end=end, version=claim.version, actor=editor
    )

    assert fixed.surface == "Harga beras naik 20 persen."
    assert NumericClaim.objects.get(pk=claim.pk).surface == "Harga beras naik 20 persen."


def test_fixing_a_numeric_claims_span_updates_its_surface(editor: Any) -> None:
    article = article_make()
    claim = claim_at(article, "4.5", "4.5")
    start = article.text.index("4.5 percent")

    candidate_span_fix(
        model=NumericClaim, pk=claim.pk, start=start, end=start + len("4.5 percent"),
        version=claim.version, actor=editor,
    )  # fmt: skip

    assert NumericClaim.objects.get(pk=claim.pk).surface == "4.5 percent"


@pytest.mark.parametrize(
    ("span", "words"),
    [
        ((10, 10), "start before its end"),  # empty
        ((12, 5), "start before its end"),  # backwards
        ((-1, 5), "inside the article"),  # before the text
        ((100, 100_000), "inside the article"),  # past its end
    ],
)
def test_a_span_outside_the_text_or_empty_is_refused(
    editor: Any, span: tuple[int, int], words: str
) -> None:
    quote = quote_at(article_make(), "The river is clean again,")

    with pytest.raises(ValidationError) as refused:
        candidate_span_fix(
            model=Quote, pk=quote.pk, start=span[0], end=span[1], version=quote.version,
            actor=editor,
        )  # fmt: skip

    assert words in messages(refused.value)
    assert_in_words(refused.value)
    assert Quote.objects.get(pk=quote.pk).version == quote.version


def test_a_span_of_only_spaces_is_refused(editor: Any) -> None:
    article = article_make('"Yes,"   said Jane Doe.')
    quote = quote_at(article, "Yes,")
    gap = article.text.index("   ")

    with pytest.raises(ValidationError, match="only spaces"):
        candidate_span_fix(
            model=Quote, pk=quote.pk, start=gap, end=gap + 3, version=quote.version, actor=editor
        )


def test_a_span_another_item_holds_is_refused(editor: Any) -> None:
    article = article_make()
    quote = quote_at(article, "We will build 300 homes this year,")
    other = quote_at(article, "The river is clean again,")

    with pytest.raises(Conflict) as refused:
        candidate_span_fix(
            model=Quote, pk=quote.pk, start=other.start, end=other.end, version=quote.version,
            actor=editor,
        )  # fmt: skip

    assert f"Quote {other.pk} of this article already has exactly this span" in str(refused.value)
    assert Quote.objects.get(pk=quote.pk).start == quote.start


def test_a_stale_span_fix_is_refused(editor: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,")
    Quote.objects.filter(pk=quote.pk).update(version=quote.version + 1)

    with pytest.raises(Conflict):
        candidate_span_fix(
            model=Quote, pk=quote.pk, start=quote.start, end=quote.end - 1,
            version=quote.version, actor=editor,
        )  # fmt: skip


def test_the_context_of_a_span_is_its_sentence() -> None:
    text = "First sentence. Jane said the river is clean again. Last one."
    start = text.index("the river")
    before, span, after = span_context(text=text, start=start, end=start + len("the river"))

    assert (before, span, after) == ("Jane said ", "the river", " is clean again.")


# Speaker reassignment


def test_reassigning_to_an_existing_speaker_by_id(editor: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,")
    speaker = SpeakerFactory(name="John Roe")

    row = candidate_speaker_reassign(
        model=Quote, pk=quote.pk, version=quote.version, actor=editor, speaker_id=speaker.pk
    )

    stored = Quote.objects.get(pk=quote.pk)
    assert stored.speaker == speaker == row.speaker
    assert stored.edited_by == editor
    assert stored.version == quote.version + 1


def test_reassigning_to_a_new_name_creates_the_speaker_once(editor: Any) -> None:
    article = article_make()
    first = quote_at(article, "The river is clean again,")
    second = quote_at(article, "We will build 300 homes this year,")

    candidate_speaker_reassign(
        model=Quote, pk=first.pk, version=first.version, actor=editor,
        speaker_name="  John   Roe ",
    )  # fmt: skip
    candidate_speaker_reassign(
        model=Quote, pk=second.pk, version=second.version, actor=editor, speaker_name="john roe"
    )

    speaker = Speaker.objects.get(name="John Roe")
    assert Quote.objects.get(pk=first.pk).speaker == speaker
    assert Quote.objects.get(pk=second.pk).speaker == speaker
    assert Speaker.objects.count() == 1


def test_reassigning_to_no_speaker_clears_it(editor: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,", speaker=SpeakerFactory())

    candidate_speaker_reassign(model=Quote, pk=quote.pk, version=quote.version, actor=editor)

    assert Quote.objects.get(pk=quote.pk).speaker is None


def test_reassigning_to_a_merged_speaker_gives_the_survivor(editor: Any) -> None:
    survivor = SpeakerFactory(name="Jane Doe")
    merged = SpeakerFactory(name="J. Doe")
    Speaker.objects.filter(pk=merged.pk).update(merged_into=survivor)
    claim = claim_at(article_make(), "300 homes", "300")

    candidate_speaker_reassign(
        model=NumericClaim, pk=claim.pk, version=claim.version, actor=editor,
        speaker_id=merged.pk,
    )  # fmt: skip
    by_name = quote_at(claim.article, "The river is clean again,")
    candidate_speaker_reassign(
        model=Quote, pk=by_name.pk, version=by_name.version, actor=editor, speaker_name="J. Doe"
    )

    assert NumericClaim.objects.get(pk=claim.pk).speaker == survivor
    assert Quote.objects.get(pk=by_name.pk).speaker == survivor


def test_reassigning_to_the_same_speaker_changes_nothing(editor: Any) -> None:
    speaker = SpeakerFactory()
    quote = quote_at(article_make(), "The river is clean again,", speaker=speaker)

    candidate_speaker_reassign(
        model=Quote, pk=quote.pk, version=quote.version, actor=editor, speaker_id=speaker.pk
    )

    stored = Quote.objects.get(pk=quote.pk)
    assert (stored.version, stored.edited_at) == (quote.version, None)


def test_reassignment_refusals(editor: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,")
    speaker = SpeakerFactory()

    with pytest.raises(ValidationError, match="not both"):
        candidate_speaker_reassign(
            model=Quote, pk=quote.pk, version=quote.version, actor=editor,
            speaker_id=speaker.pk, speaker_name="Someone Else",
        )  # fmt: skip
    with pytest.raises(NotFound, match="no speaker 999999"):
        candidate_speaker_reassign(
            model=Quote, pk=quote.pk, version=quote.version, actor=editor, speaker_id=999999
        )
    with pytest.raises(ValidationError) as too_long:
        candidate_speaker_reassign(
            model=Quote, pk=quote.pk, version=quote.version, actor=editor, speaker_name="A" * 301
        )
    assert_in_words(too_long.value)
    with pytest.raises(PermissionDenied):
        candidate_speaker_reassign(
            model=Quote, pk=quote.pk, version=quote.version, actor=AnonymousUser(),
            speaker_id=speaker.pk,
        )  # fmt: skip

    stored = Quote.objects.get(pk=quote.pk)
    assert (stored.speaker, stored.version) == (None, quote.version)


# Corrections of what the engine read


def test_every_correctable_field_of_a_figure_can_be_corrected(editor: Any) -> None:
    claim = claim_at(article_make(), "300 homes", "30", unit="count", kind="actual")
    changes = {
        "value": Decimal("300"),
        "value_max": Decimal("350"),
        "unit": "home",
        "qualifier": NumericClaim.Qualifier.RANGE,
        "subject": "homes built",
        "period": "2024",
        "kind": NumericClaim.Kind.TARGET,
    }
    assert set(changes) == set(CORRECTABLE_FIELDS[NumericClaim])

    candidate_correct(
        model=NumericClaim, pk=claim.pk, version=claim.version, actor=editor, changes=changes
    )

    stored = NumericClaim.objects.get(pk=claim.pk)
    assert {name: getattr(stored, name) for name in changes} == changes
    assert stored.edited_by == editor
    assert stored.version == claim.version + 1


def test_a_quotes_kind_and_mention_can_be_corrected(editor: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,")

    candidate_correct(
        model=Quote, pk=quote.pk, version=quote.version, actor=editor,
        changes={"kind": Quote.Kind.PARTIAL, "speaker_mention": "the engineer"},
    )  # fmt: skip

    stored = Quote.objects.get(pk=quote.pk)
    assert (stored.kind, stored.speaker_mention) == ("partial", "the engineer")


def test_a_value_given_as_text_is_read_as_a_number(editor: Any) -> None:
    claim = claim_at(article_make(), "300 homes", "30")

    candidate_correct(
        model=NumericClaim, pk=claim.pk, version=claim.version, actor=editor,
        changes={"value": "300.5"},
    )  # fmt: skip

    assert NumericClaim.objects.get(pk=claim.pk).value == Decimal("300.5")


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"qualifier": "roughly"}, "not a valid choice"),
        ({"kind": "rumour"}, "not a valid choice"),
        ({"value": "three hundred"}, "decimal number"),
        ({"value_max": Decimal("10")}, "upper end of a range cannot be below its value"),
        ({"qualifier": "range"}, "A range needs its upper end"),
        ({"unit": "u" * 33}, "at most 32 characters"),
        ({"surface": "300"}, "can be corrected here"),
        ({"start": 0}, "can be corrected here"),
    ],
)
def test_an_invalid_correction_is_refused_in_words(
    editor: Any, changes: dict[str, Any], words: str
) -> None:
    claim = claim_at(article_make(), "300 homes", "300")

    with pytest.raises(ValidationError) as refused:
        candidate_correct(
            model=NumericClaim, pk=claim.pk, version=claim.version, actor=editor, changes=changes
        )

    assert words in messages(refused.value)
    assert_in_words(refused.value)
    stored = NumericClaim.objects.get(pk=claim.pk)
    assert (stored.version, stored.qualifier, stored.value) == (1, "exact", Decimal("300"))


def test_a_correction_that_changes_nothing_writes_nothing(editor: Any) -> None:
    claim = claim_at(article_make(), "300 homes", "300", unit="count")

    candidate_correct(
        model=NumericClaim, pk=claim.pk, version=claim.version, actor=editor,
        changes={"value": Decimal("300"), "unit": "count"},
    )  # fmt: skip

    assert NumericClaim.objects.get(pk=claim.pk).version == claim.version


def test_a_viewer_cannot_correct(viewer: Any) -> None:
    claim = claim_at(article_make(), "300 homes", "300")

    with pytest.raises(PermissionDenied):
        candidate_correct(
            model=NumericClaim, pk=claim.pk, version=claim.version, actor=viewer,
            changes={"unit": "count"},
        )  # fmt: skip


# Bulk


def test_bulk_review_reports_each_item_and_applies_only_the_valid_ones(editor: Any) -> None:
    article = article_make()
    valid = quote_at(article, "We will build 300 homes this year,")
    stale = quote_at(article, "The river is clean again,")
    already = quote_at(article, "Unemployment fell", status=ReviewStatus.CONFIRMED,
                       reviewer=editor, reviewed_at=article.created_at)  # fmt: skip
    Quote.objects.filter(pk=stale.pk).update(version=5)

    outcomes = candidates_review(
        model=Quote,
        items=[
            VersionedId(valid.pk, valid.version),
            VersionedId(stale.pk, stale.version),
            VersionedId(999999, 1),
            VersionedId(already.pk, already.version),
        ],
        action="confirm",
        actor=editor,
    )

    by_id = {outcome.id: outcome for outcome in outcomes}
    assert [outcome.id for outcome in outcomes] == [valid.pk, stale.pk, 999999, already.pk]
    assert (by_id[valid.pk].outcome, by_id[valid.pk].version) == ("changed", valid.version + 1)
    assert (by_id[stale.pk].outcome, by_id[stale.pk].version) == ("conflict", 5)
    assert "changed by someone else" in by_id[stale.pk].message
    assert by_id[999999].outcome == "not_found"
    assert "no quote 999999" in by_id[999999].message
    assert by_id[already.pk].outcome == "unchanged"
    assert Quote.objects.get(pk=valid.pk).status == ReviewStatus.CONFIRMED
    unchanged = Quote.objects.get(pk=stale.pk)
    assert (unchanged.status, unchanged.version, unchanged.reviewer) == ("candidate", 5, None)
    assert Quote.objects.get(pk=already.pk).version == already.version


def test_bulk_review_of_numeric_claims(editor: Any) -> None:
    article = article_make()
    claims = [claim_at(article, "300", "300"), claim_at(article, "4.5", "4.5")]

    outcomes = candidates_review(
        model=NumericClaim,
        items=[VersionedId(claim.pk, claim.version) for claim in claims],
        action="reject",
        actor=editor,
    )

    assert [outcome.outcome for outcome in outcomes] == ["changed", "changed"]
    assert set(NumericClaim.objects.values_list("status", flat=True)) == {"rejected"}


def test_bulk_speaker_reassignment_reports_each_item(editor: Any) -> None:
    article = article_make()
    speaker = SpeakerFactory(name="John Roe")
    valid = quote_at(article, "We will build 300 homes this year,")
    stale = quote_at(article, "The river is clean again,")
    same = quote_at(article, "Unemployment fell", speaker=speaker)
    Quote.objects.filter(pk=stale.pk).update(version=3)

    outcomes = candidates_speaker_reassign(
        model=Quote,
        items=[
            VersionedId(valid.pk, valid.version),
            VersionedId(stale.pk, 1),
            VersionedId(123456789, 1),
            VersionedId(same.pk, same.version),
        ],
        actor=editor,
        speaker_name="John Roe",
    )

    assert [outcome.outcome for outcome in outcomes] == [
        "changed", "conflict", "not_found", "unchanged",
    ]  # fmt: skip
    assert Quote.objects.get(pk=valid.pk).speaker == speaker
    assert Quote.objects.get(pk=stale.pk).speaker is None
    assert Quote.objects.get(pk=stale.pk).version == 3


def test_bulk_actions_need_the_role(viewer: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,")

    with pytest.raises(PermissionDenied):
        candidates_review(
            model=Quote, items=[VersionedId(quote.pk, 1)], action="reject", actor=viewer
        )
    with pytest.raises(PermissionDenied):
        candidates_speaker_reassign(
            model=Quote, items=[VersionedId(quote.pk, 1)], actor=viewer, speaker_name="X Y"
        )

    assert Quote.objects.get(pk=quote.pk).status == ReviewStatus.CANDIDATE
