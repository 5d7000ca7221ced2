"""Reading one figure at a position: the number, what stands before it and what follows it.

`figure_read` looks at a number (digits or number words) and its neighbours: a qualifier and a
currency sign before it; a range, scale words, a currency, a percent sign, a unit, a counted noun
after it. It also says when the number is no claim at all: a date, a year, a clock time, an
ordinal, a label ("Pasal 5"), a part of a name or an identifier.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from claims.extraction.figures.after import (
    CHANGE_BIT,
    CURRENCY_BIT,
    DATE_BITS,
    FRACTION_BIT,
    MONEY_SCALE_BIT,
    NEXT_WORD,
    ORDINAL_BIT,
    PERCENT_BIT,
    QUALIFIER_BIT,
    RANGE_BITS,
    SCALE_BIT,
    TIME_BIT,
    UNIT_BIT,
    UNIT_BITS,
    VAGUE_JOINER_BIT,
    YEAR_SUFFIX_BIT,
    change_upper_read,
    counted_noun_end,
    lower_scale,
    range_read,
    scales_read,
    unit_read,
    vague_scale_read,
    word_score_end,
)
from claims.extraction.figures.before import Before, before_read
from claims.extraction.figures.digits import DIGIT_RUN, digit_run_trim, digits_value
from claims.extraction.figures.figure import FigureReading
from claims.extraction.figures.lexicon import FigureLexicon
from claims.extraction.figures.naming import is_claim, is_year
from claims.extraction.figures.phrases import phrase_key
from claims.extraction.figures.spelled import spelled_value
from claims.extraction.figures.touching import (
    currency_sign_before,
    touches_oddly,
    touching_read,
    word_end,
)

# A smaller number after a dash: a score or a ratio ("2-1"), not a range.
_SCORE = re.compile(r"[-–]\d{1,2}(?![\d%]|[.,]\d)")
_SCORE_DASHES = frozenset("-–")
# The minutes after a clock time: "10 h 30".
_MINUTES = re.compile(r"[^\S\n]*[0-5]\d(?!\d)")
_MILLION = Decimal(1000000)
# What may make a year a figure ("2000 tonnes", "2,000-3,000"), or move the reading past it.
_YEAR_RESCUERS = SCALE_BIT | MONEY_SCALE_BIT | RANGE_BITS | UNIT_BITS | QUALIFIER_BIT


# _Number and _Quantity are plain classes, not dataclasses: mypyc compiles the `__init__` written
# here, while the one a dataclass generates runs interpreted. Two are made per number read on;
# as frozen dataclasses they made the compiled numbers pass a tenth slower, as mutable ones a
# twentieth. `Final` has mypy keep them unchanged once made.
class _Number:
    """A number read at its place, before what follows it is read."""

    __slots__ = ("end", "fraction", "left", "run", "spelled", "start", "vague", "value")

    def __init__(
        self,
        start: int,
        end: int,
        value: Decimal,
        run: str,
        left: Before,
        *,
        spelled: bool,
        vague: bool,
        fraction: bool,
    ) -> None:
        self.start: Final = start
        self.end: Final = end  # text[start:end] is the number, with a fraction that touches it
        self.value: Final = value
        self.run: Final = run  # its digits as written; "" for number words and fraction signs
        self.left: Final = left
        self.spelled: Final = spelled  # written in words
        self.vague: Final = vague  # "dozens", "ratusan"
        self.fraction: Final = fraction  # a share: "a third", "½", "2/3"


class _Quantity:
    """How much of what a number says, read after it: scale words, a range's upper end, a unit."""

    __slots__ = ("end", "mask", "scale", "second_run", "unit", "unit_kind", "value_max")

    def __init__(
        self,
        scale: Decimal | None,
        value_max: Decimal | None,
        second_run: str,
        unit_kind: str,
        unit: str,
        end: int,
        mask: int,
    ) -> None:
        self.scale: Final = scale
        self.value_max: Final = value_max  # the upper end of a range, scaled
        self.second_run: Final = second_run  # the digits of that upper end; "" without a range
        self.unit_kind: Final = unit_kind
        self.unit: Final = unit
        self.end: Final = end
        self.mask: Final = mask  # `FigureLexicon.after` at `end`


def figure_read(
    text: str, start: int, lexicon: FigureLexicon, anchor: str
) -> tuple[FigureReading | None, int]:
    """The figure at `start` (or None when it is no claim), and where reading may resume.

    `anchor` says what starts there: "digits", "vulgar" (a fraction sign such as "½") or "words".
    """
    if anchor == "digits":
        return _digits_read(text, start, lexicon)
    if anchor == "vulgar":
        value = lexicon.vulgar_fractions[text[start]]
        left = before_read(text, start, lexicon)
        end = start + 1
        mask = lexicon.after.at(text, end)
        number = _Number(start, end, value, "", left, spelled=False, vague=False, fraction=True)
        return _right_read(text, number, lexicon, mask)
    return _spelled_read(text, start, lexicon)


def _digits_read(text: str, start: int, lx: FigureLexicon) -> tuple[FigureReading | None, int]:
    found = DIGIT_RUN.match(text, start)
    if found is None:
        return None, start + 1
    run = found.group()
    if run.isdigit():  # most numbers: no separator to read
        if len(run) > 1 and run[0] == "0":
            return None, found.end()  # a code with a leading zero ("0812")
        value: Decimal | None = Decimal(run)
    else:
        run = digit_run_trim(run)
        value = digits_value(run, lx.decimal_mark)
    if value is None:
        return None, found.end()
    end = start + len(run)
    if len(run) >= 10 and run.isdigit() and not currency_sign_before(text, start, lx):
        return None, end  # an identifier, an account or a tweet number, not a figure
    fraction = False
    if touches_oddly(text, start, end, lx):
        odd = touching_read(text, start, end, run, value, lx)
        if odd[0] is None:
            return None, odd[1]
        value, end, fraction = odd
    left = before_read(text, start, lx)
    if left.attached_letter:
        return None, word_end(text, end)
    mask = lx.after.at(text, end)
    if mask & ORDINAL_BIT and lx.ordinal_suffixes.read(text, end) is not None:
        return None, word_end(text, end)
    number = _Number(start, end, value, run, left, spelled=False, vague=False, fraction=fraction)
    return _right_read(text, number, lx, mask)


def _spelled_read(text: str, start: int, lx: FigureLexicon) -> tuple[FigureReading | None, int]:
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        return None, word_end(text, start)  # "high-five", "top-ten": part of a compound
    vague = lx.vague.match(text, start)
    if vague is not None and vague[0] == start:
        left = before_read(text, start, lx)
        mask = lx.after.at(text, vague[1])
        number = _Number(
            start, vague[1], vague[2], "", left, spelled=True, vague=True, fraction=False
        )
        return _right_read(text, number, lx, mask)
    found = lx.spelled.match(text, start) if lx.spelled is not None else None
    if found is not None and _lone_one(text, found, lx):
        return None, found.end()  # "one of them": a word of the sentence, not a figure
    left = before_read(text, start, lx)
    has_article = left.previous.casefold() in lx.word_articles
    fraction = False
    if found is not None:
        value = spelled_value(found.group(), lx)
        end = found.end()
    else:
        # A fraction word alone counts only after an article: "a third", not "the third".
        words = lx.anchors.words
        word = words.at.match(text, start) if words is not None else None
        denominator = lx.fraction_words.lookup(word.group()) if word is not None else None
        if denominator is None or not has_article:
            return None, start + 1
        value, end, fraction = Decimal(1) / denominator, word.end() if word else start + 1, True
    if value is None:
        return None, end
    if not fraction:
        denominator_after = lx.fraction_words.match(text, end)
        if denominator_after is not None:
            value, end, fraction = value / denominator_after[2], denominator_after[1], True
        elif lx.and_a_fraction is not None:
            half = lx.and_a_fraction.match(text, end)
            denominator = lx.fraction_words.lookup(half.group("f")) if half else None
            if half is not None and denominator is not None:
                value, end = value + 1 / denominator, half.end()
    if has_article:
        # "at least a dozen": the qualifier stands before the article.
        article_start = start - len(left.previous) - _blank_run_before(text, start)
        before = before_read(text, article_start, lx)
        share = lx.fraction_words.lookup(before.previous) if before.previous else None
        if share is not None and value >= 1000 and not fraction:
            # "half a million" is the fraction of the scale
            value = value / share
            article_start -= len(before.previous) + _blank_run_before(text, article_start)
            before = before_read(text, article_start, lx)
        left = Before(
            edge=min(article_start, before.edge),
            negative=False,
            currency=before.currency,
            qualifier=before.qualifier,
            previous=left.previous,
            previous_key=left.previous_key,
            previous_initial=before.previous_initial,
            attached_letter=False,
        )
    mask = lx.after.at(text, end)
    number = _Number(start, end, value, "", left, spelled=True, vague=False, fraction=fraction)
    return _right_read(text, number, lx, mask)


def _lone_one(text: str, found: re.Match[str], lx: FigureLexicon) -> bool:
    """A lone word for one with nothing after it that could make it a figure."""
    if lx.words.get(phrase_key(found.group())) != 1:
        return False
    end = found.end()
    mask = lx.after.at(text, end)
    if lx.one_counts:
        noun_end = counted_noun_end(text, end, lx, mask, spelled=True)
        if noun_end is not None and text[end:noun_end].strip().casefold() not in lx.one_idioms:
            return False  # "satu tersangka"; not "di satu sisi"
    return not (
        (mask & FRACTION_BIT and lx.fraction_words.read(text, end))
        or (mask & UNIT_BIT and lx.units.read(text, end))
        or (mask & CURRENCY_BIT and lx.currencies.read(text, end))
        or (mask & PERCENT_BIT and lx.percents.read(text, end))
        or (lx.and_a_fraction is not None and lx.and_a_fraction.match(text, end))
    )


def _ordinal_dot(text: str, pos: int, value: Decimal, previous_key: str, lx: FigureLexicon) -> bool:
    """German "am 3. Oktober", "der 3. Platz": a whole number and a full stop make an ordinal."""
    if not lx.ordinal_dot_after or text[pos : pos + 1] != "." or value != int(value):
        return False
    month = lx.months_after.match(text, pos + 1)
    return previous_key in lx.ordinal_dot_after or (month is not None and month[0] == pos + 2)


def _clock_like(run: str, value: Decimal) -> bool:
    """ "2", "14.30", "9:15" may be clock times; "2.1" or "2.123" may not."""
    if value > 24:
        return False
    if value == value.to_integral_value() and run.isdigit():
        return True
    minutes = run[-3:]
    return len(minutes) == 3 and minutes[0] in ".:," and minutes[1] in "012345"


def _blank_run_before(text: str, pos: int) -> int:
    count = 0
    while pos - count - 1 >= 0 and text[pos - count - 1] in " \t\u00a0\u202f":
        count += 1
    return count


def _right_read(
    text: str, number: _Number, lx: FigureLexicon, mask: int
) -> tuple[FigureReading | None, int]:
    """The figure of `number`, read on from its end (None when it is no claim), and where
    reading may resume.

    `mask` says which phrase tables may match at the number's end (`FigureLexicon.after`); each
    reader that moves on returns the mask where it ends.
    """
    quantity, resume = _quantity_read(text, number, lx, mask)
    if quantity is None:
        return None, resume
    qualifier, pos, mask = _qualifier_after(
        text, quantity.end, number.left.qualifier, lx, quantity.mask
    )
    unit_kind, unit = quantity.unit_kind, quantity.unit
    if unit_kind == "bare":
        scaled = quantity.scale is not None
        counted = _counted_read(text, pos, number, lx, scaled=scaled, mask=mask)
        if counted is not None:
            unit_kind, unit, pos = counted
    # "the first nine months of 2024": the number names a period.
    if unit == "month" and lx.first_months is not None and _in_first_months(text, number.start, lx):
        return None, pos
    reading = _reading_make(
        text, number, quantity, end=pos, unit_kind=unit_kind, unit=unit, qualifier=qualifier
    )
    left, start, end = number.left, number.start, number.end
    if not is_claim(reading, number.run, quantity.second_run, left, lx, text, start, end):
        return None, max(pos, end)
    return reading, pos


def _quantity_read(
    text: str, number: _Number, lx: FigureLexicon, mask: int
) -> tuple[_Quantity | None, int]:
    """What `number` measures: its scale, a range's upper end and its unit, read on from its end.

    None, and where reading may resume, when the number names rather than measures: a clock
    time, a year, a rank, a score, a date or a part of a word.
    """
    naming_end = _naming_digits_end(text, number, lx, mask)
    if naming_end is not None:
        return None, naming_end
    scale, value_max, second_run, pos, mask = _magnitude_read(text, number, lx, mask)
    carried: tuple[Decimal | None, str, str] | None = None
    if value_max is None and scale is None:
        score_end = _score_end(text, pos, number, lx, mask)
        if score_end is not None:
            return None, score_end
        # "from 2.1 to 2.6 million", "de 3 à 5 %": the lower end of a change takes the scale
        # and unit of the upper end when it has none of its own.
        carried = _change_upper(text, pos, number, lx, mask)
        if carried is not None:
            scale = lower_scale(number.value, carried[0])
    unit_kind, unit, pos, mask = _unit_after(
        text, pos, number, lx, scale=scale, carried=carried, mask=mask
    )
    if value_max is None and unit_kind != "bare":
        ranged = _unit_range_after(
            text, pos, number, lx, scale=scale, unit_kind=unit_kind, unit=unit, mask=mask
        )
        if ranged is not None:
            value_max, second_run, pos, mask = ranged
    if pos == number.end and not number.spelled and _word_goes_on(text, pos):
        return None, word_end(text, pos)  # "1990s", "06F6", "3D": part of a word
    if unit_kind == "bare" and scale is None:
        date_end = _date_end(text, pos, number, lx, mask)
        if date_end is not None:
            return None, date_end
    return _Quantity(scale, value_max, second_run, unit_kind, unit, pos, mask), pos


def _naming_digits_end(text: str, number: _Number, lx: FigureLexicon, mask: int) -> int | None:
    """Where reading resumes when the digits of `number` name a clock time, a year or a rank
    rather than measure; None when they may be a figure, and for numbers in words."""
    if number.spelled:
        return None
    pos = number.end
    if mask & TIME_BIT:
        clock_end = _clock_suffix_end(text, number, lx)
        if clock_end is not None:
            return clock_end
    if mask & YEAR_SUFFIX_BIT and _year_suffixed(text, number, lx):
        return word_end(text, pos)  # "1446 H", "500 BC"
    if (
        number.left.previous_key in lx.time_prefixes
        and _clock_like(number.run, number.value)
        and (
            unit_read(text, pos, None, None, lx, mask)[0] != "bare"
            or counted_noun_end(text, pos, lx, mask) is None
        )
    ):
        return pos  # "pukul 10.00", "a las 10"; but "las 3 personas" counts
    if lx.ordinal_dot_after and _ordinal_dot(text, pos, number.value, number.left.previous_key, lx):
        return pos + 1
    return _bare_year_end(text, number, lx, mask)


def _clock_suffix_end(text: str, number: _Number, lx: FigureLexicon) -> int | None:
    """The end of a clock time written with a suffix ("10.30 WIB", "10 h 30"), or None."""
    suffix = lx.time_suffixes.read(text, number.end)
    if suffix is None or not _clock_like(number.run, number.value):
        return None
    minutes = _MINUTES.match(text, suffix[1])
    return minutes.end() if minutes else word_end(text, number.end)


def _year_suffixed(text: str, number: _Number, lx: FigureLexicon) -> bool:
    """A year of an era: "1446 H", "500 BC"."""
    return (
        number.left.currency is None
        and number.run.isdigit()
        and number.value >= 100
        and lx.year_suffixes.read(text, number.end) is not None
    )


def _bare_year_end(text: str, number: _Number, lx: FigureLexicon, mask: int) -> int | None:
    """Past a year with no unit, scale, range or qualifier, and the noun it names ("2024
    budget"); None when the number is no such year."""
    left = number.left
    if (
        mask & _YEAR_RESCUERS
        or left.currency is not None
        or left.qualifier is not None
        or left.negative
        or number.fraction
        or not is_year(number.run, number.value)
    ):
        return None
    end = number.end
    if _word_goes_on(text, end):
        return word_end(text, end)
    noun_end = counted_noun_end(text, end, lx, mask)
    return end if noun_end is None else noun_end


def _magnitude_read(
    text: str, number: _Number, lx: FigureLexicon, mask: int
) -> tuple[Decimal | None, Decimal | None, str, int, int]:
    """(scale, a range's upper end, its digits, end, mask at end) of the scale words and the
    range after `number`: "28 miliar", "tens of thousands", "3 to 4", "Rp 5-10 juta"."""
    scale, pos = _scale_after(text, number, lx, mask)
    if pos != number.end:
        mask = lx.after.at(text, pos)
    if number.vague or not mask & RANGE_BITS:
        return scale, None, "", pos, mask
    ranged = range_read(text, pos, number.value, scale, number.left, lx, dashes_only=False)
    if ranged is None:
        return scale, None, "", pos, mask
    high, high_scale, high_run, end = ranged
    if scale is None:
        scale = lower_scale(number.value, high_scale)
    return scale, high * (high_scale or 1), high_run, end, lx.after.at(text, end)


def _scale_after(
    text: str, number: _Number, lx: FigureLexicon, mask: int
) -> tuple[Decimal | None, int]:
    """The scale after `number` and where it ends: scale words ("28 miliar"), a money scale
    after a currency sign ("Rp 1 M"), a vague scale after a vague number ("tens of thousands")."""
    pos = number.end
    if mask & SCALE_BIT:
        scale, pos = scales_read(text, pos, lx)
        if scale is not None:
            return scale, pos
    if number.left.currency is not None and mask & MONEY_SCALE_BIT:
        money = lx.money_scales.read(text, pos)
        if money is not None:
            return money[2], money[1]
    if number.vague and mask & VAGUE_JOINER_BIT:
        return vague_scale_read(text, pos, lx)
    if text[pos : pos + 1].isalpha() and not number.spelled:
        return _glued_scale(text, number, lx)
    return None, pos


def _glued_scale(text: str, number: _Number, lx: FigureLexicon) -> tuple[Decimal | None, int]:
    """A scale glued to the digits: "20k fans", "3.5m viewers"; a million only before a noun
    that measures no length ("3m high", "a 3m wall" and "the 100m final" are metres)."""
    pos = number.end
    glued = lx.glued_scales.match(text, pos)
    if glued is None:
        return None, pos
    if glued[2] == _MILLION and lx.units.match(text, pos) is not None:
        noun = NEXT_WORD.match(text, glued[1])
        article = number.left.previous_key in lx.word_articles or number.left.previous_key in (
            lx.word_determiners
        )
        if (
            noun is None
            or article
            or not noun.group(1).islower()
            or noun.group(1).casefold() in lx.length_words
            or noun.group(1).casefold() in lx.count_stopwords
        ):
            return None, pos
    return glued[2], glued[1]


def _score_end(text: str, pos: int, number: _Number, lx: FigureLexicon, mask: int) -> int | None:
    """Where reading resumes when `number` and a smaller one after it are a score or a ratio,
    no figure ("won 2-1", "won 3 to 1", "3 a 1"); None when they are not."""
    if number.value >= 100:
        return None
    if text[pos : pos + 1] in _SCORE_DASHES and _SCORE.match(text, pos):
        return word_end(text, pos)
    if mask & RANGE_BITS and number.left.previous_key not in lx.change_openers:
        return word_score_end(text, pos, number.value, lx)
    return None


def _change_upper(
    text: str, pos: int, number: _Number, lx: FigureLexicon, mask: int
) -> tuple[Decimal | None, str, str] | None:
    """The scale, unit kind and unit of the upper end of a change whose lower end is `number`,
    or None."""
    previous_key = number.left.previous_key
    if not (mask & CHANGE_BIT or (mask & RANGE_BITS and previous_key in lx.change_openers)):
        return None
    if is_year(number.run, number.value):
        return None  # "dari April 2024 menjadi Rp 216,6 miliar"
    return change_upper_read(text, pos, lx)


def _unit_after(
    text: str,
    pos: int,
    number: _Number,
    lx: FigureLexicon,
    *,
    scale: Decimal | None,
    carried: tuple[Decimal | None, str, str] | None,
    mask: int,
) -> tuple[str, str, int, int]:
    """(unit kind, unit, end, mask at end) of the currency, percent, point or unit at `pos`,
    after the number and its `scale`; without one, the unit `carried` from a change's upper end.
    """
    currency = number.left.currency
    if mask & UNIT_BITS or currency is not None:
        unit_kind, unit, end = unit_read(text, pos, currency, scale, lx, mask)
    else:
        unit_kind, unit, end = "bare", "count", pos
    if carried is not None and unit_kind == "bare" and carried[1] != "bare":
        unit_kind, unit = carried[1], carried[2]
    if end == pos:
        return unit_kind, unit, pos, mask
    return unit_kind, unit, end, lx.after.at(text, end)


def _unit_range_after(
    text: str,
    pos: int,
    number: _Number,
    lx: FigureLexicon,
    *,
    scale: Decimal | None,
    unit_kind: str,
    unit: str,
    mask: int,
) -> tuple[Decimal, str, int, int] | None:
    """The upper end of a range written with its unit on both ends ("5%-7%", "between 44 mg
    and 50 mg", "$5-$7"): (value, digits, end, mask at end), or None."""
    if number.vague or not mask & RANGE_BITS:
        return None
    ranged = range_read(text, pos, number.value, scale, number.left, lx, dashes_only=True)
    if ranged is None:
        return None
    high, high_scale, high_run, high_end = ranged
    high_mask = lx.after.at(text, high_end)
    second = unit_read(text, high_end, number.left.currency, None, lx, high_mask)
    if second[0] != unit_kind or second[1] != unit:
        return None
    end = second[2]
    return high * (high_scale or 1), high_run, end, lx.after.at(text, end)


def _word_goes_on(text: str, pos: int) -> bool:
    """A letter or an underscore at `pos`: what ends there is part of a word."""
    return pos < len(text) and (text[pos].isalpha() or text[pos] == "_")


def _date_end(text: str, pos: int, number: _Number, lx: FigureLexicon, mask: int) -> int | None:
    """Where reading resumes when `number` is the day of a date ("27 November", "20-21 Mei
    2025", "November 27"); None when it is not."""
    value = number.value
    if number.spelled or value > 31 or value != value.to_integral_value():
        return None
    if mask & DATE_BITS:
        joiner = lx.date_joiners.match(text, pos)
        month = lx.months_after.match(text, joiner[1] if joiner is not None else pos)
        if month is not None:
            tail = _YEAR_AFTER.match(text, month[1])
            return tail.end() if tail else month[1]
    if number.left.previous in lx.months and number.left.qualifier is None:
        return pos
    return None


def _qualifier_after(
    text: str, pos: int, qualifier: str | None, lx: FigureLexicon, mask: int
) -> tuple[str | None, int, int]:
    """The figure's qualifier, its end and the mask there: `qualifier` (the one before the
    figure) or else one written after it; reading moves past one written after it either way."""
    if mask & QUALIFIER_BIT:
        after = lx.qualifiers_after.read(text, pos)
        if after is not None:
            return qualifier or after[2], after[1], lx.after.at(text, after[1])
    return qualifier, pos, mask


def _counted_read(
    text: str, pos: int, number: _Number, lx: FigureLexicon, *, scaled: bool, mask: int
) -> tuple[str, str, int] | None:
    """(unit kind, unit, end) of what a bare figure counts: the noun after it ("300 kontrak"),
    or after a joiner a measure or a noun ("decine di metri", "dozens of people", "3,5 millones
    de clientes"); None for nothing."""
    noun_end = counted_noun_end(text, pos, lx, mask, number.spelled)
    if noun_end is not None:
        return "count", "count", noun_end
    if not (number.vague or scaled):
        return None
    joiner = lx.vague_joiners.match(text, pos)
    if joiner is None:
        return None
    joined_mask = lx.after.at(text, joiner[1])
    measured = unit_read(text, joiner[1], None, None, lx, joined_mask)
    if measured[0] != "bare":
        return measured
    noun_end = counted_noun_end(text, joiner[1], lx, joined_mask)
    return None if noun_end is None else ("count", "count", noun_end)


def _reading_make(
    text: str,
    number: _Number,
    quantity: _Quantity,
    *,
    end: int,
    unit_kind: str,
    unit: str,
    qualifier: str | None,
) -> FigureReading:
    """The figure of `number` and `quantity`, its surface ending at `end`."""
    start, value, run, left = number.start, number.value, number.run, number.left
    scale = quantity.scale
    if scale is None and number.end - start == len(run) and run.isdigit():
        figure_value = -value if left.negative else value  # digits alone: already plain
    else:
        figure_value = _plain(_signed(value * (scale or 1), left.negative))
    value_max = quantity.value_max
    if value_max is not None:
        value_max = _plain(value_max)
        qualifier = "range"
    elif qualifier is None:
        qualifier = "approximate" if number.vague else "exact"
    return FigureReading(
        left.edge if left.edge < start else start,
        end,
        figure_value,
        value_max,
        _unit_name(number, unit_kind, unit),
        unit_kind,
        qualifier,
        number.spelled,
        number.vague,
        number.fraction,
        scale is not None,
        start > 0 and text[start - 1] == "(" and text[number.end : number.end + 1] == ")",
    )


def _unit_name(number: _Number, unit_kind: str, unit: str) -> str:
    """ "fraction" for a share ("two thirds of voters", "½ of the votes"), else `unit`; "2 1/2
    people" is a count."""
    if not number.fraction:
        return unit
    if number.spelled:
        return "fraction" if unit_kind in ("bare", "count") else unit
    return "fraction" if unit_kind == "bare" and number.value < 1 else unit


_YEAR_AFTER = re.compile(r"[^\S\n]*,?[^\S\n]*(?:19|20)\d\d(?!\d)")


def _plain(value: Decimal) -> Decimal:
    """Whole values without an exponent (28000000000, not 2.8E+10)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value


def _signed(value: Decimal, negative: bool) -> Decimal:
    return -value if negative else value


def _in_first_months(text: str, start: int, lx: FigureLexicon) -> bool:
    assert lx.first_months is not None
    window_start = max(0, start - 40)
    for found in lx.first_months.finditer(text, window_start, min(len(text), start + 60)):
        for name, value in found.groupdict().items():
            if name.startswith("n") and value is not None and found.start(name) == start:
                return True
    return False
