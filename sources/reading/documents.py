"""Turn files, folders and JSON-lines files into documents to ingest (pure, no Django).

A folder is walked recursively; `.txt` files are plain text, `.html`/`.htm` are web pages,
`.jsonl`/`.ndjson` hold one article per line as
`{"url", "title", "text" or "html", "published_at", "language", "publication", "byline"}`.
A document that cannot be read becomes a `DocumentFailure` naming the file (and line), and
reading goes on with the next one.

`title_from_text(text)` is the title of an article that arrives without one: its first line,
where news text puts the headline.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sources.reading.html_text import html_extract
from sources.reading.rejections import InputRejected
from sources.reading.text_decoding import text_decode

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# Files larger than this are refused before reading; generous for any real article page.
MAX_FILE_BYTES = 64 * 1024 * 1024
# A first line longer than this is a paragraph, not a headline: its start becomes the title.
MAX_TITLE_CHARS = 200


@dataclass(frozen=True, slots=True)
class DocumentInput:
    origin: str  # the file, or file:line, it came from
    text: str
    title: str = ""
    url: str | None = None
    original_url: str = ""
    byline: str = ""
    published_at: datetime.datetime | None = None
    language: str = ""
    publication: str = ""


@dataclass(frozen=True, slots=True)
class DocumentFailure:
    origin: str
    reason: str


DocumentRead = DocumentInput | DocumentFailure


def title_from_text(text: str, *, max_chars: int = MAX_TITLE_CHARS) -> str:
    """The first non-blank line of `text`, spaces collapsed; "" when there is none.

    A line longer than `max_chars` is cut at the last word boundary before it (or at
    `max_chars`, in a script written without spaces) and ends with "…".
    """
    line = next((" ".join(line.split()) for line in text.splitlines() if line.strip()), "")
    if len(line) <= max_chars:
        return line
    cut = line[: max_chars + 1]  # a space just after the limit is a word boundary too
    boundary = cut.rfind(" ")
    cut = cut[:boundary] if boundary > 0 else line[:max_chars]
    return cut.rstrip(" ,;:–—-") + "…"


def document_files(paths: list[Path]) -> list[Path]:
    """The files the paths name: files as given, folders walked for known suffixes."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            known = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
            files.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in known
            )
        else:
            files.append(path)
    return files


def documents_read(path: Path, *, encoding: str = "utf-8") -> Iterator[DocumentRead]:
    """The documents in one file, in order.

    Text and JSON-lines files must be UTF-8 unless `encoding` names another codec, or is
    "auto" to detect it; web pages may declare their own charset.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputRejected(
                f"the file is {size // (1024 * 1024)} MB; the limit is "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        yield DocumentFailure(str(path), "no such file")
        return
    except OSError as error:
        yield DocumentFailure(str(path), f"cannot read the file ({error.strerror})")
        return
    except InputRejected as error:
        yield DocumentFailure(str(path), str(error))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from jsonl_read(str(path), data, encoding=encoding)
        return
    try:
        yield _file_document(path, data, html=suffix in HTML_SUFFIXES, encoding=encoding)
    except InputRejected as error:
        yield DocumentFailure(str(path), str(error))


def _bytes_decode(data: bytes, *, encoding: str, html: bool = False) -> str:
    if html:
        return text_decode(data, markup=True).text
    if encoding == "auto":
        return text_decode(data).text
    if encoding.replace("_", "-").lower() in {"utf-8", "utf8"}:
        return text_decode(data, utf8_required=True).text
    return text_decode(data, declared_charset=encoding).text


def _file_document(path: Path, data: bytes, *, html: bool, encoding: str) -> DocumentInput:
    decoded = _bytes_decode(data, encoding=encoding, html=html)
    if html:
        return html_document(str(path), decoded)
    return DocumentInput(origin=str(path), text=decoded)


def html_document(
    origin: str,
    html: str,
    *,
    url: str | None = None,
    page_url: str | None = None,
    title: str = "",
    byline: str = "",
    published_at: datetime.datetime | None = None,
    language: str = "",
    publication: str = "",
    original_url: str = "",
) -> DocumentInput:
    """A web page's article; what the caller already knows wins over what the page says.

    `url` is the article's known address; `page_url` where the page was fetched from, used to
    resolve the page's own canonical link, which is preferred to it.
    """
    page = html_extract(html, url=url or page_url)
    return DocumentInput(
        origin=origin,
        text=page.text,
        title=title or page.title,
        url=url or page.canonical_url or page_url,
        original_url=original_url,
        byline=byline or page.byline,
        published_at=published_at or page.published_at,
        language=language,
        publication=publication or page.site_name,
    )


def jsonl_read(origin: str, data: bytes, *, encoding: str = "utf-8") -> Iterator[DocumentRead]:
    """The documents of a JSON-lines file's bytes, one per non-blank line, in order.

    Each is named `origin:line`, also when it fails; bytes that cannot be decoded (UTF-8
    unless `encoding` says otherwise) are one failure named `origin`.
    """
    try:
        content = _bytes_decode(data, encoding=encoding)
    except InputRejected as error:
        yield DocumentFailure(origin, str(error))
        return
    # Lines end at "\n" only: JSON strings may hold U+2028 and the other breaks splitlines() knows.
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        line_origin = f"{origin}:{number}"
        try:
            yield _jsonl_document(line_origin, line)
        except InputRejected as error:
            yield DocumentFailure(line_origin, str(error))


def _jsonl_document(origin: str, line: str) -> DocumentInput:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputRejected(f"not valid JSON ({error.msg} at column {error.colno})") from error
    return document_from_mapping(origin, item)


def document_from_mapping(origin: str, item: object) -> DocumentInput:
    """A document from a JSON object with `text` or `html` and optional metadata."""
    if not isinstance(item, dict):
        raise InputRejected("expected a JSON object")
    known = DocumentInput(
        origin=origin,
        text="",
        url=_optional_str(item, "url") or None,
        title=_optional_str(item, "title"),
        byline=_optional_str(item, "byline"),
        language=_optional_str(item, "language"),
        publication=_optional_str(item, "publication"),
        original_url=_optional_str(item, "original_url"),
        published_at=_optional_datetime(item, "published_at"),
    )
    if isinstance(item.get("text"), str):
        return dataclasses.replace(known, text=item["text"])
    if isinstance(item.get("html"), str):
        return html_document(
            origin, item["html"], url=known.url, title=known.title, byline=known.byline,
            published_at=known.published_at, language=known.language,
            publication=known.publication, original_url=known.original_url,
        )  # fmt: skip
    raise InputRejected("the line has neither 'text' nor 'html'")


def document_to_mapping(document: DocumentInput) -> dict[str, str]:
    """The JSON object `document_from_mapping` reads back as `document` (its origin aside):
    the fields it has, the publication time in ISO 8601."""
    fields = {
        "text": document.text,
        "title": document.title,
        "url": document.url or "",
        "original_url": document.original_url,
        "byline": document.byline,
        "published_at": document.published_at.isoformat() if document.published_at else "",
        "language": document.language,
        "publication": document.publication,
    }
    return {key: value for key, value in fields.items() if value}


def _optional_str(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputRejected(f"'{key}' must be a string")
    return value.strip()


def _optional_datetime(item: dict[str, Any], key: str) -> datetime.datetime | None:
    value = item.get(key)
    if isinstance(value, datetime.datetime):  # already parsed, e.g. by an API serializer
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    return _datetime_parse(_optional_str(item, key))


def _datetime_parse(value: str) -> datetime.datetime | None:
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise InputRejected(f"'published_at' is not an ISO 8601 date: {value!r}") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment
