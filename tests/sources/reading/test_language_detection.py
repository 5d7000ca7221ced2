"""Language detection: ISO 639-1 codes for articles, None when the text cannot tell."""

from __future__ import annotations

import pytest

from sources.reading.language import DEFAULT_LANGUAGES, language_detect
from tests.conftest import SAMPLE_ARTICLE

SAMPLE = SAMPLE_ARTICLE


def test_sample_article_is_indonesian() -> None:
    assert language_detect(SAMPLE.read_text(encoding="utf-8")) == "id"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The president said the economy grew faster than experts had expected last year.", "en"),
        (
            "Kerajaan Malaysia akan meneruskan usaha untuk memperkukuh ekonomi negara dan "
            "meningkatkan taraf hidup rakyat.",
            "ms",
        ),
        ("Tổng thống Putin thăm Kazakhstan: những chân trời mới của quan hệ đối tác", "vi"),
        ("Президент заявил, что экономика растёт быстрее, чем ожидали эксперты.", "ru"),
        ("Президент Қазақстан мен Ресей арасындағы қарым-қатынас туралы айтты.", "kk"),
        ("Der Bürgermeister sagte, die Straße müsse bis zum Sommer größer werden.", "de"),
        ("Le président a déclaré que l'économie a progressé plus vite que prévu.", "fr"),
        ("El ministro dijo que la economía creció un tres por ciento en el año.", "es"),
        ("大統領は記者団に対し、経済は予想よりも速く成長していると述べた。", "ja"),
    ],
)
def test_languages_are_recognised(text: str, code: str) -> None:
    assert language_detect(text) == code


@pytest.mark.parametrize(
    "text", ["", "   \n", "OK", "28 30 2025 1.234.567", "!!! ... ???", "Putin"]
)
def test_too_little_text_gives_none(text: str) -> None:
    assert language_detect(text) is None


FINNISH = "Presidentti sanoi toimittajille, että talous kasvoi odotettua nopeammin viime vuonna."


def test_the_language_set_can_be_widened() -> None:
    assert language_detect(FINNISH, languages=frozenset({"en", "fi"})) == "fi"


def test_text_in_a_script_no_chosen_language_uses_gives_none() -> None:
    assert language_detect(FINNISH, languages=frozenset({"ja", "ru"})) is None


def test_high_confidence_threshold_turns_doubt_into_none() -> None:
    mixed = "Hello bonjour hola ciao hallo"
    assert language_detect(mixed, min_confidence=0.99) is None


def test_unknown_language_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="'xx'"):
        language_detect("some text long enough to be checked", languages=frozenset({"xx"}))


def test_default_languages_are_iso_639_1_codes() -> None:
    assert all(len(code) == 2 and code.islower() for code in DEFAULT_LANGUAGES)
    assert {"id", "en", "ru", "kk", "vi"} <= DEFAULT_LANGUAGES
