"""Render an article's text as HTML with its quotes and claims marked (pure, no Django).

The rendering keeps the text's characters exactly, one for one, so a selection in the
browser counts the same code points as the stored offsets: newlines stay newlines (show the
text with `white-space: pre-wrap`) and a carriage return is written as a character reference,
which the HTML parser would otherwise fold into the newline after it.
"""

from __future__ import annotations

import html
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """A span to mark: `mark_id` is the id of its mark (on its first piece, when the span is
    split around another), `href` where a click on its words leads (its row in a list)."""

    start: int
    end: int
    css_class: str
    title: str = ""
    mark_id: str = ""
    href: str = ""


def text_mark(text: str, spans: Iterable[MarkedSpan]) -> str:
    """HTML of `text` where each span is wrapped in <mark>; overlapping spans nest or split.

    Linear in the text and the spans (times how deeply spans overlap, a few at most): the text
    is cut at every span boundary once, and each piece is wrapped in the spans covering it,
    the longest outermost, so a claim inside a quote is marked inside the quote's mark. A
    piece's words link to the innermost span's `href`.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starting: dict[int, list[MarkedSpan]] = defaultdict(list)
    for span in valid:
        starting[span.start].append(span)
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    active: list[MarkedSpan] = []  # longest first
    started: set[int] = set()  # ids of spans whose first piece is written
    parts = []
    for left, right in itertools.pairwise(cuts):
        if active and any(s.end <= left for s in active):
            active = [s for s in active if s.end > left]
        if left in starting:
            active = sorted([*active, *starting[left]], key=lambda s: s.start - s.end)
        piece = _escape(text[left:right])
        href = next((s.href for s in reversed(active) if s.href), "")
        if href:
            # Not draggable: a selection may start inside a mark (widening its span).
            piece = f'<a href="{html.escape(href)}" draggable="false">{piece}</a>'
        for span in reversed(active):
            piece = f"{_mark_open(span, first=id(span) not in started)}{piece}</mark>"
            started.add(id(span))
        parts.append(piece)
    return "".join(parts)


def _mark_open(span: MarkedSpan, *, first: bool) -> str:
    attributes = [f'class="{html.escape(span.css_class)}"']
    if span.mark_id and first:
        attributes.append(f'id="{html.escape(span.mark_id)}"')
    if span.title:
        attributes.append(f'title="{html.escape(span.title)}"')
    return f"<mark {' '.join(attributes)}>"


def _escape(piece: str) -> str:
    return html.escape(piece).replace("\r", "&#13;")
