"""Quotes of an article with their speakers: the quote half of the engine.

For each quoted span: read its own sentence for an attribution; resolve the mention to a person
of the article (name, role, pronoun); when the sentence names nobody, take the speaker of the
quote this one continues, of an earlier quote in the paragraph, of a later attributed quote in
the paragraph, or the person the preceding sentences are about.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claims.extraction.attribution import (
    ACCORDING,
    AFTER,
    BEFORE,
    COLON,
    Attribution,
    SentenceTokens,
    attribution_find,
    attribution_following,
)
from claims.extraction.candidates import KnownSpeaker, QuoteCandidate
from claims.extraction.mentions import GROUP, NAME, PRONOUN, ROLE, SpeakerMention, is_adverb
from claims.extraction.people import Person, PersonRegistry
from claims.extraction.quote_judge import QuoteJudgment, heading_is, quote_judge, transcript_line
from claims.extraction.quote_scan import QuoteSpan, quote_marks_compile, quote_spans_find
from claims.extraction.sentences import Paragraph, paragraph_at, sentences_split
from claims.extraction.speech_cues import SpeechCues, phrase_length, speech_cues_compile
from claims.extraction.tokens import QUOTE, Token, tokens_split

# The quotes of a headline looked at for one running on into the next paragraph.
_HEADING_SPANS = 8
# How far back (in characters) the preceding sentences are searched for the person they are about.
_SALIENCE_REACH = 1500
# How many words a sentence's opening phrase ("In a statement issued Tuesday,") may hold.
_OPENING_WORDS = 8
_POSSESSIVES = ("’s", "'s", "’ ", "' ")
_SENTENCE_ENDS = (". ", "? ", "! ", "\n", ".\u00a0")
# Marks that end a sentence inside a quote ("“How many times?” Clinton said.").
_SENTENCE_PUNCT = frozenset(".?!…")
# How much of the next sentence is read for the attribution of a quote ending the one before.
_FOLLOWING_CHARS = 200

_RULE_CONFIDENCE = {AFTER: 0.97, COLON: 0.9, BEFORE: 0.9, ACCORDING: 0.9}
_MENTION_CONFIDENCE = {NAME: 1.0, ROLE: 0.85, PRONOUN: 0.85}
_FALLBACK_CONFIDENCE = 0.7
# A group or an unnamed role as the speaker: confident that no one the article names spoke.
_UNNAMED_CONFIDENCE = 0.8


@dataclass(slots=True)
class _Reading:
    """One quoted span while the engine works on it."""

    span: QuoteSpan
    paragraph: Paragraph
    sentence_start: int
    attribution: Attribution | None
    judgment: QuoteJudgment | None = None
    person: Person | None = None
    mention_text: str | None = None
    speaker_confidence: float = 0.0
    group: bool = False  # attributed to a group: no speaker, and no fallback either
    # The nearest earlier reading of the paragraph with a speaker or a group, once read.
    decided_before: _Reading | None = None
    # The nearest later reading of the paragraph whose sentence names a speaker.
    named_after: _Reading | None = None


def quotes_attribute(
    text: str, code: str, known_speakers: Sequence[KnownSpeaker] = ()
) -> list[QuoteCandidate]:
    """The quotes of `text` read with the pack for `code`."""
    spans = [span for span in quote_spans_find(text, quote_marks_compile(code)) if span.depth == 0]
    if not spans:
        return []
    cues = speech_cues_compile(code)
    # Only the article's first line can be its headline, and the first paragraph with a quote
    # is the only one that may be that line.
    first = paragraph_at(text, spans[0].open_at)
    # A quote running on into the next paragraph makes its first line no headline.
    heading = heading_is(text, first.start, first.end) and not any(
        span.continues for span in spans[:_HEADING_SPANS] if span.open_at < first.end
    )
    kept = []
    transcript = False  # the last quote read was a transcript's line, which may run on
    for reading in _readings(text, spans, cues):  # judged as read: only the kept ones stay
        # '"WALLACE: Let's start ...': a transcript quoted whole, line by line, is a document
        # the article reproduces, not speech it reports; its lines run on in the paragraphs
        # that continue them.
        transcript = transcript_line(text, reading.span) or (transcript and reading.span.continued)
        if transcript:
            continue
        _judge(text, reading, cues, heading and reading.paragraph.start == first.start)
        if reading.judgment is not None and reading.judgment.keep:
            kept.append(reading)
    if not kept:
        return []  # titles and scare quotes only: no speaker to find, no people to learn
    registry = PersonRegistry(text, cues, spans, known_speakers)
    for later, reading in zip(reversed(kept[1:]), reversed(kept[:-1]), strict=True):
        if later.paragraph.start == reading.paragraph.start:
            named = later.attribution is not None and later.attribution.mention is not None
            reading.named_after = later if named else later.named_after
    for index, reading in enumerate(kept):
        previous = kept[index - 1] if index else None
        if previous is not None and previous.paragraph.start == reading.paragraph.start:
            decided = previous.person is not None or previous.group
            reading.decided_before = previous if decided else previous.decided_before
        _speaker_find(text, kept, index, registry)
    return [_candidate(text, reading) for reading in kept]


def _readings(text: str, spans: Sequence[QuoteSpan], cues: SpeechCues) -> Iterator[_Reading]:
    """Each span with its paragraph, its sentence and the attribution written in that sentence.

    `spans` are the quotes of depth 0: disjoint and in text order, so the quotes a sentence
    holds are found by bisection, and each sentence is tokenised once for all its quotes.
    """
    index = 0
    while index < len(spans):
        paragraph = paragraph_at(text, spans[index].open_at)
        stop = index
        while stop < len(spans) and spans[stop].open_at < paragraph.end:
            stop += 1
        group = spans[index:stop]
        opens = [span.open_at for span in group]
        ends = [span.outer_end for span in group]
        sentences = sentences_split(text, paragraph, group, cues.abbreviations)
        sentence_starts = [start for start, _ in sentences]
        # Quotes come in text order, so their sentences too: only the current one is kept.
        read: tuple[tuple[int, int], SentenceTokens, dict[int, int]] | None = None
        for number, span in enumerate(group, start=index):
            at = bisect.bisect_right(sentence_starts, span.open_at) - 1
            sentence_start, sentence_end = sentences[max(at, 0)]
            sentence_end = max(sentence_end, min(span.outer_end, paragraph.end))
            bounds = (sentence_start, sentence_end)
            if read is None or read[0] != bounds:
                first = bisect.bisect_right(ends, sentence_start)
                last = bisect.bisect_left(opens, sentence_end)
                inside = [(index + i, group[i]) for i in range(first, last)]
                tokens = tokens_split(text, sentence_start, sentence_end, inside)
                quote_tokens = {
                    token.quote: i for i, token in enumerate(tokens) if token.kind == QUOTE
                }
                read = (bounds, SentenceTokens(tokens), quote_tokens)
            _, sentence, quote_tokens = read
            quote_token = quote_tokens.get(number, -1)
            attribution = (
                attribution_find(text, sentence, quote_token, cues) if quote_token >= 0 else None
            )
            if (
                (attribution is None or attribution.mention is None)
                and quote_token == 0
                and len(sentence.tokens) == 1
                and at + 1 < len(sentences)
                and text[span.end - 1] in _SENTENCE_PUNCT
            ):
                following = _attribution_following(
                    text, sentence.tokens[quote_token], sentences[at + 1], group, index, cues
                )
                attribution = following or attribution
            yield _Reading(span, paragraph, sentence_start, attribution)
        index = max(stop, index + 1)


def _attribution_following(
    text: str,
    quote: Token,
    next_sentence: tuple[int, int],
    group: Sequence[QuoteSpan],
    index: int,
    cues: SpeechCues,
) -> Attribution | None:
    """The attribution opening the sentence after a quote that ended its own sentence: the
    splitter ends a sentence at "?”" before "Clinton said", as it must before "He left"."""
    start, end = next_sentence
    if end - start > _FOLLOWING_CHARS:
        end = text.rfind(" ", start, start + _FOLLOWING_CHARS)
        if end <= start:
            return None
    inside = [
        (index + number, span)
        for number, span in enumerate(group)
        if span.open_at < end and span.outer_end > start
    ]
    return attribution_following(text, quote, tokens_split(text, start, end, inside), cues)


def _judge(text: str, reading: _Reading, cues: SpeechCues, in_heading: bool) -> None:
    reading.judgment = quote_judge(
        text,
        reading.span,
        reading.attribution,
        cues,
        sentence_start=reading.sentence_start,
        in_heading=in_heading,
    )


def _speaker_find(
    text: str, readings: Sequence[_Reading], index: int, registry: PersonRegistry
) -> None:
    reading = readings[index]
    attribution = reading.attribution
    position = reading.span.open_at
    if attribution is not None and attribution.mention is not None:
        mention = attribution.mention
        if mention.kind == GROUP or _unnamed_role(mention, position, registry):
            _speaker_unnamed(reading)
            return
        person = _mention_resolve(text, mention, position, readings, index, registry)
        if person is None and mention.kind == ROLE:
            _speaker_unnamed(reading)  # a role no one the article names is known to hold
            return
        if person is not None and _is_owner(mention, person):
            _speaker_unnamed(reading)  # someone else, whom the sentence does not name
            return
        if person is not None:
            _speaker_set(
                reading,
                person,
                mention.text,
                _RULE_CONFIDENCE[attribution.rule] * _MENTION_CONFIDENCE[mention.kind],
            )
            return
    if attribution is not None and attribution.mention is None and attribution.rule != BEFORE:
        return
    person = _context_speaker(text, readings, index, registry)
    if person is not None:
        _speaker_set(reading, person, None, _FALLBACK_CONFIDENCE)


def _unnamed_role(mention: SpeakerMention, position: int, registry: PersonRegistry) -> bool:
    """A role of someone the article does not name ("the ad’s narrator", "his wife"): no speaker,
    rather than the person the text was about."""
    if mention.kind != ROLE or not mention.role:
        return False
    head = mention.role.rsplit(" ", 1)[-1]
    return (
        head in registry.cues.unnamed_roles
        and registry.role_resolve(mention.role, position) is None
    )


def _is_owner(mention: SpeakerMention, person: Person) -> bool:
    """The person a role belongs to ("Scott" of "Scott’s spokesman"), who is not its holder."""
    return bool(mention.owner) and any(
        word.lower().rstrip(".") in person.key_words for word in mention.owner.split()
    )


def _speaker_unnamed(reading: _Reading) -> None:
    """A speaker the sentence points at but the article does not name: no speaker, and no
    fallback on the people around either."""
    reading.group = True
    reading.mention_text = None
    reading.speaker_confidence = _UNNAMED_CONFIDENCE


def _speaker_set(reading: _Reading, person: Person, mention: str | None, confidence: float) -> None:
    reading.person = person
    reading.mention_text = mention
    reading.speaker_confidence = confidence
    person.spoke = True


def _mention_resolve(
    text: str,
    mention: SpeakerMention,
    position: int,
    readings: Sequence[_Reading],
    index: int,
    registry: PersonRegistry,
) -> Person | None:
    if mention.kind == NAME:
        if mention.role and len(mention.name) == 1:
            by_role = registry.role_resolve(f"{mention.role} {mention.name[0]}", position)
            if by_role is not None:
                return by_role
        person = registry.name_resolve(mention.name, position)
        if mention.role:
            person.role_add(mention.role)
        return person
    if mention.kind == ROLE:
        by_role = registry.role_resolve(mention.role, position)
        if by_role is not None:
            return by_role
        # "“It is over,” the minister said." after a paragraph naming someone with no role:
        # a role refers back only to someone introduced with one, or already quoted.
        floor = _context_speaker(text, readings, index, registry)
        return floor if floor is not None and (floor.spoke or floor.titled) else None
    return _context_speaker(text, readings, index, registry)


def _context_speaker(
    text: str, readings: Sequence[_Reading], index: int, registry: PersonRegistry
) -> Person | None:
    """The speaker the surrounding text implies for a quote whose sentence names nobody."""
    reading = readings[index]
    previous = readings[index - 1] if index > 0 else None
    if reading.span.continued and previous is not None and previous.person is not None:
        return previous.person
    decided = reading.decided_before
    if decided is not None:
        return decided.person  # None after a group: its members are not named
    later = reading.named_after
    if (
        later is not None
        and later.attribution is not None
        and later.attribution.mention is not None
    ):
        mention = later.attribution.mention
        if mention.kind == NAME:
            return registry.name_resolve(mention.name, later.span.open_at)
    return _salient_person(text, readings, index, registry)


def _salient_person(
    text: str, readings: Sequence[_Reading], index: int, registry: PersonRegistry
) -> Person | None:
    """The person the text before the quote is about.

    The speaker of the last quote holds the floor until a later sentence makes someone else its
    subject (named at its start or before a speech verb); without an earlier quote, the first
    person named in the nearest sentence that names one.
    """
    position = readings[index].span.open_at
    low = max(0, position - _SALIENCE_REACH)
    previous = None
    earlier = index - 1
    while earlier >= 0 and readings[earlier].span.open_at >= low:  # text order: stop at `low`
        if readings[earlier].person is not None:
            previous = readings[earlier]
            break
        earlier -= 1
    since = previous.span.outer_end if previous is not None else low
    mentions = [
        mention
        for mention in registry.mentions_between(since, position)
        if registry.credible(mention.person)
    ]
    if previous is not None:
        for mention in reversed(mentions):
            if _takes_floor(text, mention.start, mention.end, mention.person, registry.cues):
                return mention.person
        return previous.person
    if not mentions:
        return None
    last = mentions[-1]
    sentence_start = max(text.rfind(end, low, last.start) for end in _SENTENCE_ENDS)
    named = [m.person for m in mentions if m.start >= sentence_start]
    return next((person for person in named if _introduced(person)), named[0])


def _introduced(person: Person) -> bool:
    """Introduced as a person: with a title or a role, as a speaker, or by the editors."""
    return person.titled or person.spoke or person.known


def _takes_floor(text: str, start: int, end: int, person: Person, cues: SpeechCues) -> bool:
    """A name that makes its sentence about someone new: at the sentence's start, or right
    before a speech verb; not as an owner."""
    if text.startswith(_POSSESSIVES, end):
        return False
    return _sentence_opening(text, start, cues) or _speech_verb_after(text, end, cues)


def _sentence_opening(text: str, start: int, cues: SpeechCues) -> bool:
    """Named at the start of its sentence ("Selain itu, Galih ..."), past a short opening
    phrase; not after a preposition ("Sesuai dengan Undang-Undang") or a verb ("she called
    Wells Fargo’s behavior")."""
    sentence_start = max(text.rfind(mark, max(0, start - 300), start) for mark in _SENTENCE_ENDS)
    lead = text[sentence_start + 1 : start].split() if sentence_start >= 0 else []
    if len(lead) <= 4 and (
        not lead
        or lead[-1].endswith(",")
        or (lead[-1].lower() not in cues.stopwords and lead[-1].lower() not in cues.verbs)
    ):
        return True
    # "In a statement issued Tuesday, presidential nominee Hillary Clinton was": the sentence
    # goes on from a short opening phrase with the name and its role.
    comma = next((i for i, word in enumerate(lead) if word.endswith(",")), -1)
    role = lead[comma + 1 :]
    return (
        0 <= comma < _OPENING_WORDS and 0 < len(role) <= 3 and role[-1].lower() in cues.role_nouns
    )


def _speech_verb_after(text: str, end: int, cues: SpeechCues) -> bool:
    """A speech verb right after a name ending at `end` ("Harris Turino, menyoroti")."""
    tokens = tokens_split(text, end, min(len(text), end + 60))
    index = 0
    while index < len(tokens) and (tokens[index].text == "," or is_adverb(tokens[index], cues)):
        index += 1
    return index < len(tokens) and phrase_length(tokens, index, cues.verbs) > 0


def _candidate(text: str, reading: _Reading) -> QuoteCandidate:
    span = reading.span
    judgment = reading.judgment
    assert judgment is not None
    speaker = reading.person.full_name if reading.person is not None else None
    confidence = judgment.confidence
    if speaker is not None:
        confidence *= 0.5 + 0.5 * reading.speaker_confidence
    elif not reading.group:
        confidence *= 0.6
    return QuoteCandidate(
        text=text[span.start : span.end],
        start=span.start,
        end=span.end,
        speaker=speaker,
        speaker_mention=reading.mention_text,
        kind=judgment.kind,
        confidence=round(confidence, 3),
    )
