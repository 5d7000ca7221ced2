"""Where a figure may start: a digit, a fraction sign or a number word, found by C-level scans.

The digit scan opens with an explicit class of the decimal digits, so that the regex engine
tests each character in one step (a class naming `\\d` is slower); the class lists the Basic
Multilingual Plane and takes the other planes whole, and a look-behind run only at a hit drops
what is no digit there. Number words are found by a `WordScan`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claims.extraction.figures.wordscan import ASTRAL, WordScan, class_body, word_scan_compile


@cache
def _bmp_digits() -> str:
    """A class body of the Basic Multilingual Plane's characters that `\\d` matches."""
    return class_body(point for point in range(0x10000) if chr(point).isdecimal())


@dataclass(frozen=True, slots=True)
class AnchorScans:
    """The compiled scans of one language."""

    digits: re.Pattern[str]
    words: WordScan | None


def anchor_scans_compile(
    vulgar_fractions: str, word_pattern: str | None, word_initials: str = ""
) -> AnchorScans:
    """Scans for digits (and the fraction signs in `vulgar_fractions`) and for `word_pattern`.

    `word_pattern` matches a number word and must not match a longer word's beginning;
    `word_initials`, when given, are the letters a number word may start with.
    """
    signs = re.escape(vulgar_fractions)
    digits = re.compile(rf"[{_bmp_digits()}{signs}{ASTRAL}](?<=[\d{signs}])\d*")
    if word_pattern is None:
        return AnchorScans(digits, None)
    return AnchorScans(digits, word_scan_compile(word_pattern, word_initials))


def anchors_find(text: str, scans: AnchorScans) -> list[tuple[int, str]]:
    """Where figures may start, in text order: (position, "digits" | "vulgar" | "words").

    A digit anchor covers a whole run of digits ("2024" is one anchor), "vulgar" is a fraction
    sign ("½"); a word anchor is a number word that starts the text or follows a character
    that is no word character.
    """
    found = [
        (hit.start(), "digits" if hit.group()[0].isdigit() else "vulgar")
        for hit in scans.digits.finditer(text)
    ]
    if scans.words is None:
        return found
    words = [(hit.start("w"), "words") for hit in scans.words.find(text)]
    if not words:
        return found
    return sorted(found + words)
