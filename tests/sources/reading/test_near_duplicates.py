"""SimHash: the same story lightly edited is a near-duplicate; a different story is not."""

from __future__ import annotations

import random
import time
import unicodedata

import pytest

from sources.reading.near_duplicates import (
    hamming_distance,
    is_near_duplicate,
    simhash,
    simhash_bands,
    simhash_from_signed,
    simhash_to_signed,
)
from tests.conftest import SAMPLE_ARTICLE

SAMPLE = SAMPLE_ARTICLE


@pytest.fixture(scope="module")
def article() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def test_value_is_64_bit_and_deterministic(article: str) -> None:
    value = simhash(article)
    assert 0 <= value < 2**64
    assert simhash(article) == value


def test_known_value_does_not_change_between_releases() -> None:
    # Stored hashes must stay comparable: changing the algorithm needs a data migration.
    assert simhash("Presiden Tokayev menegaskan hubungan kedua negara") == 0x16474231324BE914


def test_case_punctuation_and_spacing_do_not_matter(article: str) -> None:
    reformatted = "  ".join(article.upper().replace(",", " ").replace(".", " ! ").split())
    assert simhash(reformatted) == simhash(article)


def test_unicode_normal_forms_do_not_matter() -> None:
    composed = "Bình luận của Tổng thống về quan hệ đối tác chiến lược"
    assert simhash(unicodedata.normalize("NFD", composed)) == simhash(composed)


def test_one_changed_figure_is_a_near_duplicate(article: str) -> None:
    corrected = article.replace("28 miliar dolar AS", "29 miliar dolar AS")
    assert corrected != article
    assert is_near_duplicate(simhash(article), simhash(corrected))


def test_removed_page_furniture_is_a_near_duplicate(article: str) -> None:
    trimmed = article.replace("[iklan_2]", "").replace("Komentar (0)", "")
    assert is_near_duplicate(simhash(article), simhash(trimmed))


def test_nearly_all_single_word_edits_stay_within_three_bits(article: str) -> None:
    words = article.split()
    generator = random.Random(20241127)  # fixed: the test is deterministic
    base = simhash(article)
    distances = []
    for _ in range(100):
        edited = list(words)
        edited[generator.randrange(len(edited))] = "diubah"
        distances.append(hamming_distance(base, simhash(" ".join(edited))))
    assert sum(distance <= 3 for distance in distances) >= 95
    assert max(distances) <= 6


def test_different_text_is_not_a_near_duplicate(article: str) -> None:
    half = len(article) // 2
    assert not is_near_duplicate(simhash(article[:half]), simhash(article[half:]))
    other = "The football club announced a new coach after a difficult season in the league."
    assert not is_near_duplicate(simhash(article), simhash(other))


def test_empty_and_punctuation_only_text_hash_to_zero() -> None:
    assert simhash("") == 0
    assert simhash("   \n\t") == 0
    assert simhash("... — !!!") == 0


def test_one_word_text_still_hashes() -> None:
    assert simhash("Putin") != 0


def test_hamming_distance_counts_differing_bits() -> None:
    assert hamming_distance(0, 0) == 0
    assert hamming_distance(0b1011, 0b0001) == 2
    assert hamming_distance(0, 2**64 - 1) == 64


def test_bands_split_the_value_into_four_16_bit_parts() -> None:
    value = 0x1234_5678_9ABC_DEF0
    assert simhash_bands(value) == (0xDEF0, 0x9ABC, 0x5678, 0x1234)
    assert all(0 <= band <= 0xFFFF for band in simhash_bands(2**64 - 1))


def test_hashes_within_three_bits_share_a_band() -> None:
    generator = random.Random(7)
    for _ in range(500):
        value = generator.getrandbits(64)
        flipped = value
        for bit in generator.sample(range(64), 3):
            flipped ^= 1 << bit
        assert set(enumerate(simhash_bands(value))) & set(enumerate(simhash_bands(flipped)))


def test_signed_form_fits_postgresql_bigint_and_round_trips() -> None:
    for value in (0, 1, 2**63 - 1, 2**63, 2**64 - 1):
        signed = simhash_to_signed(value)
        assert -(2**63) <= signed < 2**63
        assert simhash_from_signed(signed) == value


def test_hashing_an_article_takes_milliseconds(article: str) -> None:
    started = time.perf_counter()
    for _ in range(10):
        simhash(article)
    assert (time.perf_counter() - started) / 10 < 0.1
