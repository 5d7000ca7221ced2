"""Editors' decisions on candidates: confirm, reject, reopen; fix a span; reassign the
speaker; correct what the engine read. Quotes and numeric claims alike.

Each service is one transaction, needs the role that may change the kind of item, and writes
only if the item is still at the version the editor saw (else a Conflict). Who and when are
recorded on the item (reviewer, edited_by) and in its history, with the action's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from claims.models import NumericClaim, Quote, ReviewStatus, Speaker
from claims.services.candidates import speakers_get_or_create
from claims.services.edits import (
    Actor,
    ItemOutcome,
    VersionedId,
    changes_apply,
    changes_check,
    editorial_action,
    items_apply,
    permission_require,
    row_lock,
    row_save,
)
from factdb.errors import Conflict, NotFound
from sources.models import Article

CandidateModel = type[Quote] | type[NumericClaim]
Candidate = Quote | NumericClaim
ReviewAction = Literal["confirm", "reject", "reopen"]
REVIEW_ACTIONS: tuple[ReviewAction, ...] = ("confirm", "reject", "reopen")

_STATUS_AFTER: dict[ReviewAction, ReviewStatus] = {
    "confirm": ReviewStatus.CONFIRMED,
    "reject": ReviewStatus.REJECTED,
    "reopen": ReviewStatus.CANDIDATE,
}
# What an editor may correct of what the engine read, besides the span and the speaker.
CORRECTABLE_FIELDS: dict[CandidateModel, tuple[str, ...]] = {
    Quote: ("kind", "speaker_mention"),
    NumericClaim: ("value", "value_max", "unit", "qualifier", "subject", "period", "kind"),
}
# How many characters of context around a span an editor is shown with it.
SENTENCE_CONTEXT_CHARS = 240


def candidate_review(
    *, model: CandidateModel, pk: int, action: ReviewAction, version: int, actor: Actor
) -> tuple[Candidate, bool]:
    """Confirm, reject or reopen one candidate; returns it and whether anything changed."""
    permission_require(actor, _permission(model))
    with editorial_action(actor=actor, action=f"{_name(model)}.{action}"):
        return _review(model, pk, action, version, actor)


def candidates_review(
    *, model: CandidateModel, items: Sequence[VersionedId], action: ReviewAction, actor: Actor
) -> list[ItemOutcome]:
    """The same decision on many candidates; each item is applied whole or not at all, and
    the outcome of each is reported (changed, unchanged, conflict, not found)."""
    permission_require(actor, _permission(model))
    with editorial_action(actor=actor, action=f"{_name(model)}.{action} (bulk)"):

        def apply(item: VersionedId) -> tuple[bool, int]:
            row, changed = _review(model, item.id, action, item.version, actor)
            return changed, row.version

        return items_apply(items, apply)


def candidate_span_fix(
    *, model: CandidateModel, pk: int, start: int, end: int, version: int, actor: Actor
) -> Candidate:
    """Move a candidate to `start:end` (code points) of its article; the stored words follow.

    Refused when the span is empty, blank or outside the text, or is another item's span.
    """
    permission_require(actor, _permission(model))
    with editorial_action(actor=actor, action=f"{_name(model)}.fix_span"):
        row = row_lock(model, pk, version=version)
        text = Article.objects.values_list("text", flat=True).get(pk=row.article_id)
        words = _span_words(text, start, end)
        if (start, end) == (row.start, row.end):
            return row
        _span_free(model, row, start, end)
        if row.found_start is None:
            row.found_start, row.found_end = row.start, row.end
        row.start, row.end = start, end
        words_field = "text" if isinstance(row, Quote) else "surface"
        setattr(row, words_field, words)
        _edited(row, actor)
        try:
            with transaction.atomic():
                fields = ["start", "end", words_field, "found_start", "found_end"]
                row_save(row, [*fields, *_EDITED_FIELDS])
        except IntegrityError:
            _span_free(model, row, start, end)  # another fix took the span meanwhile
            raise
        return row


def candidate_speaker_reassign(
    *,
    model: CandidateModel,
    pk: int,
    version: int,
    actor: Actor,
    speaker_id: int | None = None,
    speaker_name: str = "",
) -> Candidate:
    """Give a candidate the speaker `speaker_id`, or the one named `speaker_name` (found or
    created), or no speaker when neither is given. A merged speaker's survivor is used."""
    permission_require(actor, _permission(model))
    with editorial_action(actor=actor, action=f"{_name(model)}.reassign_speaker"):
        # The speaker first, then the item: the order a merge locks them in.
        speaker = _speaker_resolve(speaker_id, speaker_name)
        row = row_lock(model, pk, version=version)
        if row.speaker_id == (speaker.pk if speaker else None):
            return row
        row.speaker = speaker
        _edited(row, actor)
        row_save(row, ["speaker", *_EDITED_FIELDS])
        return row


def candidates_speaker_reassign(
    *,
    model: CandidateModel,
    items: Sequence[VersionedId],
    actor: Actor,
    speaker_id: int | None = None,
    speaker_name: str = "",
) -> list[ItemOutcome]:
    """One speaker for many candidates, reported per item."""
    permission_require(actor, _permission(model))
    with editorial_action(actor=actor, action=f"{_name(model)}.reassign_speaker (bulk)"):
        speaker = _speaker_resolve(speaker_id, speaker_name)

        def apply(item: VersionedId) -> tuple[bool, int]:
            row = row_lock(model, item.id, version=item.version)
            if row.speaker_id == (speaker.pk if speaker else None):
                return False, row.version
            row.speaker = speaker
            _edited(row, actor)
            row_save(row, ["speaker", *_EDITED_FIELDS])
            return True, row.version

        return items_apply(items, apply)


def candidate_correct(
    *, model: CandidateModel, pk: int, version: int, actor: Actor, changes: Mapping[str, Any]
) -> Candidate:
    """Correct what the engine read: a figure's value, value_max, unit, qualifier, subject,
    period and kind; a quote's kind and mention. Checked against the model's rules first."""
    changes_check(changes, CORRECTABLE_FIELDS[model], verb="corrected here")
    permission_require(actor, _permission(model))
    with editorial_action(actor=actor, action=f"{_name(model)}.correct"):
        row = row_lock(model, pk, version=version)
        changed = changes_apply(row, changes)
        if not changed:
            return row
        _validate(row, changed)
        _edited(row, actor)
        row_save(row, [*changed, *_EDITED_FIELDS])
        return row


def span_context(*, text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence around a span, as (before, span, after), for showing it in its place."""
    left = max(0, start - SENTENCE_CONTEXT_CHARS)
    right = min(len(text), end + SENTENCE_CONTEXT_CHARS)
    before, after = text[left:start], text[end:right]
    for stop in (". ", "\n"):
        cut = before.rfind(stop)
        if cut >= 0:
            before = before[cut + len(stop) :]
            break
    for stop in (". ", "\n"):
        cut = after.find(stop)
        if cut >= 0:
            after = after[: cut + 1]
            break
    return before, text[start:end], after


_EDITED_FIELDS = ("edited_by", "edited_at")


def _review(
    model: CandidateModel, pk: int, action: ReviewAction, version: int, actor: Actor
) -> tuple[Candidate, bool]:
    if action not in _STATUS_AFTER:
        raise ValidationError({"action": f"The action is one of {', '.join(REVIEW_ACTIONS)}."})
    row = row_lock(model, pk, version=version)
    status = _STATUS_AFTER[action]
    if row.status == status:
        return row, False
    row.status = status
    if status == ReviewStatus.CANDIDATE:
        row.reviewer, row.reviewed_at = None, None
    else:
        row.reviewer, row.reviewed_at = actor, timezone.now()  # type: ignore[assignment]
    row_save(row, ["status", "reviewer", "reviewed_at"])
    return row, True


def _edited(row: Candidate, actor: Actor) -> None:
    row.edited_by, row.edited_at = actor, timezone.now()  # type: ignore[assignment]


def _span_words(text: str, start: int, end: int) -> str:
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            {"start": f"The span must lie inside the article's {len(text)} characters, with "
             "its start before its end."}
        )  # fmt: skip
    words = text[start:end]
    if not words.strip():
        raise ValidationError({"start": "The span holds only spaces: select some words."})
    return words


def _span_free(model: CandidateModel, row: Candidate, start: int, end: int) -> None:
    other = (
        model.objects.filter(article_id=row.article_id, start=start, end=end)
        .exclude(pk=row.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if other is not None:
        label = str(model._meta.verbose_name)
        raise Conflict(
            f"{label.capitalize()} {other} of this article already has exactly this span.",
            field="start",
        )


def _speaker_resolve(speaker_id: int | None, speaker_name: str) -> Speaker | None:
    if speaker_id is not None and speaker_name.strip():
        raise ValidationError({"speaker": "Give a speaker or a name, not both."})
    if speaker_name.strip():
        name = " ".join(speaker_name.split())
        limit = Speaker._meta.get_field("name").max_length or 0
        if len(name) > limit:
            raise ValidationError(
                {"speaker_name": f"A speaker's name has at most {limit} characters."}
            )
        speaker_id = speakers_get_or_create(mentions={name: set()})[name].pk
    if speaker_id is None:
        return None
    return _speaker_survivor(speaker_id)


def _speaker_survivor(speaker_id: int) -> Speaker:
    """The speaker, or the one it was merged into, locked until the transaction ends: a merge
    under way is waited for, so nothing is given to a speaker merged meanwhile."""
    while True:
        speaker = Speaker.objects.select_for_update(no_key=True).filter(pk=speaker_id).first()
        if speaker is None:
            raise NotFound(f"There is no speaker {speaker_id}.")
        if speaker.merged_into_id is None:
            return speaker
        speaker_id = speaker.merged_into_id


def _validate(row: Model, changed: Sequence[str]) -> None:
    """The model's field and constraint rules, for the fields that changed."""
    names = {field.name for field in row._meta.concrete_fields}
    row.clean_fields(exclude=names - set(changed))
    row.validate_constraints(exclude=None)


def _permission(model: CandidateModel) -> str:
    return f"claims.change_{model._meta.model_name}"


def _name(model: CandidateModel) -> str:
    return "quote" if model is Quote else "numeric_claim"
