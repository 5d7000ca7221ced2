"""How a document writes its numbers: which mark, a comma or a full stop, is its decimal mark.

A language has a usual decimal mark, but Spanish from Mexico writes "1,500 millones" and
"2.5%" as English does, and an English text may quote "€1.500,50". "1,500" alone cannot
tell: it is 1.5 in Madrid and 1500 in Mexico City. The document's own unambiguous numbers
can: several groups ("1,500,000"), both marks in one number ("1,500.50") or a decimal before a
percent sign ("2.5%"). When they all point away from the language's usual mark, and some
ambiguous number needs the answer, the document is read with the other mark.
"""

from __future__ import annotations

import re

# A single mark followed by exactly three digits: "1,500" or "1.500".
_AMBIGUOUS = {
    ",": re.compile(r",(?<=\d,)\d{3}(?!\d|[.,]\d)"),
    ".": re.compile(r"\.(?<=\d\.)\d{3}(?!\d|[.,]\d)"),
}
# Numbers that can only be written with one decimal mark; group "d" marks a full-stop decimal
# writer ("1,500,000", "1,500.5", "2.5%"), group "c" a comma decimal writer.
_EVIDENCE = re.compile(
    r"\d(?:"
    r"(?P<d>,\d{3},\d{3}|,\d{3}\.\d|\.\d{1,2}[^\S\n]?%)"
    r"|(?P<c>\.\d{3}\.\d{3}|\.\d{3},\d|,\d{1,2}[^\S\n]?%)"
    r")"
)


def document_decimal_mark(text: str, usual: str) -> str:
    """The decimal mark `text` uses: `usual` unless its numbers say otherwise."""
    other = "." if usual == "," else ","
    # Only a single mark before three digits in the language's own decimal mark is in doubt
    # ("1,500" in Spanish); the search for it costs little, as such marks are rare.
    if usual not in _AMBIGUOUS or _AMBIGUOUS[usual].search(text) is None:
        return usual
    votes = {".": 0, ",": 0}
    for found in _EVIDENCE.finditer(text):
        votes["." if found.group("d") else ","] += 1
    return other if votes[other] and not votes[usual] else usual
