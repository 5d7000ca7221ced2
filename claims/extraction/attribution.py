"""Find who a quote is attributed to within its own sentence.

The rules, tried in order (each a common newsroom pattern):
1. after the quote: `"...," said X`, `"...," X said`, `"...," kata X`, `"...," ucapnya`;
2. "according to X" anywhere in the sentence;
3. before the quote: the nearest speech verb to the left and its subject, `X menegaskan bahwa
   "..."`, `Menurut X, "..."`;
4. a colon: `X: "..."`.
The result says which rule fired; a sentence without any gives None, and the engine then looks
at earlier sentences.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from claims.extraction.mentions import (
    GROUP,
    NAME,
    PRONOUN,
    SpeakerMention,
    is_adverb,
    mention_after,
    mention_after_description,
    mention_before,
    sentence_subject,
)
from claims.extraction.speech_cues import PhraseTable, SpeechCues, phrase_length
from claims.extraction.tokens import PUNCT, QUOTE, WORD, Token

_AFTER_PUNCT = frozenset(",—–-―")
# What ends a quote that the speaker's name follows: '"...," Smith said', '"...?" Smith asked'.
_CLAUSE_END = frozenset(",?!…—–-―")
_INNER_CLOSERS = " ’'\"”»›"
# How many tokens an apposition after a name may span.
_APPOSITION_REACH = 30
_APPOSITIONS = 3
# How far after a closing quote the subject-first pattern ("...," the senator from Texas said)
# looks for its verb.
_AFTER_REACH = 10

# Tokens enough to hold a sentence's opening phrase and subject (at most 8 tokens to a comma,
# then a name of at most RUN_WORDS_MAX tokens and a few after it).
_SUBJECT_TOKENS = 128

AFTER = "after"
ACCORDING = "according"
BEFORE = "before"
COLON = "colon"


@dataclass(frozen=True, slots=True)
class Attribution:
    rule: str  # AFTER, ACCORDING, BEFORE or COLON
    mention: SpeakerMention | None  # None: a speech cue without a readable speaker
    verb: str  # the cue as written


class SentenceTokens:
    """The tokens of one sentence, read for every quote it holds.

    What does not depend on the quote is found once and kept: the "according to" attribution,
    where the speech verbs stand, and the speaker read next to each verb. A sentence may hold
    thousands of quotes, and none of them reads the whole sentence again.
    """

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self._according: Attribution | None = None
        self._according_read = False
        self._verbs: list[int] | None = None
        self._before: dict[tuple[str, int], SpeakerMention | None] = {}

    def according(self, text: str, cues: SpeechCues) -> Attribution | None:
        if not self._according_read:
            self._according = _according(text, self.tokens, cues)
            self._according_read = True
        return self._according

    def verbs(self, cues: SpeechCues) -> list[int]:
        """Indexes of the tokens that start a speech verb or are one with a pronoun suffix."""
        if self._verbs is None:
            self._verbs = _verbs_find(self.tokens, cues)
        return self._verbs

    def mention_near_verb(
        self, text: str, how: str, index: int, cues: SpeechCues
    ) -> SpeakerMention | None:
        """The speaker written before the verb at `index` ("before"), after it ("after", from
        `index`), or as the subject at the sentence's start ("subject", before `index`)."""
        key = (how, index)
        if key not in self._before:
            tokens = self.tokens
            if how == "before":
                found = mention_before(text, tokens, index, cues)
            elif how == "after":
                found = mention_after(text, tokens, index, cues)
            else:
                # "Dean, ..., tweeting": the subject is read in the first few dozen tokens, so
                # a longer slice would only cost time.
                found = sentence_subject(text, tokens, cues, min(index, _SUBJECT_TOKENS))
            self._before[key] = found
        return self._before[key]


def attribution_find(
    text: str, sentence: SentenceTokens, quote: int, cues: SpeechCues
) -> Attribution | None:
    """The attribution of the quote token `sentence.tokens[quote]` within its sentence."""
    found = _after(text, sentence.tokens, quote, cues)
    if found is not None:
        return found
    found = sentence.according(text, cues)
    if found is not None:
        return found
    found = _before(text, sentence, quote, cues)
    if found is not None:
        return found
    return _colon(text, sentence.tokens, quote, cues)


def attribution_following(
    text: str, quote: Token, following: list[Token], cues: SpeechCues
) -> Attribution | None:
    """The attribution written right after a quote whose own sentence ended inside its marks
    ("“How many times?” Clinton said."): the after-quote rule over the words that follow."""
    found = _after(text, [quote, *following], 0, cues)
    return found if found is not None and found.mention is not None else None


def _clitic(token: Token, table: PhraseTable, cues: SpeechCues) -> bool:
    """ "ucapnya", "katanya", "menurutnya": a cue word with a pronoun suffix."""
    lower = token.lower
    if token.kind != WORD or not lower.endswith(cues.pronoun_suffixes):
        return False  # most words: one test in C, no loop
    for suffix in cues.pronoun_suffixes:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            if (stem,) in table.get(stem, ()):
                return True
    return False


def _pronoun_suffixed(token: Token, cues: SpeechCues) -> bool:
    lower = token.lower
    return any(
        lower.endswith(suffix) and len(lower) > len(suffix) for suffix in cues.pronoun_suffixes
    )


def _pronoun(token: Token) -> SpeakerMention:
    return SpeakerMention(PRONOUN, token.text, token.start, token.end)


def _after(text: str, tokens: list[Token], quote: int, cues: SpeechCues) -> Attribution | None:
    index = quote + 1
    dashed = False
    while (
        index < len(tokens) and tokens[index].kind == PUNCT and tokens[index].text in _AFTER_PUNCT
    ):
        dashed = dashed or tokens[index].text != ","
        index += 1
    if index >= len(tokens) or tokens[index].kind != WORD:
        return None
    token = tokens[index]
    length = phrase_length(tokens, index, cues.verbs_after_quote) or phrase_length(
        tokens, index, cues.verbs
    )
    if length:
        mention = _subject_after_verb(text, tokens, index + length, cues)
        if mention is not None:
            return Attribution(AFTER, mention, token.text)
        for inner in tokens[index : index + length]:
            # "a-t-il déclaré", "sagte sie": the subject inside the verb phrase
            if _pronoun_suffixed(inner, cues) or inner.lower in cues.pronouns:
                return Attribution(AFTER, _pronoun(inner), token.text)
    if _clitic(token, cues.verbs_after_quote, cues) or _clitic(token, cues.verbs, cues):
        return Attribution(AFTER, _pronoun(token), token.text)
    # A speaker written before its verb after the quote ends a clause there ('"...," Smith
    # said'), or stands after a comma at the sentence's end ('a cashier who "steals" is held
    # accountable, Warren said'). Running text goes on after a quoted phrase: 'describing as
    # "unhinged" a Donald Trump tweet'.
    clause_end = index > quote + 1 or _ends_clause(tokens[quote].text)
    mention = mention_after(text, tokens, index, cues) if clause_end else None
    if mention is not None:
        # "...," Rep. Gwen Moore (D-Wis.) said; "...," Scott Pruitt, the attorney general of
        # Oklahoma, said; "..." ― Esther Tapia
        following = _skip_apposition(tokens, _index_after(tokens, mention.end, index), cues)
        if following < len(tokens) and phrase_length(tokens, following, cues.verbs):
            return Attribution(AFTER, mention, tokens[following].text)
        if dashed and (following >= len(tokens) or tokens[following].text in ".!"):
            return Attribution(AFTER, mention, "―")
    # A clause opener after the quote starts a clause of its own: '"That makes me smart," when
    # Clinton blasted him' is no '"...," the senator from Texas said'.
    reach = 0 if token.lower in cues.not_names else _AFTER_REACH
    for verb in range(index, min(len(tokens), index + reach)):
        candidate = tokens[verb]
        if candidate.kind == QUOTE or candidate.text in ";!?":
            break
        length = phrase_length(tokens, verb, cues.verbs)
        if length and verb > index:
            found = mention_before(text, tokens, verb, cues)
            if (
                found is not None
                and found.start >= token.start
                and (clause_end or _after_comma(tokens, found.start, index))
            ):
                return Attribution(AFTER, found, candidate.text)
            break
    return None


def _subject_after_verb(
    text: str, tokens: list[Token], index: int, cues: SpeechCues
) -> SpeakerMention | None:
    """The speaker written after a speech verb from `tokens[index]`, past adverbs between them
    ("kritisierte dagegen Martin Schirdewan", "advirtió por su parte José Moreno")."""
    while index < len(tokens) and is_adverb(tokens[index], cues):
        index += 1
    return mention_after(text, tokens, index, cues) or mention_after_description(
        text, tokens, index, cues
    )


def _ends_clause(quoted: str) -> bool:
    """The quote (marks included) ends with a clause mark inside its closing marks: '"...,"'."""
    end = len(quoted) - 1  # the closing mark; the quote may be long, so no slice is copied
    while end > 0 and quoted[end - 1] in _INNER_CLOSERS:
        end -= 1
    return end > 0 and quoted[end - 1] in _CLAUSE_END


def _after_comma(tokens: list[Token], position: int, index: int) -> bool:
    """The token before the one starting at `position` (searched from `tokens[index]`) is a
    comma."""
    at = _index_after(tokens, position, index)
    return at > 0 and tokens[at - 1].text == ","


def _index_after(tokens: list[Token], position: int, index: int) -> int:
    """Index of the first token from `tokens[index]` on that starts at `position` or later."""
    while index < len(tokens) and tokens[index].start < position:
        index += 1
    return index


def _skip_apposition(tokens: list[Token], index: int, cues: SpeechCues) -> int:
    """Past a parenthesis, an apposition between commas and adverbs, to where a verb may be."""
    if index < len(tokens) and tokens[index].text == "(":
        close = next(
            (i for i in range(index, min(len(tokens), index + 8)) if tokens[i].text == ")"), -1
        )
        if close > 0:
            index = close + 1
    # The comma closing one apposition may open the next: "Scott Pruitt, the attorney general
    # of Oklahoma, one of the states suing the EPA, said".
    skipped = 0
    while skipped < _APPOSITIONS and index < len(tokens) and tokens[index].text == ",":
        if index + 1 < len(tokens) and phrase_length(tokens, index + 1, cues.verbs):
            break  # the verb follows this comma: no apposition left
        close = next(
            (
                i
                for i in range(index + 1, min(len(tokens), index + _APPOSITION_REACH))
                if tokens[i].text == "," or tokens[i].kind == QUOTE
            ),
            -1,
        )
        if close < 0 or tokens[close].text != ",":
            break
        index = close
        skipped += 1
    if skipped:
        index += 1
    # "told" and "has" are in the adverb list for the words between a name and its verb; a
    # speech verb here ends the skip.
    while (
        index < len(tokens)
        and is_adverb(tokens[index], cues)
        and not phrase_length(tokens, index, cues.verbs)
    ):
        index += 1
    return index


def _according(text: str, tokens: list[Token], cues: SpeechCues) -> Attribution | None:
    table = cues.according_to
    clitics = bool(cues.pronoun_suffixes)
    suffixes = cues.pronoun_suffixes  # tested here first: a call per word costs more
    for index, token in enumerate(tokens):
        if token.kind != WORD:
            continue
        # The table lookup before the call: most words start no "according to".
        length = phrase_length(tokens, index, table) if token.lower.rstrip(".") in table else 0
        if length:
            mention = mention_after(text, tokens, index + length, cues)
            if mention is not None:
                return Attribution(ACCORDING, mention, token.text)
        elif clitics and token.lower.endswith(suffixes) and _clitic(token, table, cues):
            return Attribution(ACCORDING, _pronoun(token), token.text)
    return None


def _verbs_find(tokens: list[Token], cues: SpeechCues) -> list[int]:
    verbs = cues.verbs
    clitics = bool(cues.pronoun_suffixes)
    suffixes = cues.pronoun_suffixes  # tested here first: a call per word costs more
    found = []
    for index, token in enumerate(tokens):
        if token.kind != WORD:
            continue
        # The table lookup first: most words are no verb, and a call costs more than a lookup.
        verb = token.lower.rstrip(".") in verbs and phrase_length(tokens, index, verbs) > 0
        if verb or (clitics and token.lower.endswith(suffixes) and _clitic(token, verbs, cues)):
            # A capital inside a sentence makes a name, not a verb: "the United States would".
            if index and token.text[0].isupper() and tokens[index - 1].kind == WORD:
                continue
            found.append(index)
    return found


def _before(
    text: str, sentence: SentenceTokens, quote: int, cues: SpeechCues
) -> Attribution | None:
    """The nearest speech verb before the quote, with its speaker."""
    verbs = sentence.verbs(cues)
    at = bisect.bisect_left(verbs, quote) - 1
    if at < 0:
        return None
    index = verbs[at]
    tokens = sentence.tokens
    token = tokens[index]
    length = phrase_length(tokens, index, cues.verbs)
    if not length:
        return Attribution(BEFORE, _pronoun(token), token.text)  # "ucapnya"
    mention = None
    if (
        index
        and tokens[index - 1].text == ","
        and cues.participle_suffixes
        and token.lower.endswith(cues.participle_suffixes)
    ):
        # "Dean, a former chairman, poked at Trump's sniffing, tweeting, “...”": a participle
        # after a comma tells what the sentence's subject did, not the word before the comma.
        subject = sentence.mention_near_verb(text, "subject", index, cues)
        if subject is not None and subject.kind != GROUP:
            mention = subject
    if mention is None:
        mention = sentence.mention_near_verb(text, "before", index, cues)
    if mention is None and index + length < quote:
        mention = sentence.mention_near_verb(text, "after", index + length, cues)
    if mention is None:
        mention = sentence.mention_near_verb(text, "subject", index, cues)
    return Attribution(BEFORE, mention, token.text)


def _colon(text: str, tokens: list[Token], quote: int, cues: SpeechCues) -> Attribution | None:
    if quote < 2 or tokens[quote - 1].text != ":":
        return None
    mention = mention_before(text, tokens, quote - 1, cues)
    if mention is None:
        # "Ruiz had one word for the plan: "Disaster."": the sentence's subject speaks.
        mention = sentence_subject(text, tokens, cues, min(quote - 1, _SUBJECT_TOKENS))
        if mention is None or mention.kind not in (NAME, PRONOUN):
            return None
    return Attribution(COLON, mention, ":")
