"""What follows a number: scale words, a range's upper end, a currency or unit, a counted noun.

Each reader starts at a position after the number. `mask` arguments are the bits of
`FigureLexicon.after` at that position: which phrase tables may match there.
"""

from __future__ import annotations

import re
from decimal import Decimal

from claims.extraction.figures.before import Before
from claims.extraction.figures.digits import DIGIT_RUN, digit_run_trim, digits_value
from claims.extraction.figures.lexicon import FigureLexicon, after_bit

# What may follow a number, as bits of `FigureLexicon.after`.
TIME_BIT = after_bit("time_suffixes")
YEAR_SUFFIX_BIT = after_bit("year_suffixes")
SCALE_BIT = after_bit("scales")
MONEY_SCALE_BIT = after_bit("money_scales")
VAGUE_JOINER_BIT = after_bit("vague_joiners")
RANGE_BITS = after_bit("range_joiners") | after_bit("range_pair_joiners")
CURRENCY_BIT = after_bit("currencies")
MONEY_BITS = CURRENCY_BIT | after_bit("currency_joiners") | after_bit("scale_currencies")
POINT_BIT = after_bit("point_units")
PERCENT_BIT = after_bit("percents")
UNIT_BIT = after_bit("units")
UNIT_BITS = MONEY_BITS | POINT_BIT | PERCENT_BIT | UNIT_BIT
QUALIFIER_BIT = after_bit("qualifiers_after")
DATE_BITS = after_bit("date_joiners") | after_bit("months_after")
ORDINAL_BIT = after_bit("ordinal_suffixes")
FRACTION_BIT = after_bit("fraction_words")
CHANGE_BIT = after_bit("change_joiners")

RANGE_DASHES = frozenset({"-", "–", "—"})
# A lower end this large is written in full ("from $300,000 to $2 million"): it takes no scale
# from the upper end, as "2.1" of "from 2.1 to 2.6 million" does.
_FULL_LOWER_END = Decimal(1000)
_BLANKS = " \t\u00a0\u202f"
NEXT_WORD = re.compile(r"[^\S\n]*([^\W\d_][^\W_]*(?:['’\-][^\W\d_]+)*)")
# The same after digits, where a hyphen may join them ("a 2,000-page bill"; "a four-way race"
# names no four things).
_NEXT_WORD_OR_JOINED = re.compile(r"(?:[^\S\n]*|-)([^\W\d_][^\W_]*(?:['’\-][^\W\d_]+)*)")
# The smaller number of a score written with a word: "won 3 to 1", "venceu por 3 a 1".
_SCORE_AFTER_WORD = re.compile(r"[^\S\n]+\d{1,2}(?![\d%]|[.,]\d)")
# Between a change's joiner and its upper end: blanks, and perhaps a currency sign ("to US$2.6").
_TO_UPPER_END = re.compile(r"[^\S\n]*(?:[^\d\s]{1,4}[^\S\n]*)?(?=\d)")


def unit_read(
    text: str,
    pos: int,
    currency: str | None,
    scale: Decimal | None,
    lx: FigureLexicon,
    mask: int,
) -> tuple[str, str, int]:
    """(unit kind, unit, end) of what follows a number: a currency, percent, point or unit.

    `mask` says which tables may match at `pos` (`FigureLexicon.after`).
    """
    if mask & MONEY_BITS:
        found = lx.currencies.read(text, pos) if mask & CURRENCY_BIT else None
        if found is None and scale is not None:
            joiner = lx.currency_joiners.match(text, pos)
            at = joiner[1] if joiner is not None else pos
            found = lx.currencies.match(text, at) or lx.scale_currencies.match(text, at)
        if found is not None:
            return "currency", found[2], found[1]
    if currency is not None:
        return "currency", currency, pos
    if mask & POINT_BIT:
        point = lx.point_units.read(text, pos)
        if point is not None:
            return "point", point[2], point[1]
    if mask & PERCENT_BIT:
        percent = lx.percents.read(text, pos)
        if percent is not None:
            return "percent", "percent", percent[1]
    if mask & UNIT_BIT:
        measure = lx.units.read(text, pos)
        if measure is not None:
            return "measure", measure[2], measure[1]
    return "bare", "count", pos


def scales_read(text: str, pos: int, lx: FigureLexicon) -> tuple[Decimal | None, int]:
    """Scale words after a number, multiplied: "28 miliar", "2 mil millones"."""
    product: Decimal | None = None
    for _ in range(3):
        found = lx.scales.match(text, pos)
        if found is None:
            break
        product = (product or Decimal(1)) * found[2]
        pos = found[1]
    return product, pos


def range_read(
    text: str,
    pos: int,
    low: Decimal,
    low_scale: Decimal | None,
    left: Before,
    lx: FigureLexicon,
    *,
    dashes_only: bool,
) -> tuple[Decimal, Decimal | None, str, int] | None:
    """The upper end of a range after `pos`: (value, scale, digits, end), or None.

    `low` and `low_scale` are the lower end, `left` what stands before it; with `dashes_only`,
    only a dash may join the two ends ("5%-7%").
    """
    joiner = _range_joiner(text, pos, left.previous_key, lx, dashes_only)
    if joiner is None:
        return None
    at = _upper_end_start(text, pos, joiner, left, lx)
    if at is None:
        return None
    found = DIGIT_RUN.match(text, at)
    if found is None:
        return None
    run = digit_run_trim(found.group())
    high = digits_value(run, lx.decimal_mark)
    if high is None:
        return None
    end = at + len(run)
    if (
        end < len(text)
        and text[end].isalpha()
        and lx.scales.match(text, end) is None
        and lx.units.match(text, end) is None
        and lx.percents.match(text, end) is None
    ):
        return None
    scale, after = _upper_scale_read(text, end, left, lx)
    # The lower end takes the upper end's scale when it has none: "2-3 juta".
    if high * (scale or 1) <= low * (low_scale or lower_scale(low, scale) or 1):
        return None
    return high, scale, run, after


def lower_scale(low: Decimal, upper_scale: Decimal | None) -> Decimal | None:
    """The scale a range's or a change's lower end takes from its upper end: "2.1" of "from
    2.1 to 2.6 million" is millions, "$300,000" of "from $300,000 to $2 million" is not."""
    return upper_scale if abs(low) < _FULL_LOWER_END else None


def _range_joiner(
    text: str, pos: int, previous_key: str, lx: FigureLexicon, dashes_only: bool
) -> tuple[int, int, str] | None:
    """The joiner of a range's two ends at `pos` ("-", "to", "and" after "between"), or None;
    None too for the joiner of a change, which gives two figures ("from 5 to 7")."""
    joiner = lx.range_joiners.match(text, pos)
    if joiner is not None and dashes_only and text[joiner[0] : joiner[1]] not in RANGE_DASHES:
        joiner = None
    if joiner is not None:
        if previous_key in lx.change_openers and text[joiner[0] : joiner[1]] not in RANGE_DASHES:
            return None
        return joiner
    if previous_key in lx.range_openers:
        return lx.range_pair_joiners.match(text, pos)
    return None


def _upper_end_start(
    text: str, pos: int, joiner: tuple[int, int, str], left: Before, lx: FigureLexicon
) -> int | None:
    """Where the digits of a range's upper end may start after `joiner`: past blanks, the word
    after a suspended hyphen and a currency sign repeated from the lower end; None for a
    change."""
    at = _blanks_skip(text, joiner[1])
    if joiner[0] == pos and text[pos:at].rstrip() in RANGE_DASHES:
        suspended = _suspended_hyphen_skip(text, at, left.previous_key, lx)
        if suspended is None:
            return None
        at = suspended
    sign = lx.currencies.match(text, at) or lx.currency_prefixes_ahead.match(text, at)
    if sign is not None and left.currency is not None and sign[2] == left.currency:
        at = _blanks_skip(text, sign[1])
    return at


def _suspended_hyphen_skip(text: str, at: int, previous_key: str, lx: FigureLexicon) -> int | None:
    """Past the word joiner after a suspended hyphen ("8- to 16-meter", "320- bis 640-mal"), or
    `at` when none follows; None when it joins a change ("from 8- to 16-meter")."""
    word = lx.range_joiners.match(text, at)
    if word is None and previous_key in lx.range_openers:
        word = lx.range_pair_joiners.match(text, at)
    if word is None or text[word[0] : word[1]] in RANGE_DASHES:
        return at
    if previous_key in lx.change_openers:
        return None
    return _blanks_skip(text, word[1])


def _upper_scale_read(
    text: str, end: int, left: Before, lx: FigureLexicon
) -> tuple[Decimal | None, int]:
    """The scale after a range's upper end and where it ends; after a currency sign, a money
    scale too ("Rp 1-2 T")."""
    scale, after = scales_read(text, end, lx)
    if scale is None and left.currency is not None:
        money = lx.money_scales.match(text, end)
        if money is not None:
            return money[2], money[1]
    return scale, after


def _blanks_skip(text: str, at: int) -> int:
    """Past the blanks of the line (spaces, tabs, no-break spaces) from `at`."""
    while at < len(text) and text[at] in _BLANKS:
        at += 1
    return at


def change_upper_read(
    text: str, pos: int, lx: FigureLexicon
) -> tuple[Decimal | None, str, str] | None:
    """The scale, unit kind and unit after the upper end of a change ("to 2.6 million"), when
    a word joins it ("from 5 - 7" would be a range); None when no number follows the joiner."""
    joiner = lx.change_joiners.match(text, pos) or lx.range_joiners.match(text, pos)
    if joiner is None or text[joiner[0] : joiner[1]] in RANGE_DASHES:
        return None
    gap = _TO_UPPER_END.match(text, joiner[1])
    found = DIGIT_RUN.match(text, gap.end()) if gap is not None else None
    if found is None:
        return None
    end = found.start() + len(digit_run_trim(found.group()))
    scale, after = scales_read(text, end, lx)
    unit_kind, unit, _ = unit_read(text, after, None, scale, lx, lx.after.at(text, after))
    return scale, unit_kind, unit


def word_score_end(text: str, pos: int, value: Decimal, lx: FigureLexicon) -> int | None:
    """The end of a score's smaller number after a word joiner ("3 to 1"), or None."""
    joiner = lx.range_joiners.read(text, pos)
    if joiner is None or text[joiner[0] : joiner[1]] in RANGE_DASHES:
        return None
    second = _SCORE_AFTER_WORD.match(text, joiner[1])
    if second is None or int(second.group()) > value:
        return None
    return second.end()


def vague_scale_read(text: str, pos: int, lx: FigureLexicon) -> tuple[Decimal | None, int]:
    """ "tens of thousands", "hundreds of millions": a scale or a second vague word."""
    joiner = lx.vague_joiners.match(text, pos)
    if joiner is not None:
        scale, after = scales_read(text, joiner[1], lx)
        if scale is None:
            more = lx.vague.match(text, joiner[1])
            if more is not None:
                scale, after = more[2], more[1]
        if scale is not None:
            return scale, after
    return None, pos


def counted_noun_end(
    text: str, pos: int, lx: FigureLexicon, mask: int, spelled: bool = False
) -> int | None:
    """The end of the counted noun after a figure ("300 kontrak"), or None.

    `mask` says which phrase tables may match at `pos`; after a `spelled` number the noun
    stands apart."""
    found = (NEXT_WORD if spelled else _NEXT_WORD_OR_JOINED).match(text, pos)
    if found is None:
        return None
    word = found.group(1)
    # "enam CCTV", "300 ASN": an acronym is a noun too.
    acronym = len(word) > 1 and word.isupper()
    if not (word[0].islower() or lx.nouns_capitalized or acronym):
        return None
    if word.casefold() in lx.count_modifiers:
        # "the six new plants", "nine other staff": the noun follows the modifier.
        noun = NEXT_WORD.match(text, found.end(1))
        if noun is None or not (noun.group(1)[0].islower() or lx.nouns_capitalized):
            return None
        if noun.group(1).casefold() in lx.count_stopwords:
            return None
        return noun.end(1)
    if word.casefold() in lx.count_stopwords or word in lx.months:
        return None
    if lx.verb_endings and word.endswith(lx.verb_endings):
        return None
    if mask & QUALIFIER_BIT and lx.qualifiers_after.read(text, pos) is not None:
        return None
    return found.end(1)
