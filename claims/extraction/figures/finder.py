"""Finding every numeric claim of a text: the figure reader run at each number, then framed."""

from __future__ import annotations

from decimal import Decimal

from claims.extraction.candidates import NumericClaimCandidate
from claims.extraction.figures.anchors import anchors_find
from claims.extraction.figures.confidence import figure_confidence
from claims.extraction.figures.convention import document_decimal_mark
from claims.extraction.figures.figure import FigureReading
from claims.extraction.figures.framing import figure_frame
from claims.extraction.figures.lexicon import FigureLexicon, figure_lexicon
from claims.extraction.figures.phrases import phrase_key
from claims.extraction.figures.reading import figure_read
from claims.extraction.figures.touching import word_end
from claims.extraction.packs import LanguagePack

# The longest gap between two numbers of a label's list: ", and ", " atau ".
_LIST_GAP_CHARS = 12
# How far before a number its label is looked for ("Pasal ", "sections ").
_LABEL_CHARS = 16
_OPENING_MARKS = "\"'“‘„«‹([—–-"
# How many numbers, each one more than the last, make a counted list ("1, 2, 3").
_LIST_NUMBERS_MIN = 3


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
    listed = -1  # the end of a label's number whose list may go on ("Pasal 310 dan 311")
    for start, kind in anchors_find(text, lexicon.anchors):
        if start < resume:
            continue
        if listed >= 0 and kind == "digits" and _list_goes_on(text, listed, start, lexicon):
            resume = listed = word_end(text, start)
            continue
        listed = -1
        reading, resume = figure_read(text, start, lexicon, kind)
        if resume <= start:
            resume = start + 1
        if reading is None and kind == "digits" and _labelled(text, start, lexicon):
            listed = word_end(text, start)
        if reading is not None:
            if readings and reading.start < readings[-1].end:
                continue  # a qualifier reaching back into the previous figure
            readings.append(reading)
    claims: list[NumericClaimCandidate] = []
    if readings:
        readings = _list_numbers_drop(text, _compounds_join(text, readings, lexicon), lexicon)
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


def _labelled(text: str, start: int, lexicon: FigureLexicon) -> bool:
    """The number at `start` follows a label: "Pasal 310", "article 5"."""
    before = text[start - _LABEL_CHARS if start > _LABEL_CHARS else 0 : start].split()
    if not before:
        return False
    key = before[-1].casefold().lstrip(_OPENING_MARKS)  # '"Pasal 310'
    return key in lexicon.labels or key.rstrip(".") in lexicon.labels


def _list_goes_on(text: str, end: int, start: int, lexicon: FigureLexicon) -> bool:
    """Only a list's comma or joiner stands between a label's number ending at `end` and the
    number at `start`: "Pasal 27A, 32, dan 35" names three articles, no figure."""
    if start - end > _LIST_GAP_CHARS:
        return False
    gap = lexicon.list_gap.match(text, end, start)
    return gap is not None and gap.end() == start


def _list_numbers_drop(
    text: str, readings: list[FigureReading], lexicon: FigureLexicon
) -> list[FigureReading]:
    """Readings without the numbers of a counted list ("1, 2, 3", "steps 4, 5 and 6"): three
    or more whole numbers, each one more than the last, joined by commas or "and"."""
    kept: list[FigureReading] = []
    run: list[FigureReading] = []
    for reading in readings:
        if run and not _list_follows(text, run[-1], reading, lexicon):
            _list_flush(run, kept)
            run = []
        if reading.unit_kind in ("bare", "count") and not reading.spelled:
            run.append(reading)
        else:
            _list_flush(run, kept)
            run = []
            kept.append(reading)
    _list_flush(run, kept)
    return kept


def _list_follows(
    text: str, last: FigureReading, reading: FigureReading, lexicon: FigureLexicon
) -> bool:
    if last.unit_kind != "bare" or reading.value != last.value + 1:
        return False
    if reading.start - last.end > _LIST_GAP_CHARS:
        return False
    gap = lexicon.list_gap.match(text, last.end, reading.start)
    return gap is not None and gap.end() == reading.start


def _list_flush(run: list[FigureReading], kept: list[FigureReading]) -> None:
    """Keep the readings of `run` unless they are a counted list."""
    listed = len(run) >= _LIST_NUMBERS_MIN and all(
        reading.value == reading.value.to_integral_value() for reading in run
    )
    if not listed:
        kept.extend(run)


def _compounds_join(
    text: str, readings: list[FigureReading], lexicon: FigureLexicon
) -> list[FigureReading]:
    """Readings with each figure written in two units made one: "1 tahun 6 bulan" (18 months),
    "7 dollars 25 cents" (7.25 dollars)."""
    joined: list[FigureReading] = []
    for reading in readings:
        previous = joined[-1] if joined else None
        if previous is not None and _joinable(text, previous, reading, lexicon):
            joined[-1] = _joined(text, previous, reading, lexicon)
        else:
            joined.append(reading)
    return joined


def _joinable(
    text: str, larger: FigureReading, smaller: FigureReading, lexicon: FigureLexicon
) -> bool:
    if larger.value_max is not None or smaller.value_max is not None:
        return False
    if smaller.qualifier != "exact" or smaller.start - larger.end > _LIST_GAP_CHARS:
        return False
    between = text[larger.end : smaller.start]
    if larger.unit_kind == "currency":
        # "7 dollars 25 cents", "7 dollars and 25 cents"
        if smaller.unit != "count" or _subunit(text, smaller, lexicon) is None:
            return False
        gap = lexicon.list_gap.match(text, larger.end, smaller.start)
        joined = gap is not None and gap.end() == smaller.start and "," not in between
        return joined or not between.strip()
    compound = lexicon.compound_units.get(larger.unit)
    if compound is None or compound[0] != smaller.unit or smaller.value >= compound[1]:
        return False
    return not between.strip()  # "1 tahun 6 bulan"; "21 years and six months" are two


def _joined(
    text: str, larger: FigureReading, smaller: FigureReading, lexicon: FigureLexicon
) -> FigureReading:
    if larger.unit_kind == "currency":
        count = _subunit(text, smaller, lexicon)
        assert count is not None
        value, unit, kind = larger.value + smaller.value / count, larger.unit, larger.unit_kind
    else:
        factor = lexicon.compound_units[larger.unit][1]
        value, unit, kind = larger.value * factor + smaller.value, smaller.unit, smaller.unit_kind
    return FigureReading(
        larger.start,
        smaller.end,
        value.normalize() if value != value.to_integral_value() else Decimal(int(value)),
        None,
        unit,
        kind,
        larger.qualifier,
        larger.spelled or smaller.spelled,
        False,
        False,
        larger.scaled,
        False,
    )


def _subunit(text: str, reading: FigureReading, lexicon: FigureLexicon) -> Decimal | None:
    """How many of the subunit a reading counts ("25 cents") make one unit, or None."""
    if not lexicon.subunits:
        return None
    words = text[reading.start : reading.end].split()
    return lexicon.subunits.get(phrase_key(words[-1])) if len(words) > 1 else None
