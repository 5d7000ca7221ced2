"""Domain errors shared by the apps' services, known to every entry point (API, admin, commands)."""

from __future__ import annotations

from typing import Any


class Conflict(Exception):
    """The write cannot be applied because what is stored has moved on since the caller looked.

        A stale version in the editorial workflow, or a record that another request created first.
        `str(self)` says what happened in words an editor understands; `field` names the input at
        fault, when one is (`"version"`), so an API can point at it. Retrying the same write fails
        the same way: the caller must look again first. `current` is what is stored now (the record,
    as the service read it), so an entry point can show it beside the refusal.
    """

    def __init__(self, message: str, *, field: str | None = None, current: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.current = current


class NotFound(Exception):
    """What the caller asked to change does not exist (or no longer does)."""
