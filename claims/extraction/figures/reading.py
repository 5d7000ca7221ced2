"""Reading one figure at a position: the number, what stands before it and what follows it.

`figure_read` looks at a number (digits or number words) and its neighbours: a qualifier and a
currency sign before it; a range, scale words, a currency, a percent sign, a unit, a counted noun
after it. It also says when the number is no claim at all: a date, a year, a clock time, an
ordinal, a label ("Pasal 5"), a part of a name or an identifier.
"""

from __future__ import annotations

import re
from decimal import Decimal

from claims.extraction.figures.after import (
    CHANGE_BIT,
    CURRENCY_BIT,
    DATE_BITS,
    FRACTION_BIT,
    MONEY_SCALE_BIT,
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
# What may make a year a figure ("2000 tonnes", "2,000-3,000"), or move the reading past it.
_YEAR_RESCUERS = SCALE_BIT | MONEY_SCALE_BIT | RANGE_BITS | UNIT_BITS | QUALIFIER_BIT


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
        return _right_read(text, start, end, value, "", left, lexicon, False, False, True, mask)
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
    return _right_read(text, start, end, value, run, left, lx, False, False, fraction, mask)


def _spelled_read(text: str, start: int, lx: FigureLexicon) -> tuple[FigureReading | None, int]:
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        return None, word_end(text, start)  # "high-five", "top-ten": part of a compound
    vague = lx.vague.match(text, start)
    if vague is not None and vague[0] == start:
        left = before_read(text, start, lx)
        mask = lx.after.at(text, vague[1])
        return _right_read(text, start, vague[1], vague[2], "", left, lx, True, True, False, mask)
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
    return _right_read(text, start, end, value, "", left, lx, True, False, fraction, mask)


def _lone_one(text: str, found: re.Match[str], lx: FigureLexicon) -> bool:
    """A lone word for one with nothing after it that could make it a figure."""
    if lx.words.get(phrase_key(found.group())) != 1:
        return False
    end = found.end()
    mask = lx.after.at(text, end)
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
    text: str,
    start: int,
    end: int,
    value: Decimal,
    run: str,
    left: Before,
    lx: FigureLexicon,
    spelled: bool,
    vague: bool,
    fraction: bool,
    mask: int,
) -> tuple[FigureReading | None, int]:
    """The figure whose number spans text[start:end] (`run` its digits), read on from `end`.

    `mask` says which phrase tables may match at `end` (`FigureLexicon.after`); it is looked
    up again each time the reading moves on.
    """
    pos = end
    previous_key = left.previous_key
    currency = left.currency
    if not spelled:
        if mask & TIME_BIT:
            suffix = lx.time_suffixes.read(text, pos)
            if suffix is not None and _clock_like(run, value):
                minutes = _MINUTES.match(text, suffix[1])
                return None, minutes.end() if minutes else word_end(text, pos)
        if (
            mask & YEAR_SUFFIX_BIT
            and currency is None
            and run.isdigit()
            and value >= 100
            and lx.year_suffixes.read(text, pos)
        ):
            return None, word_end(text, pos)  # "1446 H", "500 BC"
        if (
            previous_key in lx.time_prefixes
            and _clock_like(run, value)
            and (
                unit_read(text, pos, None, None, lx, mask)[0] != "bare"
                or counted_noun_end(text, pos, lx, mask) is None
            )
        ):
            return None, pos  # "pukul 10.00", "a las 10"; but "las 3 personas" counts
        if lx.ordinal_dot_after and _ordinal_dot(text, pos, value, previous_key, lx):
            return None, pos + 1
        if (
            not mask & _YEAR_RESCUERS
            and currency is None
            and left.qualifier is None
            and not left.negative
            and not fraction
            and is_year(run, value)
        ):
            # A year with no unit, scale, range or qualifier: read on only to skip its noun.
            if end < len(text) and (text[end].isalpha() or text[end] == "_"):
                return None, word_end(text, end)
            noun_end = counted_noun_end(text, end, lx, mask)
            return None, end if noun_end is None else noun_end
    scale: Decimal | None = None
    if mask & SCALE_BIT:
        scale, pos = scales_read(text, pos, lx)
    if scale is None and currency is not None and mask & MONEY_SCALE_BIT:
        money = lx.money_scales.read(text, pos)
        if money is not None:
            scale, pos = money[2], money[1]
    if vague and scale is None and mask & VAGUE_JOINER_BIT:
        scale, pos = vague_scale_read(text, pos, lx)
    if pos != end:
        mask = lx.after.at(text, pos)

    # A range: "10-15%", "3 to 4", "between 44 and 50", "Rp 5-10 juta".
    value_max: Decimal | None = None
    second_run = ""
    if not vague and mask & RANGE_BITS:
        ranged = range_read(text, pos, value, scale, previous_key, left, lx, False)
        if ranged is not None:
            second_value, second_scale, second_run, pos = ranged
            if scale is None and second_scale is not None:
                scale = second_scale
            value_max = second_value * (second_scale or 1)
            mask = lx.after.at(text, pos)
    if value_max is None and scale is None and value < 100:
        if text[pos : pos + 1] in _SCORE_DASHES and _SCORE.match(text, pos):
            return None, word_end(text, pos)  # "won 2-1": a score or a ratio, no figure
        if mask & RANGE_BITS and previous_key not in lx.change_openers:
            score_end = word_score_end(text, pos, value, lx)
            if score_end is not None:
                return None, score_end  # "won 3 to 1", "3 a 1": the same with a word
    # "from 2.1 to 2.6 million", "de 3 à 5 %": the lower end of a change takes the scale and
    # unit of the upper end when it has none of its own.
    carried: tuple[Decimal | None, str, str] | None = None
    if (
        value_max is None
        and scale is None
        and (mask & CHANGE_BIT or (mask & RANGE_BITS and previous_key in lx.change_openers))
        and not is_year(run, value)  # "dari April 2024 menjadi Rp 216,6 miliar"
    ):
        carried = change_upper_read(text, pos, lx)
        if carried is not None:
            scale = carried[0]

    if mask & UNIT_BITS or currency is not None:
        unit_kind, unit, unit_end = unit_read(text, pos, currency, scale, lx, mask)
    else:
        unit_kind, unit, unit_end = "bare", "count", pos
    if carried is not None and unit_kind == "bare" and carried[1] != "bare":
        unit_kind, unit = carried[1], carried[2]
    if unit_end != pos:
        pos = unit_end
        mask = lx.after.at(text, pos)
        # A range written with the unit on both ends: "5%-7%", "between 44 mg and 50 mg".
        if value_max is None and not vague and mask & RANGE_BITS:
            ranged = range_read(text, pos, value, scale, previous_key, left, lx, True)
            if ranged is not None:
                second_mask = lx.after.at(text, ranged[3])
                second = unit_read(text, ranged[3], currency, None, lx, second_mask)
                if second[0] == unit_kind and second[1] == unit:
                    value_max = ranged[0] * (ranged[1] or 1)
                    second_run, pos = ranged[2], second[2]
                    mask = lx.after.at(text, pos)
    elif (
        value_max is None
        and not vague
        and unit_kind != "bare"
        and mask & RANGE_BITS
        and (ranged := range_read(text, pos, value, scale, previous_key, left, lx, True))
    ):
        # The same for a currency known from its sign: "$5-$7".
        second_mask = lx.after.at(text, ranged[3])
        second = unit_read(text, ranged[3], currency, None, lx, second_mask)
        if second[0] == unit_kind and second[1] == unit:
            value_max = ranged[0] * (ranged[1] or 1)
            second_run, pos = ranged[2], second[2]
            mask = lx.after.at(text, pos)

    if pos == end and not spelled and end < len(text):
        following = text[end]
        if following.isalpha() or following == "_":
            return None, word_end(text, end)  # "1990s", "06F6", "3D": part of a word

    # Dates: "27 November", "20-21 Mei 2025", "November 27".
    if (
        unit_kind == "bare"
        and scale is None
        and not spelled
        and value <= 31
        and value == value.to_integral_value()
    ):
        month = None
        if mask & DATE_BITS:
            joiner = lx.date_joiners.match(text, pos)
            month = lx.months_after.match(text, joiner[1] if joiner is not None else pos)
        if month is not None:
            tail = _YEAR_AFTER.match(text, month[1])
            return None, tail.end() if tail else month[1]
        if left.previous in lx.months and left.qualifier is None:
            return None, pos

    qualifier = left.qualifier
    if mask & QUALIFIER_BIT:
        after_qualifier = lx.qualifiers_after.read(text, pos)
        if after_qualifier is not None:
            qualifier = qualifier or after_qualifier[2]
            pos = after_qualifier[1]
            mask = lx.after.at(text, pos)

    if unit_kind == "bare":
        noun_end = counted_noun_end(text, pos, lx, mask, spelled)
        if noun_end is None and (vague or scale is not None):
            # "dozens of people", "3,5 millones de clientes", "decine di metri"
            joiner = lx.vague_joiners.match(text, pos)
            if joiner is not None:
                joined_mask = lx.after.at(text, joiner[1])
                measured = unit_read(text, joiner[1], None, None, lx, joined_mask)
                if measured[0] != "bare":
                    unit_kind, unit, noun_end = measured
                else:
                    noun_end = counted_noun_end(text, joiner[1], lx, joined_mask)
        if noun_end is not None:
            unit_kind, pos = ("count" if unit_kind == "bare" else unit_kind), noun_end

    # "the first nine months of 2024": the number names a period.
    if unit == "month" and lx.first_months is not None and _in_first_months(text, start, lx):
        return None, pos

    if scale is None and end - start == len(run) and run.isdigit():
        figure_value = -value if left.negative else value  # digits alone: already plain
    else:
        figure_value = _plain(_signed(value * (scale or 1), left.negative))
    if value_max is not None:
        value_max = _plain(value_max)
        qualifier = "range"
    elif qualifier is None:
        qualifier = "approximate" if vague else "exact"
    reading = FigureReading(
        left.edge if left.edge < start else start,
        pos,
        figure_value,
        value_max,
        # "two thirds of voters", "½ of the votes": a share; "2 1/2 people" is a count.
        "fraction"
        if fraction
        and (unit_kind in ("bare", "count") if spelled else unit_kind == "bare" and value < 1)
        else unit,
        unit_kind,
        qualifier,
        spelled,
        vague,
        fraction,
        scale is not None,
        start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")",
    )
    if not is_claim(reading, run, second_run, left, lx, text, start, end):
        return None, max(pos, end)
    return reading, pos


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
