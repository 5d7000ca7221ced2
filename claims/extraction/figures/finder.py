"""Finding every numeric claim of a text: the figure reader run at each number, then framed."""

from __future__ import annotations

from claims.extraction.candidates import NumericClaimCandidate
from claims.extraction.figures.anchors import anchors_find
from claims.extraction.figures.confidence import figure_confidence
from claims.extraction.figures.convention import document_decimal_mark
from claims.extraction.figures.figure import FigureReading
from claims.extraction.figures.framing import figure_frame
from claims.extraction.figures.lexicon import figure_lexicon
from claims.extraction.figures.reading import figure_read
from claims.extraction.packs import LanguagePack


def numeric_claims_find(text: str, pack: LanguagePack) -> list[NumericClaimCandidate]:
    """The numeric claims of `text` in the language of `pack`, in text order.

    Never raises on any string; `surface == text[start:end]` for every claim; the speaker is
    left to the engine. Time is linear in the length of the text.
    """
    lexicon = figure_lexicon(pack)
    decimal_mark = document_decimal_mark(text, lexicon.decimal_mark)
    if decimal_mark != lexicon.decimal_mark:
        lexicon = figure_lexicon(pack, decimal_mark)
    readings: list[FigureReading] = []
    resume = 0
    for start, kind in anchors_find(text, lexicon.anchors):
        if start < resume:
            continue
        reading, resume = figure_read(text, start, lexicon, kind)
        if resume <= start:
            resume = start + 1
        if reading is not None:
            if readings and reading.start < readings[-1].end:
                continue  # a qualifier reaching back into the previous figure
            readings.append(reading)
    claims: list[NumericClaimCandidate] = []
    if not readings:
        return claims
    # Each figure's clause reaches no further than its neighbours.
    previous_ends = [0] + [reading.end for reading in readings[:-1]]
    next_starts = [reading.start for reading in readings[1:]] + [len(text)]
    for reading, previous_end, next_start in zip(readings, previous_ends, next_starts, strict=True):
        framing = figure_frame(text, reading, lexicon, previous_end, next_start)
        claims.append(
            NumericClaimCandidate(
                surface=text[reading.start : reading.end],
                start=reading.start,
                end=reading.end,
                value=reading.value,
                unit=reading.unit,
                qualifier=reading.qualifier,
                subject=framing.subject,
                period=framing.period,
                kind=framing.kind,
                speaker=None,
                confidence=figure_confidence(reading, framing),
                value_max=reading.value_max,
            )
        )
    return claims
