"""Verdict services: draft → published → corrected, who may do each, and every refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from claims.models import Quote, ReviewStatus, Verdict
from claims.services.verdicts import (
    evidence_links_clean,
    verdict_correct,
    verdict_create,
    verdict_delete,
    verdict_publish,
    verdict_update,
)
from factdb.errors import Conflict, NotFound
from tests.claims.services.items import article_make, claim_at, quote_at

pytestmark = pytest.mark.django_db

SOURCE = "https://stats.example.org/housing/2024"


def confirmed_quote(editor: Any) -> Quote:
    return quote_at(
        article_make(), "We will build 300 homes this year,", status=ReviewStatus.CONFIRMED,
        reviewer=editor, reviewed_at=timezone.now(),
    )  # fmt: skip


def draft(editor: Any, **fields: Any) -> Verdict:
    fields.setdefault("quote_id", confirmed_quote(editor).pk)
    return verdict_create(
        actor=editor, rating=fields.pop("rating", Verdict.Rating.MOSTLY_FALSE),
        explanation=fields.pop("explanation", "The city built 120 homes."), **fields,
    )  # fmt: skip


def published(editor: Any, publisher: Any) -> Verdict:
    verdict = draft(editor)
    return verdict_publish(pk=verdict.pk, version=verdict.version, actor=publisher)


def stored(verdict: Verdict) -> Verdict:
    return Verdict.objects.get(pk=verdict.pk)


# Create


def test_an_editor_drafts_a_verdict_with_evidence_one_link_per_line(editor: Any) -> None:
    quote = confirmed_quote(editor)

    verdict = verdict_create(
        actor=editor, rating="false", explanation="  Only 120 were built.  ", quote_id=quote.pk,
        evidence_links=f"{SOURCE}\n\n  https://news.example/homes  \n{SOURCE}\n",
    )  # fmt: skip

    row = stored(verdict)
    assert (row.status, row.rating, row.author) == ("draft", "false", editor)
    assert row.explanation == "Only 120 were built."
    assert row.evidence_links == [SOURCE, "https://news.example/homes"]
    assert row.quote_id == quote.pk
    assert row.version == 1


def test_a_verdict_may_rate_a_numeric_claim(editor: Any) -> None:
    claim = claim_at(article_make(), "4.5 percent", "4.5")

    verdict = verdict_create(
        actor=editor, rating="true", explanation="The bureau says 4.5%.", numeric_claim_id=claim.pk
    )

    assert stored(verdict).numeric_claim_id == claim.pk


@pytest.mark.parametrize(
    "links",
    [
        ["ftp://files.example/report.pdf"],
        ["not a link"],
        ["javascript:alert(1)"],
        [SOURCE, "www.example.com/without-scheme"],
    ],
)
def test_an_evidence_link_that_is_no_web_address_is_refused(editor: Any, links: list[str]) -> None:
    with pytest.raises(ValidationError) as refused:
        draft(editor, evidence_links=links)

    assert "is not a web address (http or https)" in " ".join(refused.value.messages)
    assert Verdict.objects.count() == 0


def test_at_most_fifty_evidence_links() -> None:
    with pytest.raises(ValidationError, match="At most 50 evidence links"):
        evidence_links_clean([f"{SOURCE}/{n}" for n in range(51)])


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"explanation": "   "}, "Explain the rating"),
        ({"rating": "pants_on_fire"}, "not a valid choice"),
        ({"quote_id": None}, "A verdict rates one quote or one numeric claim."),
    ],
)
def test_an_incomplete_verdict_is_refused_in_words(
    editor: Any, fields: dict[str, Any], words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        draft(editor, **fields)

    assert words in " ".join(refused.value.messages)
    assert Verdict.objects.count() == 0


def test_a_verdict_on_both_a_quote_and_a_claim_is_refused(editor: Any) -> None:
    claim = claim_at(article_make(), "4.5 percent", "4.5")

    with pytest.raises(ValidationError, match="one quote or one numeric claim"):
        draft(editor, numeric_claim_id=claim.pk)


def test_a_verdict_on_an_unknown_item_is_not_found(editor: Any) -> None:
    with pytest.raises(NotFound, match="no quote 999999"):
        draft(editor, quote_id=999999)
    with pytest.raises(NotFound, match="no numeric claim 999999"):
        draft(editor, quote_id=None, numeric_claim_id=999999)


@pytest.mark.parametrize("who", ["viewer", "verdict publisher", "anonymous"])
def test_only_an_editor_drafts_verdicts(who: str, editor: Any, person: Callable[..., Any]) -> None:
    actor = AnonymousUser() if who == "anonymous" else person(who)
    quote = confirmed_quote(editor)

    with pytest.raises(PermissionDenied, match="write verdicts"):
        verdict_create(actor=actor, rating="true", explanation="Yes.", quote_id=quote.pk)


# Update


def test_a_draft_is_edited_with_the_version_seen(editor: Any) -> None:
    verdict = draft(editor)

    updated = verdict_update(
        pk=verdict.pk, version=verdict.version, actor=editor,
        changes={"rating": "false", "evidence_links": [SOURCE]},
    )  # fmt: skip

    row = stored(verdict)
    assert (row.rating, row.evidence_links) == ("false", [SOURCE])
    assert row.version == verdict.version + 1 == updated.version


def test_a_stale_edit_is_a_conflict_carrying_the_current_verdict(editor: Any) -> None:
    verdict = draft(editor)
    verdict_update(pk=verdict.pk, version=1, actor=editor, changes={"rating": "false"})

    with pytest.raises(Conflict) as conflict:
        verdict_update(pk=verdict.pk, version=1, actor=editor, changes={"rating": "true"})

    assert conflict.value.current.rating == "false"
    assert stored(verdict).rating == "false"


def test_an_edit_of_an_unknown_field_or_with_a_bad_link_is_refused(editor: Any) -> None:
    verdict = draft(editor)

    with pytest.raises(ValidationError, match="can be changed"):
        verdict_update(pk=verdict.pk, version=1, actor=editor, changes={"status": "published"})
    with pytest.raises(ValidationError, match="not a web address"):
        verdict_update(pk=verdict.pk, version=1, actor=editor, changes={"evidence_links": "x"})

    assert stored(verdict).version == 1


def test_a_published_verdict_is_corrected_not_edited(editor: Any, publisher: Any) -> None:
    verdict = published(editor, publisher)

    with pytest.raises(Conflict, match="correct it instead"):
        verdict_update(pk=verdict.pk, version=verdict.version, actor=editor,
                       changes={"rating": "true"})  # fmt: skip

    assert stored(verdict).rating == Verdict.Rating.MOSTLY_FALSE


# Publish


def test_a_publisher_publishes_a_verdict_on_a_confirmed_item(editor: Any, publisher: Any) -> None:
    verdict = draft(editor)

    result = verdict_publish(pk=verdict.pk, version=verdict.version, actor=publisher)

    row = stored(verdict)
    assert row.status == Verdict.Status.PUBLISHED
    assert row.published_by == publisher
    assert row.published_at is not None
    assert row.version == verdict.version + 1 == result.version


def test_an_editor_cannot_publish(editor: Any) -> None:
    verdict = draft(editor)

    with pytest.raises(PermissionDenied, match="publish or correct verdicts"):
        verdict_publish(pk=verdict.pk, version=verdict.version, actor=editor)

    assert stored(verdict).status == Verdict.Status.DRAFT


def test_a_verdict_on_an_unconfirmed_item_is_not_published(editor: Any, publisher: Any) -> None:
    quote = quote_at(article_make(), "The river is clean again,")
    verdict = draft(editor, quote_id=quote.pk)

    with pytest.raises(ValidationError, match="Confirm the quote first"):
        verdict_publish(pk=verdict.pk, version=verdict.version, actor=publisher)

    assert stored(verdict).status == Verdict.Status.DRAFT


def test_publishing_twice_is_a_conflict(editor: Any, publisher: Any) -> None:
    verdict = published(editor, publisher)

    with pytest.raises(Conflict, match="already published"):
        verdict_publish(pk=verdict.pk, version=verdict.version, actor=publisher)


def test_four_eyes_the_author_cannot_publish_their_own(
    settings: Any, person: Callable[..., Any], publisher: Any
) -> None:
    settings.FACTDB_VERDICT_FOUR_EYES = True
    author = person("editor", "verdict publisher")
    verdict = draft(author)

    with pytest.raises(PermissionDenied, match="someone other than its author"):
        verdict_publish(pk=verdict.pk, version=verdict.version, actor=author)
    assert stored(verdict).status == Verdict.Status.DRAFT

    verdict_publish(pk=verdict.pk, version=verdict.version, actor=publisher)
    assert stored(verdict).published_by == publisher


def test_without_four_eyes_an_author_who_publishes_may_publish_their_own(
    settings: Any, person: Callable[..., Any]
) -> None:
    settings.FACTDB_VERDICT_FOUR_EYES = False
    author = person("editor", "verdict publisher")
    verdict = draft(author)

    verdict_publish(pk=verdict.pk, version=verdict.version, actor=author)

    assert stored(verdict).published_by == author


def test_a_stale_publish_is_a_conflict(editor: Any, publisher: Any) -> None:
    verdict = draft(editor)
    verdict_update(pk=verdict.pk, version=1, actor=editor, changes={"rating": "false"})

    with pytest.raises(Conflict) as conflict:
        verdict_publish(pk=verdict.pk, version=1, actor=publisher)

    assert conflict.value.current.version == 2
    assert stored(verdict).status == Verdict.Status.DRAFT


# Correct


def test_a_correction_is_published_with_its_note_and_keeps_the_publication_date(
    editor: Any, publisher: Any
) -> None:
    verdict = published(editor, publisher)

    corrected = verdict_correct(
        pk=verdict.pk, version=verdict.version, actor=publisher,
        changes={"rating": "false", "evidence_links": [SOURCE]},
        note="  The city's own figure is 80 homes.  ",
    )  # fmt: skip

    row = stored(verdict)
    assert row.status == Verdict.Status.CORRECTED
    assert (row.rating, row.evidence_links) == ("false", [SOURCE])
    assert row.correction_note == "The city's own figure is 80 homes."
    assert row.corrected_at is not None
    assert row.published_at == verdict.published_at
    assert row.version == verdict.version + 1 == corrected.version


@pytest.mark.parametrize(
    ("changes", "note", "words"),
    [
        ({"rating": "false"}, "  ", "Say what the correction changes"),
        ({"rating": Verdict.Rating.MOSTLY_FALSE}, "Nothing really.", "changes nothing"),
        ({"explanation": " "}, "Emptied.", "Explain the rating"),
    ],
)
def test_a_correction_without_a_note_or_a_change_is_refused(
    editor: Any, publisher: Any, changes: dict[str, Any], note: str, words: str
) -> None:
    verdict = published(editor, publisher)

    with pytest.raises(ValidationError, match=words):
        verdict_correct(
            pk=verdict.pk, version=verdict.version, actor=publisher, changes=changes, note=note
        )

    assert stored(verdict).status == Verdict.Status.PUBLISHED


def test_a_draft_is_edited_not_corrected(editor: Any, publisher: Any) -> None:
    verdict = draft(editor)

    with pytest.raises(Conflict, match="edit it instead"):
        verdict_correct(pk=verdict.pk, version=1, actor=publisher, changes={"rating": "true"},
                        note="Changed.")  # fmt: skip


def test_an_editor_cannot_correct_a_published_verdict(editor: Any, publisher: Any) -> None:
    verdict = published(editor, publisher)

    with pytest.raises(PermissionDenied):
        verdict_correct(pk=verdict.pk, version=verdict.version, actor=editor,
                        changes={"rating": "true"}, note="Changed.")  # fmt: skip


# Delete


def test_a_draft_is_deleted_by_an_editor(editor: Any) -> None:
    verdict = draft(editor)

    verdict_delete(pk=verdict.pk, version=verdict.version, actor=editor)

    assert not Verdict.objects.filter(pk=verdict.pk).exists()


def test_a_published_verdict_is_never_deleted(editor: Any, publisher: Any) -> None:
    verdict = published(editor, publisher)

    with pytest.raises(Conflict, match="cannot be deleted"):
        verdict_delete(pk=verdict.pk, version=verdict.version, actor=editor)

    assert Verdict.objects.filter(pk=verdict.pk).exists()


def test_deletion_refusals(editor: Any, viewer: Any) -> None:
    verdict = draft(editor)

    with pytest.raises(PermissionDenied, match="delete verdicts"):
        verdict_delete(pk=verdict.pk, version=1, actor=viewer)
    with pytest.raises(Conflict):
        verdict_delete(pk=verdict.pk, version=7, actor=editor)
    with pytest.raises(NotFound):
        verdict_delete(pk=999999, version=1, actor=editor)

    assert Verdict.objects.filter(pk=verdict.pk).exists()
