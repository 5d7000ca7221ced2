"""What a figure is about: its subject, its period and whether it is actual, a target or a forecast.

All three come from the clause around the figure, bounded by the neighbouring figures, so that in
"28 billion in 2023, 20 billion in the first 9 months of 2024" each figure gets its own period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.figures.figure import FigureReading
from claims.extraction.figures.lexicon import FigureLexicon
from claims.extraction.figures.phrases import phrase_key

# How far a clause may reach from its figure.
CLAUSE_REACH = 160
SENTENCE_REACH = 250

# Clause and sentence ends, on reversed text: a mark not followed (in the text) by a digit.
# Each pattern opens with its marks, which the regex engine scans for in one step.
_CLAUSE_END_REVERSED = re.compile(r"[.,!?;:\n](?<!\d[.,])")
_SENTENCE_END_REVERSED = re.compile(r"[.!?\n](?<!\d\.)")
_CLAUSE_END = re.compile(r"[.,!?;:\n](?!(?<=[.,])\d)")
# A year: four digits from 1900 to 2099 that are not part of a longer number or a date.
_YEAR = re.compile(r"(?:19|20)\d\d(?![\d/]|[.,]\d)")
_NUMBER_MARKS = frozenset("0123456789.,/")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*|\d\S*|[^\w\s]")


@dataclass(slots=True)
class Framing:
    subject: str | None
    period: str | None
    kind: str


def figure_frame(
    text: str, reading: FigureReading, lexicon: FigureLexicon, previous_end: int, next_start: int
) -> Framing:
    """Subject, period and kind of `reading`, looking no further than its neighbours."""
    start = reading.start
    # One reversed window serves to find both the clause's and the sentence's start.
    low = max(0, start - SENTENCE_REACH)
    before = text[low:start][::-1]
    mark = _CLAUSE_END_REVERSED.search(before, 0, CLAUSE_REACH)
    clause_start = max(previous_end, start - mark.start() if mark else max(0, start - CLAUSE_REACH))
    high = min(len(text), reading.end + CLAUSE_REACH)
    mark = _CLAUSE_END.search(text, reading.end, high)
    clause_end = min(next_start, mark.start() if mark else high)
    # Every period is anchored on a year; most clauses name none.
    period = None
    if _YEAR.search(text, clause_start, clause_end) is not None:
        period = _period_near(text, reading, lexicon, clause_start, clause_end)
    if period is None:
        mark = _SENTENCE_END_REVERSED.search(before)
        sentence_start = max(previous_end, start - mark.start() if mark else low)
        if sentence_start < clause_start:
            period = _period_last(text, lexicon, sentence_start, clause_start)
    subject = None
    if lexicon.subject_verbs is not None:
        subject = _subject(text, lexicon, clause_start, start)
    return Framing(subject, period, _kind(text, lexicon, clause_start, clause_end))


def _years(text: str, low: int, high: int) -> list[re.Match[str]]:
    if _YEAR.search(text, low, high) is None:  # most clauses name no year
        return []
    return [
        found
        for found in _YEAR.finditer(text, low, high)
        if not found.start() or text[found.start() - 1] not in _NUMBER_MARKS
    ]


def _period_of(text: str, year: re.Match[str], lexicon: FigureLexicon) -> tuple[int, str]:
    """(start, period) of a year and the month and "through" that may stand before it."""
    value = year.group()
    rev = text[max(0, year.start() - 40) : year.start()][::-1]
    month = lexicon.months_before.match(rev, 0)
    if month is None:
        return year.start(), value
    through = lexicon.year_to_date_before.match(rev, month[1])
    if through is not None:
        return year.start() - through[1], f"{value}-01/{value}-{month[2]:02d}"
    return year.start() - month[1], f"{value}-{month[2]:02d}"


def _first_months_period(
    text: str, lexicon: FigureLexicon, low: int, high: int
) -> tuple[int, str] | None:
    """ "the first 9 months of 2024" → (position, "2024-01/2024-09")."""
    if lexicon.first_months is None:
        return None
    clause = text[low:high].casefold()
    for word in lexicon.first_months_words:
        if word not in clause:
            return None
    for found in lexicon.first_months.finditer(text, low, high):
        count = next((v for k, v in found.groupdict().items() if v and k.startswith("n")), None)
        if count is None:
            continue
        months = int(count) if count.isdigit() else lexicon.words.get(phrase_key(count))
        year = next(iter(_years(text, found.end(), min(high, found.end() + 30))), None)
        if months is None or year is None or not 1 <= int(months) <= 12:
            continue
        value = year.group()
        return found.start(), f"{value}-01/{value}-{int(months):02d}"
    return None


def _period_near(
    text: str, reading: FigureReading, lexicon: FigureLexicon, low: int, high: int
) -> str | None:
    best: tuple[int, str] | None = None
    months = _first_months_period(text, lexicon, low, high)
    for year in _years(text, low, high):
        if reading.start <= year.start() < reading.end:
            continue
        if months is not None and 0 <= year.start() - months[0] < 40:
            continue
        start, period = _period_of(text, year, lexicon)
        distance = min(abs(start - reading.end), abs(reading.start - year.end()))
        if best is None or distance < best[0]:
            best = (distance, period)
    if months is not None:
        distance = abs(reading.start - months[0])
        if best is None or distance <= best[0]:
            best = (distance, months[1])
    return best[1] if best else None


def _period_last(text: str, lexicon: FigureLexicon, low: int, high: int) -> str | None:
    last = None
    for year in _years(text, low, high):
        last = _period_of(text, year, lexicon)[1]
    return last


def _kind(text: str, lexicon: FigureLexicon, low: int, high: int) -> str:
    if lexicon.kind_cues is None:
        return "actual"
    # The last cue of the clause says; a cue is always a key of `kinds`.
    found = lexicon.kind_cues.last(text, low, high)
    if found is None:
        return "actual"
    return lexicon.kinds.get(phrase_key(found.group("w")), "actual")


def _subject(text: str, lexicon: FigureLexicon, low: int, high: int) -> str | None:
    """The words before the clause's last subject verb: "omzet perdagangan (pada 2023) mencapai"."""
    if lexicon.subject_verbs is None:
        return None
    verb = lexicon.subject_verbs.last(text, low, high)
    if verb is None:
        return None
    words: list[str] = _WORD.findall(text, low, verb.start("w"))
    subject: list[str] = []
    for word in reversed(words):
        key = word.casefold()  # a token holds no blank: its phrase key
        if not subject and (
            key in lexicon.period_words or word[0].isdigit() or word in lexicon.months
        ):
            continue
        if not word[0].isalpha() or key in lexicon.count_stopwords or key in lexicon.period_words:
            break
        subject.append(word)
        if len(subject) == 4:
            break
    return " ".join(reversed(subject)) or None
