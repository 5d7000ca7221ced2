"""Entry point of the extraction engine: quotes with their speakers, and numeric claims.

The steps, each in its own module: pick the language pack (`pack_guess`), find the quoted
spans (`quote_scan`), learn the people the article names (`people`), read each quote's own
sentence for an attribution (`attribution`, `mentions`), fall back on earlier sentences for the
rest (`quote_speakers`), judge titles and scare quotes (`quote_judge`), then find the figures
(`numbers`, owned by the numbers engine) and give a figure inside a quote that quote's speaker.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace

from claims.extraction.candidates import (
    Extraction,
    KnownSpeaker,
    NumericClaimCandidate,
    QuoteCandidate,
)
from claims.extraction.numbers import numeric_claims_find
from claims.extraction.pack_guess import UNDETERMINED, pack_guess
from claims.extraction.packs import pack_codes, pack_load
from claims.extraction.quote_speakers import quotes_attribute

EXTRACTOR_VERSION = "0.2.0"

# The pack whose mechanics serve a text in a language without a pack of its own.
_FALLBACK_PACK = "en"


def extract(
    text: str, lang: str | None = None, known_speakers: Iterable[KnownSpeaker] = ()
) -> Extraction:
    """Quotes (with speakers) and numeric claims of `text`.

    `lang` is an ISO 639-1 code; None detects it. `known_speakers` are the editors' verified
    people, used to resolve names, aliases and roles.
    """
    language, code = _language_choose(text, lang)
    quotes = quotes_attribute(text, code, tuple(known_speakers))
    numbers = numeric_claims_find(text, pack_load(code))
    return Extraction(
        language=language,
        quotes=tuple(quotes),
        numeric_claims=tuple(_figures_attribute(numbers, quotes)),
    )


def _language_choose(text: str, lang: str | None) -> tuple[str, str]:
    """The language to report and the pack to use."""
    codes = pack_codes()
    if lang:
        language = lang.strip().lower().replace("_", "-").split("-")[0] or UNDETERMINED
        if language in codes:
            return language, language
        detected = pack_guess(text)
        return language, detected if detected in codes else _FALLBACK_PACK
    detected = pack_guess(text)
    return detected, detected if detected in codes else _FALLBACK_PACK


def _figures_attribute(
    figures: Sequence[NumericClaimCandidate], quotes: Sequence[QuoteCandidate]
) -> list[NumericClaimCandidate]:
    """Give each figure that lies inside a quote the speaker of that quote."""
    spoken = sorted((quote for quote in quotes if quote.speaker), key=lambda quote: quote.start)
    starts = [quote.start for quote in spoken]
    out = []
    for figure in figures:
        index = bisect.bisect_right(starts, figure.start) - 1
        if index >= 0 and figure.end <= spoken[index].end:
            figure = replace(figure, speaker=spoken[index].speaker)
        out.append(figure)
    return out
