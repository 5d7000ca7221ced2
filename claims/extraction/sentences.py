"""Paragraphs and sentences of an article, found lazily around the places the engine reads.

A sentence ends at `.`, `!`, `?` or `…` (with any closing marks after it) followed by a space and
an upper-case letter, a digit or an opening mark; never inside a quote, never after an
abbreviation of the pack or a single initial ("John F. Kennedy").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claims.extraction.quote_scan import QuoteSpan

# No sentence of real prose is this long (the eval texts' longest holding a quote: 889).
SENTENCE_CHARS_MAX = 4000

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*[ \t\u00a0\u202f]+(?=[^\s])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


def paragraph_at(text: str, position: int) -> Paragraph:
    """The paragraph (line) holding `position`."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return Paragraph(start, len(text) if end < 0 else end)


def paragraph_before(text: str, paragraph: Paragraph) -> Paragraph | None:
    """The nearest earlier paragraph that is not blank, or None."""
    end = paragraph.start - 1  # the newline ending the previous line
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            return Paragraph(start, end)
        end = start - 1
    return None


def sentences_split(
    text: str,
    paragraph: Paragraph,
    quotes: Sequence[QuoteSpan],
    abbreviations: frozenset[str],
) -> list[tuple[int, int]]:
    """Sentence ranges of one paragraph; `quotes` are the spans inside it, sorted."""
    bounds: list[tuple[int, int]] = []
    sentence_start = paragraph.start
    quote_index = 0
    for match in _BOUNDARY.finditer(text, paragraph.start, paragraph.end):
        stop, following = match.start(), match.end()
        while quote_index < len(quotes) and quotes[quote_index].outer_end <= stop:
            quote_index += 1
        if quote_index < len(quotes):
            span = quotes[quote_index]
            if span.open_at < stop and (span.close_at < 0 or following <= span.close_at):
                continue  # punctuation inside a quote ends no sentence of the frame
        if not _starts_sentence(text[following]):
            continue
        if text[stop] == "." and _abbreviation_before(text, sentence_start, stop, abbreviations):
            continue
        bounds.extend(_long_sentence_cut(text, sentence_start, following, quotes))
        sentence_start = following
    if sentence_start < paragraph.end:
        bounds.extend(_long_sentence_cut(text, sentence_start, paragraph.end, quotes))
    return bounds


def _long_sentence_cut(
    text: str, start: int, end: int, quotes: Sequence[QuoteSpan]
) -> list[tuple[int, int]]:
    """`text[start:end]` as one sentence, or cut in pieces when longer than any sentence.

    A paragraph without a full stop would otherwise be one sentence, tokenised whole for each
    of its quotes' readings and held in memory at once. Pieces end at a space outside quotes.
    """
    pieces = []
    opens = [span.open_at for span in quotes] if end - start > SENTENCE_CHARS_MAX else []
    while end - start > SENTENCE_CHARS_MAX:
        cut = text.rfind(" ", start + 1, start + SENTENCE_CHARS_MAX)
        if cut < 0:
            cut = start + SENTENCE_CHARS_MAX
        holder = bisect.bisect_left(opens, cut) - 1  # the last quote opened before the cut
        if holder >= 0 and cut < quotes[holder].outer_end:
            span = quotes[holder]  # the cut falls inside this quote: cut before it, or after
            cut = span.open_at if span.open_at > start else span.outer_end
        if cut >= end:
            break
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in "\"'“‘„«»‚(["


def _abbreviation_before(text: str, start: int, stop: int, abbreviations: frozenset[str]) -> bool:
    match = _WORD_BEFORE.search(text, max(start, stop - 12), stop)
    if match is None:
        return False
    word = match.group(1)
    last = word.rsplit(".", 1)[-1] if "." in word else word
    if len(last) == 1 and last.isupper():
        return True  # an initial: "John F. Kennedy", "U.S."
    return word in abbreviations or last in abbreviations
