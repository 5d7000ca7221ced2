"""Items whose stored words hold their article's text at their offsets (a database trigger
checks that), for the editorial service tests."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from claims.models import NumericClaim, Quote
from sources.models import Article
from tests.factories import ArticleFactory

ARTICLE_TEXT = (
    '"We will build 300 homes this year," said Jane Doe, the mayor. '
    '"The river is clean again," said John Roe. '
    "Unemployment fell to 4.5 percent, officials said."
)


_numbers = itertools.count(1)


def article_make(text: str = ARTICLE_TEXT) -> Article:
    """An article of `text`; the sample text gets a number, as articles are unique by text."""
    return ArticleFactory(text=f"{text} ({next(_numbers)})" if text == ARTICLE_TEXT else text)


def quote_at(article: Article, words: str, **fields: Any) -> Quote:
    """A quote of `words`, found where they first occur in the article."""
    start = article.text.index(words)
    return Quote.objects.create(
        article=article, text=words, start=start, end=start + len(words), found_start=start,
        found_end=start + len(words), confidence=fields.pop("confidence", 0.9), **fields,
    )  # fmt: skip


def claim_at(article: Article, words: str, value: str, **fields: Any) -> NumericClaim:
    start = article.text.index(words)
    return NumericClaim.objects.create(
        article=article, surface=words, start=start, end=start + len(words), found_start=start,
        found_end=start + len(words), value=Decimal(value), confidence=0.8, **fields,
    )  # fmt: skip
