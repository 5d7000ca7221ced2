"""History: every editorial action leaves, through the database triggers, a record of who did
it, under which action, and each field old → new; bulk actions and raw SQL included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from claims.models import NumericClaim, Quote, QuoteEvent, ReviewStatus, Speaker, Verdict
from claims.selectors import FieldChange, HistoryEntry, history_of
from claims.services.edits import VersionedId
from claims.services.reviews import (
    candidate_correct,
    candidate_review,
    candidate_span_fix,
    candidate_speaker_reassign,
    candidates_review,
    candidates_speaker_reassign,
)
from claims.services.speakers import speaker_merge, speaker_update
from claims.services.verdicts import (
    verdict_correct,
    verdict_create,
    verdict_delete,
    verdict_publish,
    verdict_update,
)
from tests.claims.services.items import article_make, claim_at, quote_at
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def last(model: type[Any], pk: int) -> HistoryEntry:
    return history_of(model=model, pk=pk)[-1]


def change(entry: HistoryEntry, field: str) -> tuple[Any, Any]:
    found = [item for item in entry.changes if item.field == field]
    assert found, f"{field} did not change in {entry}"
    return found[0].old, found[0].new


def test_each_review_action_is_recorded_with_its_user_and_name(
    editor: Any, person: Callable[..., Any]
) -> None:
    other = person("editor", username="omar")
    quote = quote_at(article_make(), "The river is clean again,")

    candidate_review(model=Quote, pk=quote.pk, action="confirm", version=1, actor=editor)
    candidate_review(model=Quote, pk=quote.pk, action="reject", version=2, actor=other)
    candidate_review(model=Quote, pk=quote.pk, action="reopen", version=3, actor=editor)

    entries = history_of(model=Quote, pk=quote.pk)
    assert [(e.action, e.username, e.event) for e in entries] == [
        ("quote.confirm", "maria", "update"),
        ("quote.reject", "omar", "update"),
        ("quote.reopen", "maria", "update"),
    ]
    assert entries[0].user_id == editor.pk
    assert change(entries[0], "status") == ("candidate", "confirmed")
    assert change(entries[0], "reviewer_id") == (None, editor.pk)
    assert change(entries[0], "version") == (1, 2)
    assert change(entries[1], "status") == ("confirmed", "rejected")
    assert change(entries[1], "reviewer_id") == (editor.pk, other.pk)
    assert change(entries[2], "status") == ("rejected", "candidate")
    assert "updated_at" not in {item.field for item in entries[0].changes}


SINGLE_ACTIONS: dict[str, Callable[[Any, Any, Any], Any]] = {
    "confirm": lambda model, row, actor: candidate_review(
        model=model, pk=row.pk, action="confirm", version=1, actor=actor
    ),
    "reject": lambda model, row, actor: candidate_review(
        model=model, pk=row.pk, action="reject", version=1, actor=actor
    ),
    "fix_span": lambda model, row, actor: candidate_span_fix(
        model=model, pk=row.pk, start=row.start, end=row.end - 1, version=1, actor=actor
    ),
    "reassign_speaker": lambda model, row, actor: candidate_speaker_reassign(
        model=model, pk=row.pk, version=1, actor=actor, speaker_name="Jane Doe"
    ),
    "correct": lambda model, row, actor: candidate_correct(
        model=model,
        pk=row.pk,
        version=1,
        actor=actor,
        changes={"kind": "partial"} if model is Quote else {"unit": "home"},
    ),
}


@pytest.mark.parametrize("model", [Quote, NumericClaim], ids=["quote", "numeric_claim"])
@pytest.mark.parametrize("action", list(SINGLE_ACTIONS))
def test_every_action_on_either_kind_of_item_is_named_with_its_user(
    editor: Any, model: type[Any], action: str
) -> None:
    article = article_make()
    row = (
        quote_at(article, "We will build 300 homes this year,")
        if model is Quote
        else claim_at(article, "300 homes", "300")
    )

    SINGLE_ACTIONS[action](model, row, editor)

    (entry,) = history_of(model=model, pk=row.pk)
    prefix = "quote" if model is Quote else "numeric_claim"
    assert (entry.action, entry.user_id, entry.username) == (
        f"{prefix}.{action}",
        editor.pk,
        "maria",
    )
    assert change(entry, "version") == (1, 2)


def test_a_span_fix_records_the_old_and_new_span_and_words(editor: Any) -> None:
    article = article_make()
    quote = quote_at(article, "We will build 300 homes this year,")

    candidate_span_fix(
        model=Quote, pk=quote.pk, start=quote.start + 8, end=quote.end - 1, version=1,
        actor=editor,
    )  # fmt: skip

    entry = last(Quote, quote.pk)
    assert (entry.action, entry.user_id) == ("quote.fix_span", editor.pk)
    assert change(entry, "text") == (
        "We will build 300 homes this year,",
        "build 300 homes this year",
    )
    assert change(entry, "start") == (quote.start, quote.start + 8)
    assert change(entry, "edited_by_id") == (None, editor.pk)


def test_a_speaker_reassignment_and_a_correction_are_recorded(editor: Any) -> None:
    speaker = SpeakerFactory()
    claim = claim_at(article_make(), "300 homes", "30")

    candidate_speaker_reassign(
        model=NumericClaim, pk=claim.pk, version=1, actor=editor, speaker_id=speaker.pk
    )
    candidate_correct(
        model=NumericClaim, pk=claim.pk, version=2, actor=editor,
        changes={"value": "300", "unit": "home"},
    )  # fmt: skip

    reassigned, corrected = history_of(model=NumericClaim, pk=claim.pk)
    assert reassigned.action == "numeric_claim.reassign_speaker"
    assert change(reassigned, "speaker_id") == (None, speaker.pk)
    assert (corrected.action, corrected.username) == ("numeric_claim.correct", "maria")
    assert change(corrected, "unit") == ("", "home")
    old, new = change(corrected, "value")
    assert (old, new) == (30, 300)


def test_bulk_actions_record_each_changed_item_and_nothing_for_the_others(editor: Any) -> None:
    article = article_make()
    changed = quote_at(article, "We will build 300 homes this year,")
    stale = quote_at(article, "The river is clean again,")
    Quote.objects.filter(pk=stale.pk).update(version=4)
    history_before = QuoteEvent.objects.filter(pgh_obj_id=stale.pk).count()

    candidates_review(
        model=Quote,
        items=[VersionedId(changed.pk, 1), VersionedId(stale.pk, 1), VersionedId(999999, 1)],
        action="confirm",
        actor=editor,
    )
    candidates_speaker_reassign(
        model=Quote, items=[VersionedId(changed.pk, 2)], actor=editor, speaker_name="Jane Doe"
    )

    confirmed, reassigned = history_of(model=Quote, pk=changed.pk)
    assert (confirmed.action, confirmed.user_id) == ("quote.confirm (bulk)", editor.pk)
    assert (reassigned.action, reassigned.user_id) == ("quote.reassign_speaker (bulk)", editor.pk)
    assert change(reassigned, "speaker_id") == (None, Speaker.objects.get(name="Jane Doe").pk)
    assert QuoteEvent.objects.filter(pgh_obj_id=stale.pk).count() == history_before


def test_a_speaker_update_is_recorded(editor: Any) -> None:
    speaker = SpeakerFactory(name="Jane Doe")

    speaker_update(pk=speaker.pk, version=1, actor=editor, changes={"role": "mayor"})

    entry = last(Speaker, speaker.pk)
    assert (entry.action, entry.username) == ("speaker.update", "maria")
    assert change(entry, "role") == ("", "mayor")
    assert "name_key" not in {item.field for item in entry.changes}


def test_a_merge_is_recorded_on_both_speakers_and_on_every_moved_quote(editor: Any) -> None:
    survivor = SpeakerFactory(name="Jane Doe")
    merged = SpeakerFactory(name="J. Doe")
    article = article_make()
    moved = [
        quote_at(article, "We will build 300 homes this year,", speaker=merged),
        quote_at(article, "The river is clean again,", speaker=merged),
    ]
    moved_claim = claim_at(article, "4.5 percent", "4.5", speaker=merged)

    speaker_merge(pk=merged.pk, into=survivor.pk, version=1, actor=editor)

    merged_entry = last(Speaker, merged.pk)
    assert (merged_entry.action, merged_entry.user_id) == ("speaker.merge", editor.pk)
    assert change(merged_entry, "merged_into_id") == (None, survivor.pk)
    survivor_entry = last(Speaker, survivor.pk)
    assert survivor_entry.action == "speaker.merge"
    assert change(survivor_entry, "aliases") == ([], ["J. Doe"])
    for quote in moved:
        entry = last(Quote, quote.pk)
        assert (entry.action, entry.user_id) == ("speaker.merge", editor.pk)
        assert change(entry, "speaker_id") == (merged.pk, survivor.pk)
    claim_entry = last(NumericClaim, moved_claim.pk)
    assert claim_entry.action == "speaker.merge"
    assert change(claim_entry, "speaker_id") == (merged.pk, survivor.pk)


def test_a_verdicts_whole_life_is_recorded(
    editor: Any, publisher: Any, person: Callable[..., Any]
) -> None:
    quote = quote_at(
        article_make(), "The river is clean again,", status=ReviewStatus.CONFIRMED,
        reviewer=editor, reviewed_at=timezone.now(),
    )  # fmt: skip
    verdict = verdict_create(actor=editor, rating="true", explanation="Tests say so.",
                             quote_id=quote.pk)  # fmt: skip
    verdict_update(pk=verdict.pk, version=1, actor=editor, changes={"rating": "mostly_true"})
    verdict_publish(pk=verdict.pk, version=2, actor=publisher)
    verdict_correct(pk=verdict.pk, version=3, actor=publisher, changes={"rating": "half_true"},
                    note="One sample was old.")  # fmt: skip

    entries = history_of(model=Verdict, pk=verdict.pk)

    assert [(e.event, e.action, e.username) for e in entries] == [
        ("insert", "verdict.create", "maria"),
        ("update", "verdict.update", "maria"),
        ("update", "verdict.publish", "pablo"),
        ("update", "verdict.correct", "pablo"),
    ]
    assert change(entries[0], "rating") == (None, "true")
    assert change(entries[1], "rating") == ("true", "mostly_true")
    assert change(entries[2], "status") == ("draft", "published")
    assert change(entries[3], "rating") == ("mostly_true", "half_true")
    assert change(entries[3], "correction_note") == ("", "One sample was old.")


def test_a_deleted_draft_keeps_its_history_with_who_deleted_it(editor: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,")
    verdict = verdict_create(actor=editor, rating="true", explanation="Yes.", quote_id=quote.pk)

    verdict_delete(pk=verdict.pk, version=1, actor=editor)

    created, deleted = history_of(model=Verdict, pk=verdict.pk)
    assert created.event == "insert"
    assert (deleted.event, deleted.action, deleted.user_id) == (
        "delete",
        "verdict.delete",
        editor.pk,
    )
    assert FieldChange("explanation", "Yes.", None) in deleted.changes


def _raw_confirm(pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_quote SET status = 'confirmed', reviewed_at = now() WHERE id = %s", [pk]
        )


def test_a_raw_sql_update_outside_any_service_is_recorded_without_user_or_action() -> None:
    quote = quote_at(article_make(), "The river is clean again,")

    _raw_confirm(quote.pk)

    entry = last(Quote, quote.pk)
    assert (entry.event, entry.action, entry.user_id, entry.username) == (
        "update", "", None, None,
    )  # fmt: skip
    assert change(entry, "status") == ("candidate", "confirmed")


def test_a_write_after_a_service_in_the_same_transaction_is_not_credited_to_it(
    editor: Any,
) -> None:
    article = article_make()
    reviewed = quote_at(article, "We will build 300 homes this year,")
    other = quote_at(article, "The river is clean again,")

    with transaction.atomic():  # as an admin page or a request wraps its work
        candidate_review(model=Quote, pk=reviewed.pk, action="reject", version=1, actor=editor)
        _raw_confirm(other.pk)

    assert last(Quote, reviewed.pk).action == "quote.reject"
    entry = last(Quote, other.pk)
    assert (entry.action, entry.user_id) == ("", None)
