"""Figures read right in the general form of issue 11's classes, on invented sentences."""

from __future__ import annotations

from decimal import Decimal

from claims.extraction.candidates import NumericClaimCandidate
from claims.extraction.numbers import numeric_claims_find
from claims.extraction.packs import pack_load


def figures(text: str, lang: str) -> list[NumericClaimCandidate]:
    return numeric_claims_find(text, pack_load(lang))


def read(text: str, lang: str) -> list[tuple[str, Decimal, str]]:
    return [(claim.surface, claim.value, claim.unit or "") for claim in figures(text, lang)]


# Ranges and changes: which end takes the other's scale


def test_change_lower_end_written_in_full_takes_no_scale_from_the_upper_end() -> None:
    found = read("The grant grew from $300,000 to $2 million in a year.", "en")
    assert [value for _, value, _ in found] == [Decimal(300000), Decimal(2000000)]


def test_change_lower_end_written_short_still_takes_the_upper_scale() -> None:
    found = read("Membership grew from 2.1 to 2.6 million.", "en")
    assert [value for _, value, _ in found] == [Decimal(2100000), Decimal(2600000)]


def test_range_with_a_full_lower_end_and_a_scaled_upper_end_is_one_range() -> None:
    (claim,) = figures("Fees run between $300,000 and $2 million a season.", "en")
    assert (claim.value, claim.value_max, claim.qualifier) == (
        Decimal(300000),
        Decimal(2000000),
        "range",
    )


def test_range_repeating_a_prefix_currency_sign_on_its_upper_end_is_one_range() -> None:
    (claim,) = figures("Tarifnya antara Rp 150 ribu hingga Rp 400 ribu per malam.", "id")
    assert (claim.value, claim.value_max, claim.unit) == (
        Decimal(150000),
        Decimal(400000),
        "IDR",
    )
