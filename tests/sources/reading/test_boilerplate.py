"""Page furniture that survives extraction is removed; the article's own lines are kept."""

from __future__ import annotations

import pytest

from sources.reading.boilerplate import boilerplate_strip, furniture_line_is
from tests.conftest import SAMPLE_ARTICLE

SAMPLE = SAMPLE_ARTICLE
UPSTREAM = (
    "https://baoquocte.vn/tong-thong-putin-tham-kazakhstan-nhung-chan-troi-moi-cua-quan-he-"
    "doi-tac-chien-luoc-295356.html"
)


@pytest.fixture(scope="module")
def sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def test_sample_article_loses_its_furniture_and_keeps_its_text(sample: str) -> None:
    cleaned = boilerplate_strip(sample)
    assert cleaned.upstream_url == UPSTREAM
    assert "[iklan_2]" not in cleaned.text
    assert "Komentar (0)" not in cleaned.text
    assert "(Sumber: RIA Novosti)" not in cleaned.text
    assert "baoquocte.vn" not in cleaned.text
    assert cleaned.text.startswith("Atas undangan mitranya Kassym-Jomart Tokayev")
    assert cleaned.text.endswith("untuk lebih meningkatkan hubungan kedua negara.")
    assert "Bentang alam yang mudah berubah" in cleaned.text  # a subheading is article text
    assert len(cleaned.removed_lines) == 5


def test_every_article_paragraph_survives(sample: str) -> None:
    cleaned = boilerplate_strip(sample).text
    kept_paragraphs = [line for line in sample.splitlines() if len(line) > 200]
    assert kept_paragraphs
    for paragraph in kept_paragraphs:
        assert paragraph in cleaned


@pytest.mark.parametrize(
    "line",
    [
        "[iklan_2]",
        "[ads]",
        "[Advertisement]",
        "[quangcao_1]",
        "[banner_top_3]",
        "ADVERTISEMENT",
        "- Advertisement -",
        "Anzeige",
        "SCROLL TO CONTINUE WITH CONTENT",
    ],
)
def test_ad_slots_are_furniture(line: str) -> None:
    assert boilerplate_strip(f"Paragraf pertama.\n{line}\nParagraf kedua.").text == (
        "Paragraf pertama.\nParagraf kedua."
    )


def test_ad_placeholder_inside_a_paragraph_is_cut_out_of_it() -> None:
    cleaned = boilerplate_strip("Presiden berkata [iklan_1] bahwa hubungan itu erat.")
    assert cleaned.text == "Presiden berkata bahwa hubungan itu erat."


@pytest.mark.parametrize(
    "line",
    [
        "Komentar (0)",
        "Comments (12)",
        "12 Comments",
        "Kommentare (3)",
        "Commentaires: 4",
        "Bình luận (0)",
        "Комментарии (7)",
        "Comentarios",
    ],
)
def test_comment_counters_are_furniture(line: str) -> None:
    assert furniture_line_is(line)


@pytest.mark.parametrize(
    "line",
    [
        "Baca juga: Putin dan Tokayev tandatangani 17 perjanjian",
        "BACA JUGA: Harga minyak naik",
        "Read also: Kazakhstan's oil exports to China rise",
        "Read more: Why Astana stays neutral",
        "Lesen Sie auch: Putin in Astana",
        "Lire aussi : la visite de Poutine",
        "Xem thêm: Tổng thống Putin thăm Kazakhstan",
        "Читайте также: Путин в Астане",
        "Leia também: Putin no Cazaquistão",
    ],
)
def test_read_also_lines_are_furniture(line: str) -> None:
    assert furniture_line_is(line)


@pytest.mark.parametrize(
    "line",
    [
        "Presiden Vladimir Putin dan Presiden Kazakh Kassym-Jomart Tokayev, 27 November. "
        "(Sumber: RIA Novosti) |",
        "Rusia saat ini merupakan mitra strategis Kazakhstan. (Sumber: RIA Novosti) |",
        "President Putin arrives in Astana. (Photo: Reuters)",
        "Suasana sidang kabinet di Jakarta. (Foto: ANTARA/Hafidz Mubarak A)",
        "Tổng thống Putin tại Astana. (Ảnh: TTXVN)",
        "Foto: ANTARA/Hafidz Mubarak A",
        "Photo: Reuters",
    ],
)
def test_photo_captions_with_credits_are_furniture(line: str) -> None:
    assert furniture_line_is(line)


@pytest.mark.parametrize(
    "line",
    [
        # A sentence of the article that cites its source is not a caption.
        "Ekonomi tumbuh 5,1 persen pada kuartal ketiga (Sumber: BPS).",
        "Inflation fell to 2.4% in October (Source: Eurostat)",
        "Bentang alam yang mudah berubah",
        "Komentar Presiden itu disambut baik oleh para analis politik di Astana.",
        "Comments made by the minister were later withdrawn.",
        "Related talks will continue in December, the ministry said.",
        "Photographers waited outside the palace for hours.",
        "Sumber itu mengatakan bahwa perjanjian akan ditandatangani besok.",
    ],
)
def test_article_sentences_are_not_furniture(line: str) -> None:
    assert not furniture_line_is(line)
    assert boilerplate_strip(line).text == line


@pytest.mark.parametrize(
    ("line", "url"),
    [
        ("Sumber: https://baoquocte.vn/a-1.html", "https://baoquocte.vn/a-1.html"),
        ("Source: https://example.com/story?id=3", "https://example.com/story?id=3"),
        ("Source : https://lemonde.example/article.html", "https://lemonde.example/article.html"),
        ("Fuente: https://elpais.example/nota.", "https://elpais.example/nota"),
        ("Quelle: https://spiegel.example/artikel", "https://spiegel.example/artikel"),
        ("Fonte: https://folha.example/noticia", "https://folha.example/noticia"),
        ("Nguồn: https://vnexpress.example/bai-viet", "https://vnexpress.example/bai-viet"),
        ("Sumber: Báo Quốc tế, https://baoquocte.vn/x.html", "https://baoquocte.vn/x.html"),
    ],
)
def test_trailing_source_line_becomes_the_upstream_url(line: str, url: str) -> None:
    cleaned = boilerplate_strip(f"Paragraf pertama.\nParagraf kedua.\n{line}\n\nKomentar (0)\n")
    assert cleaned.upstream_url == url
    assert cleaned.text == "Paragraf pertama.\nParagraf kedua."


def test_source_line_in_the_middle_of_the_article_stays() -> None:
    text = "Paragraf pertama.\nSumber: https://example.com/a\nParagraf kedua."
    cleaned = boilerplate_strip(text)
    assert cleaned.upstream_url is None
    assert cleaned.text == text


def test_source_line_without_a_url_stays() -> None:
    cleaned = boilerplate_strip("Paragraf pertama.\nSumber: Reuters")
    assert cleaned.upstream_url is None
    assert cleaned.text.endswith("Sumber: Reuters")


def test_blank_line_runs_left_by_removals_collapse() -> None:
    text = "Satu.\n\n[iklan_1]\n\n\nDua."
    assert boilerplate_strip(text).text == "Satu.\n\nDua."


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_empty_text_stays_empty(text: str) -> None:
    cleaned = boilerplate_strip(text)
    assert (cleaned.text, cleaned.upstream_url, cleaned.removed_lines) == ("", None, ())


def test_text_of_only_furniture_becomes_empty() -> None:
    cleaned = boilerplate_strip("[iklan_2]\nKomentar (0)\n")
    assert cleaned.text == ""
    assert cleaned.removed_lines == ("[iklan_2]", "Komentar (0)")
