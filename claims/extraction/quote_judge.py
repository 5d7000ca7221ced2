"""Judge a quoted span: speech, or a title, a scare quote, a slogan or markup?

The judgment uses only what is cheap and general: the words inside the marks, what precedes the
opening mark, where the span stands (a headline) and whether a speech cue attributes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.attribution import AFTER, BEFORE, COLON, Attribution
from claims.extraction.mentions import GROUP
from claims.extraction.quote_scan import QuoteSpan
from claims.extraction.speech_cues import SpeechCues

DIRECT = "direct"
PARTIAL = "partial"

# Quotes this short are scare quotes or names unless a speech cue attributes them.
_SHORT_WORDS = 4
_SENTENCE_ENDS = frozenset(".!?…")
# What ends a quoted clause that a speech verb continues: '"Never," said', '"Why?" asked'.
_CLAUSE_MARKS = frozenset(",?!")
# A title ("One Hundred Years of Solitude") is rarely longer than this.
_TITLE_WORDS = 10
# How far before a quote the word that introduces a title is looked for.
_NAMING_CHARS = 24
# How far a cue's speaker may end before the quote it stands right before ("Ruiz said, ").
_CUE_GAP_CHARS = 24
# A heading is a first line without sentence punctuation at its end, or this short.
_HEADING_WORDS = 25


@dataclass(frozen=True, slots=True)
class QuoteJudgment:
    keep: bool
    kind: str  # DIRECT or PARTIAL
    confidence: float  # how sure the span is reported speech, before attribution


def quote_judge(
    text: str,
    span: QuoteSpan,
    attribution: Attribution | None,
    cues: SpeechCues,
    *,
    sentence_start: int,
    in_heading: bool,
) -> QuoteJudgment:
    content = text[span.start : span.end]
    words = content.split()
    before = text[span.open_at - 1] if span.open_at > 0 else ""
    kind = _kind(text, span, content, sentence_start)
    if before == "=" or "<" in text[max(0, span.open_at - 40) : span.open_at].rsplit(">", 1)[-1]:
        return QuoteJudgment(False, kind, 0.0)  # an attribute value of markup left in the text
    named_cue = (
        attribution is not None
        and attribution.mention is not None
        and attribution.mention.kind != GROUP
        and (
            attribution.rule in (AFTER, COLON)
            # 'Ruiz said, "Never."': the cue and its speaker stand right before the quote.
            or (attribution.rule == BEFORE and _cue_right_before(text, span, attribution))
        )
    )
    # 'on CBS's "Face the Nation," Ryan said': a title however a cue follows it.
    titled = len(words) <= _TITLE_WORDS and _title_like(words, cues)
    if titled and (not named_cue or _named_thing(text, span, cues)):
        return QuoteJudgment(False, kind, 0.0)
    if in_heading and not named_cue:
        return QuoteJudgment(False, kind, 0.0)
    # A capitalised quote ending in a full stop, a question or an exclamation that is a
    # sentence of its own ('"I absolutely do."', 'message: "It's about me."') is speech however
    # short; a scare quote stands inside a sentence of the writer's.
    sentence_like = content[:1].isupper() and (
        len(words) > _SHORT_WORDS
        or (
            span.closed
            and (
                span.open_at == sentence_start
                or text[max(0, span.open_at - 3) : span.open_at].rstrip().endswith(":")
            )
            and _ends_its_sentence(text, span, content)
        )
    )
    unattributed = (
        attribution is None
        or attribution.mention is None
        or (
            attribution.mention.kind == GROUP
            and attribution.rule == BEFORE
            and not _verb_right_before(text, span, attribution.verb)
        )
    )
    if (
        len(words) <= _SHORT_WORDS
        and unattributed
        and not sentence_like
        and not _speech_verb_follows(text, span, content, cues)
    ):
        # 'a charlatan for promoting "quack" medicine': a verb alone does not make it speech.
        return QuoteJudgment(False, kind, 0.0)
    confidence = 0.95
    if not span.closed:
        confidence = 0.8 if span.continues else 0.45
    if len(words) <= _SHORT_WORDS:
        confidence *= 0.75
    if kind == PARTIAL:
        confidence *= 0.95
    return QuoteJudgment(True, kind, confidence)


def _cue_right_before(text: str, span: QuoteSpan, attribution: Attribution) -> bool:
    """The speaker and the verb of a cue end right before the quote, with a comma or a colon
    ('Ruiz said, "Never."', 'Ruiz said: "No."'); not 'Ruiz read the book "Never"'."""
    mention = attribution.mention
    if mention is None or span.open_at - mention.end > _CUE_GAP_CHARS:
        return False
    lead = text[mention.end : span.open_at].rstrip()
    if not lead.endswith((",", ":")):
        return False
    words = lead[:-1].split()
    return len(words) <= 2 and (not words or attribution.verb in words)


def _verb_right_before(text: str, span: QuoteSpan, verb: str) -> bool:
    """The cue's verb is one of the two words before the quote ('chanted "What curfew?"'),
    not words away from it ('called a fraud for promoting "miracle" cures')."""
    words = text[max(0, span.open_at - _NAMING_CHARS) : span.open_at].split()[-2:]
    return any(word.strip(",:") == verb for word in words)


def _named_thing(text: str, span: QuoteSpan, cues: SpeechCues) -> bool:
    """The quote names a thing: it follows a possessive ("CBS's") or a word that introduces a
    title or a name ("titled", "the book", "dubbed")."""
    before = text[max(0, span.open_at - _NAMING_CHARS) : span.open_at].split()
    if not before:
        return False
    word = before[-1].lower()
    return word.endswith(("'s", "’s")) or word.strip(",:") in cues.title_openers


def _speech_verb_follows(text: str, span: QuoteSpan, content: str, cues: SpeechCues) -> bool:
    """The quote ends its clause and a speech verb comes right after it, whoever speaks:
    '"It was terrifying," said one resident', '« C'est terrible », a dit un habitant'."""
    after = span.outer_end
    if text[after : after + 1] == ",":
        after += 1
    elif content[-1:] not in _CLAUSE_MARKS:
        return False
    following = text[after : after + _CUE_GAP_CHARS].split(maxsplit=1)
    if not following:
        return False
    word = following[0].strip(".,;:").lower()
    return word in cues.verbs_after_quote or word in cues.verbs


def _ends_its_sentence(text: str, span: QuoteSpan, content: str) -> bool:
    """The quote ends its sentence, with the full stop inside the marks ('"Never."') or right
    after them, as Spanish, Italian and French write it ('«Debemos reducir la deuda».')."""
    if content[-1:] in _SENTENCE_ENDS:
        return _sentence_ends_after(text, span.outer_end)
    after = span.outer_end
    return text[after : after + 1] in _SENTENCE_ENDS and _sentence_ends_after(text, after + 1)


def _sentence_ends_after(text: str, position: int) -> bool:
    """Nothing but a new sentence, a line end or the text's end follows `position`."""
    following = text[position : position + 3].lstrip(" \t\u00a0")
    return not following or following[0] == "\n" or following[0].isupper()


def _kind(text: str, span: QuoteSpan, content: str, sentence_start: int) -> str:
    if not content[:1].isupper():
        return PARTIAL
    lead = text[sentence_start : span.open_at].rstrip()
    if not lead or lead.endswith((":", ",", "—", "–")):
        return DIRECT
    return PARTIAL


def _title_like(words: list[str], cues: SpeechCues) -> bool:
    """Most words capitalised, the rest short function words: a title, a show, a slogan."""
    capitalized = 0
    for word in words:
        bare = word.strip("\"'“”‘’«».,:;!?()")
        if not bare:
            continue
        if bare[0].isupper() or bare[0].isdigit():
            capitalized += 1
        elif bare.lower() not in cues.stopwords and len(bare) > 3:
            return False
    return capitalized >= max(1, (len(words) + 1) // 2) and (len(words) > 1 or capitalized == 1)


# A speaker's label opening a transcript's line: "WALLACE:", "Q:", "MR. SMITH:".
_TRANSCRIPT_LABEL = re.compile(r"[A-Z][A-Z.'’\- ]{0,30}:\s")


def transcript_line(text: str, span: QuoteSpan) -> bool:
    """The quote opens with a speaker's label in capitals and a colon, as a transcript's line
    does: '"PENCE: Well, look, ...'."""
    return _TRANSCRIPT_LABEL.match(text, span.start, min(span.end, span.start + 34)) is not None


def heading_is(text: str, paragraph_start: int, paragraph_end: int) -> bool:
    """The first line of an article, followed by more text, when it reads as a headline."""
    if text[:paragraph_start].strip() or not text[paragraph_end:].strip():
        return False
    line = text[paragraph_start:paragraph_end].strip()
    return not line.endswith((".", "!", "?", "…")) or len(line.split()) <= _HEADING_WORDS
