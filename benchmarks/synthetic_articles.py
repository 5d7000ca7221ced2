"""Synthetic but realistic articles for benchmarks, recombined from real sample texts (pure).

Each article is 12 to 30 sentences drawn from the samples' sentences, grouped in paragraphs,
with its figures changed, so articles differ the way a day's news does: same language, same
kinds of quotes and numbers, different combinations. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])")
_NUMBER = re.compile(r"\d+")
_MIN_SENTENCE_CHARS = 40


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    title: str
    text: str
    url: str


def sample_sentences(texts: Sequence[str]) -> list[str]:
    """The sentences of the sample texts that are long enough to carry content."""
    sentences: list[str] = []
    for text in texts:
        for paragraph in text.splitlines():
            sentences.extend(
                s.strip() for s in _SENTENCE_END.split(paragraph) if len(s) >= _MIN_SENTENCE_CHARS
            )
    return sentences


def synthetic_articles(
    sentences: Sequence[str],
    count: int,
    *,
    seed: int = 0,
    url_prefix: str = "https://bench.example",
) -> Iterator[SyntheticArticle]:
    if not sentences:
        raise ValueError("no sentences to build articles from")
    rng = random.Random(seed)
    for number in range(count):
        chosen = rng.sample(list(sentences), min(len(sentences), rng.randint(12, 30)))
        varied = [_NUMBER.sub(lambda m: str(rng.randint(2, 999)), s) for s in chosen]
        paragraphs = [" ".join(varied[i : i + 3]) for i in range(0, len(varied), 3)]
        yield SyntheticArticle(
            title=f"Synthetic article {seed}-{number}",
            text="\n".join(paragraphs),
            url=f"{url_prefix}/{seed}/{number}",
        )
