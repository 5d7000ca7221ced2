"""Split a stretch of text into word, punctuation and quote tokens.

A quoted span (marks included) becomes one `quote` token, so that the rules reading the words
around a quote never look inside another quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claims.extraction.quote_scan import QuoteSpan

# A word: letters or digits, with inner hyphens, apostrophes and dots ("Kassym-Jomart", "U.S",
# "Jakarta's"). The possessive quantifier keeps the match linear.
_TOKEN = re.compile(r"\w+(?:[’'\-‐.]\w+)*+|[^\w\s]")

WORD = "word"
PUNCT = "punct"
QUOTE = "quote"


# Not frozen: a frozen dataclass costs four times as much to create, and the engine makes one
# token per word it reads. Nothing changes a token once made.
@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # WORD, PUNCT or QUOTE
    lower: str  # `text` in lower case, made once: the rules look words up by it again and again
    quote: int = -1  # for a QUOTE token: index of its span in the engine's quote list

    @property
    def capitalized(self) -> bool:
        return self.kind == WORD and self.text[0].isupper()


def tokens_split(
    text: str, start: int, end: int, quotes: Sequence[tuple[int, QuoteSpan]] = ()
) -> list[Token]:
    """Tokens of `text[start:end]`; each `(index, span)` in `quotes` becomes one QUOTE token."""
    tokens: list[Token] = []
    cursor = start
    for index, span in quotes:
        outer_start, outer_end = span.open_at, span.outer_end
        if outer_end <= cursor or outer_start >= end:
            continue
        _words_add(text, cursor, max(cursor, outer_start), tokens)
        quoted = text[outer_start:outer_end]
        tokens.append(Token(quoted, outer_start, outer_end, QUOTE, quoted.lower(), index))
        cursor = max(cursor, outer_end)
    _words_add(text, cursor, end, tokens)
    return tokens


def _words_add(text: str, start: int, end: int, tokens: list[Token]) -> None:
    append = tokens.append  # bound once: the loop runs for every word of the sentence
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        first = word[0]
        kind = WORD if first.isalnum() or first == "_" else PUNCT
        append(Token(word, match.start(), match.end(), kind, word.lower()))
