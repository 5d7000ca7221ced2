"""Reading spelled-out numbers: "twenty-one", "a hundred and two", "dua puluh lima ribu"."""

from __future__ import annotations

import re
from decimal import Decimal

from claims.extraction.figures.lexicon import FigureLexicon
from claims.extraction.figures.phrases import phrase_key

_TOKEN = re.compile(r"[^\s\-]+")


def spelled_value(phrase: str, lexicon: FigureLexicon) -> Decimal | None:
    """The value of a phrase of number words, or None when a word is not a number word.

    Small numbers add up ("twenty-one"); a multiplier scales the last small number
    ("dua puluh" = 20, "two hundred"); a teen suffix adds ten ("dua belas" = 12); a scale word
    closes a group ("two thousand five hundred"), and a larger scale after a smaller one scales
    everything before it ("tres mil millones" = 3 000 000 000).
    """
    total = Decimal(0)
    group = Decimal(0)
    last = Decimal(0)
    last_scale: Decimal | None = None
    seen = False
    for token in _TOKEN.findall(phrase):
        key = phrase_key(token)
        if key in lexicon.word_joiners:
            continue
        if key in lexicon.words:
            value = lexicon.words[key]
            if value >= 1000:
                total, group, last_scale = _scale(total, group, value, last_scale, implicit=True)
                last = Decimal(0)
            else:
                group += value
                last = value
        elif key in lexicon.word_multipliers:
            factor = lexicon.word_multipliers[key]
            base = last if last else Decimal(1)
            group = group - last + base * factor
            last = Decimal(0)
        elif key in lexicon.word_teens:
            group += lexicon.word_teens[key]
            last = Decimal(0)
        else:
            scale = lexicon.scales.lookup(token)
            if scale is None:
                return None
            total, group, last_scale = _scale(total, group, scale, last_scale, implicit=False)
            last = Decimal(0)
        seen = True
    if not seen:
        return None
    return total + group


def _scale(
    total: Decimal,
    group: Decimal,
    scale: Decimal,
    last_scale: Decimal | None,
    *,
    implicit: bool,
) -> tuple[Decimal, Decimal, Decimal]:
    """Apply a scale word; an `implicit` word carries its own one ("seribu", "sejuta")."""
    if implicit:
        return total + group + scale, Decimal(0), scale
    if last_scale is not None and scale > last_scale:
        return (total + group) * scale, Decimal(0), scale
    return total + (group if group else Decimal(1)) * scale, Decimal(0), scale
