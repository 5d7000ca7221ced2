"""Request body parsers: DRF's, with the limits a hostile body can reach answered as 4xx.

- JSON nested deeper than Python's recursion limit makes `json.loads` raise RecursionError,
  which DRF's JSONParser does not catch (a 500); here it is a 400 `parse_error`.
- A multipart upload's files are streamed to disk and not counted in
  DATA_UPLOAD_MAX_MEMORY_SIZE, so an endless upload would be read; `SizeLimitedUploadHandler`
  (first in FILE_UPLOAD_HANDLERS) refuses a body over that limit, a 413 `request_too_large`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSONParser, with too deep a nesting a parse error instead of a crash."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply.") from None


class SizeLimitedUploadHandler(FileUploadHandler):
    """Refuses a multipart body over DATA_UPLOAD_MAX_MEMORY_SIZE, by its length or as it comes.

    Passes every chunk on to the next handler; it only counts.
    """

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    def _limit(self) -> int | None:
        limit: int | None = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return limit

    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,
        content_length: int,
        boundary: Any,
        encoding: Any = None,
    ) -> None:
        limit = self._limit()
        if limit is not None and content_length > limit:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        limit = self._limit()
        if limit is not None and self.received > limit:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
