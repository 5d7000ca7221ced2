"""Find quoted spans in one pass over the quotation marks of a text.

The scanner pairs marks with a stack per paragraph. Marks are grouped in families (the pack lists
them): any opening mark of a family may be closed by any closing mark of the same family, because
real articles mix “ with ". A mark that can both open and close (", ', “ in German text) is read by
what stands on either side of it. A mark between two letters or digits is an apostrophe or a
unit sign, never a quote mark. Unbalanced marks never raise: an opener left at the end of its
paragraph gives an unclosed span, or a continued one when the next paragraph opens again.

Work is linear in the length of the text: the regex finds the marks, each mark is pushed and
popped at most once, a closer looks at most a few entries down the stack, and each stretch
between two marks is searched once for a paragraph end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from claims.extraction.packs import pack_load

# Marks that also serve as apostrophes: between two letters they are never quotation marks.
_APOSTROPHES = "'’"
# How far down the stack a closing mark may reach; the entries above it were stray openers.
_CLOSE_REACH = 3
_SENTENCE_PUNCT = frozenset(",.!?;:…")
_WHITESPACE = frozenset(" \t\r\n\f\v\u00a0\u2009\u202f\u2007\u200b\u3000")


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """Quotation marks of one pack, compiled for the scanner."""

    pattern: re.Pattern[str]
    opens: Mapping[str, frozenset[int]]  # mark -> families it can open
    closes: Mapping[str, frozenset[int]]  # mark -> families it can close
    paragraph_continuation: bool


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quoted stretch: `start`/`end` bound the text inside the marks, trimmed of spaces."""

    start: int
    end: int
    open_at: int  # index of the opening mark
    close_at: int  # index of the closing mark, -1 when the paragraph ended first
    depth: int  # 0 for a quote not nested in another
    continues: bool = False  # unclosed at its paragraph end, reopened in the next paragraph
    continued: bool = False  # first quote of a paragraph that reopens the previous one

    @property
    def closed(self) -> bool:
        return self.close_at >= 0

    @property
    def outer_end(self) -> int:
        """Index just past the closing mark (or past the text when unclosed)."""
        return self.close_at + 1 if self.close_at >= 0 else self.end


@cache
def quote_marks_compile(code: str) -> QuoteMarks:
    """Compile the `[quotes]` table of the pack for `code`, once."""
    return quote_marks_from_table(pack_load(code).quotes)


def quote_marks_from_table(table: Mapping[str, Any]) -> QuoteMarks:
    families: Sequence[Sequence[str]] = table.get("families", [["“”", '""']])
    opens: dict[str, set[int]] = {}
    closes: dict[str, set[int]] = {}
    for family_index, pairs in enumerate(families):
        for pair in pairs:
            if len(pair) != 2:
                raise ValueError(f"quote pair must be two marks, got {pair!r}")
            opens.setdefault(pair[0], set()).add(family_index)
            closes.setdefault(pair[1], set()).add(family_index)
    marks = sorted(set(opens) | set(closes))
    # A mark, unless it is an apostrophe between two letters or digits (it's, Jakarta's): the
    # class comes first, so the regex engine skips from mark to mark in C.
    pattern = re.compile(
        "[" + "".join(re.escape(mark) for mark in marks) + "]"
        "(?:(?<![^\\W_].)|(?<![" + "".join(_APOSTROPHES) + "])|(?![^\\W_]))"
        # nor an apostrophe eliding a decade's century: "the early '80s".
        "(?!(?<=[" + "".join(_APOSTROPHES) + "])\\d\\ds\\b)"
        # nor the possessive of an abbreviation: "the N.S.A.'s budget".
        "(?!(?<=[.)][" + "".join(_APOSTROPHES) + "])s\\b)"
    )
    return QuoteMarks(
        pattern=pattern,
        opens={mark: frozenset(value) for mark, value in opens.items()},
        closes={mark: frozenset(value) for mark, value in closes.items()},
        paragraph_continuation=bool(table.get("paragraph_continuation", False)),
    )


@dataclass(slots=True)
class _Open:
    at: int
    families: frozenset[int]
    continued: bool


def quote_spans_find(text: str, marks: QuoteMarks) -> list[QuoteSpan]:
    """Every quoted span of `text`, in order of opening mark."""
    spans: list[QuoteSpan] = []
    stack: list[_Open] = []
    reopen_at = -1  # index of the mark that reopens a quote continued from the last paragraph
    length = len(text)
    searched = 0  # the text before this holds no paragraph end that matters any more
    for match in marks.pattern.finditer(text):
        at = match.start()
        if stack:
            # A paragraph ended since the last mark: its open quotes end there.
            newline = text.find("\n", searched, at)
            if newline >= 0:
                reopen_at = _paragraph_close(text, newline, stack, spans, marks)
                stack.clear()
        searched = at + 1
        mark = match.group()
        before = text[at - 1] if at else "\n"
        after = text[at + 1] if at + 1 < length else "\n"
        can_open = marks.opens.get(mark)
        can_close = marks.closes.get(mark)
        if can_close and stack and _closes_here(can_open, before, after):
            opener_index = _opener_find(stack, can_close)
            if opener_index >= 0:
                opener = stack[opener_index]
                del stack[opener_index:]
                _span_add(text, opener.at, at, at, opener_index, spans, continued=opener.continued)
                continue
        if can_open and _opens_here(can_close, before, after):
            if not can_close and _ditto(text, at):
                continue  # "10 „ 20 „ 30": a ditto mark between numbers
            if not can_close and stack and _orphan(stack[-1], can_open, marks, text):
                # „A … „B“: a mark that only opens cannot nest in its own family; the first
                # was never closed, and ends where the next one opens.
                orphan = stack.pop()
                _span_add(text, orphan.at, at, -1, len(stack), spans, continued=orphan.continued)
            stack.append(_Open(at=at, families=can_open, continued=at == reopen_at))
    if stack:
        newline = text.find("\n", searched)
        _paragraph_close(text, newline if newline >= 0 else length, stack, spans, marks)
    spans.sort(key=lambda span: span.open_at)
    return spans


def _is_space(char: str) -> bool:
    return char in _WHITESPACE


def _opens_here(can_close: frozenset[int] | None, before: str, after: str) -> bool:
    if not can_close:  # a mark that only opens: „ « (French spacing puts a space after it)
        return not _is_space(after) or _is_space(before)
    # A mark that may also close opens where a word starts.
    return not _is_space(after) and (_is_space(before) or not before.isalnum())


def _closes_here(can_open: frozenset[int] | None, before: str, after: str) -> bool:
    if not can_open:  # a mark that only closes: ” »
        return True
    # A mark that may also open closes where a word ends: after a letter, a digit or punctuation,
    # and before a space or punctuation, or before a letter when a sentence mark precedes it
    # (missing spaces: ",'gitu").
    if _is_space(before):
        return False
    if _is_space(after) or not after.isalnum():
        return True
    return before in _SENTENCE_PUNCT or not before.isalnum()


def _orphan(top: _Open, families: frozenset[int], marks: QuoteMarks, text: str) -> bool:
    """The open quote `top` is of the family of a new mark that only opens, and its own
    mark only opens too: no closing mark of it came."""
    return bool(top.families & families) and not marks.closes.get(text[top.at])


def _ditto(text: str, at: int) -> bool:
    """A mark standing between two numbers, with blanks: "10 „ 20"."""
    before = text[max(0, at - 3) : at].rstrip()
    after = text[at + 1 : at + 4].lstrip()
    return bool(before) and bool(after) and before[-1].isdigit() and after[0].isdigit()


def _opener_find(stack: list[_Open], can_close: frozenset[int]) -> int:
    """Index of the nearest opener this mark closes, within reach; -1 when none."""
    for index in range(len(stack) - 1, max(0, len(stack) - _CLOSE_REACH) - 1, -1):
        if stack[index].families & can_close:
            return index
    return -1


def _span_add(
    text: str,
    open_at: int,
    content_end: int,
    close_at: int,
    depth: int,
    spans: list[QuoteSpan],
    *,
    continues: bool = False,
    continued: bool = False,
) -> None:
    start, end = open_at + 1, content_end
    while start < end and text[start] in _WHITESPACE:
        start += 1
    while end > start and text[end - 1] in _WHITESPACE:
        end -= 1
    if end > start:
        spans.append(
            QuoteSpan(
                start=start,
                end=end,
                open_at=open_at,
                close_at=close_at,
                depth=depth,
                continues=continues,
                continued=continued,
            )
        )


def _paragraph_close(
    text: str, at: int, stack: list[_Open], spans: list[QuoteSpan], marks: QuoteMarks
) -> int:
    """Emit the quote left open at a paragraph end; the index of the mark reopening it, or -1.

    Of the openers left, the one of the first-listed family counts (a stray single quote from
    "the '90s" must not hide an unclosed double quote).
    """
    outer = min(stack, key=lambda opener: (min(opener.families), opener.at))
    reopen_at = -1
    if marks.paragraph_continuation:
        following = _VISIBLE.search(text, at)
        if following is not None:
            families = marks.opens.get(following.group())
            if families and families & outer.families:
                reopen_at = following.start()
    _span_add(
        text,
        outer.at,
        at,
        -1,
        0,
        spans,
        continues=reopen_at >= 0,
        continued=outer.continued,
    )
    return reopen_at


_VISIBLE = re.compile(r"\S")
