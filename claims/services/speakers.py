"""Editors' changes to speakers: correct one, and merge duplicates into one person.

A merge moves every quote and numeric claim to the surviving speaker, keeps the merged one's
name and aliases as the survivor's aliases, and points the merged speaker (and any merged into
it before) at the survivor, so merges never chain and never loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims.models import NumericClaim, Quote, Speaker, speaker_name_key
from claims.services.edits import (
    Actor,
    changes_apply,
    changes_check,
    editorial_action,
    permission_require,
    row_lock,
    row_save,
)

EDITABLE_FIELDS = ("name", "aliases", "role", "role_seen_at", "organisation", "country",
                   "wikidata_id")  # fmt: skip
_PERMISSION = "claims.change_speaker"


def speaker_update(*, pk: int, version: int, actor: Actor, changes: Mapping[str, Any]) -> Speaker:
    """Correct a speaker's name, aliases, role, organisation, country or Wikidata id."""
    changes_check(changes, EDITABLE_FIELDS, verb="edited")
    permission_require(actor, _PERMISSION)
    with editorial_action(actor=actor, action="speaker.update"):
        speaker = row_lock(Speaker, pk, version=version)
        changed = changes_apply(speaker, changes)
        if not changed:
            return speaker
        if "aliases" in changed:
            if isinstance(speaker.aliases, str) or not all(
                isinstance(alias, str) for alias in speaker.aliases
            ):
                raise ValidationError({"aliases": "Aliases are a list of names."})
            speaker.aliases = _aliases_clean(list(speaker.aliases), speaker.name)
        speaker.name_key = speaker_name_key(speaker.name)
        names = {field.name for field in Speaker._meta.concrete_fields}
        speaker.clean_fields(exclude=names - set(changed))
        speaker.validate_constraints()
        try:
            with transaction.atomic():
                row_save(speaker, changed)
        except IntegrityError:
            # Another editor gave a speaker the same name or id a moment ago: the check
            # above could not see it yet, the unique index did.
            raise ValidationError(
                {"name": "Another speaker has just been given this name or Wikidata id; "
                 "merge the two instead."}
            ) from None  # fmt: skip
        return speaker


def speaker_merge(*, pk: int, into: int, version: int, actor: Actor) -> Speaker:
    """Merge speaker `pk` (at `version`) into speaker `into`; returns the survivor.

    Refused: a speaker into itself, one already merged, or into one that was merged (the
    message names where that one went).
    """
    permission_require(actor, _PERMISSION)
    if pk == into:
        raise ValidationError({"into": "A speaker cannot be merged into itself."})
    with editorial_action(actor=actor, action="speaker.merge"):
        # Lock both rows in id order, so two merges of the same pair cannot deadlock.
        first, second = sorted((pk, into))
        locked = {
            first: row_lock(Speaker, first, version=version if first == pk else None),
            second: row_lock(Speaker, second, version=version if second == pk else None),
        }
        merged, survivor = locked[pk], locked[into]
        _merge_refusals(merged, survivor)
        now = timezone.now()
        moved = {"speaker_id": survivor.pk, "version": F("version") + 1, "updated_at": now}
        Quote.objects.filter(speaker_id=merged.pk).update(**moved)
        NumericClaim.objects.filter(speaker_id=merged.pk).update(**moved)
        Speaker.objects.filter(merged_into_id=merged.pk).update(
            merged_into_id=survivor.pk, version=F("version") + 1, updated_at=now
        )
        survivor.aliases = _aliases_clean(
            [*survivor.aliases, merged.name, *merged.aliases], survivor.name
        )
        filled = _blanks_fill(survivor, merged)
        row_save(survivor, ["aliases", *filled])
        merged.merged_into = survivor
        row_save(merged, ["merged_into"])
        return survivor


def _merge_refusals(merged: Speaker, survivor: Speaker) -> None:
    if merged.merged_into_id is not None:
        raise ValidationError(
            {"pk": f"{merged.name} was already merged into speaker {merged.merged_into_id}."}
        )
    if survivor.merged_into_id is not None:
        raise ValidationError(
            {"into": f"{survivor.name} was itself merged into speaker "
             f"{survivor.merged_into_id}: merge into that one instead."}
        )  # fmt: skip


def _blanks_fill(survivor: Speaker, merged: Speaker) -> list[str]:
    """What the survivor does not know and the merged speaker does, it takes over."""
    filled = []
    for name in ("role", "role_seen_at", "organisation", "country"):
        if not getattr(survivor, name) and getattr(merged, name):
            setattr(survivor, name, getattr(merged, name))
            filled.append(name)
    return filled


def _aliases_clean(aliases: list[str], name: str) -> list[str]:
    """Aliases once each (by their matching form), trimmed, without the name itself."""
    seen = {speaker_name_key(name)}
    kept = []
    for alias in aliases:
        alias = " ".join(alias.split())
        key = speaker_name_key(alias)
        if key and key not in seen:
            seen.add(key)
            kept.append(alias)
    return kept
