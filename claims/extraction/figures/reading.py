"""Reading one figure at a position: the number, what stands before it and what follows it.

`figure_read` looks at a number (digits or number words) and its neighbours: a qualifier and a
currency sign before it; a range, scale words, a currency, a percent sign, a unit, a counted noun
after it. It also says when the number is no claim at all: a date, a year, a clock time, an
ordinal, a label ("Pasal 5"), a part of a name or an identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from claims.extraction.figures.before import Before, before_read
from claims.extraction.figures.digits import DIGIT_RUN, digit_run_trim, digits_value
from claims.extraction.figures.lexicon import PREVIOUS_WORD, FigureLexicon, after_bit
from claims.extraction.figures.phrases import LINE_BLANKS, phrase_key
from claims.extraction.figures.spelled import spelled_value

_NEXT_WORD = re.compile(r"[^\S\n]*([^\W\d_][^\W_]*(?:['’\-][^\W\d_]+)*)")
# The same after digits, where a hyphen may join them ("a 2,000-page bill"; "a four-way race"
# names no four things).
_NEXT_WORD_OR_JOINED = re.compile(r"(?:[^\S\n]*|-)([^\W\d_][^\W_]*(?:['’\-][^\W\d_]+)*)")
_WORD_TAIL = re.compile(r"[\w.\-/]*")
_DATE_TAIL = re.compile(r"[\d/:.\-−^×]*\d")
# Marks that make a number part of a code, a date, a ratio or a formula.
_CODE_MARKS = frozenset("+#")
_JOINING_MARKS = frozenset("-–−/.,:^×±")
# After a number and before a digit, these make it a date, a ratio or a formula ("11/9").
_DATE_MARKS = _JOINING_MARKS - {"-", "–", ".", ","}
# "4e14", "2.48×10−5": powers of ten.
_EXPONENT = re.compile(
    r"(?:[eE](?P<e>[-+−]?\d{1,3})|[^\S\n]?[×x][^\S\n]?10(?:\^|\*\*)?(?P<x>[-+−]?\d{1,3}))(?!\w)"
)
_EXPONENT_MARKS = frozenset("eE×x")
_TIMES_SIGNS = frozenset("×x")
_TOLERANCE_MARKS = frozenset("±/")
# What, a few characters before a number or right after it, may make it no figure or change it.
_APOSTROPHES = frozenset("'’")
_ODD_BEFORE = _CODE_MARKS | _JOINING_MARKS | _TOLERANCE_MARKS | _APOSTROPHES
_TOLERANCE_SIGNS = frozenset("±+")
# Denominators of the shares a text writes with a slash: "2/3", "3/4", "3/10", "7/100".
_SHARE_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 10, 100})
_ODD_AFTER = _DATE_MARKS | _EXPONENT_MARKS | _TOLERANCE_SIGNS
# The tolerance after a measure: "2.5 ± 0.1", "30+/-2".
_TOLERANCE_AFTER = re.compile(
    r"[^\S\n]*(?:±|\+/[-−])[^\S\n]*\d+(?:[.,]\d+)*(?:[eE][-+−]?\d{1,3})?(?![\d.,])"
)
# The rest of a telephone number after its "+": "+62 812-3456 7890".
_PHONE_TAIL = re.compile(r"\d+(?:[ .\-]?\(?\d+\)?)*")
# A smaller number after a dash: a score or a ratio ("2-1"), not a range.
_SCORE = re.compile(r"[-–]\d{1,2}(?![\d%]|[.,]\d)")
# The smaller number of a score written with a word: "won 3 to 1", "venceu por 3 a 1".
_SCORE_AFTER_WORD = re.compile(r"[^\S\n]+\d{1,2}(?![\d%]|[.,]\d)")
# The minutes after a clock time: "10 h 30".
_MINUTES = re.compile(r"[^\S\n]*[0-5]\d(?!\d)")
_SCORE_DASHES = frozenset("-–")
_MIXED_FRACTION = re.compile(r" (\d{1,2})/(\d{1,2})(?![\d/])")
_RATIO = re.compile(r"/(\d{1,3})(?![\d/])")
_RANGE_DASHES = frozenset({"-", "–", "—"})

# What may follow a number, as bits of `FigureLexicon.after`.
_TIME = after_bit("time_suffixes")
_YEAR = after_bit("year_suffixes")
_SCALE = after_bit("scales")
_MONEY_SCALE = after_bit("money_scales")
_VAGUE_JOINER = after_bit("vague_joiners")
_RANGE = after_bit("range_joiners") | after_bit("range_pair_joiners")
_CURRENCY = after_bit("currencies")
_MONEY = _CURRENCY | after_bit("currency_joiners") | after_bit("scale_currencies")
_POINT = after_bit("point_units")
_PERCENT = after_bit("percents")
_UNIT = after_bit("units")
_UNIT_ANY = _MONEY | _POINT | _PERCENT | _UNIT
_QUALIFIER = after_bit("qualifiers_after")
# What may make a year a figure ("2000 tonnes", "2,000-3,000"), or move the reading past it.
_YEAR_RESCUERS = _SCALE | _MONEY_SCALE | _RANGE | _UNIT_ANY | _QUALIFIER
_DATE = after_bit("date_joiners") | after_bit("months_after")
_ORDINAL = after_bit("ordinal_suffixes")
_FRACTION = after_bit("fraction_words")
_CHANGE = after_bit("change_joiners")


# Not frozen: a frozen dataclass costs five times as much to create, and one is made per number.
@dataclass(slots=True)
class FigureReading:
    """A figure read at one place; `start`/`end` bound its surface."""

    start: int
    end: int
    value: Decimal
    value_max: Decimal | None
    unit: str
    unit_kind: str  # currency, percent, point, measure, count (a counted noun) or bare
    qualifier: str
    spelled: bool
    vague: bool
    fraction: bool
    scaled: bool
    parenthesized: bool


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
    if len(run) >= 10 and run.isdigit() and not _currency_sign_before(text, start, lx):
        return None, end  # an identifier, an account or a tweet number, not a figure
    fraction = False
    after = text[end : end + 1]
    # Most numbers have no mark of a code, a formula, a date or a fraction beside them.
    if (
        not _ODD_BEFORE.isdisjoint(text[start - 4 if start > 4 else 0 : start])
        or after in _ODD_AFTER
        or after in lx.vulgar_fractions
        or (after in LINE_BLANKS and _odd_after_blank(text[end + 1 : end + 2], lx))
    ):
        odd = _odd_neighbours_read(text, start, end, run, value, lx)
        if odd[0] is None:
            return None, odd[1]
        value, end, fraction = odd
    left = before_read(text, start, lx)
    if left.attached_letter:
        return None, _word_end(text, end)
    mask = lx.after.at(text, end)
    if mask & _ORDINAL and lx.ordinal_suffixes.read(text, end) is not None:
        return None, _word_end(text, end)
    return _right_read(text, start, end, value, run, left, lx, False, False, fraction, mask)


def _odd_after_blank(char: str, lx: FigureLexicon) -> bool:
    """A digit, fraction, times or tolerance sign after a blank: "2 1/2", "2 ½", "2.4 ×10⁵",
    "5 ± 0.5"."""
    return (
        char.isdigit()
        or char in lx.vulgar_fractions
        or char in _TIMES_SIGNS
        or char in _TOLERANCE_SIGNS
    )


def _odd_neighbours_read(
    text: str, start: int, end: int, run: str, value: Decimal, lx: FigureLexicon
) -> tuple[Decimal, int, bool] | tuple[None, int]:
    """The number read on through what touches it: (value, end, fraction), or (None, resume)
    when that makes it no figure (a tolerance, a code, a date, a ratio)."""
    fraction = False
    if start >= 2 and text[max(0, start - 4) : start].rstrip().endswith(("±", "+/-")):
        return None, end  # the tolerance of a measure, not a figure of its own
    after = text[end : end + 1]
    if after == " " and run.isdigit():
        mixed = _MIXED_FRACTION.match(text, end)
        if mixed is not None and 0 < int(mixed.group(1)) < int(mixed.group(2)) <= 16:
            # "2 1/2": a whole number and a fraction
            value += Decimal(int(mixed.group(1))) / Decimal(int(mixed.group(2)))
            end, fraction = mixed.end(), True
            after = text[end : end + 1]
    vulgar = _vulgar_after(text, end, lx)
    if vulgar is not None:
        value, end, fraction = value + vulgar[0], vulgar[1], True
        after = text[end : end + 1]
    exponent = _EXPONENT.match(text, end)
    if exponent is not None:
        power = exponent.group("e") or exponent.group("x")
        value, end = value.scaleb(int(power.replace("−", "-"))), exponent.end()
        after = text[end : end + 1]
    tolerance = _TOLERANCE_AFTER.match(text, end)
    if tolerance is not None:
        # "2,000.45±0.01 pounds": the tolerance belongs to the figure, its unit comes after.
        end = tolerance.end()
        after = text[end : end + 1]
    before = text[start - 1] if start else ""
    if (
        before in _APOSTROPHES
        and len(run) == 2
        and run.isdigit()
        and (start < 2 or text[start - 2].isspace())
    ):
        return None, _word_end(text, end)  # "negli anni '90", "the ’08 crisis": a year
    if before == "+":
        phone = _PHONE_TAIL.match(text, start)
        return None, phone.end() if phone else end
    if before in _CODE_MARKS or (
        before in _JOINING_MARKS and start > 1 and text[start - 2].isalnum()
    ):
        return None, _word_end(text, end)  # "+62 812", "COVID-19", "11/9", "10^3"
    if after in _DATE_MARKS and _digit_at(text, end + 1):
        ratio = _RATIO.match(text, end) if after == "/" else None
        if ratio is not None and (
            lx.units.match(text, ratio.end()) is not None
            or (
                _share_like(value, int(ratio.group(1)))
                and lx.vague_joiners.match(text, ratio.end()) is not None
            )
        ):
            # "1/4 inch", "1/40 of the wavelength": a fraction of a unit or of something
            # (a date or a ratio has neither after it).
            value, end, fraction = value / Decimal(ratio.group(1)), ratio.end(), True
        else:
            tail = _DATE_TAIL.match(text, end)
            return None, tail.end() if tail else end
    return value, end, fraction


def _spelled_read(text: str, start: int, lx: FigureLexicon) -> tuple[FigureReading | None, int]:
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
        (mask & _FRACTION and lx.fraction_words.read(text, end))
        or (mask & _UNIT and lx.units.read(text, end))
        or (mask & _CURRENCY and lx.currencies.read(text, end))
        or (mask & _PERCENT and lx.percents.read(text, end))
        or (lx.and_a_fraction is not None and lx.and_a_fraction.match(text, end))
    )


def _share_like(numerator: Decimal, denominator: int) -> bool:
    """ "1/40", "2/3" of something, not "9/11" (a date) of it."""
    return numerator == 1 < denominator or (
        1 < numerator < denominator and denominator in _SHARE_DENOMINATORS
    )


def _currency_sign_before(text: str, start: int, lx: FigureLexicon) -> bool:
    rev = text[max(0, start - 8) : start][::-1]
    return lx.currency_prefixes.match(rev, 0) is not None


def _vulgar_after(text: str, pos: int, lx: FigureLexicon) -> tuple[Decimal, int] | None:
    """A fraction sign right after a whole number ("2½", "2 ½"): (its value, its end)."""
    for at in (pos, pos + 1):
        near = at == pos or text[pos : pos + 1] == " "
        if near and at < len(text) and text[at] in lx.vulgar_fractions:
            return lx.vulgar_fractions[text[at]], at + 1
    return None


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


def _digit_at(text: str, pos: int) -> bool:
    return pos < len(text) and text[pos].isdigit()


def _blank_run_before(text: str, pos: int) -> int:
    count = 0
    while pos - count - 1 >= 0 and text[pos - count - 1] in " \t\u00a0\u202f":
        count += 1
    return count


def _word_end(text: str, pos: int) -> int:
    tail = _WORD_TAIL.match(text, pos)
    return tail.end() if tail else pos


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
        if mask & _TIME:
            suffix = lx.time_suffixes.read(text, pos)
            if suffix is not None and _clock_like(run, value):
                minutes = _MINUTES.match(text, suffix[1])
                return None, minutes.end() if minutes else _word_end(text, pos)
        if (
            mask & _YEAR
            and currency is None
            and run.isdigit()
            and value >= 100
            and lx.year_suffixes.read(text, pos)
        ):
            return None, _word_end(text, pos)  # "1446 H", "500 BC"
        if (
            previous_key in lx.time_prefixes
            and _clock_like(run, value)
            and (
                _unit_read(text, pos, None, None, lx, mask)[0] != "bare"
                or _counted_noun_end(text, pos, lx, mask) is None
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
            and _is_year(run, value)
        ):
            # A year with no unit, scale, range or qualifier: read on only to skip its noun.
            if end < len(text) and (text[end].isalpha() or text[end] == "_"):
                return None, _word_end(text, end)
            noun_end = _counted_noun_end(text, end, lx, mask)
            return None, end if noun_end is None else noun_end
    scale: Decimal | None = None
    if mask & _SCALE:
        scale, pos = _scales_read(text, pos, lx)
    if scale is None and currency is not None and mask & _MONEY_SCALE:
        money = lx.money_scales.read(text, pos)
        if money is not None:
            scale, pos = money[2], money[1]
    if vague and scale is None and mask & _VAGUE_JOINER:
        scale, pos = _vague_scale_read(text, pos, lx)
    if pos != end:
        mask = lx.after.at(text, pos)

    # A range: "10-15%", "3 to 4", "between 44 and 50", "Rp 5-10 juta".
    value_max: Decimal | None = None
    second_run = ""
    if not vague and mask & _RANGE:
        ranged = _range_read(text, pos, value, scale, previous_key, left, lx, False)
        if ranged is not None:
            second_value, second_scale, second_run, pos = ranged
            if scale is None and second_scale is not None:
                scale = second_scale
            value_max = second_value * (second_scale or 1)
            mask = lx.after.at(text, pos)
    if value_max is None and scale is None and value < 100:
        if text[pos : pos + 1] in _SCORE_DASHES and _SCORE.match(text, pos):
            return None, _word_end(text, pos)  # "won 2-1": a score or a ratio, no figure
        if mask & _RANGE and previous_key not in lx.change_openers:
            score_end = _word_score_end(text, pos, value, lx)
            if score_end is not None:
                return None, score_end  # "won 3 to 1", "3 a 1": the same with a word
    # "from 2.1 to 2.6 million", "de 3 à 5 %": the lower end of a change takes the scale and
    # unit of the upper end when it has none of its own.
    carried: tuple[Decimal | None, str, str] | None = None
    if (
        value_max is None
        and scale is None
        and (mask & _CHANGE or (mask & _RANGE and previous_key in lx.change_openers))
        and not _is_year(run, value)  # "dari April 2024 menjadi Rp 216,6 miliar"
    ):
        carried = _change_upper_read(text, pos, lx)
        if carried is not None:
            scale = carried[0]

    if mask & _UNIT_ANY or currency is not None:
        unit_kind, unit, unit_end = _unit_read(text, pos, currency, scale, lx, mask)
    else:
        unit_kind, unit, unit_end = "bare", "count", pos
    if carried is not None and unit_kind == "bare" and carried[1] != "bare":
        unit_kind, unit = carried[1], carried[2]
    if unit_end != pos:
        pos = unit_end
        mask = lx.after.at(text, pos)
        # A range written with the unit on both ends: "5%-7%", "between 44 mg and 50 mg".
        if value_max is None and not vague and mask & _RANGE:
            ranged = _range_read(text, pos, value, scale, previous_key, left, lx, True)
            if ranged is not None:
                second_mask = lx.after.at(text, ranged[3])
                second = _unit_read(text, ranged[3], currency, None, lx, second_mask)
                if second[0] == unit_kind and second[1] == unit:
                    value_max = ranged[0] * (ranged[1] or 1)
                    second_run, pos = ranged[2], second[2]
                    mask = lx.after.at(text, pos)
    elif (
        value_max is None
        and not vague
        and unit_kind != "bare"
        and mask & _RANGE
        and (ranged := _range_read(text, pos, value, scale, previous_key, left, lx, True))
    ):
        # The same for a currency known from its sign: "$5-$7".
        second_mask = lx.after.at(text, ranged[3])
        second = _unit_read(text, ranged[3], currency, None, lx, second_mask)
        if second[0] == unit_kind and second[1] == unit:
            value_max = ranged[0] * (ranged[1] or 1)
            second_run, pos = ranged[2], second[2]
            mask = lx.after.at(text, pos)

    if pos == end and not spelled and end < len(text):
        following = text[end]
        if following.isalpha() or following == "_":
            return None, _word_end(text, end)  # "1990s", "06F6", "3D": part of a word

    # Dates: "27 November", "20-21 Mei 2025", "November 27".
    if (
        unit_kind == "bare"
        and scale is None
        and not spelled
        and value <= 31
        and value == value.to_integral_value()
    ):
        month = None
        if mask & _DATE:
            joiner = lx.date_joiners.match(text, pos)
            month = lx.months_after.match(text, joiner[1] if joiner is not None else pos)
        if month is not None:
            tail = _YEAR_AFTER.match(text, month[1])
            return None, tail.end() if tail else month[1]
        if left.previous in lx.months and left.qualifier is None:
            return None, pos

    qualifier = left.qualifier
    if mask & _QUALIFIER:
        after_qualifier = lx.qualifiers_after.read(text, pos)
        if after_qualifier is not None:
            qualifier = qualifier or after_qualifier[2]
            pos = after_qualifier[1]
            mask = lx.after.at(text, pos)

    if unit_kind == "bare":
        noun_end = _counted_noun_end(text, pos, lx, mask, spelled)
        if noun_end is None and (vague or scale is not None):
            # "dozens of people", "3,5 millones de clientes", "decine di metri"
            joiner = lx.vague_joiners.match(text, pos)
            if joiner is not None:
                joined_mask = lx.after.at(text, joiner[1])
                measured = _unit_read(text, joiner[1], None, None, lx, joined_mask)
                if measured[0] != "bare":
                    unit_kind, unit, noun_end = measured
                else:
                    noun_end = _counted_noun_end(text, joiner[1], lx, joined_mask)
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
    if not _is_claim(reading, run, second_run, left, lx, text, start, end):
        return None, max(pos, end)
    return reading, pos


# Between a change's joiner and its upper end: blanks, and perhaps a currency sign ("to US$2.6").
_TO_UPPER_END = re.compile(r"[^\S\n]*(?:[^\d\s]{1,4}[^\S\n]*)?(?=\d)")


def _change_upper_read(
    text: str, pos: int, lx: FigureLexicon
) -> tuple[Decimal | None, str, str] | None:
    """The scale, unit kind and unit after the upper end of a change ("to 2.6 million"), when
    a word joins it ("from 5 - 7" would be a range); None when no number follows the joiner."""
    joiner = lx.change_joiners.match(text, pos) or lx.range_joiners.match(text, pos)
    if joiner is None or text[joiner[0] : joiner[1]] in _RANGE_DASHES:
        return None
    gap = _TO_UPPER_END.match(text, joiner[1])
    found = DIGIT_RUN.match(text, gap.end()) if gap is not None else None
    if found is None:
        return None
    end = found.start() + len(digit_run_trim(found.group()))
    scale, after = _scales_read(text, end, lx)
    unit_kind, unit, _ = _unit_read(text, after, None, scale, lx, lx.after.at(text, after))
    return scale, unit_kind, unit


def _word_score_end(text: str, pos: int, value: Decimal, lx: FigureLexicon) -> int | None:
    """The end of a score's smaller number after a word joiner ("3 to 1"), or None."""
    joiner = lx.range_joiners.read(text, pos)
    if joiner is None or text[joiner[0] : joiner[1]] in _RANGE_DASHES:
        return None
    second = _SCORE_AFTER_WORD.match(text, joiner[1])
    if second is None or int(second.group()) > value:
        return None
    return second.end()


def _vague_scale_read(text: str, pos: int, lx: FigureLexicon) -> tuple[Decimal | None, int]:
    """ "tens of thousands", "hundreds of millions": a scale or a second vague word."""
    joiner = lx.vague_joiners.match(text, pos)
    if joiner is not None:
        scale, after = _scales_read(text, joiner[1], lx)
        if scale is None:
            more = lx.vague.match(text, joiner[1])
            if more is not None:
                scale, after = more[2], more[1]
        if scale is not None:
            return scale, after
    return None, pos


_YEAR_AFTER = re.compile(r"[^\S\n]*,?[^\S\n]*(?:19|20)\d\d(?!\d)")


def _plain(value: Decimal) -> Decimal:
    """Whole values without an exponent (28000000000, not 2.8E+10)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value


def _signed(value: Decimal, negative: bool) -> Decimal:
    return -value if negative else value


def _unit_read(
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
    if mask & _MONEY:
        found = lx.currencies.read(text, pos) if mask & _CURRENCY else None
        if found is None and scale is not None:
            joiner = lx.currency_joiners.match(text, pos)
            at = joiner[1] if joiner is not None else pos
            found = lx.currencies.match(text, at) or lx.scale_currencies.match(text, at)
        if found is not None:
            return "currency", found[2], found[1]
    if currency is not None:
        return "currency", currency, pos
    if mask & _POINT:
        point = lx.point_units.read(text, pos)
        if point is not None:
            return "point", point[2], point[1]
    if mask & _PERCENT:
        percent = lx.percents.read(text, pos)
        if percent is not None:
            return "percent", "percent", percent[1]
    if mask & _UNIT:
        measure = lx.units.read(text, pos)
        if measure is not None:
            return "measure", measure[2], measure[1]
    return "bare", "count", pos


def _scales_read(text: str, pos: int, lx: FigureLexicon) -> tuple[Decimal | None, int]:
    """Scale words after a number, multiplied: "28 miliar", "2 mil millones"."""
    product: Decimal | None = None
    for _ in range(3):
        found = lx.scales.match(text, pos)
        if found is None:
            break
        product = (product or Decimal(1)) * found[2]
        pos = found[1]
    return product, pos


def _range_read(
    text: str,
    pos: int,
    low: Decimal,
    low_scale: Decimal | None,
    previous_key: str,
    left: Before,
    lx: FigureLexicon,
    dashes_only: bool,
) -> tuple[Decimal, Decimal | None, str, int] | None:
    """The upper end of a range after `pos`: (value, scale, digits, end), or None."""
    joiner = lx.range_joiners.match(text, pos)
    if joiner is not None and dashes_only and text[joiner[0] : joiner[1]] not in _RANGE_DASHES:
        joiner = None
    if joiner is not None and previous_key in lx.change_openers:
        joined = text[joiner[0] : joiner[1]]
        if joined not in _RANGE_DASHES:
            return None  # "from 5 to 7" is a change: two figures
    if joiner is None and previous_key in lx.range_openers:
        joiner = lx.range_pair_joiners.match(text, pos)
    if joiner is None:
        return None
    at = joiner[1]
    while at < len(text) and text[at] in " \t\u00a0\u202f":
        at += 1
    if joiner[0] == pos and text[pos:at].rstrip() in _RANGE_DASHES:
        # A suspended hyphen: "8- to 16-meter", "320- bis 640-mal".
        word = lx.range_joiners.match(text, at)
        if word is None and previous_key in lx.range_openers:
            word = lx.range_pair_joiners.match(text, at)
        if word is not None and text[word[0] : word[1]] not in _RANGE_DASHES:
            if previous_key in lx.change_openers:
                return None  # "from 8- to 16-meter" is a change
            at = word[1]
            while at < len(text) and text[at] in " \t\u00a0\u202f":
                at += 1
    sign = lx.currencies.match(text, at)
    if sign is not None and left.currency is not None and sign[2] == left.currency:
        at = sign[1]
        while at < len(text) and text[at] in " \t\u00a0\u202f":
            at += 1
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
    scale, after = _scales_read(text, end, lx)
    if scale is None and left.currency is not None:
        money = lx.money_scales.match(text, end)
        if money is not None:
            scale, after = money[2], money[1]
    # The lower end takes the upper end's scale when it has none: "2-3 juta".
    if high * (scale or 1) <= low * (low_scale or scale or 1):
        return None
    return high, scale, run, after


def _counted_noun_end(
    text: str, pos: int, lx: FigureLexicon, mask: int, spelled: bool = False
) -> int | None:
    """The end of the counted noun after a figure ("300 kontrak"), or None.

    `mask` says which phrase tables may match at `pos`; after a `spelled` number the noun
    stands apart."""
    found = (_NEXT_WORD if spelled else _NEXT_WORD_OR_JOINED).match(text, pos)
    if found is None:
        return None
    word = found.group(1)
    if not (word[0].islower() or lx.nouns_capitalized):
        return None
    if word.casefold() in lx.count_stopwords or word in lx.months:
        return None
    if lx.verb_endings and word.endswith(lx.verb_endings):
        return None
    if mask & _QUALIFIER and lx.qualifiers_after.read(text, pos) is not None:
        return None
    return found.end(1)


def _in_first_months(text: str, start: int, lx: FigureLexicon) -> bool:
    assert lx.first_months is not None
    window_start = max(0, start - 40)
    for found in lx.first_months.finditer(text, window_start, min(len(text), start + 60)):
        for name, value in found.groupdict().items():
            if name.startswith("n") and value is not None and found.start(name) == start:
                return True
    return False


def _is_year(run: str, value: Decimal) -> bool:
    return len(run) == 4 and run.isdigit() and 1000 <= value <= 2100


def _is_claim(
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
        if abs(reading.value) < 2 and not measured:
            return False
        # "the two countries" names a pair already known, it claims nothing.
        return previous_key not in lx.word_determiners or kind in ("currency", "percent")
    if reading.vague:
        return True
    labelled = previous_key in lx.labels or previous_key.rstrip(".") in lx.labels
    if labelled and kind not in ("currency", "percent"):
        return False  # "Pasal 5", "No. 13 Tahun 2003", "Section 3"
    if measured:
        return True
    if _is_year(run, reading.value) and left.qualifier is None:
        return False
    if second_run and _is_year(run, reading.value) and _is_year(second_run, Decimal(second_run)):
        return False
    if kind == "bare":
        if reading.parenthesized:
            return False
        if left.qualifier is None and left.previous[:1].isupper() and not left.previous_initial:
            return _after_place(text, start, end, left, lx)  # "Windows 10", "Voyager 2"
    return True


# The word before the previous word, on reversed text.
_WORD_BEFORE_PREVIOUS = re.compile(rf"[^\S\n]*{PREVIOUS_WORD}[^\S\n]+({PREVIOUS_WORD})")


def _after_place(text: str, start: int, end: int, left: Before, lx: FigureLexicon) -> bool:
    """A number after a capitalised word that is a place, not part of a name with it:
    "in Francia 8 non hanno superato" (a preposition before, a verb or a word after)."""
    if not lx.place_openers:
        return False
    rev = text[max(0, start - len(left.previous) - 40) : start][::-1]
    before = _WORD_BEFORE_PREVIOUS.match(rev)
    if before is None or before.group(1)[::-1] not in lx.place_openers:
        return False
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.start(1) > end and following.group(1).islower()
