"""Specifications of quotes and speakers in the languages the packs add: each row is a common
newsroom pattern of that language, with the speaker the engine must give."""

from __future__ import annotations

import pytest

from claims.extraction import extract
from claims.extraction.quote_scan import quote_marks_compile, quote_spans_find


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "fr",
            "Le président Emmanuel Macron s'est rendu à Berlin. « Nous devons agir vite », "
            "a-t-il déclaré.",
            [("Nous devons agir vite", "Emmanuel Macron")],
        ),
        (
            "fr",
            "« Nous devons agir vite », a déclaré le président Emmanuel Macron lundi.",
            [("Nous devons agir vite", "Emmanuel Macron")],
        ),
        (
            "fr",
            "Selon la ministre Élisabeth Borne, « la réforme est nécessaire ».",
            [("la réforme est nécessaire", "Élisabeth Borne")],
        ),
        (
            "es",
            "«Vamos a ganar», dijo el presidente Gustavo Petro en Bogotá.",
            [("Vamos a ganar", "Gustavo Petro")],
        ),
        (
            "es",
            "El ministro de Economía, Luis Caputo, afirmó: «La inflación está bajando».",
            [("La inflación está bajando", "Luis Caputo")],
        ),
        (
            "es",
            "«No habrá cambios en el gabinete», aseguró un portavoz del Gobierno.",
            [("No habrá cambios en el gabinete", None)],
        ),
        (
            "de",
            "„Wir werden das schaffen“, sagte Bundeskanzlerin Angela Merkel in Berlin.",
            [("Wir werden das schaffen", "Angela Merkel")],
        ),
        (
            "de",
            "Der CDU-Politiker Friedrich Merz erklärte: „Die Lage ist ernst.“",
            [("Die Lage ist ernst.", "Friedrich Merz")],
        ),
        (
            "de",
            "Laut Regierungssprecher Steffen Seibert sei „keine Entscheidung gefallen“.",
            [("keine Entscheidung gefallen", "Steffen Seibert")],
        ),
        (
            "pt",
            "“Vamos vencer”, disse o presidente Luiz Inácio Lula da Silva em Brasília.",
            [("Vamos vencer", "Luiz Inácio Lula da Silva")],
        ),
        (
            "pt",
            "«Estamos preparados», afirmou o primeiro-ministro António Costa.",
            [("Estamos preparados", "António Costa")],
        ),
        (
            "it",
            "«Siamo pronti», ha detto il premier Giorgia Meloni a Roma.",
            [("Siamo pronti", "Giorgia Meloni")],
        ),
        (
            "it",
            "Secondo il ministro Giancarlo Giorgetti, «i conti sono in ordine».",
            [("i conti sono in ordine", "Giancarlo Giorgetti")],
        ),
    ],
)
def test_newsroom_pattern_gives_its_speaker(
    lang: str, text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(q.text, q.speaker) for q in extract(text, lang=lang).quotes] == expected


@pytest.mark.parametrize(
    ("lang", "text", "quoted"),
    [
        ("fr", "L’État et d’Alembert, aujourd’hui, disent « bien » à l'ONU.", ["bien"]),
        ("it", "Dell’anno scorso l'Italia ha fatto un po' di più dall’estero.", []),
        ("pt", "Um copo d’água na casa d'Ávila.", []),
        ("de", "Geht’s noch? Er sagte „Hallo Welt“ und »Guten Tag«.", ["Hallo Welt", "Guten Tag"]),
    ],
)
def test_apostrophes_inside_words_are_no_quote_marks(
    lang: str, text: str, quoted: list[str]
) -> None:
    spans = quote_spans_find(text, quote_marks_compile(lang))
    assert [text[span.start : span.end] for span in spans] == quoted


def test_dutch_pack_reads_quotes_and_speakers() -> None:
    text = "„We gaan door”, zei premier Mark de Vries. „Dit is pas het begin”, aldus De Vries."
    found = [(quote.text, quote.speaker) for quote in extract(text, lang="nl").quotes]
    assert found == [("We gaan door", "Mark de Vries"), ("Dit is pas het begin", "Mark de Vries")]


def test_dutch_text_is_guessed_dutch() -> None:
    text = "Het kabinet heeft dinsdag besloten dat de maatregelen niet worden verlengd."
    assert extract(text).language == "nl"
