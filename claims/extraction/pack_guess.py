"""Which of the engine's language packs a text is written for, from the packs' stopwords.

The engine's own choice of a pack; the language of an article is detected by
`sources.reading.language` (lingua), the one entry point for that.

Counts, over the first few thousand words, how many are stopwords of each pack; the pack with
the most wins. Linear, pure Python, fast enough to run on every article: the words are counted
in C (`Counter` over `findall`), so Python only looks at each distinct word once.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

from claims.extraction.packs import pack_codes, pack_load

# Enough words to decide; more only costs time.
_SAMPLE_CHARS = 20_000
_WORD = re.compile(r"[^\W\d_]+")
UNDETERMINED = "und"


@cache
def _stopword_weights() -> tuple[dict[str, tuple[tuple[str, int], ...]], int]:
    """Each stopword's packs with the integer share of a vote each gets, and one whole vote.

    A word shared by k packs gives each 1/k of a vote; whole votes are scaled to a common
    multiple of every k so that the sums are exact integers, whatever the order of the words.
    """
    owners: dict[str, list[str]] = {}
    for code in pack_codes():
        for word in pack_load(code).meta.get("stopwords", ()):
            codes = owners.setdefault(str(word).lower(), [])
            codes.append(code)
    vote = math.lcm(*(len(codes) for codes in owners.values())) if owners else 1
    weights = {
        word: tuple((code, vote // len(codes)) for code in codes) for word, codes in owners.items()
    }
    return weights, vote


def pack_guess(text: str, default: str = UNDETERMINED) -> str:
    """ISO 639-1 code of the pack whose stopwords `text` uses most; `default` when none."""
    weights, vote = _stopword_weights()
    votes: dict[str, int] = {}
    for word, count in Counter(_WORD.findall(text, 0, _SAMPLE_CHARS)).items():
        for code, share in weights.get(word.lower(), ()):
            votes[code] = votes.get(code, 0) + share * count
    if not votes:
        return default
    best, count = max(sorted(votes.items()), key=lambda item: item[1])
    return best if count >= 2 * vote else default
