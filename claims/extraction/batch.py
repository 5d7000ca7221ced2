"""Batch mode of the engine: JSON lines in, one JSON line out per input line, in order.

Each input line is `{"id", "text", "lang"}` (`lang` may be null). Each output line is the
extraction contract plus `"id"`, or `{"id": ..., "error": "..."}` for a line that cannot be
handled; the run goes on with the next line either way.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from claims.extraction.engine import extract


def batch_extract(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Yield one result object per non-blank input line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield _line_extract(line, number)


def _line_extract(line: str, number: int) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"line {number}: not valid JSON ({error.msg})"}
    if not isinstance(item, dict):
        return {"id": None, "error": f"line {number}: expected a JSON object"}
    item_id = item.get("id")
    text, lang = item.get("text"), item.get("lang")
    if not isinstance(text, str):
        return {"id": item_id, "error": f"line {number}: 'text' must be a string"}
    if lang is not None and not isinstance(lang, str):
        return {"id": item_id, "error": f"line {number}: 'lang' must be a string or null"}
    try:
        result = extract(text, lang=lang).to_dict()
    except Exception as error:  # one bad document must not stop the batch
        return {"id": item_id, "error": f"line {number}: {type(error).__name__}: {error}"}
    return {"id": item_id, **result}


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    for result in batch_extract(stdin):
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
