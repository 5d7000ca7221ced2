"""What stands before a number: a minus sign, a currency sign, a qualifier and the previous word.

Phrases before a number are matched on the reversed left context, so that they too are
anchored at one position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.figures.lexicon import FigureLexicon, before_bit

# How far before a number its qualifier, currency sign and previous word are looked for.
LEFT_REACH = 80

# The previous word, on reversed text: "words" read "sdrow".
_PREVIOUS_WORD = re.compile(r"[^\S\n]*(\.?[^\W\d_]+(?:['’\-][^\W\d_]+)*)")
_SENTENCE_OPENERS = frozenset(".!?:;\"“”„«»‘’'([—–•*\n")
_MINUS_SIGNS = frozenset("-−")
_SPACES = " \t\u00a0\u202f"

_CURRENCY = before_bit("currency_prefixes")
_QUALIFIER = before_bit("qualifiers_before")
_FILLER = before_bit("qualifier_fillers")


# Not frozen: a frozen dataclass costs five times as much to create, and one is made per number.
@dataclass(slots=True)
class Before:
    """What stands before a number."""

    edge: int  # where the surface starts: the sign, currency sign or qualifier
    negative: bool
    currency: str | None
    qualifier: str | None
    previous: str  # the word right before the number (or before its currency sign), as written
    previous_key: str  # that word case folded, without an elided article ("l'articolo")
    previous_initial: bool  # that word opens a sentence
    attached_letter: bool  # a letter touches the number and is no currency sign


def before_read(text: str, start: int, lx: FigureLexicon) -> Before:
    """What stands before the number at `start`."""
    low = max(0, start - LEFT_REACH)
    rev = text[low:start][::-1]
    pos = 0
    negative = False
    first = rev[:1]
    if first in _MINUS_SIGNS and (len(rev) == 1 or not rev[1].isalnum()):
        negative = True
        pos = 1
    edge = start - pos
    mask = lx.before.at(rev, pos)
    currency = None
    sign = lx.currency_prefixes.match(rev, pos) if mask & _CURRENCY else None
    if sign is not None:
        currency = sign[2]
        pos = sign[1]
        edge = start - pos
        if rev[pos : pos + 1] in _MINUS_SIGNS and not negative:
            negative = True
            pos += 1
            edge = start - pos
        mask = lx.before.at(rev, pos)
    attached_letter = sign is None and bool(first) and (first.isalpha() or first == "_")
    previous, previous_initial = "", low == 0 and not rev[pos:].strip()
    word = _PREVIOUS_WORD.match(rev, pos)
    if word is not None:
        previous = word.group(1)[::-1]
        previous_initial = _opens_sentence(rev, word.end(1), reached_start=low == 0)
    elif rev[pos:].strip():
        previous_initial = rev[pos:].lstrip(_SPACES)[:1] in _SENTENCE_OPENERS
    qualifier = None
    said = lx.qualifiers_before.match(rev, pos) if mask & _QUALIFIER else None
    if said is None and mask & _FILLER:
        filler = lx.qualifier_fillers.match(rev, pos)
        if filler is not None:
            said = lx.qualifiers_before.match(rev, filler[1])
    if said is not None:
        qualifier = said[2]
        edge = start - said[1]
    return Before(
        edge,
        negative,
        currency,
        qualifier,
        previous,
        word_key(previous),
        previous_initial,
        attached_letter,
    )


def word_key(word: str) -> str:
    """The lookup key of a word, without an elided article ("l'articolo" -> "articolo")."""
    key = word.casefold()
    if "'" in key or "’" in key:
        for mark in "'’":
            if mark in key:
                key = key.rsplit(mark, 1)[-1]
    return key


def _opens_sentence(rev: str, pos: int, reached_start: bool) -> bool:
    rest = rev[pos:].lstrip(_SPACES)
    if not rest:
        return reached_start
    return rest[0] in _SENTENCE_OPENERS
