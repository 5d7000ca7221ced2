"""The figure reader on real articles annotated by hand (tests/extraction/gold_numbers/).

Each gold file is a Wikinews article (CC BY 2.5, source in its "source" field) in the format of
the evaluation set: figures with surface, offsets, value, unit and qualifier; "optional" figures
are neither required nor counted as false alarms. The floors below are what the reader reaches
today: a change that lowers them is a regression.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from claims.extraction.candidates import NumericClaimCandidate
from claims.extraction.numbers import numeric_claims_find
from claims.extraction.packs import pack_load

GOLD_DIR = Path(__file__).with_name("gold_numbers")
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))


@dataclass
class Tally:
    found: int = 0
    false_alarms: int = 0
    missed: int = 0
    unit_right: int = 0
    unit_scored: int = 0
    qualifier_right: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def f1(self) -> float:
        precision = self.found / max(1, self.found + self.false_alarms)
        recall = self.found / max(1, self.found + self.missed)
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def gold_load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def tally(gold: Iterable[dict[str, Any]], found: list[NumericClaimCandidate]) -> Tally:
    """Greedy one-to-one matching: equal value and intersecting spans."""
    result = Tally()
    gold = list(gold)
    used: set[int] = set()
    matched_gold: set[int] = set()
    for gold_index, item in enumerate(gold):
        for index, claim in enumerate(found):
            if index in used or Decimal(str(item["value"])) != claim.value:
                continue
            if claim.start < item["end"] and item["start"] < claim.end:
                used.add(index)
                matched_gold.add(gold_index)
                if not item.get("optional"):
                    result.found += 1
                    if item.get("unit") is not None:
                        result.unit_scored += 1
                        result.unit_right += item["unit"] == claim.unit
                    result.qualifier_right += item["qualifier"] == claim.qualifier
                break
    result.missed = sum(
        1 for i, item in enumerate(gold) if i not in matched_gold and not item.get("optional")
    )
    result.false_alarms = len(found) - len(used)
    return result


def reading(path: Path) -> tuple[dict[str, Any], list[NumericClaimCandidate], Tally]:
    doc = gold_load(path)
    found = numeric_claims_find(doc["text"], pack_load(doc["lang"]))
    return doc, found, tally(doc["numeric_claims"], found)


def test_gold_files_cover_every_language_with_a_numbers_table() -> None:
    langs = {gold_load(path)["lang"] for path in GOLD_FILES}
    assert {"en", "es", "fr", "de", "it"} <= langs


@pytest.mark.parametrize("path", GOLD_FILES, ids=[path.stem for path in GOLD_FILES])
def test_gold_offsets_hold_and_sources_are_attributed(path: Path) -> None:
    doc = gold_load(path)
    assert "creativecommons.org" in doc["source"]
    for item in doc["numeric_claims"]:
        assert doc["text"][item["start"] : item["end"]] == item["surface"]


@pytest.mark.parametrize("path", GOLD_FILES, ids=[path.stem for path in GOLD_FILES])
def test_figures_of_each_gold_article_are_found(path: Path) -> None:
    doc, found, result = reading(path)
    for claim in found:
        assert doc["text"][claim.start : claim.end] == claim.surface
    assert result.f1 >= 0.85, (result, [claim.surface for claim in found])


def test_figures_of_all_gold_articles_reach_the_floors() -> None:
    total = Tally()
    for path in GOLD_FILES:
        total.add(reading(path)[2])
    assert total.f1 >= 0.95, total
    assert total.unit_right / max(1, total.unit_scored) >= 0.95, total
    assert total.qualifier_right / max(1, total.found) >= 0.95, total
