"""Language packs: one TOML data file per language under `packs/`.

A pack has one table per concern, read by the module that owns it:
`[meta]` (name, detection cues), `[quotes]` (quotation conventions), `[speakers]` (speech verbs,
titles, role nouns, pronouns, anaphora) and `[numbers]` (digits locale, number and scale words,
currencies, percent words, qualifiers, period and target cues). Adding a language means adding
a file (and its tests), not code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

PACKS_DIR = Path(__file__).with_name("packs")
PLACES_DIR = PACKS_DIR / "places"


@dataclass(frozen=True, slots=True)
class LanguagePack:
    code: str
    meta: Mapping[str, Any]
    quotes: Mapping[str, Any]
    speakers: Mapping[str, Any]
    numbers: Mapping[str, Any]


@cache
def pack_codes() -> tuple[str, ...]:
    """The language codes that have a pack, sorted.

    Read once per process, like the packs themselves: listing the folder on every article cost
    more than finding its quotes.
    """
    return tuple(sorted(path.stem for path in PACKS_DIR.glob("*.toml")))


@cache
def pack_load(code: str) -> LanguagePack:
    """The pack for `code`; KeyError when there is none."""
    path = PACKS_DIR / f"{code}.toml"
    if not path.is_file():
        raise KeyError(code)
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return LanguagePack(
        code=code,
        meta=MappingProxyType(data.get("meta", {})),
        quotes=MappingProxyType(data.get("quotes", {})),
        speakers=MappingProxyType(data.get("speakers", {})),
        numbers=MappingProxyType(data.get("numbers", {})),
    )


@cache
def pack_places(code: str) -> frozenset[str]:
    """The place names of `code`'s gazetteer (`packs/places/<code>.txt`), in lower case; empty
    when the language has none. Lines starting with "#" are comments."""
    path = PLACES_DIR / f"{code}.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        " ".join(line.split()).lower() for line in lines if line.strip() and line[0] != "#"
    )
