"""Speakers found in the general form of issue 11's classes, on invented articles."""

from __future__ import annotations

from claims.extraction import extract


def speakers(text: str, lang: str) -> list[str | None]:
    return [quote.speaker for quote in extract(text, lang=lang).quotes]


# Indonesian: titles, positions and organisation words are no part of the name


def test_organisation_acronym_between_title_and_name_is_no_part_of_the_name() -> None:
    text = (
        "Penyidik memeriksa tiga saksi pada Senin.\n"
        '"Pemeriksaan berjalan lancar dan tertib," kata Jubir KPK Dimas Arya Putra kepada '
        "wartawan."
    )
    assert speakers(text, "id") == ["Dimas Arya Putra"]


def test_title_of_a_body_without_a_name_refers_to_the_person_introduced_before() -> None:
    text = (
        "Anggota DPR RI Fraksi Partai Mawar, Galang Perdana, membagikan bantuan di Lembang.\n"
        '"Bantuan ini untuk meringankan beban warga yang kesulitan," ujar Anggota Komisi IV '
        "DPR RI itu."
    )
    assert speakers(text, "id") == ["Galang Perdana"]


def test_initials_with_dots_are_no_acronym_of_a_body() -> None:
    text = 'Rep. T.J. Holloway said, "We will not back down on this bill."'
    assert speakers(text, "en") == ["T.J. Holloway"]
