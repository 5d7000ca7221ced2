"""Editors at the same time, each on a database connection of their own (one thread each):
no edit is silently lost, and concurrent merges and bulk actions neither deadlock nor corrupt.

These tests commit (transaction=True): the row locks and the version checks are only real
between transactions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from claims.models import Quote, ReviewStatus, Speaker
from claims.services.edits import VersionedId
from claims.services.extraction import article_extraction_run, articles_reextract
from claims.services.reviews import (
    candidate_correct,
    candidate_review,
    candidate_span_fix,
    candidate_speaker_reassign,
    candidates_review,
)
from claims.services.speakers import speaker_merge
from factdb.errors import Conflict
from sources.services.articles import article_ingest
from tests.claims.services.items import article_make, quote_at
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db(transaction=True)

Outcome = tuple[str, Any]  # ("ok", result) or ("error", exception)


def in_parallel(*calls: Callable[[], Any], timeout: float = 60) -> list[Outcome]:
    """Run each call in a thread of its own (so on a connection of its own), all released at
    once; returns what each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Outcome | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout)
            outcomes[index] = ("ok", call())
        except Exception as error:  # the test looks at what each editor got
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "an editor is still waiting: a deadlock?"
    assert all(outcome is not None for outcome in outcomes)
    return [outcome for outcome in outcomes if outcome is not None]


def sessions_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        (count,) = cursor.fetchone()
    return int(count)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_two_editors_save_the_same_quote_one_wins_and_the_other_is_told(
    person: Callable[..., Any],
) -> None:
    first, second = person("editor", username="ana"), person("editor", username="ben")
    quote = quote_at(article_make(), "The river is clean again,")
    seen = Quote.objects.get(pk=quote.pk).version  # both editors opened the quote at this
    first_saved, second_waits = threading.Event(), threading.Event()

    def first_editor() -> Any:
        # Saved, but not yet committed while the second editor's save arrives.
        with transaction.atomic():
            row = candidate_correct(
                model=Quote, pk=quote.pk, version=seen, actor=first,
                changes={"speaker_mention": "the city engineer"},
            )  # fmt: skip
            first_saved.set()
            assert second_waits.wait(30)
        return row

    def second_editor() -> Any:
        assert first_saved.wait(30)
        return candidate_correct(
            model=Quote, pk=quote.pk, version=seen, actor=second,
            changes={"kind": Quote.Kind.PARTIAL},
        )  # fmt: skip

    def released_once_the_second_waits() -> None:
        wait_for(lambda: sessions_waiting_for_a_lock() > 0, "the second save to wait")
        second_waits.set()

    (first_kind, first_result), (second_kind, refusal), _ = in_parallel(
        first_editor, second_editor, released_once_the_second_waits
    )

    assert first_kind == "ok", first_result
    assert second_kind == "error"
    assert isinstance(refusal, Conflict), refusal
    assert refusal.current.version == seen + 1
    assert refusal.current.speaker_mention == "the city engineer"  # what the second must see
    stored = Quote.objects.get(pk=quote.pk)
    assert (stored.speaker_mention, stored.kind) == ("the city engineer", Quote.Kind.DIRECT)
    assert stored.edited_by == first
    assert stored.version == seen + 1

    # Told, the second editor redoes the change on what is stored now: both edits are kept.
    candidate_correct(
        model=Quote, pk=quote.pk, version=refusal.current.version, actor=second,
        changes={"kind": Quote.Kind.PARTIAL},
    )  # fmt: skip
    stored = Quote.objects.get(pk=quote.pk)
    assert (stored.speaker_mention, stored.kind) == ("the city engineer", Quote.Kind.PARTIAL)


@pytest.mark.parametrize("round_", range(3))
def test_two_editors_deciding_at_the_same_moment_exactly_one_decision_lands(
    person: Callable[..., Any], round_: int
) -> None:
    confirmer, rejecter = person("editor"), person("editor")
    quote = quote_at(article_make(), "We will build 300 homes this year,")

    outcomes = in_parallel(
        lambda: candidate_review(
            model=Quote, pk=quote.pk, action="confirm", version=1, actor=confirmer
        ),
        lambda: candidate_review(
            model=Quote, pk=quote.pk, action="reject", version=1, actor=rejecter
        ),
    )

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"], outcomes
    (won,) = [index for index, (kind, _) in enumerate(outcomes) if kind == "ok"]
    (lost,) = [result for kind, result in outcomes if kind == "error"]
    assert isinstance(lost, Conflict)
    stored = Quote.objects.get(pk=quote.pk)
    expected = [ReviewStatus.CONFIRMED, ReviewStatus.REJECTED][won]
    assert stored.status == expected == lost.current.status
    assert stored.reviewer == [confirmer, rejecter][won]
    assert stored.version == 2


@pytest.mark.parametrize("direction", ["same way", "opposite ways"])
def test_two_merges_of_the_same_pair_at_once_neither_deadlock_nor_loop(
    editor: Any, person: Callable[..., Any], direction: str
) -> None:
    other_editor = person("editor")
    jane, doe = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    article = article_make()
    on_jane = quote_at(article, "We will build 300 homes this year,", speaker=jane)
    on_doe = quote_at(article, "The river is clean again,", speaker=doe)
    second = (jane.pk, doe.pk) if direction == "same way" else (doe.pk, jane.pk)

    outcomes = in_parallel(
        lambda: speaker_merge(pk=jane.pk, into=doe.pk, version=1, actor=editor),
        lambda: speaker_merge(pk=second[0], into=second[1], version=1, actor=other_editor),
    )

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"], outcomes
    (refusal,) = [result for kind, result in outcomes if kind == "error"]
    assert isinstance(refusal, Conflict | ValidationError), refusal
    (survivor,) = Speaker.objects.filter(pk__in=[jane.pk, doe.pk], merged_into__isnull=True)
    (merged,) = Speaker.objects.filter(pk__in=[jane.pk, doe.pk], merged_into=survivor)
    assert {survivor.pk, merged.pk} == {jane.pk, doe.pk}
    assert set(Quote.objects.values_list("speaker_id", flat=True)) == {survivor.pk}
    assert merged.name in survivor.aliases
    assert {on_jane.pk, on_doe.pk} == set(
        Quote.objects.filter(speaker=survivor).values_list("pk", flat=True)
    )


def test_two_bulk_decisions_over_the_same_quotes_in_opposite_orders_do_not_deadlock(
    person: Callable[..., Any],
) -> None:
    first, second = person("editor"), person("editor")
    words = [f"Claim number {n} is here" for n in range(30)]
    article = article_make(" ".join(f'"{text}," said Jane Doe.' for text in words))
    quotes = [quote_at(article, text) for text in words]
    items = [VersionedId(quote.pk, quote.version) for quote in quotes]

    outcomes = in_parallel(
        lambda: candidates_review(model=Quote, items=items, action="confirm", actor=first),
        lambda: candidates_review(model=Quote, items=items[::-1], action="reject", actor=second),
    )

    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    confirmed, rejected = (result for _, result in outcomes)
    assert [outcome.id for outcome in confirmed] == [item.id for item in items]  # as asked
    assert [outcome.id for outcome in rejected] == [item.id for item in items[::-1]]
    statuses = dict(Quote.objects.values_list("pk", "status"))
    for outcome in confirmed:
        assert outcome.outcome in {"changed", "conflict"}
        if outcome.outcome == "changed":
            assert statuses[outcome.id] == ReviewStatus.CONFIRMED
    for outcome in rejected:
        if outcome.outcome == "changed":
            assert statuses[outcome.id] == ReviewStatus.REJECTED
    # Every quote was decided by exactly one of the two editors; the other was told.
    changed = [o.id for o in [*confirmed, *rejected] if o.outcome == "changed"]
    assert sorted(changed) == sorted(item.id for item in items)
    assert set(Quote.objects.values_list("version", flat=True)) == {2}


@pytest.mark.parametrize("by", ["id", "name"])
def test_a_quote_given_to_a_speaker_being_merged_lands_on_the_survivor(
    editor: Any, person: Callable[..., Any], by: str
) -> None:
    other_editor = person("editor")
    survivor, merged = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    quote = quote_at(article_make(), "The river is clean again,")
    merge_saved, reassignment_waits = threading.Event(), threading.Event()

    def merge() -> Any:
        with transaction.atomic():  # merged, not yet committed, when the reassignment comes
            speaker_merge(pk=merged.pk, into=survivor.pk, version=1, actor=editor)
            merge_saved.set()
            assert reassignment_waits.wait(30)

    def reassign() -> Any:
        assert merge_saved.wait(30)
        target = {"speaker_id": merged.pk} if by == "id" else {"speaker_name": "J. Doe"}
        return candidate_speaker_reassign(
            model=Quote, pk=quote.pk, version=1, actor=other_editor, **target
        )

    def released_once_the_reassignment_waits() -> None:
        wait_for(lambda: sessions_waiting_for_a_lock() > 0, "the reassignment to wait")
        reassignment_waits.set()

    outcomes = in_parallel(merge, reassign, released_once_the_reassignment_waits)

    assert [kind for kind, _ in outcomes] == ["ok", "ok", "ok"], outcomes
    assert Quote.objects.get(pk=quote.pk).speaker_id == survivor.pk
    assert not Quote.objects.filter(speaker_id=merged.pk).exists()


def test_two_items_fixed_to_the_same_span_at_once_the_second_is_told(
    editor: Any, person: Callable[..., Any]
) -> None:
    other_editor = person("editor")
    article = article_make()
    first = quote_at(article, "We will build 300 homes this year,")
    second = quote_at(article, "The river is clean again,")
    start = article.text.index("The river")
    span = (start, start + len("The river is clean"))
    first_saved, second_waits = threading.Event(), threading.Event()

    def first_fix() -> Any:
        with transaction.atomic():
            candidate_span_fix(
                model=Quote, pk=first.pk, start=span[0], end=span[1], version=1, actor=editor
            )
            first_saved.set()
            assert second_waits.wait(30)

    def second_fix() -> Any:
        assert first_saved.wait(30)
        return candidate_span_fix(
            model=Quote, pk=second.pk, start=span[0], end=span[1], version=1,
            actor=other_editor,
        )  # fmt: skip

    def released_once_the_second_waits() -> None:
        wait_for(lambda: sessions_waiting_for_a_lock() > 0, "the second fix to wait")
        second_waits.set()

    (first_kind, _), (_, refusal), _ = in_parallel(
        first_fix, second_fix, released_once_the_second_waits
    )

    assert first_kind == "ok"
    assert isinstance(refusal, Conflict), refusal
    assert f"Quote {first.pk} of this article already has exactly this span" in str(refusal)
    assert (Quote.objects.get(pk=first.pk).start, Quote.objects.get(pk=second.pk).start) == (
        span[0], second.start,
    )  # fmt: skip


def test_a_quote_confirmed_while_a_reextraction_stores_stays_confirmed(
    editor: Any, sample_text: str
) -> None:
    article = article_ingest(text=sample_text).article
    assert article_extraction_run(article_id=article.pk)
    unseen = Quote.objects.create(  # found by an older engine, not by this one
        article=article, text=article.text[:5], start=0, end=5, confidence=0.5
    )
    assert articles_reextract(article_ids=[article.pk], actor=editor) == 1
    confirmed, extraction_waits = threading.Event(), threading.Event()

    def confirm() -> Any:
        with transaction.atomic():  # confirmed, not yet committed, as the extraction stores
            candidate_review(model=Quote, pk=unseen.pk, action="confirm", version=1, actor=editor)
            confirmed.set()
            assert extraction_waits.wait(30)

    def reextract() -> Any:
        assert confirmed.wait(30)
        return article_extraction_run(article_id=article.pk)

    def released_once_the_extraction_waits() -> None:
        wait_for(lambda: sessions_waiting_for_a_lock() > 0, "the extraction to wait")
        extraction_waits.set()

    outcomes = in_parallel(confirm, reextract, released_once_the_extraction_waits)

    assert [kind for kind, _ in outcomes] == ["ok", "ok", "ok"], outcomes
    assert outcomes[1][1] is True
    assert Quote.objects.get(pk=unseen.pk).status == ReviewStatus.CONFIRMED


def test_an_extraction_storing_during_a_merge_gives_its_quotes_to_the_survivor(
    editor: Any, sample_text: str
) -> None:
    article = article_ingest(text=sample_text).article
    merged = SpeakerFactory(name="Sergei Lavrov")  # the name the engine gives
    survivor = SpeakerFactory(name="Sergey Lavrov")
    merge_saved, extraction_waits = threading.Event(), threading.Event()

    def merge() -> Any:
        with transaction.atomic():  # merged, not yet committed, as the extraction stores
            speaker_merge(pk=merged.pk, into=survivor.pk, version=1, actor=editor)
            merge_saved.set()
            assert extraction_waits.wait(30)

    def extraction() -> Any:
        assert merge_saved.wait(30)
        return article_extraction_run(article_id=article.pk)

    def released_once_the_extraction_waits() -> None:
        wait_for(lambda: sessions_waiting_for_a_lock() > 0, "the extraction to wait")
        extraction_waits.set()

    outcomes = in_parallel(merge, extraction, released_once_the_extraction_waits)

    assert [kind for kind, _ in outcomes] == ["ok", "ok", "ok"], outcomes
    assert outcomes[1][1] is True
    assert Quote.objects.filter(article=article, speaker=survivor).exists()
    assert not Quote.objects.filter(speaker=merged).exists()
