"""Numeric claims: what is read as a figure, with which value, unit and qualifier; what is not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.extraction.candidates import NumericClaimCandidate
from claims.extraction.numbers import numeric_claims_find
from claims.extraction.packs import pack_load


def figures(text: str, lang: str) -> list[NumericClaimCandidate]:
    return numeric_claims_find(text, pack_load(lang))


def only(text: str, lang: str) -> NumericClaimCandidate:
    found = figures(text, lang)
    assert len(found) == 1, [claim.surface for claim in found]
    return found[0]


def values(text: str, lang: str) -> list[Decimal]:
    return [claim.value for claim in figures(text, lang)]


# Digits and locales


def test_comma_decimal_is_read_in_indonesian() -> None:
    assert only("BI Rate turun menjadi 5,50% bulan ini.", "id").value == Decimal("5.5")


def test_dot_groups_are_thousands_in_indonesian() -> None:
    claim = only("pagu anggaran sebesar Rp 52.016.000.000.000 untuk operasional", "id")
    assert claim.value == Decimal("52016000000000")
    assert claim.unit == "IDR"


def test_comma_groups_are_thousands_in_english() -> None:
    assert only("The plant employs 1,234 workers.", "en").value == 1234


def test_dot_decimal_is_read_in_english() -> None:
    assert only("Inflation was 2.75 percent.", "en").value == Decimal("2.75")


def test_english_style_decimal_in_indonesian_text_is_still_a_decimal() -> None:
    assert only("rasio naik menjadi 4.75% tahun ini", "id").value == Decimal("4.75")


def test_space_grouped_digits_form_one_number() -> None:
    claim = only("The mine shipped 816 000 t of ore.", "en")
    assert claim.value == 816000
    assert claim.unit == "tonne"


def test_no_break_space_groups_digits() -> None:
    assert only("exports of 10\u00a0000 tonnes", "en").value == 10000


def test_blank_between_a_year_and_a_number_does_not_join_them() -> None:
    assert values("In 2023 100 people were hired.", "en") == [100]


# Scale words and currencies


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("omzet mencapai 28 miliar dolar AS", "id", 28_000_000_000),
        ("anggaran Rp 1,54 triliun untuk badan", "id", 1_540_000_000_000),
        ("a deal worth $4.5 billion", "en", 4_500_000_000),
        ("a 20bn package", "en", 20_000_000_000),
        ("Kemenkeu minta Rp 52 T untuk 2026", "id", 52_000_000_000_000),
        ("Pengusaha tekor nyaris Rp 1 M", "id", 1_000_000_000),
        ("I have €10M in my account", "en", 10_000_000),
    ],
)
def test_scale_words_multiply_the_number(text: str, lang: str, value: int) -> None:
    assert only(text, lang).value == value


def test_money_scale_abbreviation_needs_a_currency() -> None:
    assert only("a jump of 5 M in the count", "en").value == 5


@pytest.mark.parametrize(
    ("text", "lang", "currency"),
    [
        ("rekor 28 miliar dolar AS", "id", "USD"),
        ("membayar Rp10 juta", "id", "IDR"),
        ("a fine of US$ 300", "en", "USD"),
        ("it cost £2,000", "en", "GBP"),
        ("trade of 5 million tenge", "en", "KZT"),
        ("sanksi senilai 3 miliar rubel", "id", "RUB"),
        ("revenue of 10 EUR", "en", "EUR"),
        ("annual revenue is -15€ now", "en", "EUR"),
    ],
)
def test_currency_by_sign_code_or_name_gives_iso_code(text: str, lang: str, currency: str) -> None:
    assert only(text, lang).unit == currency


def test_pounds_are_money_after_a_scale_word_and_weight_otherwise() -> None:
    assert only("I spent 20 million pounds on this", "en").unit == "GBP"
    assert only("The pig weighs 300 pounds.", "en").unit == "pound"


def test_currency_sign_after_a_year_belongs_to_the_next_number() -> None:
    claim = only("Kemenkeu Minta Anggaran 2026 Rp 52 T, DPR", "id")
    assert claim.surface == "Rp 52 T"


# Percentages and points


def test_percent_sign_and_percent_word_give_percent() -> None:
    assert only("naik 25,6% dari April", "id").unit == "percent"
    assert only("naik 4 persen dari April", "id").unit == "percent"
    assert only("up 4 per cent on the year", "en").unit == "percent"


def test_basis_points_and_percentage_points_are_their_own_units() -> None:
    assert only("dipangkas 25 basis poin", "id").unit == "basis_point"
    assert only("a rise of 2 percentage points", "en").unit == "percentage_point"


# Qualifiers


@pytest.mark.parametrize(
    ("text", "lang", "qualifier"),
    [
        ("didasarkan pada lebih dari 300 kontrak", "id", "more_than"),
        ("rasio NPF di bawah 1% tahun ini", "id", "less_than"),
        ("batas maksimum 39,96% dari PDB", "id", "at_most"),
        ("cashback hingga Rp 1 juta", "id", "at_most"),
        ("sudah hampir Rp900 juta", "id", "approximate"),
        ("mengambil sekitar Rp 80 triliun", "id", "approximate"),
        ("ada setidaknya 12 korban", "id", "at_least"),
        ("more than 300 contracts", "en", "more_than"),
        ("at least 12 people", "en", "at_least"),
        ("up to 4,000 km", "en", "at_most"),
        ("nearly 900 homes", "en", "approximate"),
        ("no more than 5 seats", "en", "at_most"),
        ("fewer than 20 people", "en", "less_than"),
        ("about $5 billion", "en", "approximate"),
    ],
)
def test_qualifier_before_the_figure_is_read(text: str, lang: str, qualifier: str) -> None:
    assert only(text, lang).qualifier == qualifier


def test_qualifier_after_the_figure_is_read() -> None:
    claim = only("Danantara sudah ambil 80% lebih dividen", "id")
    assert (claim.qualifier, claim.surface) == ("more_than", "80% lebih")


def test_qualifier_separated_by_a_filler_word_is_still_read() -> None:
    claim = only("setidaknya ada lima lokasi lain", "id")
    assert (claim.value, claim.qualifier, claim.unit) == (5, "at_least", "count")


def test_surface_includes_qualifier_and_counted_noun() -> None:
    claim = only("didasarkan pada lebih dari 300 kontrak dan perjanjian", "id")
    assert claim.surface == "lebih dari 300 kontrak"


def test_plain_figure_is_exact() -> None:
    assert only("The company hired 300 engineers.", "en").qualifier == "exact"


# Ranges


def test_hyphen_range_gives_lower_and_upper_values() -> None:
    claim = only("hanya berkisar di 10-15%, sedangkan", "id")
    assert (claim.value, claim.value_max, claim.qualifier) == (10, 15, "range")
    assert claim.unit == "percent"


def test_lower_end_of_a_range_takes_the_scale_of_the_upper_end() -> None:
    claim = only("kerugian 2-3 juta rupiah", "id")
    assert (claim.value, claim.value_max, claim.unit) == (2_000_000, 3_000_000, "IDR")


def test_between_and_is_a_range() -> None:
    claim = only("between 44 and 50 mg", "en")
    assert (claim.value, claim.value_max) == (44, 50)


def test_from_to_is_a_change_with_two_figures() -> None:
    assert values("The rate rose from 5% to 7%.", "en") == [5, 7]


def test_range_with_the_unit_on_both_ends() -> None:
    claim = only("growth of 5%-7% next year", "en")
    assert (claim.value, claim.value_max) == (5, 7)


# Spelled-out numbers and vague magnitudes


def test_spelled_number_with_a_counted_noun_is_a_count() -> None:
    claim = only("Officials found five bodies.", "en")
    assert (claim.value, claim.unit) == (5, "count")


def test_spelled_compound_numbers_are_added_and_multiplied() -> None:
    assert only("I want a hundred and two of those", "en").value == 102
    assert only("twenty-one years later", "en").value == 21
    assert only("ada dua puluh lima ribu peserta", "id").value == 25000
    assert only("dua belas orang", "id").value == 12


def test_spelled_scale_after_a_number_word() -> None:
    assert only("one billion years", "en").value == 1_000_000_000


def test_a_lone_small_number_word_is_no_figure() -> None:
    assert figures("One of them left, and two stayed.", "en") == []
    assert figures("salah satu dari mereka", "id") == []


def test_number_word_after_a_determiner_is_no_figure() -> None:
    assert figures("The two countries signed a treaty.", "en") == []


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("Puluhan ribu mahasiswa Kazakhstan belajar", "id", 10_000),
        ("ratusan warga mengungsi", "id", 100),
        ("tens of thousands of people marched", "en", 10_000),
        ("dozens of people were hurt", "en", 12),
        ("hundreds of millions of dollars", "en", 100_000_000),
    ],
)
def test_vague_magnitudes_are_approximate_values(text: str, lang: str, value: int) -> None:
    claim = only(text, lang)
    assert (claim.value, claim.qualifier) == (value, "approximate")


def test_fractions_are_read() -> None:
    assert only("two thirds of voters", "en").value == Decimal(2) / 3
    assert only("two and a half miles", "en").value == Decimal("2.5")
    assert only("a ½ tbsp of salt", "en").value == Decimal("0.5")
    assert only("a 1/4 inch gap", "en").value == Decimal("0.25")


def test_powers_of_ten_are_read() -> None:
    assert only("oscillates at 4e14 per second", "en").value == Decimal("4e14")


# Units


@pytest.mark.parametrize(
    ("text", "lang", "unit"),
    [
        ("tanah seluas 60 meter persegi", "id", "square metre"),
        ("dalam 24 jam", "id", "hour"),
        ("bangunan 3 lantai", "id", "count"),
        ("a 27-kilometre ring", "en", "km"),
        ("about 15 barrels of oil", "en", "barrel"),
        ("a 10kg bag", "en", "kg"),
    ],
)
def test_units_are_named(text: str, lang: str, unit: str) -> None:
    assert only(text, lang).unit == unit


def test_a_bare_number_is_a_count() -> None:
    claim = only('"Ada 5, nanti akan kita rilis," katanya.', "id")
    assert (claim.value, claim.unit) == (5, "count")


# What is not a claim


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("kunjungan kenegaraan ke Kazakhstan dari 27-28 November.", "id"),
        ("menjelang KTT pada 22 Oktober, Berik", "id"),
        ("kembali ke Gedung Putih pada Januari 2025.", "id"),
        ("dengar pendapat, Kamis (11/9).", "id"),
        ("di Jakarta, Senin (20/10/2025).", "id"),
        ("pada periode 20-21 Mei 2025", "id"),
        ("tgl 3 Februari 2013 yang", "id"),
        ("The summit opened on November 27, 2024 in Astana.", "en"),
        ("The vote is on May 5.", "en"),
        ("released on 2025-05-20 at noon", "en"),
    ],
)
def test_dates_are_not_claims(text: str, lang: str) -> None:
    assert figures(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("omzet pada tahun 2023 naik", "id"),
        ("Sejak diluncurkan pada 2023, kartu", "id"),
        ("Kasultan Tahun 1918.", "id"),
        ("hari raya Idul Adha 1446 H", "id"),
        ("In 2019, the law changed.", "en"),
        ("the 1990s were calm", "en"),
        ("between 2020 and 2025 nothing", "en"),
        ("in fiscal 2013-14 nothing", "en"),
    ],
)
def test_years_are_not_claims(text: str, lang: str) -> None:
    assert figures(text, lang) == []


def test_a_year_after_a_qualifier_is_a_count() -> None:
    assert only("more than 2000 people came", "en").value == 2000


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The robbery began at 2.15pm and ended", "en"),
        ("At 2 pm everybody will be gone.", "en"),
        ("rapat dimulai 14.30 WIB di gedung", "id"),
        ("rapat dimulai pukul 10.00 di gedung", "id"),
        ("the train leaves at 10:30 sharp", "en"),
    ],
)
def test_clock_times_are_not_claims(text: str, lang: str) -> None:
    assert figures(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("in the 21st century", "en"),
        ("Presiden ke-7 RI Joko Widodo", "id"),
        ("Pasal 378 KUHP tentang penipuan", "id"),
        ("UU No. 13 Tahun 2003 tentang", "id"),
        ("under Section 3 of the act", "en"),
        ("the COVID-19 pandemic", "en"),
        ("the G20 summit", "en"),
        ("pendekatan B2B2C dimana", "id"),
        ("[iklan_2]", "id"),
        ("Sumber: https://example.org/news/295356.html", "id"),
        ("call +62 812 3456 7890 now", "en"),
        ("call 0812-3456-7890 now", "en"),
        ("the Boeing 737 landed", "en"),
        ("version 3.2.1 shipped", "en"),
        ("Komentar (0)", "id"),
    ],
)
def test_ordinals_labels_names_and_identifiers_are_not_claims(text: str, lang: str) -> None:
    assert figures(text, lang) == []


def test_first_months_phrase_is_a_period_not_a_claim() -> None:
    claim = only("dalam 9 bulan pertama tahun 2024 mencapai lebih dari 20 miliar dolar AS", "id")
    assert (claim.value, claim.period) == (20_000_000_000, "2024-01/2024-09")


# Framing: period, kind, subject


def test_each_figure_takes_the_period_of_its_own_clause() -> None:
    text = (
        "omzet perdagangan pada tahun 2023 mencapai rekor 28 miliar dolar AS, dalam 9 bulan "
        "pertama tahun 2024 mencapai lebih dari 20 miliar dolar AS, dan kedua pihak "
        "menargetkan angka 30 miliar dolar AS pada tahun 2025."
    )
    periods = [claim.period for claim in figures(text, "id")]
    assert periods == ["2023", "2024-01/2024-09", "2025"]


def test_month_and_year_give_a_month_period() -> None:
    assert only("meningkat menjadi 4,21% di April 2025", "id").period == "2025-04"


def test_year_to_date_wording_gives_a_period_from_january() -> None:
    claim = only("Hingga April 2025, pendapatan naik lebih dari 5%", "id")
    assert claim.period == "2025-01/2025-04"


def test_target_cue_marks_the_kind() -> None:
    claim = only("kedua pihak menargetkan angka 30 miliar dolar AS pada 2025", "id")
    assert claim.kind == "target"
    assert only("The bank expects growth of 3% next year.", "en").kind == "forecast"
    assert only("Sales rose 3% last year.", "en").kind == "actual"


def test_subject_is_read_before_the_verb() -> None:
    claim = only("omzet perdagangan pada tahun 2023 mencapai rekor 28 miliar dolar AS", "id")
    assert claim.subject == "omzet perdagangan"


# Contract


def test_surface_is_the_exact_slice_of_the_text() -> None:
    text = "Hubungan didasarkan pada lebih dari 300 kontrak, omzet 28 miliar dolar AS (2023)."
    for claim in figures(text, "id"):
        assert text[claim.start : claim.end] == claim.surface


def test_speaker_is_left_to_the_engine() -> None:
    assert only("omzet 28 miliar dolar AS", "id").speaker is None


def test_confidence_ranks_money_above_counts_above_bare_numbers() -> None:
    money = only("omzet 28 miliar dolar AS", "id").confidence
    count = only("ada 300 kontrak", "id").confidence
    bare = only('"Ada 5, nanti," katanya', "id").confidence
    assert money > count > bare


def test_every_pack_reads_its_own_percent_word() -> None:
    words = {"en": "percent", "id": "persen"}
    for lang, word in words.items():
        assert only(f"naik 7 {word} kemarin", lang).unit == "percent"


def test_mixed_fraction_is_one_figure() -> None:
    assert only("The door is 2 1/2 in thick", "en").value == Decimal("2.5")


def test_tolerance_after_plus_minus_is_no_figure_of_its_own() -> None:
    assert values("It weighs 2,000.45 ± 0.01 pounds", "en") == [Decimal("2000.45")]


def test_qualifier_before_an_article_and_a_number_word_is_read() -> None:
    claim = only("attending at least a dozen rallies", "en")
    assert (claim.value, claim.qualifier) == (12, "at_least")


def test_scale_joined_by_a_hyphen() -> None:
    assert only("a $400-million-a-year business", "en").value == 400_000_000


def test_long_digit_runs_are_identifiers() -> None:
    assert figures('<tweet tweet-id="783492272595750912">', "en") == []


def test_whole_values_carry_no_exponent() -> None:
    assert str(only("omzet 28 miliar dolar AS", "id").value) == "28000000000"


def test_half_a_million_is_half_of_the_scale() -> None:
    claim = only("Half a million people marched.", "en")
    assert (claim.value, claim.surface) == (500_000, "Half a million people")


def test_a_score_is_no_figure() -> None:
    assert figures("The team won 2-1 on Sunday.", "en") == []


# Reading a figure through what touches it


def test_suspended_hyphen_range_is_one_figure() -> None:
    claim = only("a conceptualized 8- to 16-meter telescope", "en")
    assert (claim.value, claim.value_max, claim.unit) == (8, 16, "metre")
    assert claim.qualifier == "range"


def test_suspended_hyphen_after_from_is_still_a_change() -> None:
    assert values("from 8- to 16-meter", "en") == [8, 16]


def test_tolerance_after_a_figure_belongs_to_it() -> None:
    claim = only("It weighs no more than 2,000.45±0.01 pounds", "en")
    assert (claim.value, claim.unit, claim.qualifier) == (Decimal("2000.45"), "pound", "at_most")
    assert only("a length of 5 ± 0.5 mm", "en").unit == "mm"


def test_slash_fraction_of_something_is_a_share() -> None:
    claim = only("about 1/40 of the wavelength", "en")
    assert (claim.value, claim.unit) == (Decimal("0.025"), "fraction")
    assert values("two thirds, or 2/3 of the seats", "en")[-1] == Decimal(2) / Decimal(3)


def test_slash_date_before_of_is_no_share() -> None:
    assert figures("on 9/11 of that year", "en") == []


def test_temperature_without_degree_sign() -> None:
    assert [(c.value, c.unit) for c in figures("It reached 40C, or 104F.", "en")] == [
        (40, "celsius"),
        (104, "fahrenheit"),
    ]


def test_several_hundred_is_an_approximate_count() -> None:
    claim = only("several hundred guests attended", "en")
    assert (claim.value, claim.qualifier) == (100, "approximate")


# How a document writes its numbers


def test_mexican_spanish_comma_groups_thousands_when_the_text_writes_dot_decimals() -> None:
    text = "La empresa invirtió 1,500 millones de pesos y creció 2.5% en 2023."
    assert values(text, "es") == [1_500_000_000, Decimal("2.5")]


def test_spanish_comma_is_a_decimal_when_the_text_says_nothing_else() -> None:
    assert values("El índice subió 1,500 puntos.", "es") == [Decimal("1.5")]


def test_conflicting_evidence_keeps_the_language_mark() -> None:
    text = "Subió un 2,5 % y otro 3.5 %; el índice ganó 1,500 puntos."
    assert values(text, "es")[-1] == Decimal("1.5")


def test_european_numbers_quoted_in_english_are_read_with_a_comma_decimal() -> None:
    text = "The fund lists 1.500.000 shares at 2,75 % and 1.250 in reserve."
    assert values(text, "en")[-1] == 1250


# A number after a capitalised word


def test_number_after_a_place_and_before_a_verb_counts() -> None:
    text = "Su 19 impianti attivi in Francia 8 non hanno superato il test."
    assert values(text, "it") == [19, 8]


def test_number_after_a_name_is_part_of_the_name() -> None:
    assert figures("The crew of Apollo 11, Armstrong said, trained for years.", "en") == []
    assert figures("The update is in Round 2, officials said.", "en") == []


def test_score_at_the_end_of_a_sentence_is_no_figure() -> None:
    assert figures("Arsenal won 3-1.", "en") == []


def test_score_or_ratio_written_with_a_word_is_no_figure() -> None:
    assert figures("Democrats outnumber them – a 3 to 1 margin.", "en") == []
    assert figures("O Flamengo venceu por 3 a 1 diante da torcida.", "pt") == []


def test_a_larger_upper_end_after_a_word_is_still_a_range() -> None:
    claim = only("3 to 4 weeks", "en")
    assert (claim.value, claim.value_max) == (3, 4)


def test_lower_end_of_a_change_takes_the_upper_ends_scale_and_unit() -> None:
    assert [(c.value, c.unit) for c in figures("It fell from 5 to 3 percent.", "en")] == [
        (5, "percent"),
        (3, "percent"),
    ]
    assert values("la population est passée de 2,1 à 2,6 millions", "fr") == [
        2_100_000,
        2_600_000,
    ]
    assert values("wuchs die Bevölkerung von 2,1 auf 2,6 Millionen", "de") == [
        2_100_000,
        2_600_000,
    ]


def test_a_year_before_a_change_keeps_no_scale() -> None:
    text = "naik dari April 2024 menjadi Rp 216,6 miliar"
    assert values(text, "id") == [216_600_000_000]


def test_minutes_after_a_clock_time_are_no_figure() -> None:
    assert figures("il a été inauguré à 10 h 30.", "fr") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Negli anni '90 la crisi", "it"), ("los años 80 fueron", "es"), ("the ’08 crisis", "en")],
)
def test_decades_and_short_years_are_no_figures(text: str, lang: str) -> None:
    assert figures(text, lang) == []


def test_noun_joined_by_a_hyphen_to_digits_is_counted() -> None:
    assert only("the 2,000-page bill", "en").surface == "2,000-page"


def test_compound_adjective_after_a_number_word_is_no_counted_noun() -> None:
    assert figures("in a four-way race", "en") == []


def test_one_in_every_three_names_no_count_of_three() -> None:
    assert figures("uno de cada tres jóvenes está en paro", "es") == []


def test_indian_scales_multiply() -> None:
    claim = only("a project of Rs 500 crore", "en")
    assert (claim.value, claim.unit) == (5_000_000_000, "INR")
    assert only("5 lakh people", "en").value == 500_000


def test_number_after_a_possessive_is_no_part_of_a_name() -> None:
    assert values("Obama won 332 electoral votes to Romney's 206.", "en") == [332, 206]


@pytest.mark.parametrize(
    "text",
    ["the hotline (800-273-8255) is open", "call (800) 273-8255 now", "call 800.273.8255"],
)
def test_telephone_numbers_are_no_figures(text: str) -> None:
    assert figures(text, "en") == []


def test_number_word_in_a_hyphenated_compound_is_no_figure() -> None:
    assert figures("They took time to high-five passersby.", "en") == []


def test_a_pronoun_after_a_number_is_no_counted_noun() -> None:
    assert only("even now at 86 she still says so", "en").surface == "86"
