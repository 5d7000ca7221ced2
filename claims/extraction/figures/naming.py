"""Numbers that name rather than measure: years, labels ("Pasal 5", "Section 3") and parts of
names ("Windows 10"), as against figures a text claims."""

from __future__ import annotations

import re
from decimal import Decimal

from claims.extraction.figures.after import NEXT_WORD
from claims.extraction.figures.before import Before
from claims.extraction.figures.figure import FigureReading
from claims.extraction.figures.lexicon import PREVIOUS_WORD, FigureLexicon

_POSSESSIVES = ("'s", "’s")
# The word before the previous word, on reversed text.
_WORD_BEFORE_PREVIOUS = re.compile(rf"[^\S\n]*{PREVIOUS_WORD}[^\S\n]+({PREVIOUS_WORD})")


def is_claim(
    reading: FigureReading,
    run: str,
    second_run: str,
    left: Before,
    lx: FigureLexicon,
    text: str,
    start: int,
    end: int,
) -> bool:
    """False for numbers that name rather than measure: years, labels, parts of names.

    The number spans text[start:end]; `run` is its digits, `second_run` those of a range's
    upper end.
    """
    kind = reading.unit_kind
    measured = kind in ("currency", "percent", "point", "measure") or reading.scaled
    previous_key = left.previous_key
    if reading.fraction:
        return previous_key not in lx.word_determiners or not reading.spelled
    if reading.spelled and not reading.vague:
        if not measured and kind != "count" and abs(reading.value) < 10:
            return False  # "two" alone is a word of the sentence, "a hundred and two" a figure
        if abs(reading.value) < 2 and not measured and not (lx.one_counts and kind == "count"):
            return False  # "one of them"; but "satu tersangka" where the pack says so
        # "the two countries" names a pair already known, it claims nothing; "the six new
        # plants" counts what is new.
        modified = kind == "count" and text.count(" ", start, reading.end) >= 2
        return (
            previous_key not in lx.word_determiners or kind in ("currency", "percent") or modified
        )
    if reading.vague:
        return True
    labelled = previous_key in lx.labels or previous_key.rstrip(".") in lx.labels
    if labelled and kind not in ("currency", "percent"):
        return False  # "Pasal 5", "No. 13 Tahun 2003", "Section 3"
    if measured:
        return True
    if is_year(run, reading.value) and left.qualifier is None:
        return False
    if second_run and is_year(run, reading.value) and is_year(second_run, Decimal(second_run)):
        return False
    if kind == "bare" and reading.parenthesized:
        return False
    if kind in ("bare", "count") and left.qualifier is None and _name_before(left, lx, kind):
        return _after_place(text, start, end, left, lx)  # "Windows 10", "the FTSE 100 rose"
    return True


def _name_before(left: Before, lx: FigureLexicon, kind: str) -> bool:
    """The word before the number is a name the number belongs to: "Windows 10", "Voyager 2"
    before a bare number; before a counted one only an acronym or a brand ("FTSE 100",
    "iPhone 15"), for "Jakarta 300 warga" is no name."""
    previous = left.previous
    if not previous or left.previous_initial or previous.endswith(_POSSESSIVES):
        return False  # "to Romney's 206"
    if left.previous_key in lx.labels or not previous[1:2].isalpha():
        return False
    branded = (len(previous) > 1 and previous.isupper()) or (
        previous[0].islower() and any(char.isupper() for char in previous[1:])
    )
    return branded or (kind == "bare" and previous[0].isupper())


def _after_place(text: str, start: int, end: int, left: Before, lx: FigureLexicon) -> bool:
    """A number after a capitalised word that is a place, not part of a name with it:
    "in Francia 8 non hanno superato" (a preposition before, a verb or a word after)."""
    if not lx.place_openers:
        return False
    rev = text[max(0, start - len(left.previous) - 40) : start][::-1]
    before = _WORD_BEFORE_PREVIOUS.match(rev)
    if before is None or before.group(1)[::-1] not in lx.place_openers:
        return False
    following = NEXT_WORD.match(text, end)
    return following is not None and following.start(1) > end and following.group(1).islower()


def is_year(run: str, value: Decimal) -> bool:
    return len(run) == 4 and run.isdigit() and 1000 <= value <= 2100
