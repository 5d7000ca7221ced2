"""Documents from JSON lines, and the title of an article that arrives without one."""

from __future__ import annotations

import datetime
import json

from sources.reading.documents import (
    MAX_TITLE_CHARS,
    DocumentFailure,
    DocumentInput,
    document_from_mapping,
    document_to_mapping,
    jsonl_read,
    title_from_text,
)


def test_the_first_non_blank_line_is_the_title() -> None:
    text = "\n  \n   Exports grew to $12 billion  \nThe ministry said on Monday."

    assert title_from_text(text) == "Exports grew to $12 billion"


def test_spaces_inside_the_line_are_collapsed() -> None:
    assert title_from_text("Exports\tgrew   again\nBody.") == "Exports grew again"


def test_a_text_without_words_has_no_title() -> None:
    assert title_from_text(" \n\t\n") == ""


def test_a_line_of_exactly_the_limit_is_kept_whole() -> None:
    line = ("word " * 40)[:MAX_TITLE_CHARS].rstrip() + "s"

    assert len(line) == MAX_TITLE_CHARS
    assert title_from_text(line + "\nBody.") == line


def test_a_long_first_line_is_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    line = "The finance minister said that exports, " * 10  # 400 characters, one paragraph

    title = title_from_text(line)

    assert title.endswith("…")
    assert len(title) <= MAX_TITLE_CHARS + 1
    assert line.startswith(title.removesuffix("…"))
    assert line[len(title) - 1] in " ,"  # the cut falls between words
    assert not title.removesuffix("…").endswith((",", " "))


def test_a_long_line_without_spaces_is_cut_at_the_limit() -> None:
    line = "出口增长" * 100

    assert title_from_text(line) == line[:MAX_TITLE_CHARS] + "…"


def test_json_lines_are_read_one_document_a_line_named_by_line() -> None:
    data = b'{"text": "One."}\r\n\n{"text": "Two"\n["x"]\n'

    read = list(jsonl_read("bulk.jsonl", data))

    assert read[0] == DocumentInput(origin="bulk.jsonl:1", text="One.")
    assert read[1] == DocumentFailure(
        "bulk.jsonl:3", "not valid JSON (Expecting ',' delimiter at column 15)"
    )
    assert read[2] == DocumentFailure("bulk.jsonl:4", "expected a JSON object")
    assert len(read) == 3


def test_a_line_separator_inside_a_json_string_does_not_end_the_line() -> None:
    data = json.dumps({"text": "One\u2028line."}, ensure_ascii=False).encode()

    assert list(jsonl_read("bulk.jsonl", data)) == [
        DocumentInput(origin="bulk.jsonl:1", text="One\u2028line.")
    ]


def test_a_document_survives_the_trip_through_a_json_object() -> None:
    document = DocumentInput(
        origin="bulk.jsonl:1", text="Exports grew.", title="Trade", url="https://a.example/1",
        original_url="https://b.example/1", byline="Jane Doe", language="en",
        publication="Daily", published_at=datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.UTC),
    )  # fmt: skip

    mapping = document_to_mapping(document)

    assert json.loads(json.dumps(mapping)) == mapping
    assert document_from_mapping("bulk.jsonl:1", mapping) == document
    assert document_to_mapping(DocumentInput(origin="x", text="Hi.")) == {"text": "Hi."}
