"""Guess the language of a text from the stopwords of the packs.

Counts, over the first few thousand words, how many are stopwords of each pack; the pack with
the most wins. Linear, pure Python, fast enough to run on every article.
"""

from __future__ import annotations

import re
from functools import cache

from claims.extraction.packs import pack_codes, pack_load

# Enough words to decide; more only costs time.
_SAMPLE_CHARS = 20_000
_WORD = re.compile(r"[^\W\d_]+")
UNDETERMINED = "und"


@cache
def _stopword_owners() -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for code in pack_codes():
        for word in pack_load(code).meta.get("stopwords", ()):
            owners.setdefault(str(word).lower(), []).append(code)
    return {word: tuple(codes) for word, codes in owners.items()}


def language_detect(text: str, default: str = UNDETERMINED) -> str:
    """ISO 639-1 code of the pack whose stopwords `text` uses most; `default` when none."""
    owners = _stopword_owners()
    votes: dict[str, float] = {}
    for match in _WORD.finditer(text, 0, min(len(text), _SAMPLE_CHARS)):
        codes = owners.get(match.group().lower())
        if codes:
            share = 1.0 / len(codes)
            for code in codes:
                votes[code] = votes.get(code, 0.0) + share
    if not votes:
        return default
    best, count = max(sorted(votes.items()), key=lambda item: item[1])
    return best if count >= 2 else default
