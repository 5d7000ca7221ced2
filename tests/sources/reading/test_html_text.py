"""Web pages to article text and metadata, and pages that cannot be read."""

from __future__ import annotations

import datetime
import html
import time

import pytest

from sources.reading.html_text import FRAGMENT_MAX_ELEMENTS, html_extract
from sources.reading.rejections import InputRejected
from tests.conftest import SAMPLE_ARTICLE

SAMPLE = SAMPLE_ARTICLE
PARAGRAPH = (
    "Dalam wawancara dengan pers kedua negara sebelum kunjungan, Presiden Tokayev menegaskan "
    "bahwa hubungan Kazakhstan-Rusia merupakan simbol persahabatan yang langgeng dan tak "
    "tergoyahkan. Kemitraan dan aliansi strategis ini dibangun atas dasar ikatan sejarah."
)


def page(
    body: str,
    *,
    head: str = "",
    lang: str = "id",
) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        '<nav><ul><li><a href="/">Beranda</a></li><li><a href="/dunia">Dunia</a></li></ul></nav>'
        f"<article>{body}</article>"
        "<footer><p>© 2024 Contoh Berita. Hak cipta dilindungi.</p></footer></body></html>"
    )


@pytest.fixture(scope="module")
def sample_page() -> str:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    head = (
        "<title>Putin ke Kazakhstan | Contoh Berita</title>"
        '<link rel="canonical" href="https://berita.example/dunia/putin-kazakhstan-12345">'
        '<meta property="og:title" content="Putin ke Kazakhstan">'
        '<meta name="author" content="Hoang Anh">'
        '<meta property="article:published_time" content="2024-11-27T10:15:00+07:00">'
    )
    return page(f"<h1>Putin ke Kazakhstan</h1>{body}", head=head, lang="id-ID")


def test_sample_article_text_and_metadata_are_extracted(sample_page: str) -> None:
    document = html_extract(sample_page, url="https://berita.example/x?utm_source=feed")
    assert document.text.startswith("Atas undangan mitranya Kassym-Jomart Tokayev")
    assert "kedua negara." in document.text
    assert "Beranda" not in document.text  # navigation
    assert "Hak cipta" not in document.text  # footer
    assert document.title == "Putin ke Kazakhstan"
    assert document.byline == "Hoang Anh"
    assert document.published_at == datetime.datetime(
        2024, 11, 27, 10, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    assert document.canonical_url == "https://berita.example/dunia/putin-kazakhstan-12345"
    assert document.declared_language == "id"


def test_extraction_of_the_sample_is_fast(sample_page: str) -> None:
    started = time.perf_counter()
    for _ in range(5):
        html_extract(sample_page)
    assert (time.perf_counter() - started) / 5 < 0.5


def test_publication_time_without_offset_uses_the_default_timezone() -> None:
    head = '<meta property="article:published_time" content="2024-11-27T10:15:00">'
    jakarta = datetime.timezone(datetime.timedelta(hours=7), "WIB")
    document = html_extract(page(f"<p>{PARAGRAPH}</p>", head=head), default_timezone=jakarta)
    assert document.published_at == datetime.datetime(2024, 11, 27, 10, 15, tzinfo=jakarta)


def test_page_without_dates_has_no_publication_time() -> None:
    assert html_extract(page(f"<p>{PARAGRAPH}</p>")).published_at is None


def test_date_mentioned_in_the_story_is_not_the_publication_time() -> None:
    body = f"<p>Pada 22 Oktober 2024, Sekretaris Pers menyatakan hal itu. {PARAGRAPH}</p>"
    assert html_extract(page(body)).published_at is None


def test_canonical_url_falls_back_to_the_given_url() -> None:
    document = html_extract(page(f"<p>{PARAGRAPH}</p>"), url="https://berita.example/a")
    assert document.canonical_url == "https://berita.example/a"


@pytest.mark.parametrize(
    ("html_tag_lang", "head", "expected"),
    [
        ("en-GB", "", "en"),
        ("vi", "", "vi"),
        ("", '<meta http-equiv="Content-Language" content="ru">', "ru"),
        ("", '<meta property="og:locale" content="kk_KZ">', "kk"),
        ("", "", None),
    ],
)
def test_declared_language_is_read_from_the_page(
    html_tag_lang: str, head: str, expected: str | None
) -> None:
    document = html_extract(page(f"<p>{PARAGRAPH}</p>", head=head, lang=html_tag_lang))
    assert document.declared_language == expected


def test_malformed_html_is_read() -> None:
    broken = (
        "<html><body><div><p>Presiden <b>Tokayev <i>menegaskan</b> hubungan</i> itu erat"
        f"<p>{PARAGRAPH}<div><table><tr><td>sel</table></span></body"
    )
    document = html_extract(broken)
    assert "Tokayev" in document.text
    assert "simbol persahabatan" in document.text


def test_nul_characters_do_not_cut_the_page_short() -> None:
    document = html_extract(page(f"<p>Awal\x00 berita.</p><p>{PARAGRAPH}</p>"))
    assert "simbol persahabatan" in document.text


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_page_is_refused(text: str) -> None:
    with pytest.raises(InputRejected, match=r"^the page is empty$"):
        html_extract(text)


@pytest.mark.parametrize(
    "markup",
    [
        "<html></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
        page(""),
        "<html><body><script>var x = 1;</script><style>p {}</style></body></html>",
    ],
)
def test_page_without_article_text_is_refused(markup: str) -> None:
    with pytest.raises(InputRejected, match=r"^no article text was found on the page$"):
        html_extract(markup)


def test_50_mb_page_is_refused_before_parsing() -> None:
    huge = page(f"<p>{PARAGRAPH}</p>") + "<!--" + "x" * (50 * 1024 * 1024) + "-->"
    started = time.perf_counter()
    with pytest.raises(InputRejected) as refusal:
        html_extract(huge)
    assert time.perf_counter() - started < 0.5
    assert str(refusal.value) == (
        "the page is 52.4 million characters long; the limit is 10 million characters"
    )


def test_50_mb_page_can_be_trimmed_to_the_limit_instead() -> None:
    huge = page(f"<p>{PARAGRAPH}</p>").replace("</body></html>", "") + "<p>" + "x " * 25_000_000
    document = html_extract(huge, trim_oversized=True)
    assert "simbol persahabatan" in document.text


def test_page_with_too_many_elements_is_refused() -> None:
    links = "".join(
        f'<li><a href="/x{number}">Tautan {number}</a></li>' for number in range(30_000)
    )
    with pytest.raises(InputRejected, match=r"has 60,0\d\d HTML elements; the limit is 50,000"):
        html_extract(page(f"<p>{PARAGRAPH}</p><ul>{links}</ul>"))


def test_short_news_brief_is_kept() -> None:
    brief = "Presiden Tokayev tiba di Moskow pada Selasa pagi untuk pembicaraan dua hari."
    assert html_extract(page(f"<p>{brief}</p>")).text == brief


def test_headline_repeated_as_first_line_is_dropped_from_the_text() -> None:
    head = "<title>Putin ke Kazakhstan</title>"
    document = html_extract(page(f"<h1>Putin  ke Kazakhstan</h1><p>{PARAGRAPH}</p>", head=head))
    assert document.title == "Putin ke Kazakhstan"
    assert document.text == PARAGRAPH


def test_short_fragment_is_read_as_the_text_it_contains() -> None:
    document = html_extract("<p>Exports grew to <b>$12 billion</b>.</p>")

    assert document.text == "Exports grew to $12 billion."
    assert document.title == ""


def test_text_sent_as_html_without_any_markup_is_read() -> None:
    assert html_extract("Exports grew to $12 billion.").text == "Exports grew to $12 billion."


LINK_LIST = (
    '<ul><li><a href="/a">Ekspor naik 12 persen.</a></li>'
    '<li><a href="/b">Impor <b>turun</b>.</a><br><a href="/c">Harga   tetap.</a></li></ul>'
)


def test_fragment_without_main_text_is_read_line_by_line_without_scripts() -> None:
    fragment = f"<script>track('x')</script>{LINK_LIST}<style>li {{}}</style><!-- iklan -->"

    assert html_extract(fragment).text == "Ekspor naik 12 persen.\nImpor turun.\nHarga tetap."


def test_small_page_without_main_text_is_read_without_its_furniture() -> None:
    head = "<title>Ringkasan</title>"

    document = html_extract(page(LINK_LIST, head=head))

    assert document.text == "Ekspor naik 12 persen.\nImpor turun.\nHarga tetap."  # no nav, footer
    assert document.title == "Ringkasan"


def test_big_page_without_main_text_is_still_refused() -> None:
    empty_slots = '<div class="ad-slot"></div>' * FRAGMENT_MAX_ELEMENTS

    with pytest.raises(InputRejected, match=r"^no article text was found on the page$"):
        html_extract(page(LINK_LIST + empty_slots))


def test_deeply_nested_fragment_is_read() -> None:
    fragment = "<div>" * 150 + "Ekspor naik." + "</div>" * 150

    assert html_extract(fragment).text == "Ekspor naik."
