"""The figure reader never raises, keeps offsets valid, is deterministic and runs in linear time."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.numbers import numeric_claims_find
from claims.extraction.packs import pack_codes, pack_load

# Text made of the characters figures are built from, so the reader's paths are all exercised.
FIGURE_ALPHABET = st.sampled_from(
    [
        *"0123456789.,-–/:%$€£ \u00a0\n()+½e×^",
        *("Rp", "juta", "miliar", "million", "bn", "lebih dari", "more than", "November", "to"),
        *("per cent", "persen", "dolar AS", "two", "dua puluh", "tens of", "thousands", "M", "T"),
        *("a", "dan", "and", "between", "antara", "first", "bulan pertama", "2024", "ke-"),
        *("±", "+/-", "'", "’", "h", "auf", "from", "de", "à", "in", "Francia", "non", "C"),
    ]
)
FIGURE_TEXT = st.lists(FIGURE_ALPHABET, max_size=60).map("".join)
LANGS = st.sampled_from(pack_codes())


def assert_well_formed(text: str, lang: str) -> None:
    claims = numeric_claims_find(text, pack_load(lang))
    previous_end = 0
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.surface
        assert claim.start >= previous_end
        assert 0.0 <= claim.confidence <= 1.0
        assert claim.qualifier in {
            "exact",
            "more_than",
            "less_than",
            "at_least",
            "at_most",
            "approximate",
            "range",
        }
        assert (claim.value_max is not None) == (claim.qualifier == "range")
        claim.to_dict()
        previous_end = claim.end
    assert numeric_claims_find(text, pack_load(lang)) == claims


@settings(max_examples=400, deadline=None)
@given(text=st.text(), lang=LANGS)
def test_any_unicode_text_gives_well_formed_claims(text: str, lang: str) -> None:
    assert_well_formed(text, lang)


@settings(max_examples=600, deadline=None)
@given(text=FIGURE_TEXT, lang=LANGS)
def test_figure_like_text_gives_well_formed_claims(text: str, lang: str) -> None:
    assert_well_formed(text, lang)


ADVERSARIAL = [
    "1," * 20_000,
    "1 000 " * 5_000,
    "12.34.56." * 4_000,
    "lebih dari " * 4_000 + "5",
    "Rp" * 15_000 + "5",
    "1-" * 20_000,
    "dua puluh " * 4_000,
    "tens of " * 5_000,
    "5 " * 5_000,
    "\u00a0" * 40_000 + "5%",
    "(" * 20_000 + "1" + ")" * 20_000,
    "1,500 2.5% " * 3_000,
    "8- to " * 6_000 + "16-meter",
    "5 ± " * 8_000 + "1",
    "from 5 to " * 4_000 + "7 million",
    "(800) " * 6_000 + "273-8255",
    "high-" * 8_000 + "five",
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_adversarial_text_is_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    for lang in ("en", "id"):
        assert_well_formed(text, lang)
    # 30-40 kB read four times: a reader quadratic in the length would take minutes.
    assert time.perf_counter() - started < 8
