"""What stands before a number: a minus sign, a currency sign, a qualifier and the previous word.

Phrases before a number are matched on the reversed left context, so that they too are
anchored at one position.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.extraction.figures.lexicon import FigureLexicon

# How far before a number its qualifier, currency sign and previous word are looked for.
LEFT_REACH = 80

_SENTENCE_OPENERS = frozenset(".!?:;\"“”„«»‘’'([—–•*\n")
_SPACES = " \t\u00a0\u202f"


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
    low = start - LEFT_REACH if start > LEFT_REACH else 0
    rev = text[low:start][::-1]
    found = lx.before_context.match(rev)
    assert found is not None  # every part is optional
    pos = found.end()
    negative = found.group("m") is not None
    sign = found.group("c")
    currency = None
    if sign is not None:
        currency = lx.currency_prefixes.lookup(sign[::-1])
        if currency is None:  # a sign its table does not know: read on as if it were absent
            pos = 1 if negative else 0
            found = lx.before_words.match(rev, pos)
            assert found is not None
            sign = None
        elif found.group("n") is not None:
            negative = True
    first = rev[:1]
    attached_letter = sign is None and (first.isalpha() or first == "_")
    edge = start - pos
    word = found.group("w")
    if word is not None:
        previous = word[::-1]
        key = previous.casefold()
        if "'" in key or "’" in key:
            key = word_key(previous)
        # The word opens a sentence when a sentence mark (or the text's start) stands before it.
        opener = found.group("o")
        previous_initial = opener in _SENTENCE_OPENERS if opener else low == 0
    else:
        previous = key = ""
        rest = rev[pos:].lstrip(_SPACES)
        previous_initial = rest[0] in _SENTENCE_OPENERS if rest.strip() else low == 0
    qualifier = None
    said = found.group("q")
    if said is not None:
        qualifier = lx.qualifiers_before.lookup(said[::-1])
        if qualifier is not None:
            edge = start - found.end("q")
    filler = found.group("f") if qualifier is None else None
    if filler is not None and lx.qualifier_fillers.lookup(filler[::-1]) is not None:
        qualifier = lx.qualifiers_before.lookup(found.group("g")[::-1])
        if qualifier is not None:
            edge = start - found.end("g")
    return Before(
        edge, negative, currency, qualifier, previous, key, previous_initial, attached_letter
    )


def word_key(word: str) -> str:
    """The lookup key of a word, without an elided article ("l'articolo" -> "articolo")."""
    key = word.casefold()
    if "'" in key or "’" in key:
        for mark in "'’":
            if mark in key:
                key = key.rsplit(mark, 1)[-1]
    return key
