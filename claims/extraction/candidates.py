"""What the extraction engine returns: the JSON contract of DESIGN.md as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class KnownSpeaker:
    """A person the editors have already verified, passed in to help attribution."""

    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    """A direct quote: `text` is `article_text[start:end]`, without its quotation marks."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_mention: str | None
    kind: str  # "direct" (a whole utterance) or "partial" (a fragment woven into a sentence)
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_mention": self.speaker_mention,
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class NumericClaimCandidate:
    """A figure claimed in the text: `surface` is `article_text[start:end]`."""

    surface: str
    start: int
    end: int
    value: Decimal
    unit: str | None
    qualifier: str  # exact, more_than, less_than, at_least, at_most, approximate, range
    subject: str | None = None
    period: str | None = None
    kind: str | None = None  # actual, target, forecast, or None when the text does not say
    speaker: str | None = None
    confidence: float = 0.5
    value_max: Decimal | None = None  # upper bound when qualifier is "range"

    def to_dict(self) -> dict[str, Any]:
        out = {
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "value": decimal_to_json(self.value),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "subject": self.subject,
            "period": self.period,
            "kind": self.kind,
            "speaker": self.speaker,
            "confidence": round(self.confidence, 3),
        }
        if self.value_max is not None:
            out["value_max"] = decimal_to_json(self.value_max)
        return out


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the engine found in one text."""

    language: str
    quotes: tuple[QuoteCandidate, ...] = field(default=())
    numeric_claims: tuple[NumericClaimCandidate, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "quotes": [q.to_dict() for q in self.quotes],
            "numeric_claims": [n.to_dict() for n in self.numeric_claims],
        }


def decimal_to_json(value: Decimal) -> int | float:
    """An integral Decimal becomes a JSON integer, any other a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
