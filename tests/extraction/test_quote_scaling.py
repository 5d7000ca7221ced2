"""Specifications of the quote half's cost: time grows with the text, never with its square.

Each case extracts a text and one four times as long, and allows the longer one eight times the
CPU time (a linear engine needs four, a quadratic one sixteen): generous bounds on growth, not
on absolute speed, so that a loaded machine does not fail them.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

import pytest

from claims.extraction import extract
from claims.extraction.quote_scan import quote_marks_compile, quote_spans_find
from claims.extraction.sentences import SENTENCE_CHARS_MAX, paragraph_at, sentences_split

_SYLLABLES = ["ka", "lo", "mi", "ra", "su", "te", "no", "vi", "de", "ha", "ju", "pe"]
# A linear engine takes 4x the time for 4x the text; a quadratic one 16x.
_GROWTH_ALLOWED = 8.0
# Below this, timer and cache noise swamp the measure.
_SECONDS_FLOOR = 0.02
# Runs of each text; the best counts.
_RUNS = 3


def _names(count: int) -> list[str]:
    names = []
    for first, second, third in itertools.product(_SYLLABLES, repeat=3):
        names.append(f"{(first + second).capitalize()} {(second + third + first).capitalize()}")
        if len(names) == count:
            break
    return names


def _dense_quotes(size: int) -> str:
    return '"ab cd" ' * size  # one paragraph, no sentence ends


def _quoted_sentences(size: int) -> str:
    return 'Smith said: "We will win this fight." ' * size  # one paragraph of sentences


def _long_article(size: int) -> str:
    names = _names(max(1, size // 4))
    paragraphs = []
    for index in range(size):
        name = names[index % len(names)]
        other = names[(index * 7) % len(names)].split()[1]
        paragraphs.append(
            f'Senator {name} of Ohio said on Monday that "the plan will cost a lot," and added: '
            f'"We need it now, and {other} agrees."\n\n'
            f"The {names[(index * 3) % len(names)]} Foundation disagreed. "
            f"{name.split()[1]} was not available.\n"
        )
    return "".join(paragraphs)


def _shared_surname(size: int) -> str:
    # Many people of one surname: each "Smith" alone must not rank them all.
    return "".join(
        f'{name.split()[0]} Smith said "I will be there tomorrow with the team." Smith left.\n'
        for name in _names(size)
    )


def _capitalised_words(size: int) -> str:
    # A run of capitalised words far longer than any name, then many quotes after it.
    return "Aa " * size + 'said "x y z w v" ' * (size // 10)


def _no_punctuation(size: int) -> str:
    return "word Word " * size + '"this is a long enough quote here," he said'


def _seconds(text: str) -> float:
    """The best CPU time of a few runs: one run of a few milliseconds is at the mercy of a
    neighbour's load, and the compiled engine makes the small texts' runs that short."""
    best = float("inf")
    for _ in range(_RUNS):
        started = time.process_time()
        extract(text, lang="en")
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize(
    ("make", "size"),
    [
        (_dense_quotes, 2000),
        (_quoted_sentences, 1000),
        (_long_article, 500),
        (_shared_surname, 1000),
        (_capitalised_words, 4000),
        (_no_punctuation, 20000),
    ],
)
def test_extraction_time_grows_linearly_with_the_text(
    make: Callable[[int], str], size: int
) -> None:
    small = max(_seconds(make(size)), _SECONDS_FLOOR)
    large = _seconds(make(4 * size))
    assert large < _GROWTH_ALLOWED * small


def test_a_sentence_longer_than_any_is_cut_at_spaces_outside_quotes() -> None:
    text = ("word " * 700 + '"a quoted stretch of words here" ') * 4
    quotes = quote_spans_find(text, quote_marks_compile("en"))
    pieces = sentences_split(text, paragraph_at(text, 0), quotes, frozenset())
    assert pieces[0][0] == 0
    assert pieces[-1][1] == len(text)
    for (_, end), (start, _) in itertools.pairwise(pieces):
        assert end == start
    for start, end in pieces:
        assert end - start <= SENTENCE_CHARS_MAX
        assert not any(span.open_at < start < span.outer_end for span in quotes)


def test_a_five_megabyte_paragraph_without_punctuation_is_read() -> None:
    text = "word Word " * 500_000 + '"this is a long enough quote here," he said'
    quotes = extract(text, lang="en").quotes
    assert [(quote.text, quote.speaker) for quote in quotes] == [
        ("this is a long enough quote here,", None)
    ]
