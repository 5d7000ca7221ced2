"""Quotes found, and not found, in the general form of issue 11's classes, on invented texts."""

from __future__ import annotations

from claims.extraction import extract


def quotes(text: str, lang: str) -> list[tuple[str, str | None]]:
    return [(quote.text, quote.speaker) for quote in extract(text, lang=lang).quotes]


# English


def test_possessive_of_an_abbreviation_opens_no_quote() -> None:
    text = 'The F.D.A.\'s review took a year. "We need more staff," Lund said.'
    assert quotes(text, "en") == [("We need more staff,", "Lund")]


def test_very_short_quote_right_after_a_named_cue_is_kept() -> None:
    assert quotes('Ruiz said, "Never."', "en") == [("Never.", "Ruiz")]
    assert quotes('Moss replied: "No."', "en") == [("No.", "Moss")]


def test_short_title_after_a_verb_without_a_comma_is_no_quote() -> None:
    assert quotes('Ruiz read the novel "Silent Rivers" twice.', "en") == []


# German


def test_orphan_opening_mark_ends_where_the_next_quote_opens() -> None:
    text = (
        "„Wir bleiben, sagte Frau Brandt am Montag. Später kam der Rat zusammen. "
        "„Das ist entschieden“, sagte Brandt."
    )
    found = quotes(text, "de")
    assert found[-1] == ("Das ist entschieden", "Brandt")
    assert "Das ist entschieden" not in found[0][0]


def test_ditto_marks_between_numbers_open_no_quote() -> None:
    assert quotes("Die Preise lagen bei 10 „ 20 „ 30 Euro je Stück.", "de") == []


def test_capitalised_noun_after_an_article_is_no_speaker() -> None:
    text = "Die Sprecherin erwiderte mit den Worten: „Das stimmt so nicht.“"
    assert quotes(text, "de") == [("Das stimmt so nicht.", None)]


def test_surname_right_after_the_verb_is_still_a_speaker() -> None:
    assert quotes("„Wir schaffen das“, sagte Lindner.", "de") == [("Wir schaffen das", "Lindner")]


def test_inverted_separable_verb_names_the_speaker_before_its_particle() -> None:
    text = "„Das ist doch Unsinn!“, platzte Anna Weber heraus."
    assert quotes(text, "de") == [("Das ist doch Unsinn!", "Anna Weber")]


def test_title_after_a_possessive_is_no_quote_even_before_a_named_cue() -> None:
    text = 'In an interview on NBC\'s "Morning Table," Dana Cole said the plan would pass.'
    assert quotes(text, "en") == []


def test_name_introduced_by_titled_is_no_quote() -> None:
    text = 'The ad, titled "Reckless," ran on Tuesday, the campaign said.'
    assert quotes(text, "en") == []


def test_short_quote_after_a_verb_without_a_speaker_is_a_scare_quote() -> None:
    text = "The clinic has been called a fraud for promoting “miracle” cures."
    assert quotes(text, "en") == []


def test_transcript_reproduced_line_by_line_gives_no_quotes() -> None:
    text = (
        "A partial transcript follows:\n"
        '"HOST: Will you attend the debate tomorrow night?\n'
        '"LANE: I will be there. We are ready for it.\n'
        '"And we will win it."\n'
        '"I will be there," Lane told reporters later.'
    )
    assert quotes(text, "en") == [("I will be there,", "Lane")]


def test_short_quote_continuing_a_speaker_with_its_full_stop_outside_the_marks_is_kept() -> None:
    # Spanish and Italian close the sentence after the guillemets: «Debemos reducir la deuda».
    cases = [
        ("es", "«No hay alternativa», dijo el ministro Carlos Cuerpo. «Debemos reducir la deuda»."),
        ("it", "«Non ci sono alternative», ha detto Luca Rossi. «Dobbiamo ridurre il debito»."),
    ]
    for lang, text in cases:
        quotes = extract(text, lang=lang).quotes
        assert len(quotes) == 2, lang
        assert quotes[1].speaker == quotes[0].speaker, lang


def test_short_scare_quote_inside_a_sentence_is_still_no_quote() -> None:
    text = "El ministro Carlos Cuerpo calificó la medida de «Histórica». Nadie lo cree."
    assert extract(text, lang="es").quotes == ()


def test_short_quote_ending_its_clause_before_a_speech_verb_is_speech_whoever_speaks() -> None:
    cases = [
        ("en", '"It was terrifying," said one resident, who asked not to be named.'),
        ("fr", "« C'est terrible », a dit un habitant du quartier."),
    ]
    for lang, text in cases:
        assert len(extract(text, lang=lang).quotes) == 1, lang


def test_short_scare_quote_before_a_word_that_is_no_speech_verb_is_still_no_quote() -> None:
    text = 'Critics called the plan "a total mess," but the mayor stood by it.'
    assert extract(text, lang="en").quotes == ()
