"""Uploaded bytes to text: encodings found, binary refused, limits enforced."""

from __future__ import annotations

import codecs
import gzip
import io
import zipfile

import pytest

from sources.reading.rejections import InputRejected, count_describe, size_describe
from sources.reading.text_decoding import binary_signature_describe, text_decode, text_validate

INDONESIAN = (
    "Presiden Tokayev menegaskan bahwa hubungan Kazakhstan-Rusia merupakan “simbol persahabatan”."
)
FRENCH = "Le président a déclaré que l’économie a progressé de 3 % cette année, selon les élèves."
RUSSIAN = (
    "Президент России заявил журналистам, что экономика страны растёт быстрее, чем ожидали "
    "эксперты. По его словам, товарооборот с Казахстаном достиг рекордных 28 миллиардов долларов."
)


# --- empty and whitespace -----------------------------------------------------------------


def test_empty_file_is_refused() -> None:
    with pytest.raises(InputRejected, match=r"^the file is empty$"):
        text_decode(b"")


@pytest.mark.parametrize("text", ["", " ", "\n\n\t  \r\n", "\u00a0\u2003\u3000"])
def test_empty_or_whitespace_only_text_is_refused(text: str) -> None:
    with pytest.raises(InputRejected, match=r"^the text is empty$"):
        text_validate(text, max_chars=1000)


def test_whitespace_only_file_decodes_and_then_fails_validation() -> None:
    decoded = text_decode(b"   \n\t ")
    with pytest.raises(InputRejected, match="empty"):
        text_validate(decoded.text, max_chars=100)


def test_text_over_the_limit_is_refused_with_both_sizes() -> None:
    with pytest.raises(InputRejected) as refusal:
        text_validate("a" * 10_500_000, max_chars=5_000_000)
    assert str(refusal.value) == (
        "the text is 10.5 million characters long; the limit is 5 million characters"
    )


def test_text_at_the_limit_is_accepted_unchanged() -> None:
    text = "  kata " * 10
    assert text_validate(text, max_chars=len(text)) is text


def test_file_over_the_byte_limit_is_refused_before_decoding() -> None:
    with pytest.raises(InputRejected, match=r"^the file is 10\.5 MB; the limit is 5 MB$"):
        text_decode(b"a" * int(10.5 * 1024 * 1024), max_bytes=5 * 1024 * 1024)


def test_sizes_and_counts_read_like_people_write_them() -> None:
    assert size_describe(12) == "12 bytes"
    assert size_describe(300 * 1024) == "300 KB"
    assert size_describe(5 * 1024 * 1024) == "5 MB"
    assert count_describe(12_345, "characters") == "12,345 characters"
    assert count_describe(2_000_000, "characters") == "2 million characters"


# --- binary files -------------------------------------------------------------------------


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (_zip_bytes(), "a ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\x00", "a GIF image"),
        (gzip.compress(b"text inside"), "a gzip-compressed file"),
        (b"\x7fELF\x02\x01\x01", "a program"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an old Microsoft Office document"),
        (b"SQLite format 3\x00", "an SQLite database"),
    ],
)
def test_known_binary_formats_are_refused_by_name(data: bytes, kind: str) -> None:
    with pytest.raises(InputRejected, match=f"^the file is {kind}") as refusal:
        text_decode(data)
    assert str(refusal.value).endswith("not text")
    assert binary_signature_describe(data) is not None


def test_nul_bytes_are_refused() -> None:
    with pytest.raises(InputRejected, match=r"binary data \(NUL bytes\)"):
        text_decode(b"hello\x00world\x00\x00\x01")


def test_text_full_of_control_characters_is_refused() -> None:
    data = bytes(range(1, 32)) * 50 + b"a few words"
    with pytest.raises(InputRejected, match="looks like binary data"):
        text_decode(data)


def test_random_bytes_are_refused() -> None:
    noise = bytes((index * 7919 + 13) % 256 for index in range(4096)).replace(b"\x00", b"\x01")
    with pytest.raises(InputRejected):
        text_decode(noise)


def test_tabs_and_line_breaks_are_not_control_noise() -> None:
    text = "kolom\tnilai\r\nomzet\t28\f\n" * 50
    assert text_decode(text.encode()).text == text


# --- encodings ----------------------------------------------------------------------------


def test_utf8_is_decoded() -> None:
    decoded = text_decode(INDONESIAN.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.encoding_source) == (
        INDONESIAN,
        "utf-8",
        "utf-8",
    )


@pytest.mark.parametrize(
    ("bom_encoding", "codec"),
    [("utf-8-sig", "utf-8"), ("utf-16", "utf-16"), ("utf-32", "utf-32")],
)
def test_byte_order_mark_decides_and_is_removed(bom_encoding: str, codec: str) -> None:
    decoded = text_decode(RUSSIAN.encode(bom_encoding))
    assert decoded.text == RUSSIAN
    assert (decoded.encoding, decoded.encoding_source) == (codec, "bom")


def test_utf16_big_endian_with_bom_is_decoded() -> None:
    data = codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be")
    assert text_decode(data).text == FRENCH


def test_declared_charset_is_used() -> None:
    decoded = text_decode(RUSSIAN.encode("koi8-r"), declared_charset="KOI8-R")
    assert decoded.text == RUSSIAN
    assert decoded.encoding_source == "declared"


def test_declared_latin1_is_read_as_windows_1252_like_browsers_do() -> None:
    data = "“Kutipan” — kata Presiden".encode("cp1252")
    assert text_decode(data, declared_charset="iso-8859-1").text == "“Kutipan” — kata Presiden"


def test_wrong_declared_charset_is_not_trusted() -> None:
    decoded = text_decode(RUSSIAN.encode("cp1251"), declared_charset="utf-8")
    assert decoded.text == RUSSIAN
    assert decoded.encoding_source == "detected"


def test_unknown_declared_charset_is_ignored() -> None:
    assert text_decode(INDONESIAN.encode(), declared_charset="x-no-such-thing").text == INDONESIAN


def test_meta_charset_is_honoured_for_markup() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>' + RUSSIAN + "</p>"
    decoded = text_decode(page.encode("cp1251"), markup=True)
    assert RUSSIAN in decoded.text
    assert decoded.encoding_source == "markup"


def test_xml_declaration_is_honoured_for_markup() -> None:
    feed = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>' + FRENCH + "</title></rss>"
    decoded = text_decode(feed.encode("cp1252"), markup=True)
    assert FRENCH in decoded.text


def test_meta_charset_is_ignored_for_plain_text() -> None:
    text = 'Example markup: <meta charset="koi8-r"> ' + INDONESIAN
    assert text_decode(text.encode("utf-8")).text == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [(FRENCH, "cp1252"), (RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r")],
)
def test_undeclared_legacy_encodings_are_detected(text: str, codec: str) -> None:
    decoded = text_decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding_source == "detected"


def test_mixed_utf8_and_windows_1252_decodes_each_part() -> None:
    utf8_part = "Der Bürgermeister erklärte: „Die Straße wird größer.“\n"
    cp1252_part = "Die Bürger äußerten sich über die Pläne für München.\n"
    decoded = text_decode(utf8_part.encode() + cp1252_part.encode("cp1252"))
    assert decoded.text == utf8_part + cp1252_part
    assert decoded.encoding_source == "utf-8 with windows-1252"


def test_legacy_text_with_an_accidental_utf8_pair_is_not_taken_for_utf8() -> None:
    text = RUSSIAN + " Р» " + RUSSIAN  # "Р»" in Windows-1251 is the bytes of UTF-8 "л"
    assert text_decode(text.encode("cp1251")).text == text


# --- UTF-8 required -----------------------------------------------------------------------


def test_invalid_utf8_is_refused_when_utf8_is_required() -> None:
    data = b"baris satu\nbaris dua caf\xe9\n"
    with pytest.raises(InputRejected) as refusal:
        text_decode(data, utf8_required=True)
    assert str(refusal.value) == (
        "the file is not valid UTF-8: byte 0xE9 at position 24 (line 2) cannot be decoded; "
        "save it as UTF-8 and try again"
    )


def test_mixed_encodings_are_refused_when_utf8_is_required() -> None:
    data = "Bürgermeister ".encode() + "größer".encode("latin-1")
    with pytest.raises(InputRejected, match="not valid UTF-8"):
        text_decode(data, utf8_required=True)


def test_truncated_utf8_sequence_is_refused_when_utf8_is_required() -> None:
    with pytest.raises(InputRejected, match="not valid UTF-8"):
        text_decode("Президент".encode()[:-1], utf8_required=True)


def test_valid_utf8_with_bom_is_accepted_when_utf8_is_required() -> None:
    assert text_decode(INDONESIAN.encode("utf-8-sig"), utf8_required=True).text == INDONESIAN


def test_broken_utf16_after_a_bom_is_refused() -> None:
    with pytest.raises(InputRejected, match="byte-order mark"):
        text_decode(codecs.BOM_UTF16_LE + b"a\x00b")  # odd number of bytes
