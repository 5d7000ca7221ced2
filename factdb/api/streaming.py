"""Whole lists streamed as files: CSV (RFC 4180) and JSON Lines, in constant memory.

A list view with `ExportableList` also answers `?format=csv` and `?format=jsonl` (or
`Accept: text/csv`, `application/jsonl`, `application/x-ndjson`) with every row of its
filtered, ordered list, unpaginated, as a download. The view says what a row is
(`export_rows`); this module turns rows into bytes and bytes into a response:

- the rows come from a server-side cursor read inside a transaction (`export_stream`): outside
  one, Django declares the cursor WITH HOLD (it runs in autocommit), and PostgreSQL then
  materialises the whole result before the first row is sent;
- rows are encoded in batches of about 64 KiB, so a million rows are a few thousand writes;
- CSV: UTF-8 without a byte-order mark, a header row, CRLF line ends, fields quoted when they
  hold a comma, a quote or a line break; a text cell that a spreadsheet would run as a formula
  (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe, as OWASP
  advises. Numbers are not prefixed: a negative value stays a number. JSON Lines is exact (no
  guard): one JSON object per line, "\\n"-terminated, UTF-8;
- decimals are written in plain notation without trailing zeros ("1500000", "2.5"), as text in
  JSON Lines so no reader rounds them through a float; date-times in ISO 8601, UTC as "Z".

Errors found before the first row (a bad filter, an unknown format) are answered as the JSON
error they are; `cursor` does not apply to an export, which always holds the whole list, and
neither does `page_size` (still checked, so a bad one is a 400 as on the list).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Protocol

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from factdb.api.serializers import ErrorResponseSerializer

CSV_MEDIA_TYPE = "text/csv"
# JSON Lines (jsonlines.org) as the OpenAPI media-type registry names it; the older NDJSON
# name is accepted as well and answered with the type asked for.
JSONL_MEDIA_TYPE = "application/jsonl"
NDJSON_MEDIA_TYPE = "application/x-ndjson"

# Bytes gathered before a write: a few thousand writes per million rows, not a million.
_BATCH_BYTES = 64 * 1024
# Cells a spreadsheet reads as the start of a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START_SET = frozenset(_FORMULA_STARTS)


class ExportRows(Protocol):
    """What an export is: its header, and its rows in the same column order."""

    @property
    def columns(self) -> tuple[str, ...]: ...

    @property
    def rows(self) -> Iterator[tuple[Any, ...]]: ...


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _datetime_text(value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.isoformat().replace("+00:00", "Z")


def _csv_row(row: Sequence[Any]) -> list[Any]:
    """`csv_cell` of every value, unrolled: this runs for every cell of a million rows, and
    the ints, floats and Nones the csv module writes itself cost only a type check here."""
    cells = list(row)
    for index, value in enumerate(cells):
        kind = type(value)
        if kind is str:
            if value[:1] in _FORMULA_START_SET:
                cells[index] = "'" + value
        elif kind is not int and kind is not float and value is not None:
            cells[index] = csv_cell(value)
    return cells


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: formula-guarded text, plain decimals, ISO date-times; numbers and
    None (an empty cell) as the csv module writes them."""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime.date):
        return _datetime_text(value)
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime.date):
        return _datetime_text(value)
    raise TypeError(f"{type(value).__name__} is not exportable as JSON")


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The header and `rows` as RFC 4180 CSV, UTF-8, in batches of about 64 KiB."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_csv_row(row))
        if buffer.tell() >= _BATCH_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def jsonl_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """`rows` as JSON Lines: one object per row, keyed by `columns`, in ~64 KiB batches.

    A line break inside a text is escaped by JSON itself, so every row is one line.
    """
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_default)
    batch: list[str] = []
    size = 0
    for row in rows:
        line = encode.encode(dict(zip(columns, row, strict=True))) + "\n"
        batch.append(line)
        size += len(line)
        if size >= _BATCH_BYTES:
            yield "".join(batch).encode()
            batch, size = [], 0
    if batch:
        yield "".join(batch).encode()


class ExportRenderer(BaseRenderer):
    """A file format an export streams in. `lines` writes it; `render` serves a body that
    is already a list of rows (mappings), which the export views never send."""

    extension: str = ""
    content_type: str = ""
    lines: Callable[[Sequence[str], Iterable[Sequence[Any]]], Iterator[bytes]]

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Any = None,
    ) -> bytes:
        if data is None:
            return b""
        items = list(data)
        columns = list(items[0]) if items else []
        rows = ([item.get(column) for column in columns] for item in items)
        return b"".join(type(self).lines(columns, rows))


class CsvRenderer(ExportRenderer):
    media_type = CSV_MEDIA_TYPE
    format = "csv"
    extension = "csv"
    # RFC 4180's optional parameter: the first line is the header.
    content_type = f"{CSV_MEDIA_TYPE}; charset=utf-8; header=present"
    lines = staticmethod(csv_lines)


class JsonLinesRenderer(ExportRenderer):
    media_type = JSONL_MEDIA_TYPE
    format = "jsonl"
    charset = None  # JSON is UTF-8 by definition (RFC 8259)
    extension = "jsonl"
    content_type = JSONL_MEDIA_TYPE
    lines = staticmethod(jsonl_lines)


class NdjsonRenderer(JsonLinesRenderer):
    media_type = NDJSON_MEDIA_TYPE
    content_type = NDJSON_MEDIA_TYPE


EXPORT_RENDERERS: tuple[type[ExportRenderer], ...] = (
    CsvRenderer,
    JsonLinesRenderer,
    NdjsonRenderer,
)


def export_stream(
    *, renderer: ExportRenderer, export: ExportRows, using: str = DEFAULT_DB_ALIAS
) -> Iterator[bytes]:
    """The export's bytes, its rows read inside one transaction.

    In a transaction the server-side cursor is a plain one, so rows flow as PostgreSQL finds
    them; the transaction ends with the stream, also when the client goes away (the server
    closes the generator, which rolls back: nothing was written).
    """
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            # The planner favours plans that give a cursor's first 10% fast (nested loops); an
            # export reads it all, so plan for the whole (hash joins: half the time or less).
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        yield from type(renderer).lines(export.columns, export.rows)


def export_response(
    *, renderer: ExportRenderer, export: ExportRows, name: str
) -> StreamingHttpResponse:
    """A download of `export` in `renderer`'s format, named `<name>-<date>.<extension>`."""
    filename = f"{name}-{timezone.now().date().isoformat()}.{renderer.extension}"
    response = StreamingHttpResponse(
        export_stream(renderer=renderer, export=export), content_type=renderer.content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Proxies (nginx) would otherwise buffer the stream; the first rows should go out now.
    response["X-Accel-Buffering"] = "no"
    return response


class ExportableList:
    """ViewSet mixin: `list` also streams the whole filtered list as CSV or JSON Lines.

    The view gives `export_name` (the file's name) and `export_rows(queryset)`, the rows of
    the list's queryset after `filter_queryset` (the list's filters, search and ordering).
    The export formats are offered on `list` only: `?format=csv` on an item is a 404.
    """

    export_name: str = "export"

    def export_rows(self, queryset: Any) -> ExportRows:
        raise NotImplementedError

    def get_renderers(self) -> list[BaseRenderer]:
        renderers: list[BaseRenderer] = super().get_renderers()  # type: ignore[misc]
        if getattr(self, "action", None) == "list":
            renderers += [renderer() for renderer in EXPORT_RENDERERS]
        return renderers

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        renderer = getattr(request, "accepted_renderer", None)
        if not isinstance(renderer, ExportRenderer):
            return super().list(request, *args, **kwargs)  # type: ignore[misc]
        view: Any = self
        paginator = view.paginator
        if paginator is not None and hasattr(paginator, "get_page_size"):
            paginator.get_page_size(request)  # only checked: an export is never paged
        # Filters are checked here, before the first byte: a bad one is still a JSON 400.
        queryset = view.filter_queryset(view.get_queryset())
        return export_response(
            renderer=renderer, export=self.export_rows(queryset), name=self.export_name
        )

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # An error answered to an export request is JSON, like every API error.
        if isinstance(response, Response) and isinstance(
            getattr(request, "accepted_renderer", None), ExportRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


_EXPORT_DESCRIPTION = (
    "`format=csv` (or `Accept: text/csv`) and `format=jsonl` (or `Accept: application/jsonl`, "
    "`application/x-ndjson`) stream every item of the filtered list as a download, "
    "unpaginated (`cursor` does not apply; `page_size` is checked but does not apply), ordered "
    "as the list. CSV: UTF-8, a header row, RFC 4180 quoting; a text cell starting with "
    "= + - @ is prefixed with an apostrophe so spreadsheets do not run it. JSON Lines: one "
    "object per line, texts exact."
)


def export_list_schema(item: type[BaseSerializer[Any]]) -> Any:
    """The OpenAPI description of an exportable list: JSON pages of `item`, or the files."""
    file_response = OpenApiResponse(OpenApiTypes.STR, description=_EXPORT_DESCRIPTION)
    return extend_schema(
        description=_EXPORT_DESCRIPTION,
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv", "jsonl"],
                description="json: pages (the default); csv or jsonl: the whole list as a file",
            )
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                item(many=True),
                description="A page of the list (JSON), or the whole list as a file (CSV, JSON "
                "Lines).",
            ),
            (200, CSV_MEDIA_TYPE): file_response,
            (200, JSONL_MEDIA_TYPE): file_response,
            (200, NDJSON_MEDIA_TYPE): file_response,
            **{
                (code, "application/json"): OpenApiResponse(
                    ErrorResponseSerializer, description=meaning
                )
                for code, meaning in (
                    (400, "A bad filter value or an unknown parameter, named in `field`."),
                    (401, "Not authenticated, where reading needs a token."),
                    (404, "An unknown `format`."),
                    (406, "No offered format matches `Accept` (and `format`)."),
                )
            },
        },
    )
