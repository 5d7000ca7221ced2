"""Verdicts: an editor's rating of one quote or numeric claim, with explanation and evidence.

draft → published → corrected. Editors write and edit drafts; a verdict publisher publishes
them and corrects published ones in the open (the correction says what changed). With the
four-eyes rule on (settings.FACTDB_VERDICT_FOUR_EYES), the author cannot publish their own.
Only a confirmed item can have a published verdict: what was said is verified first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from claims.models import NumericClaim, Quote, ReviewStatus, Verdict
from claims.services.edits import (
    Actor,
    changes_apply,
    changes_check,
    editorial_action,
    permission_require,
    row_lock,
    row_save,
)
from factdb.errors import Conflict, NotFound

EDITABLE_FIELDS = ("rating", "explanation", "evidence_links")
_EVIDENCE_LIMIT = 50
_url_valid = URLValidator(schemes=["http", "https"])


def verdict_create(
    *,
    actor: Actor,
    rating: str,
    explanation: str,
    evidence_links: Sequence[str] = (),
    quote_id: int | None = None,
    numeric_claim_id: int | None = None,
) -> Verdict:
    """A draft verdict on one quote or one numeric claim, written by `actor`."""
    permission_require(actor, "claims.add_verdict")
    if (quote_id is None) == (numeric_claim_id is None):
        raise ValidationError({"quote": "A verdict rates one quote or one numeric claim."})
    with editorial_action(actor=actor, action="verdict.create"):
        _item_exists(quote_id, numeric_claim_id)
        verdict = Verdict(
            quote_id=quote_id,
            numeric_claim_id=numeric_claim_id,
            rating=rating,
            explanation=explanation.strip(),
            evidence_links=evidence_links_clean(evidence_links),
            author=actor if actor.is_authenticated else None,  # type: ignore[misc]
        )
        _validate(verdict)
        verdict.save()
        return verdict


def verdict_update(*, pk: int, version: int, actor: Actor, changes: Mapping[str, Any]) -> Verdict:
    """Edit a draft's rating, explanation or evidence links (a published one is corrected)."""
    changes_check(changes, EDITABLE_FIELDS, verb="changed")
    permission_require(actor, "claims.change_verdict")
    with editorial_action(actor=actor, action="verdict.update"):
        verdict = row_lock(Verdict, pk, version=version)
        if verdict.status != Verdict.Status.DRAFT:
            raise Conflict(
                "This verdict is published: correct it instead, saying what changed.",
                field="status",
                current=verdict,
            )
        changed = _changes_apply(verdict, changes)
        if changed:
            _validate(verdict)
            row_save(verdict, changed)
        return verdict


def verdict_publish(*, pk: int, version: int, actor: Actor) -> Verdict:
    """Publish a draft: from now on it is exported as ClaimReview."""
    permission_require(actor, "claims.publish_verdict")
    with editorial_action(actor=actor, action="verdict.publish"):
        verdict = row_lock(Verdict, pk, version=version)
        if verdict.status != Verdict.Status.DRAFT:
            raise Conflict("This verdict is already published.", field="status", current=verdict)
        if settings.FACTDB_VERDICT_FOUR_EYES and verdict.author_id == actor.pk:
            raise PermissionDenied(
                "The four-eyes rule is on: someone other than its author must publish this verdict."
            )
        _item_confirmed(verdict)
        verdict.status = Verdict.Status.PUBLISHED
        verdict.published_at = timezone.now()
        verdict.published_by = actor  # type: ignore[assignment]
        row_save(verdict, ["status", "published_at", "published_by"])
        return verdict


def verdict_correct(
    *, pk: int, version: int, actor: Actor, changes: Mapping[str, Any], note: str
) -> Verdict:
    """Correct a published verdict; `note` says what changed and why, and is published."""
    changes_check(changes, EDITABLE_FIELDS, verb="changed")
    permission_require(actor, "claims.publish_verdict")
    if not note.strip():
        raise ValidationError({"note": "Say what the correction changes, and why."})
    with editorial_action(actor=actor, action="verdict.correct"):
        verdict = row_lock(Verdict, pk, version=version)
        if verdict.status == Verdict.Status.DRAFT:
            raise Conflict(
                "This verdict is a draft: edit it instead.", field="status", current=verdict
            )
        changed = _changes_apply(verdict, changes)
        if not changed:
            raise ValidationError({"rating": "The correction changes nothing."})
        verdict.status = Verdict.Status.CORRECTED
        verdict.corrected_at = timezone.now()
        verdict.correction_note = note.strip()
        _validate(verdict)
        row_save(verdict, [*changed, "status", "corrected_at", "correction_note"])
        return verdict


def verdict_delete(*, pk: int, version: int, actor: Actor) -> None:
    """Delete a draft; a published verdict stays (it is corrected, never withdrawn unseen)."""
    permission_require(actor, "claims.delete_verdict")
    with editorial_action(actor=actor, action="verdict.delete"):
        verdict = row_lock(Verdict, pk, version=version)
        if verdict.status != Verdict.Status.DRAFT:
            raise Conflict(
                "A published verdict cannot be deleted: correct it instead.",
                field="status",
                current=verdict,
            )
        verdict.delete()


def evidence_links_clean(links: Sequence[str] | str) -> list[str]:
    """Evidence links as a list, from a list or from text with one link per line: trimmed,
    once each, each a http(s) URL."""
    if isinstance(links, str):
        links = links.splitlines()
    cleaned: list[str] = []
    for link in (link.strip() for link in links):
        if not link or link in cleaned:
            continue
        try:
            _url_valid(link)
        except ValidationError:
            raise ValidationError(
                {"evidence_links": f"“{link[:200]}” is not a web address (http or https)."}
            ) from None
        cleaned.append(link)
    if len(cleaned) > _EVIDENCE_LIMIT:
        raise ValidationError(
            {"evidence_links": f"At most {_EVIDENCE_LIMIT} evidence links per verdict."}
        )
    return cleaned


def _changes_apply(verdict: Verdict, changes: Mapping[str, Any]) -> list[str]:
    values = dict(changes)
    if "evidence_links" in values:
        values["evidence_links"] = evidence_links_clean(values["evidence_links"])
    if "explanation" in values:
        values["explanation"] = str(values["explanation"]).strip()
    return changes_apply(verdict, values)


def _validate(verdict: Verdict) -> None:
    if not verdict.explanation:
        raise ValidationError({"explanation": "Explain the rating: readers see this."})
    verdict.clean_fields(exclude={"author", "published_by", "quote", "numeric_claim"})
    verdict.validate_constraints()


def _item_exists(quote_id: int | None, numeric_claim_id: int | None) -> None:
    if quote_id is not None and not Quote.objects.filter(pk=quote_id).exists():
        raise NotFound(f"There is no quote {quote_id}.")
    if (
        numeric_claim_id is not None
        and not NumericClaim.objects.filter(pk=numeric_claim_id).exists()
    ):
        raise NotFound(f"There is no numeric claim {numeric_claim_id}.")


def _item_confirmed(verdict: Verdict) -> None:
    item: Quote | NumericClaim | None = verdict.quote or verdict.numeric_claim
    if item is None or item.status != ReviewStatus.CONFIRMED:
        kind = "quote" if verdict.quote_id else "numeric claim"
        raise ValidationError(
            {"status": f"Confirm the {kind} first: only what was verifiably said is rated "
             "in public."}
        )  # fmt: skip
