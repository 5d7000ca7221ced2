"""Render an article's text as HTML with its quotes and claims marked (pure, no Django)."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    start: int
    end: int
    css_class: str
    title: str


def text_mark(text: str, spans: Iterable[MarkedSpan]) -> str:
    """HTML of `text` where each span is wrapped in <mark>; overlapping spans nest or split."""
    # Shortest first, so a claim inside a quote ends up inside the quote's mark.
    valid = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: s.end - s.start
    )
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    parts = []
    for left, right in itertools.pairwise(cuts):
        piece = html.escape(text[left:right]).replace("\n", "<br>\n")
        for span in valid:
            if span.start <= left and right <= span.end:
                piece = (
                    f'<mark class="{html.escape(span.css_class)}" '
                    f'title="{html.escape(span.title)}">{piece}</mark>'
                )
        parts.append(piece)
    return "".join(parts)
