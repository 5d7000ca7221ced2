"""How sure the reader is that a figure is a claim worth an editor's look, from 0 to 1.

Money and percentages with their sign or word are almost always claims; a counted noun makes a
bare number likely one; a lone number or a spelled-out one is often incidental. The scores sort
an editor's queue; they are not probabilities fitted to data.
"""

from __future__ import annotations

from functools import cache

from claims.extraction.figures.figure import FigureReading
from claims.extraction.figures.framing import Framing

_BY_UNIT_KIND = {
    "currency": 0.9,
    "percent": 0.9,
    "point": 0.8,
    "measure": 0.7,
    "count": 0.6,
    "bare": 0.35,
}
# Durations and ages ("24 hours", "60 years") are often incidental.
_INCIDENTAL_UNITS = frozenset(
    {"hour", "minute", "second", "day", "week", "month", "year", "decade"}
)


def figure_confidence(reading: FigureReading, framing: Framing) -> float:
    return _score(
        reading.unit_kind,
        reading.unit in _INCIDENTAL_UNITS,
        reading.scaled,
        reading.qualifier != "exact",
        reading.spelled,
        reading.vague,
        reading.parenthesized,
        framing.subject is not None,
        framing.period is not None,
    )


# A few hundred combinations at most: each is scored once.
@cache
def _score(
    unit_kind: str,
    incidental: bool,
    scaled: bool,
    qualified: bool,
    spelled: bool,
    vague: bool,
    parenthesized: bool,
    has_subject: bool,
    has_period: bool,
) -> float:
    score = _BY_UNIT_KIND.get(unit_kind, 0.5)
    if incidental:
        score -= 0.2
    if scaled:
        score += 0.04
    if qualified:
        score += 0.03
    if spelled:
        score -= 0.1
    if vague:
        score -= 0.1
    if parenthesized:
        score -= 0.1
    if has_subject:
        score += 0.03
    if has_period:
        score += 0.02
    return round(min(0.98, max(0.05, score)), 3)
