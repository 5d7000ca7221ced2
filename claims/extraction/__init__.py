"""Quote, speaker and numeric-claim extraction: pure Python, no Django.

`extract(text, lang=None, known_speakers=())` returns an `Extraction` whose `to_dict()` is the
JSON contract described in DESIGN.md. `make` also compiles the engine with mypyc; `native` picks
the compiled modules when they match the sources, and these ones otherwise.
"""

from claims.extraction import native

native.modules_use(__path__, __name__)  # before any engine module is imported

from claims.extraction.candidates import (  # noqa: E402
    Extraction,
    KnownSpeaker,
    NumericClaimCandidate,
    QuoteCandidate,
)
from claims.extraction.engine import EXTRACTOR_VERSION, extract  # noqa: E402

__all__ = [
    "EXTRACTOR_VERSION",
    "Extraction",
    "KnownSpeaker",
    "NumericClaimCandidate",
    "QuoteCandidate",
    "extract",
]
