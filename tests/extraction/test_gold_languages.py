"""Quotes and speakers on real Wikinews articles in every language with a pack, against floors.

The gold files under `gold/` are hand-annotated like `../shared/eval/dev/`: every quoted span
with its speaker, `optional` for titles, names and scare quotes. Quotes match by span overlap
of at least half the longer span; a speaker counts when it is one of the gold aliases. The
floors sit a little below what the engine reaches, so that a regression fails here.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from claims.extraction import extract
from claims.extraction.pack_guess import pack_guess

GOLD = Path(__file__).with_name("gold")

# language: (quote F1, speaker accuracy); None where the gold names nobody to score.
FLOORS: dict[str, tuple[float, float | None]] = {
    "de": (0.9, 0.9),
    "en": (0.9, None),
    "es": (0.9, None),
    "fr": (0.9, None),
    "it": (0.9, 0.85),
    "pt": (0.9, None),
}


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    speakers_right: int = 0
    speakers_scored: int = 0

    @property
    def f1(self) -> float:
        found = 2 * self.true_positives + self.false_positives + self.false_negatives
        return 1.0 if found == 0 else 2 * self.true_positives / found


def _documents() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(GOLD.glob("*.json"))]


def _norm(name: str | None) -> str:
    folded = unicodedata.normalize("NFKD", name or "")
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).casefold().split())


def _overlap(gold: dict[str, Any], start: int, end: int) -> float:
    shared = min(gold["end"], end) - max(gold["start"], start)
    return max(0, shared) / max(gold["end"] - gold["start"], end - start, 1)


def _score(document: dict[str, Any], tally: Tally) -> None:
    predicted = list(extract(document["text"], lang=document["lang"]).quotes)
    used: set[int] = set()
    for gold in document["quotes"]:
        match = max(
            (
                (overlap, index)
                for index, quote in enumerate(predicted)
                if index not in used and (overlap := _overlap(gold, quote.start, quote.end)) >= 0.5
            ),
            default=None,
        )
        if match is None:
            tally.false_negatives += not gold["optional"]
            continue
        used.add(match[1])
        if gold["optional"]:
            continue
        tally.true_positives += 1
        aliases = {_norm(alias) for alias in gold["speaker_aliases"] or [gold["speaker"]] if alias}
        if aliases:
            tally.speakers_scored += 1
            tally.speakers_right += _norm(predicted[match[1]].speaker) in aliases
    tally.false_positives += len(predicted) - len(used)


@cache
def _tallies() -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for document in _documents():
        _score(document, tallies.setdefault(document["lang"], Tally()))
    return tallies


def test_every_gold_file_holds_its_offsets() -> None:
    for document in _documents():
        for quote in document["quotes"]:
            assert document["text"][quote["start"] : quote["end"]] == quote["text"], document["id"]
        assert "CC BY" in document["source"], document["id"]


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_quotes_and_speakers_stay_above_the_floor(lang: str) -> None:
    tally = _tallies()[lang]
    min_f1, min_speakers = FLOORS[lang]
    assert tally.f1 >= min_f1, tally
    if min_speakers is not None:
        assert tally.speakers_scored, tally
        assert tally.speakers_right / tally.speakers_scored >= min_speakers, tally


@pytest.mark.parametrize("document", _documents(), ids=lambda document: document["id"])
def test_language_is_detected_on_every_gold_article(document: dict[str, Any]) -> None:
    assert pack_guess(document["text"]) == document["lang"]
    assert extract(document["text"]).language == document["lang"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The minister said on Monday that the talks would continue after the summer."),
        ("id", "Menteri itu mengatakan bahwa pembicaraan akan dilanjutkan setelah musim panas."),
        ("es", "El ministro dijo el lunes que las negociaciones continuarán después del verano."),
        ("fr", "Le ministre a déclaré lundi que les négociations se poursuivront après l'été."),
        ("de", "Der Minister sagte am Montag, dass die Gespräche nach dem Sommer weitergehen."),
        ("pt", "O ministro disse na segunda-feira que as negociações vão continuar em setembro."),
        ("it", "Il ministro ha detto lunedì che i negoziati continueranno dopo l'estate."),
    ],
)
def test_one_sentence_is_enough_to_tell_the_language(lang: str, text: str) -> None:
    assert pack_guess(text) == lang
