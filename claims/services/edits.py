"""What every editorial write shares: the role it needs, one transaction named in the history,
the row locked and checked against the version the editor saw, and a bulk form that reports
what happened to each item.

The history triggers (claims.models) record the acting user and the action's name from
`pghistory.context`, which `editorial_action` opens around each write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import pghistory
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction

from factdb.errors import Conflict, NotFound

Actor = AbstractUser | AnonymousUser
Row = TypeVar("Row", bound=models.Model)

# What each permission lets a person do, in the words a refusal uses.
_DOING = {
    "claims.change_quote": "review or fix quotes",
    "claims.change_numericclaim": "review or fix numeric claims",
    "claims.change_speaker": "edit or merge speakers",
    "claims.add_verdict": "write verdicts",
    "claims.change_verdict": "edit verdicts",
    "claims.delete_verdict": "delete verdicts",
    "claims.publish_verdict": "publish or correct verdicts",
}


def permission_require(actor: Actor, permission: str) -> None:
    """Refuse (PermissionDenied, a 403) a person whose roles do not grant `permission`."""
    if not (actor.is_authenticated and actor.is_active and actor.has_perm(permission)):
        doing = _DOING.get(permission, "do this")
        raise PermissionDenied(f"Your roles do not allow you to {doing}.")


@contextmanager
def editorial_action(*, actor: Actor, action: str) -> Iterator[None]:
    """One transaction whose changes the history records as `action`, done by `actor`."""
    user_id = actor.pk if actor.is_authenticated else None
    with transaction.atomic(), pghistory.context(user=user_id, action=action) as context:
        yield
    _context_end(context.id)


def _context_end(context_id: object) -> None:
    """Forget the action once it is done. pghistory names it in settings local to the
    transaction, so within a caller's longer transaction (an admin page, a request), later
    writes outside any service would be credited to it; an empty id means no context. (An
    enclosing context is unharmed: pghistory sets its id again before each write.)"""
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pghistory.context_id', '', true), "
                "set_config('pghistory.context_metadata', '', true) "
                "WHERE current_setting('pghistory.context_id', true) = %s",
                [str(context_id)],
            )


def row_lock(model: type[Row], pk: int, *, version: int | None) -> Row:
    """The row, locked for this transaction, as long as it is still at `version`.

    A stale version is a Conflict carrying the row as it is now; `version=None` is for writes
    that follow from another (a merge moving quotes), never for an editor's own.
    """
    label = model._meta.verbose_name
    try:
        row = model._default_manager.select_for_update().get(pk=pk)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise NotFound(f"There is no {label} {pk}.") from None
    stored = getattr(row, "version")  # noqa: B009  (every edited model has one)
    if version is not None and stored != version:
        raise Conflict(
            f"This {label} was changed by someone else since you opened it (you saw version "
            f"{version}, it is now at {stored}). Look at it again, then redo your change.",
            field="version",
            current=row,
        )
    return row


def row_save(row: models.Model, fields: Sequence[str]) -> None:
    """Save `fields` of a row with its version raised: the next write must have seen this one."""
    setattr(row, "version", getattr(row, "version") + 1)  # noqa: B009,B010
    row.save(update_fields=[*fields, "version", "updated_at"])


def changes_check(changes: Mapping[str, Any], allowed: Sequence[str], *, verb: str) -> None:
    """Refuse, naming the first, fields an editor may not change through this service."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError({unknown[0]: f"Only {', '.join(allowed)} can be {verb}."})


def changes_apply(row: models.Model, changes: Mapping[str, Any]) -> list[str]:
    """Set the values that differ from the row's; returns the names of the fields changed."""
    changed = [name for name, value in changes.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, changes[name])
    return changed


Outcome = Literal["changed", "unchanged", "conflict", "not_found", "refused"]


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """What a bulk action did to one item: `message` says why it was not changed."""

    id: int
    outcome: Outcome
    message: str = ""
    version: int | None = None  # the item's version after the action, when it exists


@dataclass(frozen=True, slots=True)
class VersionedId:
    """An item a bulk action is asked to change, with the version the editor saw."""

    id: int
    version: int


def items_apply(
    items: Sequence[VersionedId], apply: Callable[[VersionedId], tuple[bool, int]]
) -> list[ItemOutcome]:
    """Run `apply` on each item in a savepoint of its own: an item that fails leaves nothing
    behind and does not stop the others. `apply` returns (changed, version after).

    Items are applied in id order, so two bulk actions over the same items lock them in the
    same order and never deadlock; the outcomes are reported in the order asked."""
    outcomes: dict[int, ItemOutcome] = {}
    for index in sorted(range(len(items)), key=lambda index: items[index].id):
        outcomes[index] = _item_apply(items[index], apply)
    return [outcomes[index] for index in range(len(items))]


def _item_apply(item: VersionedId, apply: Callable[[VersionedId], tuple[bool, int]]) -> ItemOutcome:
    try:
        with transaction.atomic():
            changed, version = apply(item)
    except Conflict as error:
        stored = getattr(error.current, "version", None)
        return ItemOutcome(item.id, "conflict", str(error), stored)
    except NotFound as error:
        return ItemOutcome(item.id, "not_found", str(error))
    except ValidationError as error:
        return ItemOutcome(item.id, "refused", " ".join(error.messages))
    return ItemOutcome(item.id, "changed" if changed else "unchanged", "", version)
