"""Phrase tables: literal phrases matched at one position, each standing for a value.

A table's pattern is a prefix tree of its phrases, so that the regex engine follows one branch
per character instead of trying every phrase in turn (with case folding on, it cannot skip a
phrase on its first character). A table also knows the first two characters of its phrases:
most positions it is tried at hold none of them, which a dictionary lookup tells at once.
Phrases before a figure are matched on the reversed left context, so they too are anchored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

# Blanks on one line: a figure and its unit are never split by a line break.
GAP = r"[^\S\n]*"
BLANKS = r"[^\S\n]+"

T = TypeVar("T")


def phrase_key(phrase: str) -> str:
    """The lookup key of a matched phrase: single spaces, case folded."""
    return " ".join(phrase.split()).casefold()


# The characters GAP stands for: every blank but the line break.
LINE_BLANKS = frozenset(chr(point) for point in range(0x3001) if chr(point).isspace()) - {"\n"}
# How many openings a table remembers having tested, and windows `Openings` remembers.
_OPENINGS_KEPT = 2048
_WINDOWS_KEPT = 8192


class PhraseTable(Generic[T]):
    """Phrases that can be matched at a position, each with what it stands for.

    Most positions a table is tried at hold none of its phrases, and the two characters there
    (after one blank) tell so without running the whole pattern. `opening` matches the first
    two characters of a phrase (or its lead); what it says of each pair is kept in `opens`.
    A plain class, not a dataclass: mypyc compiles no generic dataclass. Nothing changes a
    table once made but `opens`, the memory of what it was asked.
    """

    def __init__(
        self,
        pattern: re.Pattern[str] | None,
        exact: dict[str, T],
        folded: dict[str, T],
        reverse: bool = False,
        opening: re.Pattern[str] | None = None,
        tree: str = "",  # the pattern of the phrases alone, to build larger patterns with
        skips_blanks: bool = True,
    ) -> None:
        self.pattern = pattern
        self.exact = exact
        self.folded = folded
        self.reverse = reverse
        self.opening = opening
        self.tree = tree
        self.skips_blanks = skips_blanks
        self.opens: dict[str, bool] = {}

    def match(self, text: str, pos: int) -> tuple[int, int, T] | None:
        """(start, end, value) of the longest phrase at `pos` (after blanks), or None."""
        if self.pattern is None:
            return None
        if self.skips_blanks and text[pos : pos + 1] in LINE_BLANKS:
            head = text[pos + 1 : pos + 3]
        else:
            head = text[pos : pos + 2]
        opens = self.opens.get(head)
        if opens is None:
            opens = self._may_open(head)
        if not opens:
            return None
        return self.read(text, pos)

    def read(self, text: str, pos: int) -> tuple[int, int, T] | None:
        """`match` at a position `Openings` already found a phrase of this table may open."""
        found = self.pattern.match(text, pos) if self.pattern is not None else None
        if found is None:
            return None
        start, end = found.span("p")
        phrase = text[start:end]
        value = self.lookup(phrase[::-1] if self.reverse else phrase)
        return None if value is None else (start, end, value)

    def _may_open(self, head: str) -> bool:
        """Whether a phrase may start with `head`; a second blank leaves it to the pattern."""
        if self.pattern is None:
            return False
        if self.opening is None or head[:1] in LINE_BLANKS:
            return True
        opens = self.opening.match(head) is not None
        if len(self.opens) < _OPENINGS_KEPT:
            self.opens[head] = opens
        return opens

    def lookup(self, phrase: str) -> T | None:
        found = self.exact.get(phrase)
        if found is None:
            found = self.folded.get(phrase.casefold())
        if found is None and not phrase.isalnum():
            spaced = " ".join(phrase.split())  # "dolar  AS", "per\ncent"
            found = self.exact.get(spaced)
            if found is None:
                found = self.folded.get(spaced.casefold())
        return found


@dataclass(slots=True)
class _Branch:
    """A node of a phrase tree: what may follow, and whether a phrase ends here."""

    children: dict[tuple[str, str], _Branch] = field(default_factory=dict)
    atoms: dict[tuple[str, str], str] = field(default_factory=dict)
    ends: bool = False
    ends_word: bool = False  # a phrase ending here ends with a letter or digit
    longest: int = 0


def phrase_tree(entries: list[tuple[str, bool]], reverse: bool = False) -> str:
    """A pattern matching any phrase of `entries` (phrase, case sensitive), longest first.

    A phrase that ends (or, reversed, starts) with a letter or digit must end a word there;
    the blanks between a phrase's words may be any run of blanks on one line.
    """
    root = _Branch()
    for phrase, sensitive in entries:
        words = phrase.split()
        if not words:
            continue
        if reverse:
            words = [word[::-1] for word in reversed(words)]
        atoms: list[tuple[tuple[str, str], str]] = []
        for index, word in enumerate(words):
            if index:
                atoms.append((("blank", ""), BLANKS))
            for char in word:
                if sensitive:
                    atoms.append((("exact", char), f"(?-i:{re.escape(char)})"))
                else:
                    lower = char.lower()
                    folded = lower if len(lower) == 1 else char
                    atoms.append((("fold", folded), re.escape(char)))
        node = root
        node.longest = max(node.longest, len(phrase))
        for step, atom in atoms:
            node.atoms.setdefault(step, atom)
            node = node.children.setdefault(step, _Branch())
            node.longest = max(node.longest, len(phrase))
        node.ends = True
        edge = phrase.strip()[0] if reverse else phrase.strip()[-1]
        node.ends_word = node.ends_word or edge.isalnum()
    return _branch_pattern(root)


def _branch_pattern(node: _Branch) -> str:
    # Longer phrases first, as in an alternation sorted by length; a phrase ending here last.
    order = sorted(node.children, key=lambda key: -node.children[key].longest)
    parts = [node.atoms[key] + _branch_pattern(node.children[key]) for key in order]
    if node.ends:
        parts.append(r"(?!\w)" if node.ends_word else "")
    if len(parts) == 1:
        return parts[0]
    return f"(?:{'|'.join(parts)})"


def phrase_table(
    exact: Mapping[str, T],
    folded: Mapping[str, T],
    *,
    reverse: bool = False,
    lead: str = GAP,
) -> PhraseTable[T]:
    """A table matching `exact` keys case-sensitively and `folded` keys in any case.

    `reverse` builds the pattern for reversed text (phrases that stand before a figure);
    `lead` is what may stand between the position and the phrase.
    """
    entries = [(key, True) for key in exact] + [(key, False) for key in folded]
    entries = [(key, sensitive) for key, sensitive in entries if key.strip()]
    if not entries:
        return PhraseTable(None, {}, {})
    entries.sort(key=lambda entry: len(entry[0]), reverse=True)
    tree = phrase_tree(entries, reverse)
    pattern = re.compile(f"{lead}(?P<p>{tree})", re.IGNORECASE)
    openings = {_opening(key, sensitive, reverse) for key, sensitive in entries}
    if "-" in lead:
        openings.add("-")
    return PhraseTable(
        pattern,
        {" ".join(key.split()): value for key, value in exact.items()},
        {phrase_key(key): value for key, value in folded.items()},
        reverse,
        opening=re.compile("|".join(sorted(openings)), re.IGNORECASE),
        skips_blanks=bool(lead),
        tree=tree,
    )


@dataclass(frozen=True, slots=True)
class Openings:
    """Which of several phrase tables may hold a phrase at a position, as one bit per table.

    The reader tries a dozen tables right after each number; one look at the two characters
    there (after one blank) rules most of them out at once.
    """

    tables: tuple[PhraseTable[Any], ...]
    known: dict[str, int] = field(default_factory=dict)

    def at(self, text: str, pos: int) -> int:
        # Keyed by three characters, so that the blank after a number costs no second look.
        mask = self.known.get(text[pos : pos + 3])
        if mask is None:
            mask = self._learn(text[pos : pos + 3])
        return mask

    def _learn(self, window: str) -> int:
        head = window[1:] if window[:1] in LINE_BLANKS else window[:2]
        mask = 0
        for bit, table in enumerate(self.tables):
            if table._may_open(head):
                mask |= 1 << bit
        if len(self.known) >= _WINDOWS_KEPT:
            self.known.clear()  # a bounded memory: the frequent windows come back at once
        self.known[window] = mask
        return mask


def _opening(phrase: str, case_sensitive: bool, reverse: bool) -> str:
    """A pattern for the first two characters of `phrase` as its table's pattern matches it."""
    words = [word[::-1] for word in reversed(phrase.split())] if reverse else phrase.split()
    first = words[0]
    if len(first) >= 2:
        body = re.escape(first[:2])
    elif len(words) > 1:
        body = re.escape(first) + r"[^\S\n]"
    else:
        body = re.escape(first)
    return f"(?-i:{body})" if case_sensitive else body
