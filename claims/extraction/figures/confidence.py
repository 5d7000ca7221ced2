"""How sure the reader is that a figure is a claim worth an editor's look, from 0 to 1.

Money and percentages with their sign or word are almost always claims; a counted noun makes a
bare number likely one; a lone number or a spelled-out one is often incidental. The scores sort
an editor's queue; they are not probabilities fitted to data.
"""

from __future__ import annotations

from claims.extraction.figures.framing import Framing
from claims.extraction.figures.reading import FigureReading

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
    score = _BY_UNIT_KIND.get(reading.unit_kind, 0.5)
    if reading.unit in _INCIDENTAL_UNITS:
        score -= 0.2
    if reading.scaled:
        score += 0.04
    if reading.qualifier != "exact":
        score += 0.03
    if reading.spelled:
        score -= 0.1
    if reading.vague:
        score -= 0.1
    if reading.parenthesized:
        score -= 0.1
    if framing.subject is not None:
        score += 0.03
    if framing.period is not None:
        score += 0.02
    return round(min(0.98, max(0.05, score)), 3)
