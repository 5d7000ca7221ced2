"""A figure read at one place: its span, value, unit and how it was written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


# Not frozen: a frozen dataclass costs five times as much to create, and one is made per number.
@dataclass(slots=True)
class FigureReading:
    """A figure read at one place; `start`/`end` bound its surface."""

    start: int
    end: int
    value: Decimal
    value_max: Decimal | None
    unit: str
    unit_kind: str  # currency, percent, point, measure, count (a counted noun) or bare
    qualifier: str
    spelled: bool
    vague: bool
    fraction: bool
    scaled: bool
    parenthesized: bool
