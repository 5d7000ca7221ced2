"""ISO 639-1 codes: every one known, common spellings normalised, anything else refused."""

from __future__ import annotations

import pytest
from lingua import Language

from sources.reading.language_codes import ISO_639_1, language_code_normalize
from sources.reading.rejections import InputRejected


def test_the_set_holds_every_iso_639_1_code() -> None:
    assert len(ISO_639_1) == 183
    assert all(len(code) == 2 and code.isascii() and code.islower() for code in ISO_639_1)
    assert {"en", "id", "kk", "ru", "vi", "zh", "aa", "zu", "ht", "sm"} <= ISO_639_1


def test_every_language_the_detector_can_answer_is_a_known_code() -> None:
    detectable = {language.iso_code_639_1.name.lower() for language in Language.all()}

    assert len(detectable) == 75
    assert detectable <= ISO_639_1


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("en", "en"),
        ("EN", "en"),
        (" id ", "id"),
        ("pt-BR", "pt"),
        ("pt_BR", "pt"),
        ("zh-Hant-TW", "zh"),
        ("en-GB-oxendict", "en"),
        ("in", "id"),  # withdrawn for Indonesian, still written by older software
        ("iw-IL", "he"),
    ],
)
def test_common_spellings_are_normalised_to_the_two_letter_code(given: str, code: str) -> None:
    assert language_code_normalize(given) == code


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_language_stays_blank_to_be_detected_later(blank: str) -> None:
    assert language_code_normalize(blank) == ""


@pytest.mark.parametrize(
    "given", ["klingon", "5", "xx", "eng", "e", "en-", "-en", "en US", "qq-BR"]
)
def test_anything_else_is_refused_naming_the_language_field(given: str) -> None:
    with pytest.raises(InputRejected, match="is not an ISO 639-1 language code") as refusal:
        language_code_normalize(given)

    assert refusal.value.field == "language"
    assert repr(given.strip()) in str(refusal.value)


def test_a_long_value_is_shortened_in_the_message() -> None:
    with pytest.raises(InputRejected) as refusal:
        language_code_normalize("x" * 5000)

    assert len(str(refusal.value)) < 200
