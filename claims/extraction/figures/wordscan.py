"""Finding the words of a set in a text at the speed of the regex engine's scan.

The regex engine scans fast only when a pattern opens with a set of characters it can test
in one step; a pattern opening with a look-behind such as `(?<!\\w)` is tried at every position
and runs several times slower. So a word scan opens with an explicit class of the characters a
word may follow (every character `\\w` does not match), and the text's first word is matched
on its own. The class lists the Basic Multilingual Plane and takes the other planes whole; the
rare hit there is checked afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

ASTRAL = "\U00010000-\U0010ffff"


def class_body(wanted: Iterable[int]) -> str:
    """A character-class body listing the code points of `wanted` (sorted) as ranges."""
    parts: list[str] = []
    first = previous = -2
    for point in wanted:
        if point != previous + 1:
            if first >= 0:
                parts.append(_range(first, previous))
            first = point
        previous = point
    if first >= 0:
        parts.append(_range(first, previous))
    return "".join(parts)


def _range(first: int, last: int) -> str:
    if first == last:
        return re.escape(chr(first))
    return f"{re.escape(chr(first))}-{re.escape(chr(last))}"


@cache
def bmp_non_word() -> str:
    """A class body of the Basic Multilingual Plane's characters that `\\w` does not match."""
    return class_body(
        point
        for point in range(0x10000)
        if not (chr(point).isalnum() or point == 0x5F) and not 0xD800 <= point <= 0xDFFF
    )


def is_word_char(char: str) -> bool:
    """What `\\w` matches."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True, slots=True)
class WordScan:
    """Finds the words a pattern matches where they start a word of the text."""

    after_separator: re.Pattern[str]  # a character that is no word character, then a word
    at: re.Pattern[str]  # a word, matched at a given position

    def find(self, text: str, low: int = 0, high: int | None = None) -> Iterator[re.Match[str]]:
        """The words in text[low:high] that no word character precedes, in order.

        Each match's group "w" is the word. Like `(?<!\\w)(?P<w>...)` run with `finditer`,
        but several times faster.
        """
        if high is None:
            high = len(text)
        pos = low - 1  # the separator before `low` may precede a word
        if low == 0:
            first = self.at.match(text, 0, high)
            if first is not None:
                yield first
            pos = first.end() - 1 if first is not None else 0
        for found in self.after_separator.finditer(text, pos, high):
            separator = text[found.start()]
            if separator > "\uffff" and is_word_char(separator):
                continue
            yield found

    def last(self, text: str, low: int, high: int) -> re.Match[str] | None:
        """The last of the words `find` gives, or None."""
        last = None
        pos = low - 1
        if low == 0:
            last = self.at.match(text, 0, high)
            pos = last.end() - 1 if last is not None else 0
        for found in self.after_separator.finditer(text, pos, high):
            separator = text[found.start()]
            if separator <= "\uffff" or not is_word_char(separator):
                last = found
        return last


def word_scan_compile(word_pattern: str, initials: str = "") -> WordScan:
    """A scan for the words `word_pattern` matches.

    `word_pattern` must say where a word ends ("(?!\\w)") when a longer word must not count;
    `initials`, when given, are the letters every word starts with: one test of the letter
    after each separator then rules most separators out.
    """
    opening = f"(?=[{re.escape(initials)}])" if initials else ""
    return WordScan(
        after_separator=re.compile(rf"[{bmp_non_word()}{ASTRAL}]{opening}(?P<w>{word_pattern})"),
        at=re.compile(rf"(?P<w>{word_pattern})"),
    )
