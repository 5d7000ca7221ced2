"""Bytes to text for uploaded files and fetched pages, and the checks any text must pass.

`text_decode(data)` picks the character encoding in this order: a byte-order mark; UTF-8 when the
caller says the input must be UTF-8; the charset the sender declared (HTTP header, form field);
with `markup=True`, a `<meta charset>` or `<?xml encoding?>` near the top; valid UTF-8; UTF-8
with a few stray Windows-1252 bytes (files pasted together from two sources); and last
charset-normalizer's guess. Binary files (PDF, ZIP/DOCX, images, executables, NUL bytes, text full
of control characters) are refused with a message that says what the file seems to be.

`text_validate(text, max_chars=...)` refuses empty, whitespace-only and over-long text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from sources.reading.rejections import InputRejected, count_describe, size_describe

# Leading bytes of formats people upload by mistake instead of text. Checked before decoding
# because some of them (PDF) start with printable ASCII and would otherwise decode "fine".
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel, OpenDocument or EPUB file)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"(\xb5/\xfd", "a zstd-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio or video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska or WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)

# (byte-order mark, codec), longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Browsers decode pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG Encoding), and so
# do we: newsroom CMSes declare ISO-8859-1 and send curly quotes from the 0x80-0x9F range.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "x-user-defined": "cp1252",
}

# Where an HTML or XML document names its own encoding. Only the first bytes are searched, as a
# browser's pre-scan does: the declaration must precede any text.
_MARKUP_PRESCAN_BYTES = 4096
_MARKUP_CHARSET_PATTERNS = (
    re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""", re.I),
    re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I),
)

# Text whose characters are more than this share of control characters (other than tab, line
# and page breaks) is binary data that happened to decode.
_CONTROL_CHARACTER_LIMIT = 0.02
# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; a regex counts them in C.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

_PREFERRED_LEGACY_CODEC = "cp1252"

# UTF-8 with stray Windows-1252 bytes is taken for two sources pasted together when there are
# at least this many valid UTF-8 characters per stray byte; a legacy-encoded file in which two
# bytes happen to form a valid UTF-8 character ("Р»" in Windows-1251) is far below it.
_MIXED_ENCODING_MIN_RATIO = 0.25


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Decoded text and how its encoding was chosen.

    `encoding` is a Python codec name (`utf-8`, `cp1252`, ...). `encoding_source` is one of
    `bom`, `utf-8 required`, `declared`, `markup`, `utf-8`, `utf-8 with windows-1252`, `detected`.
    """

    text: str
    encoding: str
    encoding_source: str


def text_decode(
    data: bytes,
    *,
    declared_charset: str | None = None,
    utf8_required: bool = False,
    markup: bool = False,
    max_bytes: int | None = None,
) -> DecodedText:
    """Decode `data` to text, or raise `InputRejected` saying why it is not text.

    `declared_charset` is what the sender said (a Content-Type charset); a wrong declaration
    that fails to decode is ignored rather than trusted. `utf8_required=True` refuses anything
    that is not valid UTF-8 (API inputs documented as UTF-8) instead of guessing. `markup=True`
    also honours the document's own `<meta charset>` / XML declaration.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise InputRejected(
            f"the file is {size_describe(len(data))}; the limit is {size_describe(max_bytes)}"
        )
    if not data:
        raise InputRejected("the file is empty")
    binary_kind = binary_signature_describe(data)
    if binary_kind is not None:
        raise InputRejected(f"the file is {binary_kind}, not text")

    decoded = _decode_by_bom(data)
    if decoded is None and b"\x00" in data and not _is_wide_unicode(declared_charset):
        raise InputRejected("the file contains binary data (NUL bytes), not text")
    if decoded is None and utf8_required:
        decoded = DecodedText(_utf8_strict_decode(data), "utf-8", "utf-8 required")
    if decoded is None:
        decoded = _decode_as_declared(data, declared_charset, "declared")
    if decoded is None and markup:
        decoded = _decode_as_declared(data, _markup_charset(data), "markup")
    if decoded is None:
        decoded = _decode_as_utf8(data)
    if decoded is None:
        decoded = _decode_by_detection(data)

    _reject_control_characters(decoded.text)
    return decoded


def text_validate(text: str, *, max_chars: int) -> str:
    """Return `text` unchanged when it has something to ingest and is not too long."""
    if not text or text.isspace():
        raise InputRejected("the text is empty")
    if len(text) > max_chars:
        raise InputRejected(
            f"the text is {count_describe(len(text), 'characters')} long; "
            f"the limit is {count_describe(max_chars, 'characters')}"
        )
    if "\x00" in text:
        raise InputRejected("the text contains binary data (NUL characters)")
    _reject_control_characters(text)
    return text


def binary_signature_describe(data: bytes) -> str | None:
    """What kind of non-text file `data` starts like (`"a PDF document"`), or None."""
    head = data[:16]
    for signature, description in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return description
    return None


def charset_normalise(label: str | None) -> str | None:
    """The Python codec for an encoding label from a header or a page, or None if unknown."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    cleaned = _CHARSET_ALIASES.get(cleaned, cleaned)
    try:
        return codecs.lookup(cleaned).name
    except LookupError:
        return None


def _decode_by_bom(data: bytes) -> DecodedText | None:
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                raise InputRejected(
                    f"the file starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()} (bad bytes at position {error.start})"
                ) from None
            # The UTF-16/32 codecs consume the mark themselves; utf-8-sig does too.
            return DecodedText(text, codec.removesuffix("-sig"), "bom")
    return None


def _utf8_strict_decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputRejected(
            f"the file is not valid UTF-8: byte 0x{data[error.start]:02X} at position "
            f"{error.start} (line {line}) cannot be decoded; save it as UTF-8 and try again"
        ) from None


def _is_wide_unicode(label: str | None) -> bool:
    codec = charset_normalise(label)
    return codec is not None and codec.startswith(("utf-16", "utf-32"))


def _decode_as_declared(data: bytes, label: str | None, source: str) -> DecodedText | None:
    codec = charset_normalise(label)
    if codec is None:
        return None
    try:
        return DecodedText(data.decode(codec), codec, source)
    except UnicodeDecodeError:
        # Servers and CMS templates often declare one encoding and send another.
        return None


def _markup_charset(data: bytes) -> str | None:
    head = data[:_MARKUP_PRESCAN_BYTES]
    for pattern in _MARKUP_CHARSET_PATTERNS:
        match = pattern.search(head)
        if match:
            label = match.group(1).decode("ascii")
            codec = charset_normalise(label)
            # A document that was decodable as ASCII cannot really be UTF-16 (WHATWG rule).
            if codec and codec.startswith(("utf-16", "utf-32")):
                return "utf-8"
            return label
    return None


def _decode_as_utf8(data: bytes) -> DecodedText | None:
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    # Valid multi-byte UTF-8 sequences plus a few stray single bytes: two files pasted
    # together, or one Latin-1 paragraph in a UTF-8 export. Decode each part as what it is.
    mostly_utf8 = data.decode("utf-8", errors="replace")
    stray_bytes = mostly_utf8.count("\ufffd")
    utf8_characters = sum(
        1 for character in mostly_utf8 if ord(character) > 0x7F and character != "\ufffd"
    )
    if utf8_characters and utf8_characters >= stray_bytes * _MIXED_ENCODING_MIN_RATIO:
        text = data.decode("utf-8", errors=_WINDOWS_1252_FALLBACK)
        return DecodedText(text, "utf-8", "utf-8 with windows-1252")
    return None


def _decode_by_detection(data: bytes) -> DecodedText:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputRejected("the file's character encoding could not be recognised")
    # Short Western European texts often score the same in several single-byte code pages and
    # charset-normalizer then picks the first (cp1250, turning "à" into "ŕ"); in a tie the
    # web's most common legacy encoding is the better bet.
    tied = [
        match
        for match in matches
        if match.chaos == best.chaos and match.coherence == best.coherence
    ]
    for match in tied:
        if _PREFERRED_LEGACY_CODEC in match.could_be_from_charset:
            text = data.decode(_PREFERRED_LEGACY_CODEC, errors="replace")
            return DecodedText(text, _PREFERRED_LEGACY_CODEC, "detected")
    return DecodedText(str(best), best.encoding, "detected")


def _reject_control_characters(text: str) -> None:
    sample = text[:100_000]
    controls = len(_CONTROL_CHARACTERS.findall(sample))
    if sample and controls / len(sample) > _CONTROL_CHARACTER_LIMIT:
        raise InputRejected(
            "the file looks like binary data, not text "
            f"({controls:,} control characters in the first {len(sample):,})"
        )


def _windows_1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode non-UTF-8 bytes as Windows-1252 (Latin-1 where unmapped)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(_byte_as_windows_1252(byte) for byte in chunk), error.end


def _byte_as_windows_1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # the five bytes Windows-1252 leaves undefined: keep them as Latin-1


_WINDOWS_1252_FALLBACK = "factdb-windows-1252-fallback"
codecs.register_error(_WINDOWS_1252_FALLBACK, _windows_1252_fallback)
