"""Figures read right in the general form of issue 11's classes, on invented sentences."""

from __future__ import annotations

from decimal import Decimal

from claims.extraction import extract
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


# Numbers that name: a label's list, a day of the month


def test_every_number_of_a_label_list_names_no_figure() -> None:
    text = "Ia dijerat Pasal 12, 15 dan 18 UU Perlindungan Konsumen serta pasal 40A, 41 atau 42."
    assert figures(text, "id") == []


def test_articles_listed_after_a_label_in_english_name_no_figure() -> None:
    assert figures("He was charged under sections 4, 7 and 9 of the act.", "en") == []


def test_a_list_of_figures_without_a_label_is_still_read() -> None:
    found = read("Harga naik 4, 7 dan 9 persen dalam tiga bulan.", "id")
    assert Decimal(9) in [value for _, value, _ in found]


def test_day_after_tanggal_is_a_date_not_a_figure() -> None:
    assert figures("Data itu dirilis setiap tanggal 15 setiap bulan.", "id") == []


# One figure written in two units


def test_duration_in_years_and_months_is_one_figure_in_months() -> None:
    (claim,) = figures("Terdakwa dihukum 2 tahun 3 bulan penjara.", "id")
    assert (claim.value, claim.unit) == (Decimal(27), "month")


def test_spelled_duration_in_two_units_keeps_its_qualifier() -> None:
    (claim,) = figures("diancam pidana paling lama dua tahun delapan bulan penjara", "id")
    assert (claim.value, claim.unit, claim.qualifier) == (Decimal(32), "month", "at_most")


def test_money_with_its_subunit_is_one_amount() -> None:
    (claim,) = figures("A ticket costs 7 dollars and 25 cents now.", "en")
    assert (claim.value, claim.unit) == (Decimal("7.25"), "USD")


def test_two_durations_joined_by_and_stay_two_figures() -> None:
    assert len(figures("He served three years and six months in prison.", "en")) == 2


# Numbers inside names


def test_number_of_an_index_name_is_no_figure_even_before_a_verb() -> None:
    assert read("The DAX 40 rose 2% on Friday.", "en") == [("2%", Decimal(2), "percent")]


def test_model_number_of_a_brand_is_no_figure() -> None:
    assert figures("Dia memakai iPad 11 miliknya untuk bekerja.", "id") == []


# Counts: spelled, with modifiers, with acronyms


def test_spelled_count_with_a_modifier_after_a_determiner_is_a_figure() -> None:
    found = read("The firm will open the four new plants and hire seven other engineers.", "en")
    assert [value for _, value, _ in found] == [Decimal(4), Decimal(7)]


def test_determiner_and_spelled_number_alone_still_name_a_known_pair() -> None:
    assert figures("The two countries signed the deal.", "en") == []


def test_spelled_count_of_an_acronym_noun_is_a_figure() -> None:
    (claim,) = figures("Dinas akan memasang tujuh CCTV di simpang itu.", "id")
    assert (claim.value, claim.unit) == (Decimal(7), "count")


def test_word_for_one_counts_a_noun_in_indonesian_but_not_in_an_idiom() -> None:
    found = read("Polisi menahan satu tersangka. Di satu sisi, warga lega.", "id")
    assert found == [("satu tersangka", Decimal(1), "count")]


# Qualifiers and words of other languages


def test_negated_reach_is_less_than_in_indonesian() -> None:
    (claim,) = figures("Pertumbuhan tidak sampai 4% tahun ini.", "id")
    assert claim.qualifier == "less_than"


def test_an_suffix_makes_an_indonesian_figure_approximate() -> None:
    (claim,) = figures("Ombaknya setinggi 30 cm-an saja.", "id")
    assert (claim.value, claim.unit, claim.qualifier) == (Decimal(30), "cm", "approximate")


def test_spanish_scale_word_mil_after_millones_adds_thousands() -> None:
    (claim,) = figures("Recaudó tres millones cuarenta mil euros.", "es")
    assert (claim.value, claim.unit) == (Decimal(3040000), "EUR")


def test_currency_after_a_nationality_adjective_in_german() -> None:
    (claim,) = figures("Das kostet 5 Millionen kanadische Dollar.", "de")
    assert (claim.value, claim.unit) == (Decimal(5000000), "CAD")


def test_currency_sign_after_a_scale_word_in_french() -> None:
    (claim,) = figures("Il a investi 8 millions de $ dans la ville.", "fr")
    assert (claim.value, claim.unit) == (Decimal(8000000), "USD")


def test_percent_word_of_a_language_without_a_pack_is_read() -> None:
    (claim,) = extract("Priset steg med 12 procent i fjol.", lang="sv").numeric_claims
    assert claim.unit == "percent"


def test_glued_pc_is_percent_in_british_press() -> None:
    (claim,) = figures("Prices rose 4.5pc last year.", "en")
    assert (claim.value, claim.unit) == (Decimal("4.5"), "percent")


def test_numbers_counting_off_a_list_are_no_figures() -> None:
    assert figures("Follow steps 1, 2, 3 and 4 before you start.", "en") == []


def test_figures_listed_with_a_unit_are_still_read() -> None:
    assert len(figures("Sales grew 5, 7 and 9 percent in three years.", "en")) >= 3


# Currency prefixes and glued units


def test_dollar_sign_before_a_country_code_is_that_dollar() -> None:
    assert read("He paid $US4,500 and $A300.", "en") == [
        ("$US4,500", Decimal(4500), "USD"),
        ("$A300", Decimal(300), "AUD"),
    ]


def test_glued_unit_abbreviations_are_units() -> None:
    found = read("a 300bhp engine, 100Mbps broadband and a 20 sq m room", "en")
    assert [unit for _, _, unit in found] == ["horsepower", "Mbps", "square metre"]


def test_glued_scale_letters_are_thousands_and_millions_before_a_noun() -> None:
    found = read("The show drew 2.5m viewers and 40k comments.", "en")
    assert [value for _, value, _ in found] == [Decimal(2500000), Decimal(40000)]


def test_glued_m_measuring_a_length_stays_metres() -> None:
    assert read("The flood wall is 3m high.", "en") == [("3m", Decimal(3), "metre")]
    assert read("She won the 400m final.", "en")[0][2] == "metre"


# Numbers written as one word


def test_german_compound_number_words_are_read() -> None:
    found = read("Es kamen dreiundsechzig Menschen und zweitausend Gäste.", "de")
    assert [value for _, value, _ in found] == [Decimal(63), Decimal(2000)]


def test_italian_compound_number_words_are_read_with_their_elisions() -> None:
    found = read("Ci sono trentotto feriti e ventitré dispersi.", "it")
    assert [value for _, value, _ in found] == [Decimal(38), Decimal(23)]


def test_dutch_number_words_and_percent_are_read() -> None:
    found = read("Het is vijftig procent en tweeënveertig mensen.", "nl")
    assert [(value, unit) for _, value, unit in found] == [
        (Decimal(50), "percent"),
        (Decimal(42), "count"),
    ]


def test_label_opening_a_quote_still_names_its_list() -> None:
    assert figures('"Pasal 12 dan 14 itu sudah jelas," kata dia.', "id") == []
