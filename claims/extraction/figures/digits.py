"""Reading a run of digits and separators ("1,234.5", "1.234,5", "816 000") as a Decimal."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Digits joined by dots or commas, or by blanks and apostrophes before a group of three digits.
DIGIT_RUN = re.compile(r"\d+(?:(?:[.,]|['’ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*")
_SEPARATOR = re.compile(r"([.,'’ \u00a0\u202f])")
_BLANK_GROUP_MARKS = frozenset("'’ \u00a0\u202f")


def digit_run_trim(run: str) -> str:
    """The part of `run` that can be one number.

    Blank-grouped digits need a first group of one to three digits: in "2023 100" the blank
    separates two numbers.
    """
    for index, char in enumerate(run):
        if char in _BLANK_GROUP_MARKS:
            head = run[:index]
            if not head.isdigit() or len(head) > 3:
                return head
            return run
    return run


def digits_value(run: str, decimal_mark: str) -> Decimal | None:
    """The value of `run` in a language whose decimal mark is `decimal_mark`, or None.

    A single mark is the decimal mark when the language says so, or when it is not followed
    by exactly three digits ("5.50%" in an Indonesian text); repeated marks group thousands.
    None means the run is no number: a date ("20.05.2025"), a version ("1.2.3"), a code with
    leading zeros ("0812").
    """
    parts = _SEPARATOR.split(run)
    runs, separators = parts[0::2], parts[1::2]
    if len(runs[0]) > 1 and runs[0][0] == "0":
        return None
    if not separators:
        return _decimal(run)
    marks = [index for index, sep in enumerate(separators) if sep in ".,"]
    distinct = {separators[index] for index in marks}
    last = len(separators) - 1
    decimal_at: int | None = None
    if len(distinct) == 2:
        if marks[-1] != last or separators.count(separators[last]) != 1:
            return None
        decimal_at = last
    elif len(marks) == 1:
        at = marks[0]
        if at == last and (separators[at] == decimal_mark or len(runs[at + 1]) != 3):
            decimal_at = at
    groups = runs if decimal_at is None else runs[: decimal_at + 1]
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    integer = "".join(groups)
    if decimal_at is None:
        return _decimal(integer)
    return _decimal(f"{integer}.{runs[-1]}")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
