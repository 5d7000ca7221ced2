"""Quote, speaker and numeric-claim extraction: pure Python, no Django.

`extract(text, lang=None, known_speakers=())` returns an `Extraction` whose `to_dict()` is the
JSON contract described in DESIGN.md.
"""

from claims.extraction.candidates import (
    Extraction,
    KnownSpeaker,
    NumericClaimCandidate,
    QuoteCandidate,
)
from claims.extraction.engine import EXTRACTOR_VERSION, extract

__all__ = [
    "EXTRACTOR_VERSION",
    "Extraction",
    "KnownSpeaker",
    "NumericClaimCandidate",
    "QuoteCandidate",
    "extract",
]
