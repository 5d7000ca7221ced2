"""The title of an article that arrives without one: its first line."""

from __future__ import annotations

from sources.reading.documents import MAX_TITLE_CHARS, title_from_text


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
