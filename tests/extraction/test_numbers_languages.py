"""Each language pack reads its own digits, scale words, currencies, qualifiers and dates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.extraction.numbers import numeric_claims_find
from claims.extraction.packs import pack_load

# (lang, text, value, unit, qualifier)
FIGURES = [
    ("es", "invirtió más de 2.500 millones de dólares", 2_500_000_000, "USD", "more_than"),
    ("es", "la inflación fue del 3,5 por ciento", Decimal("3.5"), "percent", "exact"),
    ("es", "unos 300 manifestantes", 300, "count", "approximate"),
    ("es", "decenas de miles de personas", 10_000, "count", "approximate"),
    ("es", "un acuerdo de 2 mil millones de euros", 2_000_000_000, "EUR", "exact"),
    ("es", "subió 5 puntos porcentuales", 5, "percentage_point", "exact"),
    ("fr", "plus de 2,5 milliards d'euros", 2_500_000_000, "EUR", "more_than"),
    ("fr", "environ 1 234,5 tonnes de blé", Decimal("1234.5"), "tonne", "approximate"),
    ("fr", "une hausse de 15 %", 15, "percent", "exact"),
    ("fr", "près de 1 000 blessés", 1000, "count", "approximate"),
    ("fr", "une dizaine de wagons", 10, "count", "approximate"),
    ("de", "mehr als 2,5 Milliarden Euro", 2_500_000_000, "EUR", "more_than"),
    ("de", "ein Plus von 3,5 Mio. Euro", 3_500_000, "EUR", "exact"),
    ("de", "rund 15 Prozent mehr", 15, "percent", "approximate"),
    ("de", "kamen 1.200 Menschen", 1200, "count", "exact"),
    ("de", "Zehntausende Demonstranten", 10_000, "count", "approximate"),
    ("de", "bis zu sieben Tagen", 7, "day", "at_most"),
    ("pt", "mais de R$ 2,5 bilhões", 2_500_000_000, "BRL", "more_than"),
    ("pt", "cerca de 15% a mais", 15, "percent", "approximate"),
    ("pt", "um rombo de R$ 300 mi", 300_000_000, "BRL", "exact"),
    ("pt", "dezenas de milhares de pessoas", 10_000, "count", "approximate"),
    ("it", "oltre 2,5 miliardi di euro", 2_500_000_000, "EUR", "more_than"),
    ("it", "circa il 15 per cento in più", 15, "percent", "approximate"),
    ("it", "1.200 tonnellate di grano", 1200, "tonne", "exact"),
    ("it", "decine di migliaia di persone", 10_000, "count", "approximate"),
    ("it", "ha provocato undici morti", 11, "count", "exact"),
]


@pytest.mark.parametrize(("lang", "text", "value", "unit", "qualifier"), FIGURES)
def test_pack_reads_its_figures(
    lang: str, text: str, value: int | Decimal, unit: str, qualifier: str
) -> None:
    claims = numeric_claims_find(text, pack_load(lang))
    assert [(c.value, c.unit, c.qualifier) for c in claims] == [(value, unit, qualifier)]


NOT_FIGURES = [
    ("es", "el 3 de marzo de 2024"),
    ("es", "según el artículo 5 de la ley"),
    ("es", "a las 10 de la mañana"),
    ("fr", "le 3 mars 2024 à 14 h"),
    ("fr", "le 1er janvier"),
    ("de", "am 3. Oktober 2024 um 14 Uhr"),
    ("de", "nach Artikel 5 des Gesetzes"),
    ("pt", "em 3 de março de 2024"),
    ("pt", "às 10 horas da manhã"),
    ("it", "il 3 marzo 2024 alle 14"),
    ("it", "secondo l'articolo 5 della legge"),
]


@pytest.mark.parametrize(("lang", "text"), NOT_FIGURES)
def test_pack_leaves_dates_times_and_labels_alone(lang: str, text: str) -> None:
    assert numeric_claims_find(text, pack_load(lang)) == []


# A verb after a figure is no counted noun: the surface stops at the figure.
VERB_AFTER = [
    ("es", "El terremoto de magnitud 7,8 dejó al menos 3.000 muertos.", "7,8"),
    ("pt", "Ao todo, 12 ficou sem energia.", "12"),
    ("id", "Gempa bermagnitudo 5,6 menewaskan sedikitnya 12 orang.", "5,6"),
]


@pytest.mark.parametrize(("lang", "text", "surface"), VERB_AFTER)
def test_verb_after_a_figure_is_no_counted_noun(lang: str, text: str, surface: str) -> None:
    assert numeric_claims_find(text, pack_load(lang))[0].surface == surface


def test_german_age_adjective_is_a_number_of_years() -> None:
    claims = numeric_claims_find("Der 63-jährige Politiker trat zurück.", pack_load("de"))
    assert [(c.value, c.unit) for c in claims] == [(63, "year")]


def test_indonesian_fraction_words_give_shares() -> None:
    claims = numeric_claims_find("Sekitar dua pertiga responden memilih.", pack_load("id"))
    assert claims[0].value == Decimal(2) / Decimal(3)
    assert claims[0].unit == "fraction"


# A preposition fused with an article, or an article, between the qualifier and the figure.
QUALIFIED_WITH_ARTICLE = [
    ("es", "más del 50 % de los votos", "more_than"),
    ("es", "menos del 5 %", "less_than"),
    ("es", "hasta el 30 %", "at_most"),
    ("es", "hasta un 30 %", "at_most"),
    ("it", "più dell'80% dei voti", "more_than"),
    ("it", "fino al 30%", "at_most"),
    ("pt", "mais do que 50%", "more_than"),
]


@pytest.mark.parametrize(("lang", "text", "qualifier"), QUALIFIED_WITH_ARTICLE)
def test_qualifier_fused_with_an_article_is_read(lang: str, text: str, qualifier: str) -> None:
    assert [c.qualifier for c in numeric_claims_find(text, pack_load(lang))] == [qualifier]


def test_a_counted_noun_makes_a_number_after_a_time_word_a_count() -> None:
    assert [c.value for c in numeric_claims_find("las 3 personas", pack_load("es"))] == [3]
    assert numeric_claims_find("a las 10 de la mañana", pack_load("es")) == []
