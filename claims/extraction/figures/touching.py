"""What touches a number's digits: a fraction, a power of ten, a tolerance, or the mark of a
code, a date or a ratio that makes it no figure.

Most numbers have nothing of the kind beside them; `touches_oddly` tells so in a few steps, and
only then does `touching_read` look closer.
"""

from __future__ import annotations

import re
from decimal import Decimal

from claims.extraction.figures.lexicon import FigureLexicon
from claims.extraction.figures.phrases import LINE_BLANKS

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
_TOLERANCE_SIGNS = frozenset("±+")
_APOSTROPHES = frozenset("'’")
# What, a few characters before a number or right after it, may make it no figure or change it.
_ODD_BEFORE = _CODE_MARKS | _JOINING_MARKS | _TOLERANCE_MARKS | _APOSTROPHES | {")"}
_PHONE_SEPARATORS = frozenset("-.")
_ODD_AFTER = _DATE_MARKS | _EXPONENT_MARKS | _TOLERANCE_SIGNS
# Denominators of the shares a text writes with a slash: "2/3", "3/4", "3/10", "7/100".
_SHARE_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 10, 100})
# The tolerance after a measure: "2.5 ± 0.1", "30+/-2".
_TOLERANCE_AFTER = re.compile(
    r"[^\S\n]*(?:±|\+/[-−])[^\S\n]*\d+(?:[.,]\d+)*(?:[eE][-+−]?\d{1,3})?(?![\d.,])"
)
# The rest of a telephone number after its "+": "+62 812-3456 7890".
_PHONE_TAIL = re.compile(r"\d+(?:[ .\-]?\(?\d+\)?)*")
# North American telephone numbers: "800-273-8255", and "273-8255" after "(800) ".
_PHONE_NUMBER = re.compile(r"\d{3}([-.])\d{3}\1\d{4}(?!\d)")
_PHONE_AFTER_AREA = re.compile(
    r"(?<=\d\)[^\S\n])\d{3}[-.]\d{4}(?!\d)|(?<=\d\))\d{3}[-.]\d{4}(?!\d)"
)
_MIXED_FRACTION = re.compile(r" (\d{1,2})/(\d{1,2})(?![\d/])")
_RATIO = re.compile(r"/(\d{1,3})(?![\d/])")


def touches_oddly(text: str, start: int, end: int, lx: FigureLexicon) -> bool:
    """Whether anything beside the digits text[start:end] may change the number or make it no
    figure, so that `touching_read` must look."""
    after = text[end : end + 1]
    return (
        not _ODD_BEFORE.isdisjoint(text[start - 4 if start > 4 else 0 : start])
        or after in _ODD_AFTER
        or (end - start == 3 and after in _PHONE_SEPARATORS)
        or after in lx.vulgar_fractions
        or (after in LINE_BLANKS and _odd_after_blank(text[end + 1 : end + 2], lx))
    )


def _odd_after_blank(char: str, lx: FigureLexicon) -> bool:
    """A digit, fraction, times or tolerance sign after a blank: "2 1/2", "2 ½", "2.4 ×10⁵",
    "5 ± 0.5"."""
    return (
        char.isdigit()
        or char in lx.vulgar_fractions
        or char in _TIMES_SIGNS
        or char in _TOLERANCE_SIGNS
    )


def touching_read(
    text: str, start: int, end: int, run: str, value: Decimal, lx: FigureLexicon
) -> tuple[Decimal, int, bool] | tuple[None, int]:
    """The number read on through what touches it: (value, end, fraction), or (None, resume)
    when that makes it no figure (a tolerance, a code, a date, a ratio)."""
    fraction = False
    if start >= 2 and text[max(0, start - 4) : start].rstrip().endswith(("±", "+/-")):
        return None, end  # the tolerance of a measure, not a figure of its own
    if len(run) == 3:
        phone = _PHONE_NUMBER.match(text, start)
        if phone is None and text[start - 6 if start > 6 else 0 : start].startswith("("):
            phone = _PHONE_AFTER_AREA.match(text, start)
        if phone is not None:
            return None, phone.end()  # "800-273-8255", "(800) 273-8255": a telephone number
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
        return None, word_end(text, end)  # "negli anni '90", "the ’08 crisis": a year
    if before == "+":
        phone = _PHONE_TAIL.match(text, start)
        return None, phone.end() if phone else end
    if before in _CODE_MARKS or (
        before in _JOINING_MARKS and start > 1 and text[start - 2].isalnum()
    ):
        return None, word_end(text, end)  # "+62 812", "COVID-19", "11/9", "10^3"
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


def _share_like(numerator: Decimal, denominator: int) -> bool:
    """ "1/40", "2/3" of something, not "9/11" (a date) of it."""
    return numerator == 1 < denominator or (
        1 < numerator < denominator and denominator in _SHARE_DENOMINATORS
    )


def _vulgar_after(text: str, pos: int, lx: FigureLexicon) -> tuple[Decimal, int] | None:
    """A fraction sign right after a whole number ("2½", "2 ½"): (its value, its end)."""
    for at in (pos, pos + 1):
        near = at == pos or text[pos : pos + 1] == " "
        if near and at < len(text) and text[at] in lx.vulgar_fractions:
            return lx.vulgar_fractions[text[at]], at + 1
    return None


def _digit_at(text: str, pos: int) -> bool:
    return pos < len(text) and text[pos].isdigit()


def word_end(text: str, pos: int) -> int:
    tail = _WORD_TAIL.match(text, pos)
    return tail.end() if tail else pos


def currency_sign_before(text: str, start: int, lx: FigureLexicon) -> bool:
    rev = text[max(0, start - 8) : start][::-1]
    return lx.currency_prefixes.match(rev, 0) is not None
