"""Entry point of the extraction engine (a first cut: quoted spans only)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from claims.extraction.candidates import Extraction, KnownSpeaker, QuoteCandidate

EXTRACTOR_VERSION = "0.1.0"

_QUOTED = re.compile(r'"([^"\n]{1,2000})"|“([^”\n]{1,2000})”')


def extract(
    text: str, lang: str | None = None, known_speakers: Iterable[KnownSpeaker] = ()
) -> Extraction:
    """Find the quoted spans of `text`."""
    quotes = []
    for match in _QUOTED.finditer(text):
        group = 1 if match.group(1) is not None else 2
        quotes.append(
            QuoteCandidate(
                text=match.group(group),
                start=match.start(group),
                end=match.end(group),
                speaker=None,
                speaker_mention=None,
                kind="direct",
                confidence=0.3,
            )
        )
    return Extraction(language=lang or "und", quotes=tuple(quotes))
